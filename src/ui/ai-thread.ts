import { css, html } from 'lit';
import type { StreamingMessage } from '../client/chat-client.js';
import type { Messages } from '../i18n/en.js';

/*
 * What an AI agent adds to every thread it answers, drawn with the panel: the answer being
 * written (its text so far, as text) and the "Talk to a person" button. What goes under a
 * finished answer (its sources, helpful yes/no) is a chunk of its own (ai-answer.ts).
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

export const aiThreadStyles = css`
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
  .message.system {
    align-self: center;
    max-width: 90%;
    background: none;
    color: var(--sc-muted);
    font-size: 13px;
    text-align: center;
  }
  /* A suggestion chip's look, under the log. */
  .handoff {
    align-self: center;
    margin-bottom: 8px;
  }
`;
