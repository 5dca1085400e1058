import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { LIMITS, type PreChatField, type PreChatFieldType, type PreChatForm } from '../protocol.js';
import type { AdminApi, AdminChannel } from './admin-api.js';
import { showFailure, type Status } from './settings-form.js';

/** A question as edited: choices as typed (one per line), and an id that follows it when it moves. */
interface DraftField {
  id: number;
  key: string;
  type: PreChatFieldType;
  label: string;
  required: boolean;
  options: string;
  url: string;
}

const TYPES: Array<[PreChatFieldType, string]> = [
  ['name', 'Name (to the profile)'],
  ['email', 'Email (to the profile)'],
  ['phone', 'Phone (to the profile)'],
  ['select', 'Choice list (to the attributes)'],
  ['text', 'Free text (to the attributes)'],
  ['consent', 'Consent checkbox (to the attributes)'],
];
const typeLabel = (type: PreChatFieldType) => TYPES.find(([value]) => value === type)![1];

/** Controls are named by the API field they edit, so an error's `param` (`settings.preChat.fields.2.options`) finds its control. */
const controlName = (index: number, property?: keyof PreChatField) => `settings.preChat.fields.${index}${property ? `.${property}` : ''}`;

let nextId = 0;
const toDraft = (field: PreChatField): DraftField => ({
  id: ++nextId,
  key: field.key,
  type: field.type,
  label: field.label,
  required: Boolean(field.required),
  options: (field.options ?? []).join('\n'),
  url: field.url ?? '',
});

/** What the admin API takes: choices for a select only, a link for a consent only, nothing left blank. */
function toField(draft: DraftField): PreChatField {
  const field: PreChatField = { key: draft.key.trim(), type: draft.type, label: draft.label };
  if (draft.required) field.required = true;
  if (draft.type === 'select') field.options = draft.options.split('\n').map((line) => line.trim()).filter(Boolean);
  if (draft.type === 'consent' && draft.url.trim()) field.url = draft.url.trim();
  return field;
}

/**
 * The pre-chat form part of the settings screen: the questions a visitor answers before the
 * first message of a new conversation — add, reorder and remove them, pick each one's type,
 * whether it is required, a select's choices, a consent's text and link — saved on their own
 * (`settings.preChat`). A controller rendering inside the settings view, like the FAQ editor.
 */
