import { nanoid } from 'nanoid';
import { newClientId, type Block, type ChatMessage } from '../protocol.js';
import type { ReplyUpload } from './conversation-view.js';
import type { InboxClient } from './inbox-client.js';

/** How long after the last keystroke the visitor stops seeing "typing…". */
const TYPING_IDLE_MS = 2500;

/**
 * The reply box's side of the inbox: "typing…" to the visitor while the agent writes, sending
 * (text, choices, files with progress), and the notice that someone else answered meanwhile.
 */
export class Replies {
  /** Files on their way, until their message is stored. */
  uploads: ReplyUpload[] = [];
  /** Someone else answered in the open conversation while this agent was writing ('' when not). */
  notice = '';
  readonly #inbox: InboxClient;
  #draft = '';
  #typing: ReturnType<typeof setTimeout> | undefined;

  constructor(inbox: InboxClient) {
    this.#inbox = inbox;
  }

  /** The agent typed: the visitor sees "typing…" until they stop for a moment or send. */
  input(text: string): void {
    this.#draft = text;
    const conversationId = this.#inbox.selected?.id;
    if (!conversationId) return;
    if (this.#typing === undefined) this.#inbox.api?.typing(conversationId, true);
    clearTimeout(this.#typing);
    this.#typing = setTimeout(() => this.#stopTyping(conversationId), TYPING_IDLE_MS);
  }

  /** Sends a reply to the open conversation; true once it is stored (the thread gets it as every message). */
  async send(text: string, blocks?: Block[]): Promise<boolean> {
    const conversationId = this.#inbox.selected?.id;
    const api = this.#inbox.api;
    if ((!text && !blocks) || !conversationId || !api) return false;
    try {
      await api.send(conversationId, newClientId(), text, [], blocks);
      this.#draft = '';
      clearTimeout(this.#typing);
      this.#stopTyping(conversationId);
      this.#set(() => (this.notice = ''));
      return true;
    } catch (error) {
      this.#inbox.fail(error);
      return false;
    }
  }

  /** Each file is uploaded (with progress, cancelable) and sent as its own reply. */
  async attach(files: File[]): Promise<void> {
    const conversationId = this.#inbox.selected?.id;
    if (conversationId) await Promise.all(files.map((file) => this.#sendFile(conversationId, file)));
  }

  /** A message reached the open thread: a colleague's or a bot's while the agent writes is worth a notice. */
  arrived(message: ChatMessage, agentId: string): void {
    const byOther = message.from === 'bot' || (message.from === 'agent' && message.author?.id !== agentId);
    if (byOther && this.#draft.trim()) this.#set(() => (this.notice = `${message.author?.name ?? 'A bot'} answered while you were writing.`));
  }

  dismissNotice(): void {
    this.#set(() => (this.notice = ''));
  }

  /** Another conversation is open: the notice was about the last one. */
  switched(): void {
    this.notice = '';
  }

  release(): void {
    clearTimeout(this.#typing);
    this.#typing = undefined;
  }

  #stopTyping(conversationId: string): void {
    this.#inbox.api?.typing(conversationId, false);
    this.#typing = undefined;
  }

  async #sendFile(conversationId: string, file: File): Promise<void> {
    const upload: ReplyUpload = { id: nanoid(), conversationId, fileName: file.name, progress: 0, abort: new AbortController() };
    const update = (patch: Partial<ReplyUpload>) => this.#set(() => (this.uploads = this.uploads.map((item) => (item.id === upload.id ? { ...item, ...patch } : item))));
    this.#set(() => (this.uploads = [...this.uploads, upload]));
    try {
      const api = this.#inbox.api!;
      const attachment = await api.upload(file, (progress) => update({ progress }), upload.abort.signal);
      await api.send(conversationId, newClientId(), '', [attachment.id]);
    } catch (error) {
      if ((error as Error).name !== 'AbortError') this.#inbox.fail(new Error(`${file.name}: ${(error as Error).message}`));
    } finally {
      this.#set(() => (this.uploads = this.uploads.filter((item) => item.id !== upload.id)));
    }
  }

  #set(change: () => void): void {
    change();
    this.#inbox.changed();
  }
}
