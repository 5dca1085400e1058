import { css, html, nothing } from 'lit';
import type { StreamingMessage } from '../client/chat-client.js';
import type { Messages } from '../i18n/en.js';
import type { MessageSource } from '../protocol.js';

/*
 * What an AI agent adds to the panel: the answer being written (its text so far, as text), the
 * "Talk to a person" button, and under a finished answer what it was based on (its sources) and
 * "Was this helpful? Yes / No" (thanks once answered). A chunk of its own, fetched by the panel
 * as soon as the channel has an AI agent (before its first answer): a channel whose team alone
 * answers never loads it.
 */

/**
 * An answer still being written. The log is `aria-busy` meanwhile, so a screen reader does not
 * read it word by word: the finished message, which replaces this bubble, is announced once.
 */
export const renderStreaming = (stream: StreamingMessage, name: string) =>
  html`<div part="message" class="message bot streaming" data-message-id=${stream.messageId}>
    <span class="author">${name}</span>
    <span class="text" dir="auto">${stream.text}</span>
  </div>`;

/** Asks for a person (shown while an AI agent handles the conversation and the channel lets the visitor ask). */
export const renderHandoff = (t: Messages, onHandoff: () => void) =>
  html`<button part="handoff" class="faq handoff" type="button" @click=${onHandoff}>${t.talkToPerson}</button>`;

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

export const aiStyles = css`
  /* A caret drawn in CSS: a character here would be escaped by the minifier into what a template literal cannot hold. */
  .message.streaming .text::after {
    content: '';
    display: inline-block;
    width: 0.45em;
    height: 1em;
    margin-inline-start: 2px;
    vertical-align: text-bottom;
    background: currentColor;
    opacity: 0.4;
  }
  /* A suggestion chip's look, under the log. */
  .handoff {
    align-self: center;
    margin-bottom: 8px;
  }
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
