import { css, html, nothing, type TemplateResult } from 'lit';
import { format, type Messages } from '../i18n/en.js';
import type { Block, BlockLink, BlockOption, BlockReply, CardBlock, ChatMessage, FormBlock, FormBlockField } from '../protocol.js';
import type { PendingMessage } from '../client/chat-client.js';

/*
 * Interactive messages (DESIGN.md §10): quick replies, buttons, cards and forms an agent, a bot
 * or an AI agent offers, drawn under their message. A lazy chunk: the panel loads it the first
 * time a message with blocks shows, so a plain chat never fetches it. Everything here is Lit
 * text bindings (labels from a model or an agent are text, never HTML), and a URL is used only
 * when it is http(s), whatever the server let through.
 */

/** The visitor's answer to a block: `text` is what shows while it is sent (the chosen label, a form's summary). */
export interface BlockAnswer {
  text: string;
  replyTo: BlockReply;
}

/** What the panel keeps for its blocks between renders: answers sent from this page, a form's problems. */
export class BlocksState {
  /**
   * Blocks answered since the last render, so a second tap before the answer shows sends nothing;
   * from the next render on, the answer on its way (or stored) says so, and an answer the server
   * refused (dropped from the outbox) leaves the block answerable again.
   */
  readonly sent = new Set<string>();
  /** A form's fields at fault (field name → message), by block id. */
  readonly problems = new Map<string, Record<string, string>>();
}

/** What every block of one render needs: built once per render by the panel. */
export interface BlocksView {
  strings: Messages;
  state: BlocksState;
  /** Answers in the conversation (stored or on their way), by block id → value. */
  answers: ReadonlyMap<string, string>;
  /** The newest visitor message's `seq` (stored); quick replies of earlier messages are gone. */
  lastVisitorSeq: number;
  /** Whether the visitor has a message on its way (quick replies go then too). */
  visitorPending: boolean;
  onAnswer(answer: BlockAnswer): void;
  /** The form's problems changed: draw again. */
  refresh(): void;
}

/** What every block of one render needs, from the panel's view: the answers so far (stored and pending), the newest visitor message. */
export function blocksView(
  { messages, pending, strings }: { messages: readonly ChatMessage[]; pending: readonly PendingMessage[]; strings: Messages },
  state: BlocksState,
  onAnswer: BlocksView['onAnswer'],
  refresh: () => void,
): BlocksView {
  state.sent.clear();
  const answers = new Map<string, string>();
  let lastVisitorSeq = 0;
  for (const message of [...messages, ...pending]) if (message.replyTo) answers.set(message.replyTo.blockId, message.replyTo.value);
  for (const message of messages) if (message.from === 'visitor') lastVisitorSeq = message.seq;
  return { strings, state, answers, lastVisitorSeq, visitorPending: pending.length > 0, onAnswer, refresh };
}

const web = (url: string | undefined): url is string => !!url && /^https?:\/\//i.test(url);
const isLink = (button: BlockOption | BlockLink): button is BlockLink => 'url' in button && !('value' in button && button.value !== undefined);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Sends an answer once: a second tap (or a double click) before it shows does nothing. */
function answer(view: BlocksView, blockId: string, value: string, text: string): void {
  if (view.state.sent.has(blockId) || view.answers.has(blockId)) return;
  view.state.sent.add(blockId);
  view.onAnswer({ text, replyTo: { blockId, value } });
}

/** A row of buttons: choices answer (the chosen one marked once answered), links open a new tab. */
function renderButtons(blockId: string, buttons: ReadonlyArray<BlockOption | BlockLink>, view: BlocksView) {
  const chosen = view.answers.get(blockId);
  const answered = chosen !== undefined || view.state.sent.has(blockId);
  return buttons.map((button) => {
    if (isLink(button)) {
      return web(button.url)
        ? html`<a part="block-link" class="block-button" href=${button.url} target="_blank" rel="noopener noreferrer" aria-label=${format(view.strings.blockLink, { label: button.label })}>${button.label} ↗</a>`
        : html`<span class="block-button" aria-disabled="true">${button.label}</span>`;
    }
    const picked = answered && chosen === button.value;
    return html`<button
      part="block-button"
      class="block-button ${picked ? 'chosen' : ''}"
      type="button"
      aria-pressed=${answered ? String(picked) : nothing}
      ?disabled=${answered}
      @click=${() => answer(view, blockId, button.value, button.label)}
    >${picked ? '✓ ' : ''}${button.label}</button>`;
  });
}

