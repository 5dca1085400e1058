import { html, nothing } from 'lit';
import type { SupportChatOptions } from '../config/options.js';
import { format, type Messages } from '../i18n/en.js';
import { closeIcon, PRESET_ICONS } from './icons.js';
import { launcherIconKind } from './launcher-icons.js';

export interface LauncherView {
  config: SupportChatOptions;
  strings: Messages;
  opened: boolean;
  unread: number;
  onClick: () => void;
  /** Hover or focus: the element fetches what opening will need. */
  onIntent: () => void;
  /** The SVG sanitizer arrived (a lazy chunk, loaded only for an inline SVG icon): draw again. */
  onIconReady: () => void;
}

/** Inline SVG icons are rare: their sanitizer loads on first use, the default icon shows until then. */
let sanitizeSvg: ((markup: string) => SVGSVGElement | null) | undefined;
let sanitizerLoading: Promise<unknown> | undefined;

/** The launcher's icon: a preset, an image URL, or an inline SVG (property only, sanitized). */
function launcherIcon(config: SupportChatOptions, opened: boolean, onIconReady: () => void) {
  if (opened && config.buttonShape === 'circle') return closeIcon;
  const icon = config.buttonIcon;
  const named = launcherIconKind(icon);
  if (named.kind === 'svg') {
    if (sanitizeSvg) return sanitizeSvg(icon) ?? PRESET_ICONS.message;
    (sanitizerLoading ??= import('./svg.js').then((module) => (sanitizeSvg = module.sanitizeSvg))).then(onIconReady, () => {});
    return PRESET_ICONS.message;
  }
  if (named.kind === 'url') return html`<img src=${icon} alt="" />`;
  return PRESET_ICONS[named.name];
}

/** The button that opens and closes the panel, with the unread badge. */
export function renderLauncher({ config, strings, opened, unread, onClick, onIntent, onIconReady }: LauncherView) {
  const label = config.buttonLabel || (opened ? strings.closeChat : strings.openChat);
  const badge = unread && !opened;
  return html`<button
    part="launcher"
    class="launcher ${config.buttonShape}"
    type="button"
    aria-label=${badge ? `${label} — ${format(strings.unread, { count: unread })}` : label}
    aria-expanded=${String(opened)}
    aria-controls="panel"
    @click=${onClick}
    @pointerenter=${onIntent}
    @focus=${onIntent}
  >
    ${launcherIcon(config, opened, onIconReady)}
    ${config.buttonShape === 'pill' && config.buttonLabel ? html`<span>${config.buttonLabel}</span>` : nothing}
    ${badge ? html`<span part="badge" class="badge" aria-hidden="true">${unread > 99 ? '99+' : unread}</span>` : nothing}
  </button>`;
}
