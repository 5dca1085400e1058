import { css } from 'lit';

/** The live visitors screen: a table in the inbox's colors, with a composer under the chosen row. */
export const liveVisitorsStyles = css`
  :host {
    display: block;
    padding: 20px 24px;
    color: #1f2329;
  }
  header {
    display: flex;
    align-items: baseline;
    gap: 12px;
    margin-bottom: 14px;
  }
  h2 {
    margin: 0;
    font-size: 20px;
  }
  .count {
    color: #5c6470;
    font-size: 14px;
  }
  .refresh {
    margin-left: auto;
  }
  button {
    font: inherit;
    cursor: pointer;
  }
  .secondary {
    white-space: nowrap;
    background: #fff;
    color: #1f2329;
    border: 1px solid #c4c9d0;
    border-radius: 8px;
    padding: 6px 12px;
    font-size: 14px;
  }
  .primary {
    background: var(--support-inbox-primary, #2f54eb);
    color: #fff;
    border: none;
    border-radius: 8px;
    padding: 8px 14px;
    font-size: 14px;
  }
  .primary[disabled] {
    opacity: 0.6;
    cursor: default;
  }
  button:focus-visible,
  textarea:focus-visible {
    outline: 2px solid var(--support-inbox-primary, #2f54eb);
    outline-offset: 2px;
  }
  table {
    width: 100%;
    border-collapse: collapse;
    font-size: 14px;
  }
  th {
    text-align: left;
    font-weight: 600;
    color: #5c6470;
    font-size: 13px;
    padding: 8px;
    border-bottom: 1px solid #e6e8eb;
  }
  td {
    padding: 12px 8px;
    border-bottom: 1px solid #eef0f2;
    vertical-align: top;
  }
  tr.chosen td {
    background: #eef2ff;
  }
  .name {
    font-weight: 600;
  }
  .visitor {
    min-width: 190px;
  }
  .sub {
    color: #5c6470;
    font-size: 13px;
    overflow-wrap: anywhere;
  }
  .title,
  .url {
    max-width: 300px;
  }
  .title {
    display: block;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    unicode-bidi: plaintext;
  }
  .url {
    display: block;
    color: #5c6470;
    font-size: 13px;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .time {
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
  .pill {
    display: inline-block;
    padding: 1px 8px;
    border-radius: 999px;
    font-size: 12px;
    font-weight: 600;
  }
  .pill.new {
    background: #e8f0ff;
    color: #1d39c4;
  }
  .pill.returning {
    background: #e3f6ea;
    color: #1a6b3c;
  }
  .composer-row td {
    background: #f7f8fa;
  }
  form {
    display: grid;
    gap: 8px;
    max-width: 560px;
  }
  label {
    font-size: 13px;
    font-weight: 600;
  }
  textarea {
    font: inherit;
    padding: 9px 12px;
    border: 1px solid #c4c9d0;
    border-radius: 8px;
    resize: vertical;
    min-height: 64px;
  }
  .actions {
    display: flex;
    gap: 8px;
  }
  .error {
    color: #b42318;
    margin: 0;
  }
  .empty {
    color: #5c6470;
    padding: 24px 0;
  }
`;
