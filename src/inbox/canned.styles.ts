import { css } from 'lit';

/** The canned reply picker, drawn in the inbox's reply form (part of `<support-inbox>`'s styles). */
export const cannedStyles = css`
  form.reply {
    position: relative;
    flex-wrap: wrap;
  }
  .canned-listbox {
    position: absolute;
    left: 16px;
    bottom: calc(100% - 6px);
    width: min(520px, calc(100% - 32px));
    max-height: 320px;
    overflow-y: auto;
    margin: 0;
    padding: 6px;
    list-style: none;
    background: #fff;
    border: 1px solid #c4c9d0;
    border-radius: 10px;
    box-shadow: 0 10px 30px rgb(15 23 42 / 0.16);
    z-index: 2;
  }
  .canned-listbox li {
    display: grid;
    grid-template-columns: auto auto minmax(0, 1fr);
    align-items: baseline;
    gap: 8px;
    padding: 8px 10px;
    border-radius: 6px;
    cursor: pointer;
  }
  .canned-listbox li[aria-selected='true'] {
    background: #eef2ff;
    outline: 2px solid #1d4ed8;
    outline-offset: -2px;
  }
  .canned-shortcut {
    font-weight: 600;
    font-family: ui-monospace, SFMono-Regular, Menlo, monospace;
    font-size: 14px;
  }
  .canned-tag {
    font-size: 12px;
    color: #3f4650;
    background: #f0f2f5;
    border-radius: 999px;
    padding: 0 7px;
  }
  .canned-text {
    grid-column: 1 / -1;
    color: #3f4650;
    font-size: 14px;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .canned-none {
    color: #3f4650;
    font-size: 14px;
  }
  .canned-manage {
    font-size: 14px;
  }
`;

/** The canned reply manager's dialog (its own shadow root). */
export const cannedManagerStyles = css`
  :host {
    display: contents;
    font-size: 15px;
    color: #1f2329;
  }
  dialog {
    width: min(640px, calc(100vw - 32px));
    max-height: calc(100vh - 64px);
    border: 1px solid #e6e8eb;
    border-radius: 14px;
    padding: 20px 24px;
  }
  dialog::backdrop {
    background: rgb(15 23 42 / 0.35);
  }
  header {
    display: flex;
    justify-content: space-between;
    align-items: center;
  }
  h2 {
    font-size: 18px;
    margin: 0;
  }
  h3 {
    font-size: 15px;
    margin: 0;
  }
  .hint {
    color: #3f4650;
    font-size: 14px;
  }
  code,
  kbd {
    font-family: ui-monospace, SFMono-Regular, Menlo, monospace;
    font-size: 13px;
    background: #f0f2f5;
    border-radius: 4px;
    padding: 0 4px;
  }
  .replies {
    list-style: none;
    margin: 0 0 16px;
    padding: 0;
    border: 1px solid #e6e8eb;
    border-radius: 10px;
  }
  .replies li {
    display: grid;
    grid-template-columns: 11rem 5.5rem minmax(0, 1fr) auto;
    gap: 4px 10px;
    align-items: baseline;
    padding: 10px 12px;
    border-bottom: 1px solid #f0f2f5;
  }
  .replies li:last-child {
    border-bottom: none;
  }
  .shortcut {
    overflow-wrap: anywhere;
    font-weight: 600;
    font-family: ui-monospace, SFMono-Regular, Menlo, monospace;
    font-size: 14px;
  }
  .scope {
    justify-self: start;
    font-size: 12px;
    color: #3f4650;
    background: #f0f2f5;
    border-radius: 999px;
    padding: 0 7px;
  }
  .text {
    color: #3f4650;
    font-size: 14px;
    overflow-wrap: anywhere;
    white-space: pre-wrap;
    display: -webkit-box;
    -webkit-line-clamp: 2;
    -webkit-box-orient: vertical;
    overflow: hidden;
  }
  .actions {
    display: flex;
    gap: 8px;
  }
  form {
    display: grid;
    gap: 12px;
  }
  label {
    display: grid;
    gap: 6px;
    font-size: 14px;
  }
  label.check {
    display: flex;
    align-items: center;
    gap: 8px;
  }
  input:not([type='checkbox']),
  textarea {
    font: inherit;
    padding: 9px 12px;
    border: 1px solid #c4c9d0;
    border-radius: 8px;
  }
  button {
    font: inherit;
    cursor: pointer;
  }
  .primary {
    background: #2f54eb;
    color: #fff;
    border: none;
    border-radius: 8px;
    padding: 10px 16px;
  }
  .link-button {
    background: none;
    border: none;
    color: #1d4ed8;
    text-decoration: underline;
    padding: 0;
  }
  .danger {
    color: #b42318;
  }
  button:focus-visible,
  input:focus-visible,
  textarea:focus-visible {
    outline: 3px solid #1d4ed8;
    outline-offset: 2px;
  }
  .buttons {
    display: flex;
    justify-content: flex-end;
    align-items: center;
    gap: 16px;
  }
  .error {
    color: #b42318;
    margin: 0;
  }
  .status {
    margin: 0;
    color: #3f4650;
    font-size: 14px;
  }
  .status:empty {
    display: none;
  }
`;
