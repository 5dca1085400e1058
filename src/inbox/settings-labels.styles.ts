import { css } from 'lit';
import { labelStyles } from './labels.styles.js';

/** The settings screen's labels section (with the inbox's chips). */
export const labelSettingsStyles = [
  labelStyles,
  css`
    .label-settings {
      display: grid;
      gap: 12px;
      margin-top: 24px;
      max-width: 720px;
    }
    .label-list {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 8px;
    }
    .label-row {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 10px;
      padding: 8px 12px;
      border: 1px solid #e6e8eb;
      border-radius: 10px;
    }
    .label-row .label-chip {
      flex: 0 0 9rem;
      max-width: 9rem;
      text-align: center;
    }
    .label-row input[name='name'] {
      flex: 1;
      min-width: 10ch;
    }
    .label-row input[type='color'] {
      width: 44px;
      height: 36px;
      padding: 2px;
    }
    .label-new {
      border-style: dashed;
      align-items: end;
    }
    .label-new label {
      flex: 1;
    }
  `,
];
