import { unsafeCSS } from 'lit';
import { shellCss } from './ui/shell-css.js';

/** The shell's styles (ui/shell-css.ts): a constant of this package, never page input. */
export const styles = unsafeCSS(shellCss);
