import type { AgentThreadItem, Attachment, ChatMessage, Conversation, ConversationSummary, Page, ToolCallResult, TransferRequest } from '../protocol.js';
import { Resource, segment } from './http.js';
import type { AgentMessageInput, ConversationListQuery, MessagePageQuery, RequestOptions, ToolCallInput } from './types.js';

const conversationPath = (id: string) => `/agent/conversations/${segment(id)}`;

/** `/api/v1/agent/conversations`: what the inbox does, for an agent's or a bot's token. */
export class Conversations extends Resource {
  /** Newest activity first, with their visitor and newest message. */
  list(query: ConversationListQuery = {}): Promise<Page<ConversationSummary>> {
    return this.http.call('GET', '/agent/conversations', { query });
  }

  get(id: string): Promise<ConversationSummary> {
    return this.http.call('GET', conversationPath(id));
  }

  close(id: string): Promise<Conversation> {
    return this.http.call('POST', `${conversationPath(id)}/close`);
  }

  reopen(id: string): Promise<Conversation> {
    return this.http.call('POST', `${conversationPath(id)}/reopen`);
  }

  /** Takes an AI agent's conversation over: the AI stops answering it, the visitor is told, the `conversation.handoff` webhook fires. */
  handoff(id: string): Promise<Conversation> {
    return this.http.call('POST', `${conversationPath(id)}/handoff`);
  }

  /** To an agent (or bot) by id; `null` unassigns. */
  assign(id: string, agentId: string | null): Promise<Conversation> {
    return this.http.call('POST', `${conversationPath(id)}/assign`, { body: { agentId } });
  }

  /**
   * To an agent (`{agentId}`: assigned at once, team kept) or to a team of the conversation's
   * channel (`{teamId}`: queued, then routed round-robin before this resolves).
   */
  transfer(id: string, to: TransferRequest, options: RequestOptions = {}): Promise<ConversationSummary> {
    return this.http.call('POST', `${conversationPath(id)}/transfer`, { ...options, body: to });
  }

  /** Read receipt: the team has seen the conversation up to `seq` (the visitor sees "Seen"). */
  async read(id: string, seq: number): Promise<void> {
    await this.http.call('POST', `${conversationPath(id)}/read`, { body: { seq } });
  }

  /** Shows (or hides) "… is typing" to the visitor, under the caller's name. */
  async typing(id: string, typing: boolean): Promise<void> {
    await this.http.call('POST', `${conversationPath(id)}/typing`, { body: { typing } });
  }

  /**
   * Runs a tool the visitor's page registered and waits for its answer (up to `timeoutMs`). A tool
   * that ran and failed answers `ok: false`; no page open is a `ConflictError`.
   */
  toolCall(id: string, call: ToolCallInput, options: RequestOptions = {}): Promise<ToolCallResult> {
    return this.http.call('POST', `${conversationPath(id)}/tool-calls`, { ...options, body: call });
  }

  // ---- desk: canned replies and labels
  /** Replaces the conversation's labels with these names (defined labels, any case); other agents hear `conversation:updated`. */
  setLabels(id: string, labels: string[]): Promise<ConversationSummary> {
    return this.http.call('PUT', `${conversationPath(id)}/labels`, { body: { labels } });
  }
}

/** A conversation's messages. */
export class Messages extends Resource {
  /**
   * A page in `seq` order: `after` for what is new since a `seq`, `before` for older history. The
   * team's private notes come too, each after the message it followed (`from: 'note'`).
   */
  list(conversationId: string, query: MessagePageQuery = {}): Promise<Page<AgentThreadItem>> {
    return this.http.call('GET', `${conversationPath(conversationId)}/messages`, { query });
  }

  /**
   * Replies in a conversation. The send is idempotent by its `clientId`: without one it is
   * derived from `idempotencyKey` (so a retry with the same key is the same send), or made up.
   */
  async send(conversationId: string, message: AgentMessageInput, options: RequestOptions = {}): Promise<ChatMessage> {
    const clientId = message.clientId ?? (options.idempotencyKey !== undefined ? await clientIdFor(options.idempotencyKey) : crypto.randomUUID());
    return this.http.call('POST', `${conversationPath(conversationId)}/messages`, { ...options, body: { ...message, clientId } });
  }
}

/** Visitors as agents see them. */
export class Visitors extends Resource {
  /** A visitor's conversations, newest first. */
  conversations(visitorId: string): Promise<Page<ConversationSummary>> {
    return this.http.call('GET', `/agent/visitors/${segment(visitorId)}/conversations`);
  }
}

/** Files to attach to a reply (by id, in `messages.send`'s `attachmentIds`). */
export class Uploads extends Resource {
  /** Uploads one file; its type is sniffed from the bytes on the server. */
  create(file: Blob, fileName: string, options: RequestOptions = {}): Promise<Attachment> {
    const form = new FormData();
    form.append('file', file, fileName);
    return this.http.call('POST', '/agent/uploads', { ...options, body: form });
  }

  /** The file again, with a fresh signed URL (the one in a message expires). */
  get(id: string): Promise<Attachment> {
    return this.http.call('GET', `/agent/uploads/${segment(id)}`);
  }
}

/** A key the server accepts as a `clientId` (≤ 64 of `[A-Za-z0-9_-]`): the key itself, or its SHA-256. */
export async function clientIdFor(idempotencyKey: string): Promise<string> {
  if (/^[\w-]{1,64}$/.test(idempotencyKey)) return idempotencyKey;
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(idempotencyKey));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}
