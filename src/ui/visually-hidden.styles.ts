import { css } from 'lit';

/** `.visually-hidden`: text a screen reader reads and the eye does not see (the widget's and the inbox's shadow roots). */
export const visuallyHiddenStyles = css`
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
