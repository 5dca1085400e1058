import type { OptionName } from './options.js';

/**
 * What each option does, for custom-elements.json and the README. Kept apart from the option
 * table so the browser bundle does not carry documentation; the type makes it complete.
 */
export const OPTION_DOCS: Record<OptionName, string> = {
  channel: 'Public channel key (not a secret). Nothing connects without it.',
  server: 'Origin of the support-chat server. Default: the CDN script\'s origin, else the page\'s.',
  defaultOpen: 'Open the panel after the first load.',
  mode: '`launcher` (floating button), `standalone` (full viewport, no launcher) or `inline` (in the page flow).',
  locale: 'BCP-47 language. Default: the visitor\'s stored choice, then `navigator.languages`, then `en`.',
  theme: '`light`, `dark`, or `auto` (follows `prefers-color-scheme`).',
  position: 'Corner of the launcher and panel: `bottom-right`, `bottom-left`, `top-right`, `top-left` (or `br`, `bl`, `tr`, `tl`).',
  mobilePosition: 'Corner of the launcher on screens up to 640 px wide.',
  zIndex: 'Stacking order of the launcher and panel.',
  primaryColor: 'Brand color of the launcher, header and visitor bubbles.',
  primaryColorAccent: 'Hover/accent color. Default: the primary color with +12% lightness.',
  offsetX: 'Distance from the side of the viewport, px (0–200).',
  offsetY: 'Distance from the top or bottom of the viewport, px (0–200).',
  panelWidth: 'Panel width on wide screens, px (280–720).',
  panelHeight: 'Panel height on wide screens, px (360–900).',
  panelRadius: 'Panel corner radius, px (0–32).',
  buttonSize: 'Launcher height (and width when round), px (40–96).',
  buttonShape: '`circle`, or `pill` (icon and `button-label`).',
  buttonLabel: 'Text on a pill launcher; also its accessible name.',
  buttonIcon: 'Preset (`message`, `help`, `headphone`, `smile`, `zap`, `heart`) or an image URL. Inline `<svg>` only through the `buttonIcon` property, sanitized.',
  headerTitle: 'Panel title. Default: the channel\'s, else "Support" in the visitor\'s language.',
  headerSubtitle: 'Line under the title. Default: the online/offline status.',
  headerBackground: 'Header color. Default: the primary color.',
  backgroundImage: 'Image behind the messages, under a readability overlay.',
  greeting: 'First text shown in an empty conversation. Default: the channel\'s greeting.',
  externalUserId: 'The host\'s stable id for a signed-in customer.',
  nickname: 'Name shown to agents.',
  avatar: 'Visitor avatar URL shown to agents.',
  email: 'Visitor email shown to agents.',
  phone: 'Visitor phone shown to agents.',
  extra: 'JSON object of custom visitor fields shown to agents.',
  userHash: '`hex(HMAC-SHA256(identitySecret, externalUserId))` from the host\'s backend.',
  fingerprint: 'Opt in to a low-entropy browser hash as a second identity layer.',
  mock: 'An in-browser fake server with canned replies: no network at all.',
  noStorageUntilOpen: 'Consent mode: no localStorage and no connection until the visitor opens the panel.',
};
