import { css } from 'lit';
import { inboxHostStyles } from './inbox-host.styles.js';

export const styles = css`
  ${inboxHostStyles}
  :host {
    height: 100%;
  }
  button {
    font: inherit;
    cursor: pointer;
  }
  .login {
    max-width: 360px;
    margin: 12vh auto;
    padding: 28px;
    border: 1px solid #e6e8eb;
    border-radius: 14px;
    display: grid;
    gap: 14px;
  }
  .login h1 {
    margin: 0;
    font-size: 22px;
  }
  label {
    display: grid;
    gap: 6px;
    font-size: 14px;
  }
  input,
  textarea {
    font: inherit;
    padding: 9px 12px;
    border: 1px solid #c4c9d0;
    border-radius: 8px;
  }
  .primary {
    background: var(--support-inbox-primary);
    color: #fff;
    border: none;
    border-radius: 8px;
    padding: 10px 16px;
  }
  .error {
    color: #b42318;
    margin: 0;
  }
  /* Three columns on a laptop (list, thread, visitor); the visitor panel moves under the thread on narrower screens. */
  .layout {
    display: grid;
    grid-template-columns: 300px minmax(0, 1fr) 280px;
    grid-template-rows: auto minmax(0, 1fr);
    height: 100%;
    min-height: 480px;
  }
  .layout > main.screen {
    grid-column: 2 / -1;
    overflow-y: auto;
  }
  @media (max-width: 1099px) {
    .layout {
      grid-template-columns: 260px minmax(0, 1fr);
      grid-template-rows: auto minmax(0, 1fr) auto;
    }
    .visitor-panel {
      grid-column: 2;
      max-height: 40vh;
      border-left: none;
      border-top: 1px solid #e6e8eb;
    }
  }
  nav {
    display: flex;
    flex-direction: column;
    min-height: 0;
    border-right: 1px solid #e6e8eb;
  }
  .filters {
    display: flex;
    gap: 4px;
    padding: 8px;
    border-bottom: 1px solid #e6e8eb;
  }
  .filters button {
    flex: 1;
    border: 1px solid #c4c9d0;
    background: #fff;
    border-radius: 6px;
    padding: 5px 4px;
    font-size: 13px;
  }
  .filters button[aria-pressed='true'] {
    background: #1f2329;
    border-color: #1f2329;
    color: #fff;
  }
  .tools {
    display: flex;
    gap: 12px;
  }
  .link-button[aria-pressed='true'] {
    font-weight: 700;
  }
  button:focus-visible,
  select:focus-visible,
  a:focus-visible,
  .messages:focus-visible {
    outline: 3px solid #1d4ed8;
    outline-offset: 2px;
  }
  .list .meta {
    font-size: 12px;
    color: #5c6370;
  }
  .assign {
    display: flex;
    flex-direction: row;
    align-items: center;
    gap: 6px;
  }
  select {
    font: inherit;
    padding: 4px 8px;
    border-radius: 6px;
    border: 1px solid #c4c9d0;
    background: #fff;
  }
  dialog.shortcuts {
    border: none;
    border-radius: 12px;
    padding: 20px 24px;
    max-width: 420px;
  }
  dialog.shortcuts::backdrop {
    background: rgb(0 0 0 / 0.4);
  }
  dialog.shortcuts h2 {
    margin: 0 0 12px;
    font-size: 18px;
  }
  dialog.shortcuts dl {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 6px 14px;
    margin: 0 0 16px;
  }
  dialog.shortcuts dd {
    margin: 0;
  }
  kbd {
    font-family: ui-monospace, monospace;
    background: #f0f2f5;
    border: 1px solid #c4c9d0;
    border-radius: 4px;
    padding: 0 5px;
  }
  .topbar {
    grid-column: 1 / -1;
    display: flex;
    align-items: center;
    justify-content: space-between;
    padding: 10px 16px;
    border-bottom: 1px solid #e6e8eb;
  }
  .topbar h1 {
    font-size: 17px;
    margin: 0;
  }
  .link-button {
    background: none;
    border: none;
    color: #1d4ed8;
    text-decoration: underline;
  }
  .list {
    flex: 1;
    overflow-y: auto;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .list button {
    width: 100%;
    text-align: start;
    background: none;
    border: none;
    border-bottom: 1px solid #f0f2f5;
    padding: 12px 16px;
    display: grid;
    gap: 2px;
  }
  .list button[aria-current='true'] {
    background: #eef2ff;
  }
  .list .who {
    font-weight: 600;
  }
  .list .subject {
    font-size: 14px;
    overflow-wrap: anywhere;
  }
  .list .preview {
    color: #5c6370;
    font-size: 14px;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .unread {
    font-size: 12px;
    color: #fff;
    background: #b42318;
    border-radius: 999px;
    padding: 0 7px;
    justify-self: start;
  }
  .conversation {
    display: flex;
    flex-direction: column;
    min-height: 0;
  }
  .messages {
    flex: 1;
    overflow-y: auto;
    padding: 16px;
    display: flex;
    flex-direction: column;
    gap: 8px;
  }
  .message {
    max-width: 70%;
    padding: 8px 12px;
    border-radius: 12px;
    background: #f0f2f5;
    align-self: flex-start;
    overflow-wrap: anywhere;
  }
  .message .text {
    white-space: pre-wrap;
  }
  .message.agent,
  .message.bot {
    align-self: flex-end;
    background: var(--support-inbox-primary);
    color: #fff;
  }
  .message .meta {
    display: block;
    font-size: 12px;
    font-weight: 600;
  }
  .reply {
    display: flex;
    gap: 8px;
    padding: 12px 16px;
    border-top: 1px solid #e6e8eb;
  }
  .reply textarea {
    flex: 1;
    resize: vertical;
  }
  .thread-bar {
    display: flex;
    justify-content: space-between;
    align-items: center;
    padding: 8px 16px;
    border-bottom: 1px solid #e6e8eb;
    font-size: 14px;
    color: #5c6370;
  }
  .reply-notice {
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 0 16px;
  }
  .reply-notice p {
    margin: 0;
    color: #8a4b00;
    font-size: 14px;
  }
  .reply-notice p:not(:empty) {
    padding-top: 4px;
  }
  .typing {
    margin: 0;
    padding: 4px 16px;
    color: #5c6370;
    font-size: 14px;
  }
  .empty {
    color: #5c6370;
    padding: 24px;
  }
  .attach-file {
    position: relative;
    align-self: center;
    cursor: pointer;
    text-decoration: underline;
  }
  .attach-file input {
    position: absolute;
    inset: 0;
    opacity: 0;
    cursor: pointer;
    width: 100%;
  }
  .attach-file:focus-within {
    outline: 3px solid #1d4ed8;
    outline-offset: 2px;
  }
  .uploading {
    display: flex;
    align-items: center;
    gap: 8px;
    margin: 4px 16px;
  }
`;
