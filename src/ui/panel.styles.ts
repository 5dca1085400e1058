import { css } from 'lit';
import { visuallyHiddenStyles } from './visually-hidden.styles.js';

/** What each shadow root inside the panel starts from: the panel's own and the conversations list's. */
export const baseStyles = css`
  * {
    box-sizing: border-box;
  }
  /* Every button here draws its own look: they all start from none. */
  button {
    font: inherit;
    color: inherit;
    background: none;
    border: none;
    padding: 0;
    cursor: pointer;
  }
  ${visuallyHiddenStyles}
`;

export const panelStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    position: relative;
    overflow: hidden;
    background: var(--sc-surface);
    color: var(--sc-text);
  }
  button:focus-visible,
  textarea:focus-visible,
  .messages:focus-visible {
    outline: 3px solid var(--sc-focus);
    outline-offset: 2px;
  }
  /* Parts that show and hide (the thread behind the list, the composer of a closed conversation) set their own display. */
  [hidden] {
    display: none !important;
  }
  .thread,
  .conversations {
    flex: 1;
    min-height: 0;
    display: flex;
    flex-direction: column;
  }

  .header {
    display: flex;
    align-items: center;
    gap: 12px;
    padding-block: 16px 14px;
    padding-inline: 20px 16px;
    background: var(--sc-header-bg, var(--sc-primary));
    color: var(--sc-on-header, var(--sc-on-primary));
  }
  .titles {
    flex: 1;
    min-width: 0;
  }
  h2 {
    margin: 0;
    font-size: 17px;
    font-weight: 600;
  }
  .subtitle {
    margin: 2px 0 0;
    font-size: 13px;
    display: flex;
    align-items: center;
    gap: 6px;
  }
  .dot {
    width: 8px;
    height: 8px;
    border-radius: 50%;
    background: #9ca3af;
    flex: none;
  }
  .dot.online {
    background: #22c55e;
  }
  .close,
  .send,
  .attach {
    width: 40px;
    height: 40px;
    border-radius: 10px;
    display: grid;
    place-items: center;
    flex: none;
  }
  .close {
    width: 36px;
    height: 36px;
    border-radius: 8px;
  }
  .close:hover {
    background: rgb(255 255 255 / 0.15);
  }
  .close svg,
  .attach svg {
    width: 20px;
    height: 20px;
  }

  .messages {
    flex: 1;
    overflow-y: auto;
    padding: 16px;
    display: flex;
    flex-direction: column;
    gap: 8px;
    overscroll-behavior: contain;
    background: linear-gradient(var(--sc-overlay), var(--sc-overlay)), var(--sc-bg-image, none) center / cover no-repeat;
    background-color: var(--sc-surface);
  }
  .message {
    max-width: 80%;
    padding: 8px 12px;
    border-radius: 14px;
    background: var(--sc-bubble);
    align-self: flex-start;
    overflow-wrap: anywhere;
  }
  .message .text {
    white-space: pre-wrap;
  }
  .message.visitor {
    align-self: flex-end;
    background: var(--sc-primary);
    color: var(--sc-on-primary);
  }
  /* What the server says (a handoff, a failure): a line, not a bubble. */
  .message.system {
    align-self: center;
    max-width: 90%;
    background: none;
    color: var(--sc-muted);
    font-size: 13px;
    text-align: center;
  }
  .author {
    display: flex;
    align-items: center;
    gap: 6px;
    font-size: 12px;
    font-weight: 600;
    color: var(--sc-muted);
    margin-bottom: 2px;
  }
  .author img {
    width: 18px;
    height: 18px;
    border-radius: 50%;
    object-fit: cover;
  }
  /* A picture on its own needs no bubble around it. */
  .message.media {
    padding: 0;
    background: none;
  }
  /* Pending bubbles keep full contrast; the status line says what is going on. */
  .message.pending {
    outline: 2px dashed var(--sc-accent);
    outline-offset: -2px;
  }
  .status {
    display: block;
    font-size: 12px;
    margin-top: 2px;
  }
  .status button {
    text-decoration: underline;
  }
  .faqs {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
  }
  .faq {
    font-size: 14px;
    padding: 6px 12px;
    border-radius: 999px;
    border: 1px solid var(--sc-primary);
    background: var(--sc-surface);
    color: var(--sc-text);
  }
  .faq:hover {
    background: var(--sc-bubble);
  }
  .away {
    padding: 10px 16px;
    border-top: 1px solid var(--sc-border);
    font-size: 14px;
  }
  .away p {
    margin: 0 0 8px;
  }
  .away .email {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
  }
  .away input,
  textarea {
    flex: 1;
    font: inherit;
    /* 16px keeps iOS from zooming into the field. */
    font-size: 16px;
    border: 1px solid var(--sc-border-strong);
    color: inherit;
    background: var(--sc-surface);
  }
  .away input {
    min-width: 0;
    padding: 7px 10px;
    border-radius: 8px;
  }
  .away button {
    border-radius: 8px;
    padding: 7px 12px;
  }
  .away button,
  .send {
    background: var(--sc-primary);
    color: var(--sc-on-primary);
  }
  .away .error {
    flex-basis: 100%;
    margin: 0;
    color: light-dark(#b42318, #ff9b8f);
  }
  .greeting,
  .notice {
    color: var(--sc-muted);
    font-size: 14px;
    margin: 0;
  }
  .notice {
    padding: 6px 16px;
    border-top: 1px solid var(--sc-border);
  }

  .composer {
    display: flex;
    align-items: flex-end;
    gap: 8px;
    padding: 10px 12px;
    border-top: 1px solid var(--sc-border);
  }
  textarea {
    resize: none;
    border-radius: 10px;
    padding: 9px 12px;
    max-height: 120px;
  }
  textarea::placeholder {
    color: var(--sc-muted);
  }
  .send:hover {
    background: var(--sc-accent);
  }
  .send svg {
    width: 18px;
    height: 18px;
  }
  :host(:dir(rtl)) .send svg {
    transform: scaleX(-1);
  }

  .attach {
    color: var(--sc-muted);
  }
  .attach:hover {
    color: var(--sc-text);
    background: var(--sc-bubble);
  }
  .message.visitor .file {
    border-color: currentColor;
  }
`;
