import { css } from 'lit';
import { inboxHostStyles } from './inbox-host.styles.js';

export const styles = css`
  ${inboxHostStyles}
  /* The layout follows the room the inbox gives this screen, not the viewport. */
  .settings {
    container: settings / inline-size;
    padding: 16px;
  }
  .bar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 12px;
    margin-bottom: 16px;
  }
  h2 {
    margin: 0;
    font-size: 20px;
  }
  h3 {
    margin: 0 0 4px;
    font-size: 17px;
  }
  /* Narrow: form, preview, FAQs in one column. Wide: the preview beside the form and the FAQs. */
  .columns {
    display: grid;
    gap: 24px;
    align-items: start;
  }
  @container settings (min-width: 1000px) {
    .columns {
      grid-template-columns: minmax(0, 1fr) minmax(340px, 420px);
      grid-template-areas: 'form preview' 'faqs preview';
    }
    .channel-form {
      grid-area: form;
    }
    .faqs {
      grid-area: faqs;
    }
    .preview {
      grid-area: preview;
      position: sticky;
      top: 16px;
    }
  }
  form {
    display: grid;
    gap: 16px;
    min-width: 0;
  }
  fieldset {
    margin: 0;
    padding: 12px 16px 16px;
    border: 1px solid #e6e8eb;
    border-radius: 10px;
    display: grid;
    gap: 12px;
    min-width: 0;
  }
  legend {
    font-weight: 600;
    padding: 0 4px;
  }
  label {
    display: grid;
    gap: 6px;
    font-size: 14px;
  }
  .pick {
    display: flex;
    align-items: center;
    gap: 8px;
  }
  input,
  textarea,
  select,
  button {
    font: inherit;
  }
  input:not([type='checkbox']):not([type='color']),
  textarea,
  select {
    padding: 8px 12px;
    border: 1px solid #c4c9d0;
    border-radius: 8px;
    width: 100%;
    min-width: 0;
  }
  .pick select {
    width: auto;
    max-width: 320px;
  }
  textarea {
    resize: vertical;
  }
  [aria-invalid='true'] {
    outline: 2px solid #b42318;
    outline-offset: 1px;
  }
  .color {
    display: flex;
    align-items: end;
    gap: 8px;
  }
  .color label {
    flex: 1;
  }
  input[type='color'] {
    width: 48px;
    height: 40px;
    padding: 2px;
    border: 1px solid #c4c9d0;
    border-radius: 8px;
    background: none;
  }
  .check {
    display: grid;
    grid-template-columns: auto 1fr;
    column-gap: 8px;
    align-items: center;
  }
  .check label {
    font-weight: 600;
  }
  .check .hint {
    grid-column: 2;
  }
  .hint,
  .empty {
    margin: 0;
    color: #5c6370;
    font-size: 13px;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 12px;
  }
  button {
    cursor: pointer;
    border: 1px solid #c4c9d0;
    border-radius: 8px;
    padding: 9px 16px;
    background: #fff;
    color: inherit;
  }
  .primary {
    background: var(--support-inbox-primary);
    border-color: var(--support-inbox-primary);
    color: #fff;
  }
  .link-button {
    border: none;
    padding: 4px;
    background: none;
    color: #1d4ed8;
    text-decoration: underline;
  }
  .status {
    margin: 0;
    font-size: 14px;
    color: #067647;
    overflow-wrap: anywhere;
  }
  .status.error {
    color: #b42318;
  }
  .faqs {
    display: grid;
    gap: 12px;
  }
  .faq-list {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 8px;
  }
  .faq-list li,
  .ai-agent-list > li,
  .article-list > li {
    display: flex;
    justify-content: space-between;
    align-items: start;
    gap: 12px;
    padding: 10px 12px;
    border: 1px solid #e6e8eb;
    border-radius: 10px;
  }
  .faq-list li > div {
    min-width: 0;
  }
  .question,
  .answer {
    margin: 0;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .question {
    font-weight: 600;
  }
  .answer {
    color: #3d434d;
    font-size: 14px;
  }
  .preview {
    display: grid;
    gap: 8px;
    min-width: 0;
  }
  /* The mock backend's demo questions, not this channel's: they would only mislead here. */
  .preview support-chat::part(faq) {
    display: none;
  }
`;
