import { css } from 'lit';

export const styles = css`
  :host {
    --support-chat-primary: #2f54eb;
    --support-chat-on-primary: #ffffff;
    --support-chat-z-index: 2147483000;
    --support-chat-offset-x: 24px;
    --support-chat-offset-y: 24px;
    --support-chat-button-size: 56px;
    --support-chat-panel-width: 380px;
    --support-chat-panel-height: 580px;
    --support-chat-panel-radius: 16px;
    --support-chat-font: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
    --support-chat-surface: #ffffff;
    --support-chat-text: #1f2329;
    --support-chat-muted: #5c6370;
    --support-chat-bubble: #f0f2f5;
    display: contents;
  }

  * {
    box-sizing: border-box;
  }

  .root {
    font-family: var(--support-chat-font);
    font-size: 15px;
    line-height: 1.4;
    color: var(--support-chat-text);
  }

  .launcher {
    position: fixed;
    right: var(--support-chat-offset-x);
    bottom: var(--support-chat-offset-y);
    z-index: var(--support-chat-z-index);
    width: var(--support-chat-button-size);
    height: var(--support-chat-button-size);
    border: none;
    border-radius: 50%;
    background: var(--support-chat-primary);
    color: var(--support-chat-on-primary);
    box-shadow: 0 6px 20px rgb(0 0 0 / 0.2);
    cursor: pointer;
    display: grid;
    place-items: center;
    transition: transform 0.15s ease;
  }
  .launcher:hover {
    transform: scale(1.05);
  }
  .launcher:focus-visible,
  button:focus-visible,
  textarea:focus-visible {
    outline: 3px solid color-mix(in srgb, var(--support-chat-primary) 55%, white);
    outline-offset: 2px;
  }
  .launcher svg {
    width: 50%;
    height: 50%;
  }

  .panel {
    position: fixed;
    right: var(--support-chat-offset-x);
    bottom: calc(var(--support-chat-offset-y) + var(--support-chat-button-size) + 16px);
    z-index: var(--support-chat-z-index);
    width: var(--support-chat-panel-width);
    height: min(var(--support-chat-panel-height), calc(100vh - 120px));
    max-width: calc(100vw - 2 * var(--support-chat-offset-x));
    display: flex;
    flex-direction: column;
    background: var(--support-chat-surface);
    border-radius: var(--support-chat-panel-radius);
    box-shadow: 0 12px 48px rgb(0 0 0 / 0.22);
    overflow: hidden;
  }
  .panel[hidden] {
    display: none;
  }
  .mode-standalone .panel {
    inset: 0;
    width: 100%;
    height: 100dvh;
    max-width: none;
    border-radius: 0;
    box-shadow: none;
    padding: env(safe-area-inset-top) env(safe-area-inset-right) env(safe-area-inset-bottom) env(safe-area-inset-left);
  }

  .mode-inline .panel {
    position: relative;
    inset: auto;
    width: 100%;
    max-width: none;
    height: var(--support-chat-panel-height);
    z-index: auto;
  }

  .header {
    display: flex;
    align-items: center;
    gap: 12px;
    padding: 16px 16px 14px 20px;
    background: var(--support-chat-primary);
    color: var(--support-chat-on-primary);
  }
  .header .titles {
    flex: 1;
    min-width: 0;
  }
  .header h2 {
    margin: 0;
    font-size: 17px;
    font-weight: 600;
  }
  .header p {
    margin: 2px 0 0;
    font-size: 13px;
    opacity: 0.9;
  }
  .icon-button {
    border: none;
    background: transparent;
    color: inherit;
    width: 36px;
    height: 36px;
    border-radius: 8px;
    cursor: pointer;
    display: grid;
    place-items: center;
  }
  .icon-button:hover {
    background: rgb(255 255 255 / 0.15);
  }
  .icon-button svg {
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
  }
  .message {
    max-width: 80%;
    padding: 8px 12px;
    border-radius: 14px;
    background: var(--support-chat-bubble);
    align-self: flex-start;
    overflow-wrap: anywhere;
  }
  .message .text {
    white-space: pre-wrap;
  }
  .message.visitor {
    align-self: flex-end;
    background: var(--support-chat-primary);
    color: var(--support-chat-on-primary);
  }
  .message .author {
    display: block;
    font-size: 12px;
    font-weight: 600;
    color: var(--support-chat-muted);
    margin-bottom: 2px;
  }
  /* Pending bubbles keep full contrast; the status line says what is going on. */
  .message.pending {
    outline: 2px dashed color-mix(in srgb, var(--support-chat-primary) 45%, white);
    outline-offset: -2px;
  }
  .message .status {
    display: block;
    font-size: 12px;
    margin-top: 2px;
  }
  .message .status button {
    font: inherit;
    color: inherit;
    text-decoration: underline;
    background: none;
    border: none;
    padding: 0;
    cursor: pointer;
  }
  .greeting,
  .notice {
    color: var(--support-chat-muted);
    font-size: 14px;
  }
  .notice {
    padding: 6px 16px;
    border-top: 1px solid #e6e8eb;
  }

  .composer {
    display: flex;
    align-items: flex-end;
    gap: 8px;
    padding: 10px 12px;
    border-top: 1px solid #e6e8eb;
  }
  .composer textarea {
    flex: 1;
    resize: none;
    border: 1px solid #d0d4da;
    border-radius: 10px;
    padding: 9px 12px;
    font: inherit;
    font-size: 16px;
    max-height: 120px;
    color: inherit;
    background: var(--support-chat-surface);
  }
  .send {
    width: 40px;
    height: 40px;
    border: none;
    border-radius: 10px;
    background: var(--support-chat-primary);
    color: var(--support-chat-on-primary);
    cursor: pointer;
    display: grid;
    place-items: center;
  }
  .send svg {
    width: 18px;
    height: 18px;
  }

  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }

  @media (max-width: 640px) {
    .panel {
      inset: 0;
      width: 100%;
      max-width: none;
      height: 100dvh;
      border-radius: 0;
      padding: env(safe-area-inset-top) env(safe-area-inset-right) env(safe-area-inset-bottom) env(safe-area-inset-left);
    }
  }

  @media (prefers-reduced-motion: reduce) {
    .launcher {
      transition: none;
    }
  }
`;
