import { css } from 'lit';
import { visuallyHiddenStyles } from '../ui/visually-hidden.styles.js';

/**
 * What every inbox screen's shadow root starts from (the inbox, the settings, the reports): the
 * accent, the type and the text colour, border-box sizing and `.visually-hidden`.
 */
export const inboxHostStyles = css`
  :host {
    --support-inbox-primary: #2f54eb;
    display: block;
    font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
    font-size: 15px;
    color: #1f2329;
  }
  * {
    box-sizing: border-box;
  }
  ${visuallyHiddenStyles}
`;