export class PreChatEditor implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #api: () => AdminApi;
  readonly #saved: (channel: AdminChannel) => void;
  #channel = '';
  fields: DraftField[] = [];
  status: Status | null = null;
  /** The name of the control the server refused, marked `aria-invalid`. */
  invalid = '';
  saving = false;

  constructor(host: ReactiveControllerHost & HTMLElement, api: () => AdminApi, saved: (channel: AdminChannel) => void) {
    this.#host = host;
    this.#api = api;
    this.#saved = saved;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.#channel = '';
  }

  #set(patch: Partial<Pick<PreChatEditor, 'fields' | 'status' | 'invalid' | 'saving'>>): void {
    Object.assign(this, patch);
    this.#host.requestUpdate();
  }

  get #form(): HTMLFormElement | null {
    return this.#host.shadowRoot?.querySelector<HTMLFormElement>('.pre-chat-form') ?? null;
  }

  /** Shows the saved form of `channel` (unsaved edits of the previous channel are dropped). */
  load(channel: AdminChannel): void {
    this.#channel = channel.key;
    this.#set({ fields: (channel.settings.preChat?.fields ?? []).map(toDraft), status: null, invalid: '' });
  }

  #onInput(event: Event): void {
    const control = event.target as HTMLInputElement;
    const match = /^settings\.preChat\.fields\.(\d+)\.(\w+)$/.exec(control.name);
    if (!match) return;
    const [, index, property] = match;
    const value = control.type === 'checkbox' ? control.checked : control.value;
    this.fields = this.fields.map((field, at) => (at === Number(index) ? { ...field, [property!]: value } : field));
    this.#set(control.name === this.invalid ? { invalid: '' } : {});
  }

  async #add(): Promise<void> {
    const taken = new Set(this.fields.map((field) => field.key));
    let n = this.fields.length + 1;
    while (taken.has(`question-${n}`)) n++;
    this.#set({ fields: [...this.fields, toDraft({ key: `question-${n}`, type: 'text', label: '' })], status: null });
    await this.#host.updateComplete;
    this.#form?.querySelector<HTMLElement>(`[name="${controlName(this.fields.length - 1, 'type')}"]`)?.focus();
  }

  /** Moves a question up or down; the button pressed keeps the focus (or its twin, at an end). */
  async #move(index: number, step: -1 | 1): Promise<void> {
    const fields = [...this.fields];
    const to = index + step;
    [fields[index], fields[to]] = [fields[to]!, fields[index]!];
    this.#set({ fields, invalid: '', status: { message: `Moved to position ${to + 1}`, error: false } });
    await this.#host.updateComplete;
    const buttons = this.#form?.querySelectorAll<HTMLButtonElement>(`[data-field="${to}"] .move`);
    const pressed = buttons?.[step < 0 ? 0 : 1];
    (pressed && !pressed.disabled ? pressed : [...(buttons ?? [])].find((button) => !button.disabled))?.focus();
  }

  async #remove(index: number): Promise<void> {
    const removed = this.fields[index]!;
    this.#set({ fields: this.fields.filter((_, at) => at !== index), invalid: '', status: { message: `Removed ${removed.label || typeLabel(removed.type)}`, error: false } });
    await this.#host.updateComplete;
    // The pressed button is gone: the next question (or the add button) takes the focus.
    const next = this.#form?.querySelector<HTMLElement>(`[name="${controlName(Math.min(index, this.fields.length - 1), 'type')}"]`);
    (next ?? this.#form?.querySelector<HTMLElement>('.add'))?.focus();
  }

  async #save(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const channel = this.#channel;
    if (!channel || this.saving) return;
    const preChat: PreChatForm | null = this.fields.length ? { fields: this.fields.map(toField) } : null;
    this.#set({ saving: true, status: null, invalid: '' });
    try {
      const saved = await this.#api().updateChannel(channel, { settings: { preChat } });
      this.#saved(saved);
      if (channel === this.#channel) this.#set({ status: { message: preChat ? 'Pre-chat form saved' : 'Pre-chat form removed', error: false } });
    } catch (error) {
      if (channel === this.#channel) void showFailure(error, this.#form, this.#host, (patch) => this.#set(patch));
    } finally {
      this.#set({ saving: false });
    }
  }

  /** A refused control is marked, and described by the status line that says why. */
  #mark(name: string) {
    return this.invalid === name ? { invalid: 'true', describedBy: 'pre-chat-status' } : { invalid: nothing, describedBy: nothing };
  }

  #renderField(field: DraftField, index: number) {
    const name = (property: keyof PreChatField) => controlName(index, property);
    const mark = (property: keyof PreChatField) => this.#mark(name(property));
    const title = field.label || typeLabel(field.type);
    const last = index === this.fields.length - 1;
    const text = (property: 'key' | 'label' | 'url', label: string, attributes: { maxlength: number; type?: string; spellcheck?: boolean }) =>
      html`<label>${label}<input name=${name(property)} type=${attributes.type ?? 'text'} maxlength=${attributes.maxlength}
        spellcheck=${attributes.spellcheck === false ? 'false' : nothing} .value=${field[property]}
        aria-invalid=${mark(property).invalid} aria-describedby=${mark(property).describedBy} /></label>`;
    return html`<li data-field=${index}>
      <fieldset name=${controlName(index)}>
        <legend>Question ${index + 1}</legend>
        <div class="pair">
          <label>Type
            <select name=${name('type')} aria-invalid=${mark('type').invalid} aria-describedby=${mark('type').describedBy}>
              ${TYPES.map(([value, label]) => html`<option value=${value} ?selected=${value === field.type}>${label}</option>`)}
            </select></label>
          ${text('key', 'Key (the attribute name)', { maxlength: LIMITS.attributeKey, spellcheck: false })}
        </div>
        ${text('label', field.type === 'consent' ? 'Consent text' : 'Question', { maxlength: 1000 })}
        ${field.type === 'select'
          ? html`<label>Choices, one per line<textarea name=${name('options')} rows="3" .value=${field.options}
              aria-invalid=${mark('options').invalid} aria-describedby=${mark('options').describedBy}></textarea></label>`
          : nothing}
        ${field.type === 'consent' ? text('url', 'Link to your policy (https://…, optional)', { maxlength: 2000, type: 'url', spellcheck: false }) : nothing}
        <div class="check">
          <input id="pre-chat-required-${field.id}" type="checkbox" name=${name('required')} .checked=${field.required} />
          <label for="pre-chat-required-${field.id}">Required</label>
        </div>
        <div class="field-actions">
          <button class="move" type="button" ?disabled=${index === 0} aria-label="Move up: ${title}" @click=${() => void this.#move(index, -1)}>Move up</button>
          <button class="move" type="button" ?disabled=${last} aria-label="Move down: ${title}" @click=${() => void this.#move(index, 1)}>Move down</button>
          <button class="link-button" type="button" aria-label="Remove: ${title}" @click=${() => void this.#remove(index)}>Remove</button>
        </div>
      </fieldset>
    </li>`;
  }

  render() {
    const full = this.fields.length >= LIMITS.preChatFields;
    return html`<section class="pre-chat" aria-labelledby="pre-chat-title">
      <h3 id="pre-chat-title">Pre-chat form</h3>
      <p class="hint">
        Asked before the first message of each new conversation. Name, email and phone go to the visitor's profile; the other
        answers to the conversation's attributes, under their key. Questions the page already answered (nickname, email, phone, an
        extra field with the same key) are skipped.
      </p>
      <form class="pre-chat-form" @submit=${(event: SubmitEvent) => void this.#save(event)} @input=${(event: Event) => this.#onInput(event)}>
        ${this.fields.length
          ? html`<ol class="pre-chat-fields">${repeat(this.fields, (field) => field.id, (field, index) => this.#renderField(field, index))}</ol>`
          : html`<p class="empty">No pre-chat form: visitors write at once.</p>`}
        <div class="actions">
          <button class="add" type="button" ?disabled=${full} @click=${() => void this.#add()}>Add question</button>
          <button class="primary" type="submit">${this.saving ? 'Saving…' : 'Save pre-chat form'}</button>
          <p id="pre-chat-status" class=${this.status?.error ? 'status error' : 'status'} role="status">${this.status?.message ?? ''}</p>
        </div>
        ${full ? html`<p class="hint">A form holds ${LIMITS.preChatFields} questions at most.</p>` : nothing}
      </form>
    </section>`;
  }
}
