import { css } from 'lit';

/** The pre-chat form editor of the settings screen (under the channel form, beside the preview); the proactive messages editor looks the same. */
export const preChatStyles = css`
  .pre-chat,
  .proactive-settings {
    display: grid;
    gap: 12px;
    grid-column: 1;
    min-width: 0;
  }
  .pre-chat-fields,
  .proactive-triggers {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 12px;
  }
  .pre-chat select,
  .proactive-settings select {
    background: #fff;
  }
  .pair {
    display: grid;
    gap: 12px;
  }
  @container settings (min-width: 560px) {
    .pre-chat select {
    background: #fff;
  }
  .pair {
      grid-template-columns: 1fr 1fr;
    }
  }
  .field-actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px;
  }
  .field-actions button {
    padding: 5px 12px;
  }
  .field-actions .link-button {
    margin-inline-start: auto;
    color: #b42318;
  }
  button:disabled {
    cursor: default;
    opacity: 0.5;
  }
`;
