import { html, LitElement, nothing } from 'lit';
import { property, query } from 'lit/decorators.js';
import type { CannedReply } from '../protocol.js';
import type { CannedReplies } from './canned.js';
import type { SupportInboxCannedManager } from './canned-manager.js';

const LISTBOX_ID = 'canned-listbox';
const optionId = (index: number) => `canned-option-${index}`;

/**
 * The canned reply picker of the inbox's reply box: drawn in the reply form, it listens to the
 * form's textarea, opens a listbox on `/` at its start and inserts the chosen reply. It has no
 * shadow root of its own, so the textarea can name the listbox and its active option
 * (`aria-controls`, `aria-activedescendant`: IDs do not cross shadow roots). Its styles are the
 * inbox's (`cannedStyles`).
 *
 * @summary The inbox's canned reply picker (internal to `<support-inbox>`).
 * @tagname support-inbox-canned
 */
export class SupportInboxCanned extends LitElement {
  #form: HTMLFormElement | null = null;
  #reply: HTMLTextAreaElement | null = null;
  #unsubscribe: (() => void) | null = null;

  @query('support-inbox-canned-manager') private manager!: SupportInboxCannedManager | null;

  /** The inbox's canned replies (state and I/O). */
  @property({ attribute: false }) canned!: CannedReplies;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#form = this.closest('form');
    this.#reply = this.#form?.querySelector('textarea') ?? null;
    // Capturing on the form runs before the reply box's own keydown (Enter sends, Esc leaves).
    this.#form?.addEventListener('keydown', this.#onKeydown, true);
    this.#form?.addEventListener('input', this.#onInput, true);
    // A sent reply empties the box without an input event.
    this.#form?.addEventListener('submit', this.#onSubmit, true);
    this.#reply?.setAttribute('aria-autocomplete', 'list');
    this.#unsubscribe = this.canned.subscribe(() => this.requestUpdate());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#form?.removeEventListener('keydown', this.#onKeydown, true);
    this.#form?.removeEventListener('input', this.#onInput, true);
    this.#form?.removeEventListener('submit', this.#onSubmit, true);
    for (const name of ['aria-autocomplete', 'aria-controls', 'aria-activedescendant']) this.#reply?.removeAttribute(name);
    this.#unsubscribe?.();
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  /** The reply box names the listbox and its active option while it is shown (a reference must point at something). */
  protected override updated(): void {
    const shown = this.canned.query !== null && this.canned.matches.length > 0;
    if (shown) {
      this.#reply?.setAttribute('aria-controls', LISTBOX_ID);
      this.#reply?.setAttribute('aria-activedescendant', optionId(this.canned.active));
    } else {
      this.#reply?.removeAttribute('aria-controls');
      this.#reply?.removeAttribute('aria-activedescendant');
    }
  }

  #onInput = (event: Event): void => {
    if (event.target === this.#reply) this.canned.typed((event.target as HTMLTextAreaElement).value);
  };

  #onSubmit = (): void => {
    if (this.canned.query !== null) this.canned.close();
  };

  #onKeydown = (event: KeyboardEvent): void => {
    const canned = this.canned;
    if (event.target !== this.#reply || canned.query === null || event.isComposing) return;
    const chosen = canned.matches[canned.active];
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') canned.move(event.key === 'ArrowDown' ? 1 : -1);
    else if ((event.key === 'Enter' || event.key === 'Tab') && chosen && !event.shiftKey) this.#insert(chosen);
    else if (event.key === 'Escape') canned.close();
    else return;
    event.preventDefault();
    event.stopPropagation();
  };

  #insert(reply: CannedReply): void {
    const box = this.#reply;
    if (!box) return;
    box.value = this.canned.expand(reply);
    this.canned.close();
    box.focus();
    box.setSelectionRange(box.value.length, box.value.length);
    // The inbox hears it as typing (the visitor sees "typing…"); the picker stays closed.
    box.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  }

  #renderOptions() {
    const canned = this.canned;
    if (canned.query === null) return nothing;
    const matches = canned.matches;
    if (!matches.length) return html`<p class="canned-listbox canned-none">No canned reply matches /${canned.query}</p>`;
    return html`<ul id=${LISTBOX_ID} class="canned-listbox" role="listbox" aria-label="Canned replies">
      ${matches.map(
        (reply, index) => html`<li id=${optionId(index)} role="option" aria-selected=${index === canned.active ? 'true' : 'false'}
          @mousedown=${(event: Event) => event.preventDefault()} @click=${() => this.#insert(reply)}>
          <span class="canned-shortcut">/${reply.shortcut}</span>${reply.shared ? html`<span class="canned-tag">Shared</span>` : nothing}
          <span class="canned-text">${canned.expand(reply)}</span>
        </li>`,
      )}
    </ul>`;
  }

  override render() {
    return html`${this.#renderOptions()}
      <button class="link-button canned-manage" type="button" @click=${() => this.manager?.open()}>Canned replies</button>
      <support-inbox-canned-manager .canned=${this.canned}></support-inbox-canned-manager>`;
  }
}
