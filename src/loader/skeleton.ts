import { appearanceVariables } from '../config/appearance.js';
import type { SupportChatOptions } from '../config/options.js';
import { ICON_ATTRIBUTES, LAUNCHER_ICONS, launcherIconKind } from '../ui/launcher-icons.js';
import { localeDirection, OPEN_CHAT, type Locale } from '../i18n/locales.js';
import { shellCss } from '../ui/shell-css.js';

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * Draws the launcher into `host`'s shadow root before the element's class (and Lit) has
 * loaded, so the page shows it after the CDN script alone: the same parts, classes, CSS and
 * variables the element renders (ui/launcher.ts), so when the element upgrades and draws its
 * own in its place nothing moves; named, and laid out, in the `locale` the element will pick.
 * Returns the button, for the loader to hear intent on.
 */
export function drawLauncher(host: HTMLElement, config: SupportChatOptions, locale: Locale): HTMLButtonElement {
  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  const shell = document.createElement('div');
  shell.className = `root mode-launcher theme-${config.theme} pos-${config.position} mpos-${config.mobilePosition}`;
  shell.lang = locale;
  shell.dir = localeDirection(locale);
  // CSSOM, never a style attribute: allowed under a `style-src 'self'` policy.
  for (const [name, value] of Object.entries(appearanceVariables(config))) shell.style.setProperty(name, value);
  const button = document.createElement('button');
  button.type = 'button';
  button.setAttribute('part', 'launcher');
  button.className = `launcher ${config.buttonShape}`;
  button.setAttribute('aria-label', config.buttonLabel || OPEN_CHAT[locale]);
  button.setAttribute('aria-expanded', 'false');
  button.append(icon(config.buttonIcon));
  if (config.buttonShape === 'pill' && config.buttonLabel) {
    const label = document.createElement('span');
    label.textContent = config.buttonLabel;
    button.append(label);
  }
  shell.append(button);
  root.replaceChildren(shell);
  adoptShellCss(root);
  return button;
}

/** A preset icon or an image; an inline SVG (a JS-property-only option) shows as the default preset. */
function icon(value: string): Element {
  const named = launcherIconKind(value);
  if (named.kind === 'url') {
    const image = document.createElement('img');
    image.src = value;
    image.alt = '';
    return image;
  }
  const svg = document.createElementNS(SVG_NS, 'svg');
  for (const [attribute, value] of Object.entries(ICON_ATTRIBUTES)) svg.setAttribute(attribute, value);
  for (const data of LAUNCHER_ICONS[named.kind === 'preset' ? named.name : 'message']!) {
    const path = document.createElementNS(SVG_NS, 'path');
    path.setAttribute('d', data);
    svg.append(path);
  }
  return svg;
}

/**
 * The shell CSS as a constructable stylesheet, as Lit adopts it; where a browser has none, a
 * `<style>` carrying the page's nonce from `window.litNonce`, as Lit does.
 */
function adoptShellCss(root: ShadowRoot): void {
  if ('adoptedStyleSheets' in root && 'replaceSync' in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(shellCss);
    root.adoptedStyleSheets = [sheet];
    return;
  }
  const style = document.createElement('style');
  const nonce = (globalThis as { litNonce?: string }).litNonce;
  if (nonce) style.setAttribute('nonce', nonce);
  style.textContent = shellCss;
  root.prepend(style);
}
