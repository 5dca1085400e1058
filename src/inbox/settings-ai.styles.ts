import { css } from 'lit';

/** The AI parts of the settings screen: the channel's choice (beside the form) and the AI agents. */
export const aiStyles = css`
  .ai-channel {
    display: grid;
    gap: 12px;
    grid-column: 1;
    min-width: 0;
  }
  .ai-channel select,
  .ai-form select {
    background: #fff;
  }
  .ai-channel fieldset label.inline {
    font-size: 14px;
  }
  code {
    font-family: ui-monospace, SFMono-Regular, Menlo, monospace;
    font-size: 12px;
    color: #5c6370;
  }
  .ai-agents {
    display: grid;
    gap: 12px;
    margin-top: 24px;
    min-width: 0;
  }
  .ai-agent-list,
  .tool-list {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 8px;
  }
  .ai-agent-list > li {
    flex-wrap: wrap;
  }
  .ai-agent-list > li > div:first-child {
    min-width: 0;
  }
  .ai-agent-name {
    margin: 0;
    font-weight: 600;
  }
  .ai-agent-list .hint {
    overflow-wrap: anywhere;
  }
  .row-actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px;
  }
  .row-actions p {
    margin: 0;
    font-weight: 600;
  }
  .row-actions button {
    padding: 5px 12px;
  }
  .ai-form {
    padding: 12px 16px 16px;
    border: 1px solid #c4c9d0;
    border-radius: 12px;
    background: #fafbfc;
  }
  .ai-form fieldset {
    background: #fff;
  }
  .ai-form textarea.code {
    font-family: ui-monospace, SFMono-Regular, Menlo, monospace;
    font-size: 13px;
  }
  .api-key {
    display: grid;
    gap: 8px;
    padding: 10px 12px;
    border-radius: 8px;
    background: #f2f4f7;
  }
  .key-state {
    margin: 0;
    font-weight: 600;
  }
  .tool-list fieldset {
    border-style: dashed;
  }
  .tool-list .link-button {
    margin-inline-start: auto;
    color: #b42318;
  }
`;
