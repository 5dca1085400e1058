import { cannedStyles } from './canned.styles.js';
import { labelStyles } from './labels.styles.js';

/** The canned reply picker's and the labels' styles, as one entry of `<support-inbox>`'s styles. */
export const deskCannedLabelStyles = [cannedStyles, labelStyles];