function renderCard(block: CardBlock, view: BlocksView, labelId: string) {
  return html`<div part="block-card" class="block card" role="group" aria-labelledby=${labelId}>
    ${web(block.imageUrl) ? html`<img src=${block.imageUrl} alt="" loading="lazy" referrerpolicy="no-referrer" />` : nothing}
    <strong id=${labelId} class="card-title">${block.title}</strong>
    ${block.text ? html`<p>${block.text}</p>` : nothing}
    ${block.buttons?.length ? html`<div class="row">${renderButtons(block.id, block.buttons, view)}</div>` : nothing}
  </div>`;
}

/** What is wrong with one answer ('' when nothing). */
function problemOf(field: FormBlockField, value: string, t: Messages): string {
  if (!value) return field.required ? t.preChatMissing : '';
  return field.type === 'email' && !EMAIL.test(value) ? t.blockEmail : '';
}

/** Checks the form; sends its answers (a JSON object) with a "Label: answer" summary, or shows what to fix. */
function submitForm(event: SubmitEvent, block: FormBlock, view: BlocksView): void {
  event.preventDefault();
  const form = event.currentTarget as HTMLFormElement;
  const data = new FormData(form);
  const answers: Record<string, string> = {};
  const problems: Record<string, string> = {};
  const summary: string[] = [];
  for (const field of block.fields) {
    const value = String(data.get(field.name) ?? '').trim();
    const problem = problemOf(field, value, view.strings);
    if (problem) problems[field.name] = problem;
    else if (value) {
      answers[field.name] = value;
      summary.push(`${field.label}: ${value}`);
    }
  }
  const first = block.fields.find((field) => problems[field.name]);
  if (first) {
    view.state.problems.set(block.id, problems);
    view.refresh();
    // After the redraw, so the field is described by its message when it takes the focus.
    requestAnimationFrame(() => (form.elements.namedItem(first.name) as HTMLElement | null)?.focus());
    return;
  }
  view.state.problems.delete(block.id);
  answer(view, block.id, JSON.stringify(answers), summary.join('\n'));
}

function renderField(field: FormBlockField, id: string, problem: string | undefined, t: Messages) {
  const described = problem ? `${id}-problem` : nothing;
  const common = { id, name: field.name };
  const control =
    field.type === 'textarea'
      ? html`<textarea id=${common.id} name=${common.name} rows="3" maxlength="1000" ?required=${field.required} aria-invalid=${problem ? 'true' : nothing} aria-describedby=${described}></textarea>`
      : field.type === 'select'
        ? html`<select id=${common.id} name=${common.name} ?required=${field.required} aria-invalid=${problem ? 'true' : nothing} aria-describedby=${described}>
            <option value="">${t.preChatChoose}</option>
            ${(field.options ?? []).map((option) => html`<option .value=${option}>${option}</option>`)}
          </select>`
        : html`<input
            id=${common.id}
            name=${common.name}
            type=${field.type === 'email' ? 'email' : 'text'}
            autocomplete=${field.type === 'email' ? 'email' : 'off'}
            maxlength="1000"
            ?required=${field.required}
            aria-invalid=${problem ? 'true' : nothing}
            aria-describedby=${described}
          />`;
  return html`<div class="field">
    <label for=${id}>${field.label}${field.required ? html`<span class="required" aria-hidden="true">*</span>` : nothing}</label>
    ${control}
    ${problem ? html`<p id="${id}-problem" class="problem">${problem}</p>` : nothing}
  </div>`;
}

