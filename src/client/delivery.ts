import { LIMITS, newClientId, type Attachment, type BlockReply, type ChatMessage } from '../protocol.js';
import type { Transport } from '../transport/transport.js';
import type { Conversations } from './conversations.js';
import type { CurrentConversation } from './current-conversation.js';
import type { Emitter } from './emitter.js';
import { networkError, SupportChatError } from './errors.js';
import { reportTo, type ChatClientEvents } from './events.js';
import { Outbox, type PendingMessage } from './outbox.js';
import type { ReadPolicy } from './read-policy.js';
import { retryDelay, type RetryTimers } from './retry.js';
import type { ChannelStorage } from './storage.js';
import type { TeamTyping } from './typing.js';

export interface DeliveryHost {
  storage: ChannelStorage;
  current: CurrentConversation;
  conversations: Conversations;
  read: ReadPolicy;
  typing: TeamTyping;
  events: Emitter<ChatClientEvents>;
  timers: RetryTimers;
  /** The transport while joined and connected: sends go out only then. */
  link(): Transport | null;
  stopped(): boolean;
  /** A send is intent: a client not connected yet connects now. */
  connect(): void;
  /** The pre-chat answers waiting for the next send, taken once. */
  attributes(): Record<string, string> | undefined;
  /** The page's AI agent (the `agent` option), sent with each message: the one that opens a conversation picks who answers it. */
  agent(): string | undefined;
}

/**
 * Delivery (DESIGN.md §4), both ways: the outbox sends each message with its `clientId` and its
 * conversation until acknowledged, one at a time and oldest first, retrying with backoff; what
 * arrives — acks, live messages, a resync's page — goes into its own conversation by `seq`,
 * settling the outbox entries it answers.
 */
export class Delivery {
  readonly outbox: Outbox;
  readonly #host: DeliveryHost;
  #flushing = false;
  #retryAttempt = 0;

  constructor(host: DeliveryHost) {
    this.#host = host;
    this.outbox = new Outbox({ read: () => host.storage.read('outbox'), write: (value) => host.storage.write('outbox', value) });
  }

  /** Queues a message for `conversationId` (undefined: the default conversation), maybe answering a block; resolves with it once the server stored it. */
  queue(text: string, attachments: Attachment[], conversationId: string | undefined, replyTo?: BlockReply): Promise<ChatMessage> {
    // Nothing would ever send it, nor settle the promise: the caller hears so at once.
    if (this.#host.stopped()) return Promise.reject(networkError('this client was disconnected; create a new one'));
    return new Promise<ChatMessage>((resolve, reject) => {
      const pending: PendingMessage = { clientId: newClientId(), text, status: 'sending', createdAt: new Date().toISOString() };
      if (conversationId) pending.conversationId = conversationId;
      if (attachments.length) pending.attachments = attachments;
      if (replyTo) pending.replyTo = { blockId: replyTo.blockId, value: replyTo.value };
      const attributes = this.#host.attributes();
      if (attributes) pending.attributes = attributes;
      this.outbox.add(pending, { resolve, reject });
      this.#changed();
      this.#host.connect();
      void this.flush();
    });
  }

  /** Sends a failed message again under the same `clientId` (so it can never be stored twice). */
  retry(clientId: string): void {
    if (!this.outbox.retry(clientId)) return;
    this.#changed();
    void this.flush();
  }

  /**
   * Sends the outbox one message at a time, oldest first, so the store assigns `seq` in the
   * order the visitor wrote. A send that is not confirmed is retried with backoff under the
   * same `clientId`; one refused for good is marked failed and the rest go on.
   */
  async flush(): Promise<void> {
    if (this.#flushing) return;
    this.#flushing = true;
    try {
      for (let pending = this.outbox.next(); pending; pending = this.outbox.next()) {
        const transport = this.#host.link();
        if (!transport) return;
        try {
          // Without files, `attachmentIds` stays undefined: JSON leaves it out.
          const attachmentIds = pending.attachments?.map((attachment) => attachment.id);
          const { conversationId, clientId, text, attributes, replyTo } = pending;
          const message = await transport.send({ conversationId, clientId, text, attachmentIds, attributes, replyTo, agentId: this.#host.agent() });
          this.#retryAttempt = 0;
          this.receive([message], true, conversationId);
          this.outbox.acknowledge(pending.clientId, message); // in case receive skipped it
        } catch (error) {
          if (this.#host.stopped()) return;
          const failure = error instanceof SupportChatError ? error : networkError(String(error));
          if (failure.permanent) {
            // A conversation that is not the visitor's, or closed for good, never takes it, nor does a
            // block take an answer it refused: nothing to retry.
            if (failure.param === 'conversationId' || failure.param?.startsWith('replyTo.')) this.outbox.refuse(pending.clientId, failure);
            else this.outbox.fail(pending.clientId, failure);
            reportTo(this.#host.events, failure);
            this.#changed();
            continue;
          }
          // Not refused, just not confirmed (or told to slow down): the same clientId goes again
          // after a pause (or on the next join).
          let delay = retryDelay(this.#retryAttempt++);
          if (failure.code === 'rate_limited') {
            reportTo(this.#host.events, failure);
            delay = Math.max(delay, (failure.retryAfter ?? 1) * 1000);
          }
          this.#host.timers.later(delay, () => void this.flush());
          return;
        }
      }
    } finally {
      this.#flushing = false;
    }
  }

  /**
   * Adds messages to their conversations by `seq`, settles matching outbox entries, applies the
   * read policy and announces what is new (the shown conversation follows a roll-over first;
   * `sentTo`: the conversation a send's answer was sent to).
   */
  receive(messages: ChatMessage[], announce: boolean, sentTo?: string): void {
    const { current, conversations, events } = this.#host;
    let changed = false;
    this.#host.read.receiving(() => {
      for (const message of messages) {
        current.follow(message, sentTo);
        const held = conversations.log(message.conversationId).get(message.seq);
        if (!held && conversations.received(message)) {
          changed = true;
          if (announce) events.emit('message', message);
        }
        if (message.from === 'visitor' && message.clientId && this.outbox.acknowledge(message.clientId, held ?? message)) changed = true;
        if (message.from !== 'visitor' && message.conversationId === current.id) this.#host.typing.answered();
      }
    });
    if (changed) this.#changed();
  }

  /**
   * Fetches what each conversation has after `after`, page by page, and takes it in (announced:
   * it arrived while the link was down). Stops quietly when the link drops: the next join resumes.
   */
  async resume(conversations: Array<{ id: string | undefined; after: number }>): Promise<void> {
    for (const { id, after } of conversations) {
      for (let from = after; ; ) {
        const transport = this.#host.link();
        if (!transport || this.#host.stopped()) return;
        let page: ChatMessage[];
        try {
          page = await transport.sync(from, id);
        } catch {
          return;
        }
        this.receive(page, true);
        if (page.length < LIMITS.pageSize) break;
        from = page.at(-1)!.seq;
      }
    }
  }

  #changed(): void {
    this.#host.events.emit('change', undefined);
  }
}
