import { css, html, nothing, type TemplateResult } from 'lit';
import { newClientId, type Block, type BlockLink, type BlockOption, type ChatMessage } from '../protocol.js';

/*
 * Interactive messages in the inbox: what an agent, a bot or an AI agent offered (a compact,
 * read-only copy of its blocks, the visitor's choice marked), which block a visitor's message
 * answers, and the composer's "Add choices" (one line per option, sent as quick replies or
 * buttons). Everything renders as text.
 */

const KIND: Record<Block['type'], string> = { quick_replies: 'Quick replies', buttons: 'Buttons', card: 'Card', form: 'Form' };

/** The visitors' answers in a thread, by block id. */
export function answersIn(thread: readonly ChatMessage[]): Map<string, string> {
  const answers = new Map<string, string>();
  for (const message of thread) if (message.replyTo) answers.set(message.replyTo.blockId, message.replyTo.value);
  return answers;
}

function renderChoices(choices: ReadonlyArray<BlockOption | BlockLink>, chosen: string | undefined) {
  return html`<ul class="choices">
    ${choices.map((choice) =>
      'url' in choice && choice.url
        ? html`<li class="choice link">${choice.label} <span class="meta">→ ${choice.url}</span></li>`
        : html`<li class="choice ${chosen === (choice as BlockOption).value ? 'chosen' : ''}">
            ${chosen === (choice as BlockOption).value ? html`<span aria-hidden="true">✓ </span><span class="visually-hidden">Chosen: </span>` : nothing}${choice.label}
          </li>`,
    )}
  </ul>`;
}

function renderBlock(block: Block, chosen: string | undefined) {
  const body =
    block.type === 'quick_replies'
      ? renderChoices(block.options, chosen)
      : block.type === 'buttons'
        ? renderChoices(block.buttons, chosen)
        : block.type === 'card'
          ? html`<strong>${block.title}</strong>${block.text ? html`<span>${block.text}</span>` : nothing}${block.buttons?.length ? renderChoices(block.buttons, chosen) : nothing}`
          : html`<span>${block.fields.map((field) => `${field.label}${field.required ? ' *' : ''}`).join(' · ')}</span>
              <span class="meta">${chosen === undefined ? 'Not answered yet' : 'Answered'}</span>`;
  return html`<div class="offered-block" role="group" aria-label="Offered ${KIND[block.type].toLowerCase()}">
    <span class="meta">${KIND[block.type]}</span>${body}
  </div>`;
}

/** Under a team message: what it offered, read-only, with the visitor's choice marked. */
export function renderOffered(message: ChatMessage, answers: ReadonlyMap<string, string>): TemplateResult | typeof nothing {
  if (!message.blocks?.length) return nothing;
  return html`<div class="offered">${message.blocks.map((block) => renderBlock(block, answers.get(block.id)))}</div>`;
}

/** On a visitor's message: which block it answers ("Answer to quick replies: …" with the offering message's text). */
export function renderAnswered(message: ChatMessage, thread: readonly ChatMessage[]): TemplateResult | typeof nothing {
  const reply = message.replyTo;
  if (!reply) return nothing;
  const offer = [...thread].reverse().find((candidate) => candidate.seq < message.seq && candidate.blocks?.some((block) => block.id === reply.blockId));
  const block = offer?.blocks?.find((candidate) => candidate.id === reply.blockId);
  const what = block ? KIND[block.type].toLowerCase() : 'a block';
  return html`<span class="meta answer-to">↳ ${offer?.text ? `Answer to ${what} on “${offer.text}”` : `Answer to ${what}`}</span>`;
}

/** The composer's choices as a block, or undefined when none were written (or "Add choices" is off). */
export function choicesFrom(form: HTMLFormElement): Block[] | undefined {
  const data = new FormData(form);
  if (!data.get('add-choices')) return undefined;
  const labels = [...new Set(String(data.get('choices') ?? '').split('\n').map((line) => line.trim()).filter(Boolean))].slice(0, 10);
  if (!labels.length) return undefined;
  const id = `choices-${newClientId()}`.slice(0, 64);
  const options = labels.map((label) => ({ label: label.slice(0, 80), value: label.slice(0, 200) }));
  return data.get('choice-kind') === 'buttons' ? [{ type: 'buttons', id, buttons: options.slice(0, 5) }] : [{ type: 'quick_replies', id, options }];
}

/** The composer's "Add choices": a toggle, then one line per option and their kind. */
export function renderChoicesComposer(open: boolean, onToggle: (open: boolean) => void): TemplateResult {
  return html`<div class="add-choices">
    <label><input type="checkbox" name="add-choices" .checked=${open} @change=${(event: Event) => onToggle((event.target as HTMLInputElement).checked)} /> Add choices</label>
    ${open
      ? html`<label class="choice-lines">Choices, one per line<textarea name="choices" rows="3" maxlength="2000"></textarea></label>
          <label>Shown as
            <select name="choice-kind">
              <option value="quick_replies">Quick replies (gone once answered)</option>
              <option value="buttons">Buttons (up to 5)</option>
            </select>
          </label>`
      : nothing}
  </div>`;
}

export const messageBlocksStyles = css`
  .reply {
    flex-wrap: wrap;
  }
  .offered {
    display: flex;
    flex-direction: column;
    gap: 4px;
    margin-top: 4px;
  }
  .offered-block {
    display: flex;
    flex-direction: column;
    gap: 2px;
    padding: 6px 8px;
    border: 1px dashed currentColor;
    border-radius: 8px;
  }
  .choices {
    display: flex;
    flex-wrap: wrap;
    gap: 4px;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .choice {
    padding: 1px 8px;
    border: 1px solid currentColor;
    border-radius: 999px;
  }
  .choice.chosen {
    font-weight: 600;
  }
  .add-choices {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    align-items: center;
    font-size: 13px;
  }
  .add-choices label {
    display: inline-flex;
    flex-direction: row;
    align-items: center;
    gap: 4px;
  }
  .add-choices input[type='checkbox'] {
    margin: 0;
  }
  .add-choices .choice-lines {
    flex-direction: column;
    align-items: stretch;
    flex: 1 1 100%;
  }
`;
