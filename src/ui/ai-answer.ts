import { css, html, nothing } from 'lit';
import type { Messages } from '../i18n/en.js';
import type { MessageSource } from '../protocol.js';

/*
 * What goes under a finished AI answer: what it was based on (its sources) and "Was this
 * helpful? Yes / No" (thanks once answered). A chunk of its own, fetched by the panel when an AI
 * answer is first shown: a conversation with the team alone never loads it.
 */

/** Only http(s) links leave the chat (a `javascript:` or `data:` URL from a model is shown as its title only). */
const webLink = (url: string | undefined) => (url && /^https?:\/\//i.test(url) ? url : undefined);

/** What the panel hands over for one answer. */
export interface AnswerView {
  t: Messages;
  sources: MessageSource[];
  /** What the visitor said: helpful, not, or nothing yet (undefined). */
  given: boolean | undefined;
  onFeedback(helpful: boolean): void;
}

export function renderAnswerFooter({ t, sources, given, onFeedback }: AnswerView) {
  return html`${sources.length
      ? html`<div part="sources" class="sources">
          <span class="label">${t.sources}</span>
          <ul>
            ${sources.map((source) => {
              const url = webLink(source.url);
              // Help articles get their own view later (§11); until then the slug's title is shown as text.
              return html`<li>${url ? html`<a href=${url} target="_blank" rel="noopener noreferrer">${source.title}</a>` : source.title}</li>`;
            })}
          </ul>
        </div>`
      : nothing}
    <div part="feedback" class="feedback">
      ${given === undefined
        ? html`<span>${t.helpfulQuestion}</span>
            <button type="button" @click=${() => onFeedback(true)}>${t.helpfulYes}</button>
            <button type="button" @click=${() => onFeedback(false)}>${t.helpfulNo}</button>`
        : html`<span role="status">${t.helpfulThanks}</span>`}
    </div>`;
}

export const answerStyles = css`
  .sources,
  .feedback {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 4px 8px;
    margin-top: 6px;
    font-size: 12px;
    color: var(--sc-muted);
  }
  .sources ul {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 8px;
    margin: 0;
    padding: 0;
  }
  .sources li {
    list-style: none;
  }
  .sources a {
    color: inherit;
  }
  .feedback button {
    padding: 2px 10px;
    border: 1px solid var(--sc-border-strong);
    border-radius: 999px;
  }
  .feedback button:hover {
    border-color: var(--sc-primary);
  }
`;