function renderForm(block: FormBlock, view: BlocksView, prefix: string) {
  // Answered: the visitor's reply (the summary) shows in the log instead.
  if (view.answers.has(block.id) || view.state.sent.has(block.id)) return nothing;
  const problems = view.state.problems.get(block.id) ?? {};
  return html`<form part="block-form" class="block form" novalidate aria-label=${block.submitLabel} @submit=${(event: SubmitEvent) => submitForm(event, block, view)}>
    ${block.fields.map((field) => renderField(field, `${prefix}-${field.name}`, problems[field.name], view.strings))}
    <button part="block-submit" class="block-button submit" type="submit">${block.submitLabel}</button>
  </form>`;
}

function renderBlock(message: ChatMessage, block: Block, view: BlocksView): TemplateResult | typeof nothing {
  const prefix = `b-${message.id}-${block.id}`;
  switch (block.type) {
    case 'quick_replies': {
      // Gone once answered, or once the visitor wrote after them; the answer shows as their message.
      const stale = view.answers.has(block.id) || view.state.sent.has(block.id) || view.visitorPending || view.lastVisitorSeq > message.seq;
      return stale
        ? nothing
        : html`<div part="block-quick-replies" class="block row quick" role="group" aria-label=${view.strings.blockChoices}>
            ${block.options.map((option) => html`<button part="block-quick-reply" class="block-button" type="button" @click=${() => answer(view, block.id, option.value, option.label)}>${option.label}</button>`)}
          </div>`;
    }
    case 'buttons':
      return html`<div part="block-buttons" class="block row" role="group" aria-label=${view.strings.blockChoices}>${renderButtons(block.id, block.buttons, view)}</div>`;
    case 'card':
      return renderCard(block, view, `${prefix}-title`);
    case 'form':
      return renderForm(block, view, prefix);
    default:
      return nothing; // a kind this version does not know: its text says enough
  }
}

/** The blocks under a team message. */
export const renderBlocks = (message: ChatMessage, view: BlocksView): TemplateResult =>
  html`<div class="blocks">${(message.blocks ?? []).map((block) => renderBlock(message, block, view))}</div>`;

export const blocksStyles = css`
  .blocks {
    display: flex;
    flex-direction: column;
    gap: 8px;
    margin-top: 8px;
  }
  .blocks:empty {
    display: none;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
  }
  .block-button {
    font: inherit;
    font-size: 14px;
    padding: 6px 12px;
    border-radius: 999px;
    border: 1px solid var(--sc-primary);
    background: var(--sc-surface);
    color: var(--sc-text);
    text-decoration: none;
    cursor: pointer;
  }
  .block-button:hover:not(:disabled) {
    background: var(--sc-bubble);
  }
  .block-button:disabled {
    cursor: default;
    opacity: 0.6;
  }
  .block-button.chosen {
    opacity: 1;
    background: var(--sc-primary);
    color: var(--sc-on-primary);
  }
  .block-button.submit {
    align-self: flex-start;
    background: var(--sc-primary);
    color: var(--sc-on-primary);
  }
  .card,
  .form {
    display: flex;
    flex-direction: column;
    gap: 6px;
    padding: 10px;
    border: 1px solid var(--sc-border);
    border-radius: 12px;
    background: var(--sc-surface);
    color: var(--sc-text);
  }
  .card img {
    width: 100%;
    max-height: 160px;
    object-fit: cover;
    border-radius: 8px;
  }
  .card p {
    margin: 0;
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: 2px;
    font-size: 14px;
  }
  .field input,
  .field textarea,
  .field select {
    font: inherit;
    padding: 6px 8px;
    border: 1px solid var(--sc-border);
    border-radius: 8px;
    background: var(--sc-surface);
    color: var(--sc-text);
  }
  .field [aria-invalid='true'] {
    border-color: #c0262d;
  }
  .required {
    margin-inline-start: 0.25em;
  }
  .problem {
    margin: 0;
    font-size: 13px;
    color: light-dark(#b3261e, #ff8a80);
  }
`;
