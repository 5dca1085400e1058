import { svg, type SVGTemplateResult } from 'lit';
import { ICON_ATTRIBUTES, LAUNCHER_ICONS } from './launcher-icons.js';

const a = ICON_ATTRIBUTES;
export const icon = (body: SVGTemplateResult) =>
  svg`<svg viewBox=${a.viewBox} fill=${a.fill} stroke=${a.stroke} stroke-width=${a['stroke-width']} stroke-linecap=${a['stroke-linecap']} stroke-linejoin=${a['stroke-linejoin']} aria-hidden=${a['aria-hidden']}>${body}</svg>`;

const paths = (data: readonly string[]) => icon(svg`${data.map((d) => svg`<path d=${d} />`)}`);

/** The launcher's preset icons (`button-icon`), drawn from the shared path data. */
export const PRESET_ICONS: Record<string, SVGTemplateResult> = Object.fromEntries(
  Object.entries(LAUNCHER_ICONS).map(([name, data]) => [name, paths(data)]),
);

export const closeIcon = icon(svg`<path d="M6 6l12 12M18 6 6 18"/>`);

export const paperclipIcon = icon(svg`<path d="m21 11-8.6 8.6a5.5 5.5 0 0 1-7.8-7.8l8.6-8.6a3.7 3.7 0 0 1 5.2 5.2l-8.6 8.6a1.8 1.8 0 0 1-2.6-2.6L15 6.6"/>`);
export const fileIcon = icon(svg`<path d="M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8z"/><path d="M14 3v5h5"/>`);
