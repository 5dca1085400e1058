import { css, html } from 'lit';
import type { Messages } from '../i18n/en.js';

/** Where the bubble sits: beside the launcher, on the side the launcher is. */
export const bubbleStyles = css`
  .proactive {
    position: fixed;
    z-index: var(--sc-z);
    max-width: min(300px, calc(100vw - 2 * var(--sc-offset-x)));
    display: flex;
    align-items: flex-start;
    gap: 4px;
    padding: 10px 6px 10px 14px;
    border-radius: 14px;
    background: var(--sc-surface);
    color: var(--sc-text);
    border: 1px solid var(--sc-border);
    box-shadow: 0 6px 24px rgb(0 0 0 / 0.18);
  }
  .pos-bottom-right .proactive { inset: auto var(--sc-offset-x) calc(var(--sc-offset-y) + var(--sc-button-size) + 12px) auto; }
  .pos-bottom-left .proactive { inset: auto auto calc(var(--sc-offset-y) + var(--sc-button-size) + 12px) var(--sc-offset-x); }
  .pos-top-right .proactive { inset: calc(var(--sc-offset-y) + var(--sc-button-size) + 12px) var(--sc-offset-x) auto auto; }
  .pos-top-left .proactive { inset: calc(var(--sc-offset-y) + var(--sc-button-size) + 12px) auto auto var(--sc-offset-x); }
  .proactive-message {
    all: unset;
    cursor: pointer;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    unicode-bidi: plaintext;
  }
  .proactive-dismiss {
    all: unset;
    cursor: pointer;
    flex: none;
    width: 24px;
    height: 24px;
    line-height: 24px;
    text-align: center;
    border-radius: 50%;
    color: var(--sc-muted);
  }
  .proactive-message:focus-visible,
  .proactive-dismiss:focus-visible {
    outline: 2px solid var(--sc-focus);
    outline-offset: 2px;
  }
`;

export interface BubbleView {
  message: string;
  strings: Messages;
  onOpen: () => void;
  onDismiss: () => void;
}

/** The trigger's message by the launcher, as text: a button that opens the chat, and one that dismisses it. */
export function renderBubble({ message, strings, onOpen, onDismiss }: BubbleView) {
  return html`<div part="proactive" class="proactive" role="status" aria-label=${strings.proactiveLabel}>
    <button class="proactive-message" type="button" @click=${onOpen}>${message}</button>
    <button class="proactive-dismiss" type="button" aria-label=${strings.proactiveDismiss} @click=${onDismiss}>✕</button>
  </div>`;
}
