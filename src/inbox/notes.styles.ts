import { css } from 'lit';

/**
 * Private notes in the inbox: a note is set apart from every message the visitor sees (amber,
 * a dashed edge, across the thread's middle), and the composer turns amber in note mode.
 * Colors keep WCAG AA contrast on their backgrounds.
 */
export const noteStyles = css`
  .message.note {
    align-self: center;
    max-width: 80%;
    background: #fff8e1;
    border: 1px dashed #d4a72c;
    color: #3d2f00;
  }
  .note-tag {
    font-weight: 500;
    color: #7a5800;
    margin-inline-start: 6px;
  }
  /* Its parts are the reply form's own items: the toggle comes first, the note field takes the room. */
  .note-tools {
    display: contents;
  }
  .compose-mode {
    order: -1;
    display: flex;
    align-self: flex-start;
    border: 1px solid #c4c9d0;
    border-radius: 8px;
    overflow: hidden;
  }
  .compose-mode button {
    border: none;
    background: #fff;
    color: #5c6370;
    padding: 8px 12px;
  }
  .compose-mode button[aria-pressed='true'] {
    background: #eef2ff;
    color: #1d39c4;
    font-weight: 600;
  }
  .note-tools.composing .compose-mode button[aria-pressed='true'] {
    background: #fff1c2;
    color: #5c4400;
  }
  /* In note mode the reply's own field, files, choices and send give way to the note's. */
  form.reply:has(> .note-tools.composing) > :not(.note-tools) {
    display: none;
  }
  .note-input {
    flex: 1;
    resize: vertical;
    background: #fffbeb;
    border-color: #d4a72c;
  }
  .note-send {
    background: #8a6100;
    color: #fff;
    border: none;
    border-radius: 8px;
    padding: 10px 16px;
    align-self: flex-start;
  }
  .note-send:disabled {
    opacity: 0.6;
  }
  .mention-mark {
    font-size: 12px;
    color: #5c4400;
    background: #fff1c2;
    border-radius: 999px;
    padding: 0 7px;
    justify-self: start;
  }
`;
