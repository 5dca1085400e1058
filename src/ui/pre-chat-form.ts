import { css, html, LitElement, nothing, type PropertyDeclarations } from 'lit';
import { answerLength, answerProblems, policyUrl } from '../client/pre-chat-answers.js';
import type { PreChatAnswers, PreChatProblem } from '../client/pre-chat.js';
import type { Messages } from '../i18n/en.js';
import type { PreChatField } from '../protocol.js';

/** What the form shows, from the panel. */
export interface PreChatView {
  strings: Messages;
  /** The questions still to ask (the host's fields are left out already). */
  fields: PreChatField[];
  /** The last submit could not be saved (network, refusal): say so, keep the answers. */
  failed: boolean;
}

/** The visitor sent valid answers: `answers` by field key. */
export class PreChatSubmitEvent extends Event {
  constructor(readonly answers: PreChatAnswers) {
    super('pre-chat-submit');
  }
}

const AUTOCOMPLETE: Partial<Record<PreChatField['type'], string>> = { name: 'name', email: 'email', phone: 'tel' };
const INPUT_TYPE: Partial<Record<PreChatField['type'], string>> = { email: 'email', phone: 'tel' };

/**
 * The pre-chat form, shown by the panel in place of the composer before the first message of a
 * new conversation. Loaded as its own chunk: a channel without a form never fetches it.
 * Checks the answers as the client will (`answerProblems`), says what is wrong under each
 * field, and sends the answers up as one `pre-chat-submit` event.
 */
export class SupportChatPreChat extends LitElement {
  static override styles = css`
    /* Shrinks and scrolls on a short panel, leaving the greeting above it a little room. */
    :host {
      display: block;
      overflow-y: auto;
      max-height: 80%;
      flex: 0 1 auto;
      min-height: 0;
      border-top: 1px solid var(--sc-border);
      font-size: 14px;
    }
    form {
      display: grid;
      gap: 12px;
      padding: 12px 16px 14px;
    }
    h3 {
      margin: 0;
      font-size: 15px;
    }
    p {
      margin: 0;
    }
    .hint {
      color: var(--sc-muted);
      font-size: 13px;
      margin-top: -8px;
    }
    .required {
      margin-inline-start: 2px;
    }
    .field {
      display: grid;
      gap: 4px;
    }
    label {
      font-weight: 500;
    }
    input:not([type='checkbox']),
    select,
    textarea {
      font: inherit;
      font-size: 16px; /* keeps iOS from zooming into the field */
      padding: 7px 10px;
      border-radius: 8px;
      border: 1px solid var(--sc-border-strong);
      color: inherit;
      background: var(--sc-surface);
      width: 100%;
      box-sizing: border-box;
    }
    textarea {
      resize: vertical;
    }
    [aria-invalid='true'] {
      border-color: light-dark(#b42318, #ff9b8f);
    }
    .consent {
      display: grid;
      grid-template-columns: auto 1fr;
      gap: 4px 8px;
      align-items: start;
    }
    .consent input {
      margin: 3px 0 0;
      width: 18px;
      height: 18px;
    }
    .consent label {
      font-weight: 400;
    }
    .consent a,
    .consent .error {
      grid-column: 2;
    }
    a {
      color: inherit;
    }
    .error {
      color: light-dark(#b42318, #ff9b8f);
      font-size: 13px;
    }
    button {
      font: inherit;
      border: none;
      border-radius: 8px;
      padding: 9px 14px;
      background: var(--sc-primary);
      color: var(--sc-on-primary);
      cursor: pointer;
      justify-self: start;
    }
    button:hover {
      background: var(--sc-accent);
    }
    :focus-visible {
      outline: 3px solid var(--sc-focus);
      outline-offset: 2px;
    }
  `;
  static override properties: PropertyDeclarations = {
    view: { attribute: false },
    problems: { state: true },
  };

  /** Everything the form shows, from the panel. */
  declare view: PreChatView;
  /** What is wrong, by field key: filled on submit, then kept current as the visitor corrects it. */
  private problems: Record<string, PreChatProblem> | null = null;

