import { css } from 'lit';

/** Label chips, the list's label filter and the label editor (part of `<support-inbox>`'s styles). */
export const labelStyles = css`
  .label-chips {
    display: inline-flex;
    flex-wrap: wrap;
    gap: 4px;
  }
  .label-chip {
    display: inline-block;
    font-size: 12px;
    font-weight: 600;
    line-height: 18px;
    padding: 0 8px;
    border-radius: 999px;
    background: var(--label-color, #f0f2f5);
    color: var(--label-ink, #1f2329);
    max-width: 16ch;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .label-filter {
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 8px;
    font-size: 13px;
    border-bottom: 1px solid #e6e8eb;
  }
  .label-filter select {
    flex: 1;
    font: inherit;
    padding: 4px 6px;
    border: 1px solid #c4c9d0;
    border-radius: 6px;
    background: #fff;
  }
  .label-tools {
    position: relative;
    display: inline-flex;
    align-items: center;
    gap: 8px;
  }
  .label-editor {
    position: absolute;
    top: calc(100% + 6px);
    right: 0;
    z-index: 3;
    min-width: 240px;
    display: grid;
    gap: 2px;
    padding: 8px;
    background: #fff;
    border: 1px solid #c4c9d0;
    border-radius: 10px;
    box-shadow: 0 10px 30px rgb(15 23 42 / 0.16);
  }
  .label-option {
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 4px 6px;
    border-radius: 6px;
  }
  .label-option:hover {
    background: #f6f7f9;
  }
  .label-option .label-chip {
    max-width: none;
  }
  .label-none {
    margin: 4px 6px;
    font-size: 13px;
    color: #3f4650;
  }
  .label-define {
    display: flex;
    gap: 6px;
    padding-top: 8px;
    margin-top: 4px;
    border-top: 1px solid #e6e8eb;
  }
  .label-define input {
    flex: 1;
    min-width: 0;
    padding: 4px 8px;
    font-size: 13px;
  }
  .label-define select,
  .label-define button {
    font: inherit;
    font-size: 13px;
    padding: 4px 6px;
    border: 1px solid #c4c9d0;
    border-radius: 6px;
    background: #fff;
  }
`;
