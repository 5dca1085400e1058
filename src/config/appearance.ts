import { deriveAccent, parseColor, readableText, toHex } from './colors.js';
import { OPTIONS, type SupportChatOptions } from './options.js';

/**
 * The CSS variables the shell sets from the effective options. Only options that differ from
 * their default are set, so a page's own `--support-chat-*` values apply otherwise.
 * (Set through CSSOM by Lit's styleMap: allowed under a `style-src 'self'` CSP.)
 */
export function appearanceVariables(config: SupportChatOptions): Record<string, string> {
  const vars: Record<string, string> = {};
  const changed = <K extends keyof SupportChatOptions>(name: K) => config[name] !== OPTIONS[name].default;

  const primary = parseColor(config.primaryColor);
  if (changed('primaryColor')) {
    vars['--sc-primary'] = config.primaryColor;
    if (primary) vars['--sc-on-primary'] = toHex(readableText(primary));
  }
  if (config.primaryColorAccent) vars['--sc-accent'] = config.primaryColorAccent;
  else if (primary && changed('primaryColor')) vars['--sc-accent'] = toHex(deriveAccent(primary));
  if (config.headerBackground) {
    vars['--sc-header-bg'] = config.headerBackground;
    const header = parseColor(config.headerBackground);
    if (header) vars['--sc-on-header'] = toHex(readableText(header));
  }
  if (changed('zIndex')) vars['--sc-z'] = String(config.zIndex);
  // Each pixel option's variable is named after its attribute: offset-x → --sc-offset-x.
  for (const name of ['offsetX', 'offsetY', 'buttonSize', 'panelWidth', 'panelHeight', 'panelRadius'] as const) {
    if (changed(name)) vars[`--sc-${OPTIONS[name].attribute}`] = `${config[name]}px`;
  }
  // JSON.stringify quotes and escapes the URL, so it cannot end the url() early.
  if (config.backgroundImage) vars['--sc-bg-image'] = `url(${JSON.stringify(new URL(config.backgroundImage, location.href).href)})`;
  return vars;
}