  /** Focuses the first question (the panel opened with the form showing). */
  async focusFirst(): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('input, select, textarea')?.focus();
  }

  #answers(): PreChatAnswers {
    const form = this.renderRoot.querySelector('form')!;
    const answers: PreChatAnswers = {};
    for (const field of this.view.fields) {
      const control = form.elements.namedItem(field.key) as HTMLInputElement | null;
      if (control) answers[field.key] = field.type === 'consent' ? control.checked : control.value;
    }
    return answers;
  }

  #onInput(): void {
    // Once the visitor tried to send, each correction clears its message at once.
    if (this.problems) this.problems = answerProblems(this.view.fields, this.#answers());
  }

  async #onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const answers = this.#answers();
    this.problems = answerProblems(this.view.fields, answers);
    const first = Object.keys(this.problems)[0];
    if (first === undefined) return void this.dispatchEvent(new PreChatSubmitEvent(answers));
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`#field-${CSS.escape(first)}`)?.focus();
  }

  #message(problem: PreChatProblem, field: PreChatField): string {
    const t = this.view.strings;
    if (problem === 'email') return t.emailInvalid;
    if (problem === 'phone') return t.preChatPhone;
    return field.type === 'consent' ? t.preChatConsent : t.preChatMissing;
  }

  override render() {
    const t = this.view.strings;
    const anyRequired = this.view.fields.some((field) => field.required);
    return html`<form novalidate aria-labelledby="pre-chat-title" @submit=${this.#onSubmit} @input=${this.#onInput}>
      <h3 id="pre-chat-title">${t.preChatTitle}</h3>
      <p class="hint">${t.preChatIntro}</p>
      ${anyRequired ? html`<p class="hint">${t.preChatRequiredNote}</p>` : nothing}
      ${this.view.fields.map((field) => this.#renderField(field))}
      ${this.view.failed ? html`<p class="error" role="alert">${t.preChatFailed}</p>` : nothing}
      <button type="submit">${t.preChatSubmit}</button>
    </form>`;
  }

  #renderField(field: PreChatField) {
    const id = `field-${field.key}`;
    const problem = this.problems?.[field.key];
    const error = problem ? html`<p id="${id}-error" class="error">${this.#message(problem, field)}</p>` : nothing;
    const invalid = problem ? 'true' : 'false';
    const describedBy = problem ? `${id}-error` : nothing;
    const mark = field.required ? html`<span class="required" aria-hidden="true">*</span>` : nothing;
    if (field.type === 'consent') {
      const url = policyUrl(field);
      return html`<div class="consent">
        <input id=${id} name=${field.key} type="checkbox" ?required=${field.required} aria-invalid=${invalid} aria-describedby=${describedBy} />
        <label for=${id}>${field.label}${mark}</label>
        ${url ? html`<a href=${url} target="_blank" rel="noopener noreferrer">${this.view.strings.preChatPolicy}</a>` : nothing} ${error}
      </div>`;
    }
    return html`<div class="field">
      <label for=${id}>${field.label}${mark}</label>
      ${field.type === 'select'
        ? html`<select id=${id} name=${field.key} ?required=${field.required} aria-invalid=${invalid} aria-describedby=${describedBy}>
            <option value="">${this.view.strings.preChatChoose}</option>
            ${field.options?.map((option) => html`<option>${option}</option>`)}
          </select>`
        : field.type === 'text'
          ? html`<textarea id=${id} name=${field.key} dir="auto" rows="2" maxlength=${answerLength(field.type)} ?required=${field.required}
              aria-invalid=${invalid} aria-describedby=${describedBy}></textarea>`
          : html`<input id=${id} name=${field.key} dir="auto" type=${INPUT_TYPE[field.type] ?? 'text'} autocomplete=${AUTOCOMPLETE[field.type] ?? nothing}
              maxlength=${answerLength(field.type)} ?required=${field.required} aria-invalid=${invalid} aria-describedby=${describedBy} />`}
      ${error}
    </div>`;
  }
}

/** Registers the form's element once; the panel calls it when the chunk arrives. */
export function definePreChatForm(): void {
  if (!customElements.get('support-chat-pre-chat')) customElements.define('support-chat-pre-chat', SupportChatPreChat);
}

declare global {
  interface HTMLElementTagNameMap {
    'support-chat-pre-chat': SupportChatPreChat;
  }
}
