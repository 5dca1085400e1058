import { html, nothing } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import { LABEL_COLORS, type ConversationSummary } from '../protocol.js';
import { parseColor, readableText, toHex } from '../config/colors.js';
import { sameLabel, type Labels } from './labels.js';

/** What the palette's colors (`LABEL_COLORS`) are called in a picker. */
export const COLOR_NAMES = ['Blue', 'Teal', 'Green', 'Amber', 'Red', 'Magenta', 'Purple', 'Grey'];

/** A label's colors: its own as the background, white or ink for the text, whichever reads better. */
function chipColors(color: string | undefined) {
  const background = parseColor(color ?? '') ?? { r: 240, g: 242, b: 245 };
  // styleMap sets them through CSSOM, which a `style-src 'self'` policy allows.
  return styleMap({ '--label-color': toHex(background), '--label-ink': toHex(readableText(background)) });
}

/** One label as a chip: its color, its name as text. */
export const renderChip = (name: string, color: string | undefined) => html`<span class="label-chip" style=${chipColors(color)}>${name}</span>`;

/** Labels as chips; nothing when there are none. */
export function renderLabelChips(labels: Labels, names: string[]) {
  if (!names.length) return nothing;
  return html`<span class="label-chips">${names.map((name) => renderChip(name, labels.definition(name)?.color))}</span>`;
}

/** The list's label filter (above the rows). */
export function renderLabelFilter(labels: Labels) {
  if (!labels.definitions.length && !labels.filter) return nothing;
  return html`<label class="label-filter">Label
    <select @change=${(event: Event) => labels.setFilter((event.target as HTMLSelectElement).value)}>
      <option value="" ?selected=${!labels.filter}>Any label</option>
      ${labels.definitions.map((label) => html`<option value=${label.name} ?selected=${label.name === labels.filter}>${label.name}</option>`)}
    </select>
  </label>`;
}

function onEditorKeydown(labels: Labels, event: KeyboardEvent) {
  if (event.key !== 'Escape') return;
  event.stopPropagation();
  labels.toggleEditor(false);
  ((event.currentTarget as HTMLElement).getRootNode() as ShadowRoot).querySelector<HTMLElement>('.label-toggle')?.focus();
}

function renderDefine(labels: Labels, conversation: ConversationSummary) {
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    void labels.define({ name: String(data.get('name')), color: String(data.get('color')) }, conversation).then(() => form.reset());
  };
  return html`<form class="label-define" @submit=${submit}>
    <input name="name" required maxlength="40" aria-label="New label name" placeholder="New label" />
    <select name="color" aria-label="Color">${LABEL_COLORS.map((color, index) => html`<option value=${color}>${COLOR_NAMES[index]}</option>`)}</select>
    <button type="submit">Add</button>
  </form>`;
}

/** The open conversation's labels, the button that opens the editor (`l`), and the editor. */
export function renderLabelTools(labels: Labels, conversation: ConversationSummary) {
  const carried = (name: string) => conversation.labels.some((label) => sameLabel(label, name));
  return html`<span class="label-tools">
    ${renderLabelChips(labels, conversation.labels)}
    <button class="link-button label-toggle" type="button" aria-expanded=${labels.editorOpen ? 'true' : 'false'} aria-controls="label-editor"
      @click=${() => labels.toggleEditor()}>Labels</button>
    ${labels.editorOpen
      ? html`<div id="label-editor" class="label-editor" role="group" aria-label="Labels of this conversation" @keydown=${(event: KeyboardEvent) => onEditorKeydown(labels, event)}>
          ${labels.definitions.length
            ? labels.definitions.map(
                (label) => html`<label class="label-option">
                  <input type="checkbox" .checked=${carried(label.name)} @change=${(event: Event) => void labels.toggle(conversation, label.name, (event.target as HTMLInputElement).checked)} />
                  ${renderChip(label.name, label.color)}
                </label>`,
              )
            : html`<p class="label-none">No labels yet${labels.isAdmin ? '' : ': an admin defines them'}.</p>`}
          ${labels.isAdmin ? renderDefine(labels, conversation) : nothing}
        </div>`
      : nothing}
  </span>`;
}
