import { html, LitElement, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { DESK_LIMITS, LIMITS, type CannedReply } from '../protocol.js';
import type { CannedReplies } from './canned.js';
import { CANNED_VARIABLES } from './canned-variables.js';
import { cannedManagerStyles } from './canned.styles.js';

/** `CANNED_SHORTCUT` as an input's pattern (which Chrome reads with the `v` flag: `-` escaped). */
const SHORTCUT_PATTERN = `[a-z0-9_\\-]{1,${DESK_LIMITS.cannedShortcut}}`;

/**
 * The canned reply manager: a dialog listing the replies the agent may insert, where they write,
 * change and delete their own (admins: the shared ones too). Its own shadow root keeps its form
 * apart from the reply form it is drawn in.
 *
 * @summary The inbox's canned reply manager (internal to `<support-inbox>`).
 * @tagname support-inbox-canned-manager
 */
export class SupportInboxCannedManager extends LitElement {
  static override styles = cannedManagerStyles;

  #unsubscribe: (() => void) | null = null;

  @query('dialog') private dialog!: HTMLDialogElement | null;
  @query('form') private form!: HTMLFormElement | null;

  /** The reply being changed (null: the form writes a new one). */
  @state() private editing: CannedReply | null = null;
  @state() private error = '';
  @state() private status = '';

  /** The inbox's canned replies (state and I/O). */
  @property({ attribute: false }) canned!: CannedReplies;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#unsubscribe = this.canned.subscribe(() => this.requestUpdate());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unsubscribe?.();
  }

  #edit(reply: CannedReply | null): void {
    this.editing = reply;
    this.error = '';
    const form = this.form;
    if (!form) return;
    form.reset();
    (form.elements.namedItem('shortcut') as HTMLInputElement).value = reply?.shortcut ?? '';
    (form.elements.namedItem('text') as HTMLTextAreaElement).value = reply?.text ?? '';
    (form.elements.namedItem('shortcut') as HTMLInputElement).focus();
  }

  async #save(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const input = { shortcut: String(data.get('shortcut')), text: String(data.get('text')), shared: data.get('shared') === 'on' };
    try {
      await this.canned.save(input, this.editing);
      this.status = `Saved /${input.shortcut}`;
      this.#edit(null);
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  async #remove(reply: CannedReply): Promise<void> {
    try {
      await this.canned.remove(reply);
      this.status = `Deleted /${reply.shortcut}`;
      if (this.editing?.id === reply.id) this.#edit(null);
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  /** Opens the dialog. */
  open(): void {
    this.status = '';
    this.dialog?.showModal();
  }

  #renderReply(reply: CannedReply) {
    return html`<li>
      <span class="shortcut">/${reply.shortcut}</span>
      <span class="scope">${reply.shared ? 'Shared' : 'Personal'}</span>
      <span class="text">${reply.text}</span>
      ${this.canned.editable(reply)
        ? html`<span class="actions">
            <button class="link-button" type="button" aria-label="Edit /${reply.shortcut}" @click=${() => this.#edit(reply)}>Edit</button>
            <button class="link-button danger" type="button" aria-label="Delete /${reply.shortcut}" @click=${() => void this.#remove(reply)}>Delete</button>
          </span>`
        : nothing}
    </li>`;
  }

  override render() {
    const replies = this.canned?.replies ?? [];
    return html`<dialog aria-labelledby="canned-heading">
      <header>
        <h2 id="canned-heading">Canned replies</h2>
        <button class="link-button" type="button" @click=${() => this.dialog?.close()}>Close</button>
      </header>
      <p class="hint">Type <kbd>/</kbd> at the start of a reply to insert one. Variables: ${CANNED_VARIABLES.map((name) => html`<code>{{${name}}}</code> `)}</p>
      ${replies.length ? html`<ul class="replies">${replies.map((reply) => this.#renderReply(reply))}</ul>` : html`<p class="hint">No canned replies yet.</p>`}
      <form @submit=${(event: SubmitEvent) => void this.#save(event)}>
        <h3>${this.editing ? `Change /${this.editing.shortcut}` : 'New canned reply'}</h3>
        <label>Shortcut <input name="shortcut" required maxlength=${DESK_LIMITS.cannedShortcut} pattern=${SHORTCUT_PATTERN} autocomplete="off" placeholder="refund" /></label>
        <label>Text <textarea name="text" required rows="4" maxlength=${LIMITS.messageText} placeholder="Hi {{visitor.firstName}}, your refund is on its way."></textarea></label>
        ${this.canned?.isAdmin && !this.editing
          ? html`<label class="check"><input type="checkbox" name="shared" /> Shared with the whole team</label>`
          : nothing}
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
        <p class="status" role="status">${this.status}</p>
        <div class="buttons">
          ${this.editing ? html`<button class="link-button" type="button" @click=${() => this.#edit(null)}>Cancel</button>` : nothing}
          <button class="primary" type="submit">${this.editing ? 'Save changes' : 'Add reply'}</button>
        </div>
      </form>
    </dialog>`;
  }
}
