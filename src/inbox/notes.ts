import { html, nothing, type TemplateResult } from 'lit';
import { newClientId, threadOrder, type AgentThreadItem, type ConversationSummary, type Note, type NoteMention, type Page } from '../protocol.js';
import { DeskFeature } from './desk-feature.js';

/** Whether a thread item is a private note (the team's only). */
export const isNote = (item: AgentThreadItem): item is Note => item.from === 'note';

/** `thread` with `note` in its place (after the message it followed), unless it holds it already. */
export function withNote(thread: AgentThreadItem[], note: Note): AgentThreadItem[] {
  return thread.some((item) => item.id === note.id) ? thread : [...thread, note].sort(threadOrder);
}

/** One private note in the thread: set apart from what the visitor sees, and said to be the team's only. */
export function renderNote(note: Note): TemplateResult {
  return html`<div class="message note" role="note" aria-label="Private note by ${note.author.name}" data-message-id=${note.id}>
    <span class="meta">${note.author.name} <span class="note-tag">Note · only your team sees this</span></span>
    <span class="text">${note.text}</span>
  </div>`;
}

/**
 * Private notes in the inbox (DESIGN.md §12): the composer's "Reply | Note" toggle (`n` opens it
 * in note mode), notes arriving live into the open thread, and @mentions of this agent (a mark
 * on the conversation until it is opened, and a notification when the agent allowed them). The
 * thread's first page carries the notes already written; after a reconnect the open
 * conversation's notes are fetched again, as the messages are synced.
 */
export class Notes extends DeskFeature {
  /** The composer writes a note instead of a reply. */
  composing = false;
  sending = false;
  /** Conversations with a note naming this agent, not opened since. */
  readonly mentioned = new Set<string>();
  #connected = false;
  #wasConnected = false;

  protected override started(): void {
    this.listen('note:created', (note) => this.#arrived(note));
    this.listen('note:mention', (event) => this.#mentioned(event));
    // The servers may have missed broadcasts: what the open thread lacks is fetched again.
    this.listen('resync', () => void this.#catchUp());
    this.untilStopped(this.inbox.subscribe(() => this.#watchConnection()));
  }

  protected override stopped(): void {
    this.composing = false;
    this.sending = false;
    this.mentioned.clear();
    this.#connected = this.#wasConnected = false;
  }

  selected(conversation: ConversationSummary | null): void {
    if (conversation && this.mentioned.delete(conversation.id)) this.inbox.changed();
  }

  /** Switches the composer between a reply and a note. */
  compose(note: boolean): void {
    this.composing = note;
    this.inbox.changed();
  }

  /** Writes a note in the open conversation; true once it is stored (it joins the thread at once). */
  async send(text: string): Promise<boolean> {
    const conversationId = this.inbox.selected?.id;
    const api = this.api;
    if (!text.trim() || !conversationId || !api || this.sending) return false;
    this.sending = true;
    this.inbox.changed();
    try {
      const note = await api.request<Note>('POST', `/conversations/${encodeURIComponent(conversationId)}/notes`, { clientId: newClientId(), text });
      this.#arrived(note);
      return true;
    } catch (error) {
      this.inbox.fail(error);
      return false;
    } finally {
      this.sending = false;
      this.inbox.changed();
    }
  }

  rowTools(conversation: ConversationSummary): TemplateResult | typeof nothing {
    return this.mentioned.has(conversation.id) ? html`<span class="mention-mark">@ mentioned in a note</span>` : nothing;
  }

  composerTools(_conversation: ConversationSummary, reply: HTMLTextAreaElement | null): TemplateResult {
    const mode = (note: boolean) => () => {
      this.compose(note);
      this.#focusLater(() => (note ? (reply?.getRootNode() as ShadowRoot | undefined)?.querySelector<HTMLTextAreaElement>('.note-input') : reply));
    };
    const submit = async (field: HTMLTextAreaElement | null) => {
      if (field && (await this.send(field.value))) field.value = '';
    };
    return html`<div class="note-tools ${this.composing ? 'composing' : ''}">
      <div class="compose-mode" role="group" aria-label="Compose">
        <button type="button" aria-pressed=${this.composing ? 'false' : 'true'} @click=${mode(false)}>Reply</button>
        <button type="button" aria-pressed=${this.composing ? 'true' : 'false'} @click=${mode(true)}>Note</button>
      </div>
      ${this.composing
        ? html`<textarea class="note-input" aria-label="Private note, only your team sees it" rows="2" maxlength="8000"
              placeholder="Note for your team — @name notifies a colleague  (n)"
              @keydown=${(event: KeyboardEvent) => {
                const field = event.target as HTMLTextAreaElement;
                if (event.key === 'Escape') field.blur();
                if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
                event.preventDefault();
                void submit(field);
              }}></textarea>
            <button class="note-send" type="button" ?disabled=${this.sending}
              @click=${(event: Event) => void submit((event.target as HTMLElement).parentElement!.querySelector('.note-input'))}>Add note</button>`
        : nothing}
    </div>`;
  }

  shortcut(action: string, root: ShadowRoot): boolean {
    if (action !== 'note' || !this.inbox.selected) return false;
    this.compose(true);
    this.#focusLater(() => root.querySelector<HTMLTextAreaElement>('.note-input'));
    return true;
  }

  /** A field shows (and can take focus) once the inbox has drawn the change: Lit renders in a microtask. */
  #focusLater(field: () => HTMLElement | null | undefined): void {
    setTimeout(() => field()?.focus());
  }

  #arrived(note: Note): void {
    if (note.conversationId !== this.inbox.selected?.id) return;
    const thread = withNote(this.inbox.thread, note);
    if (thread === this.inbox.thread) return;
    this.inbox.thread = thread;
    this.inbox.changed();
  }

  #mentioned({ conversationId, note }: NoteMention): void {
    const looking = conversationId === this.inbox.selected?.id && document.visibilityState === 'visible';
    if (looking) return;
    this.mentioned.add(conversationId);
    this.inbox.changed();
    void this.inbox.notify(conversationId, `${note.author.name} mentioned you in a note: ${note.text.slice(0, 140)}`);
  }

  /** Back online after a loss: notes written meanwhile in the open conversation are fetched. */
  #watchConnection(): void {
    const connected = this.inbox.connected;
    if (connected === this.#connected) return;
    this.#connected = connected;
    if (connected && this.#wasConnected) void this.#catchUp();
    if (connected) this.#wasConnected = true;
  }

  async #catchUp(): Promise<void> {
    const conversationId = this.inbox.selected?.id;
    const api = this.api;
    if (!conversationId || !api) return;
    const path = `/conversations/${encodeURIComponent(conversationId)}/notes?limit=100`;
    try {
      for (let after = ''; ; ) {
        const page = await api.request<Page<Note>>('GET', after ? `${path}&after=${encodeURIComponent(after)}` : path);
        for (const note of page.data) this.#arrived(note);
        if (!page.hasMore || !page.data.length) return;
        after = page.data.at(-1)!.id;
      }
    } catch {
      // Offline again: the next reconnect asks again.
    }
  }
}
