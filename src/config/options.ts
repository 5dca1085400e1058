/**
 * The one table of `<support-chat>` options. Each row gives the property name, its attribute
 * (also its `data-*` name on the CDN script and its query key), its type, default and range,
 * and whether the channel's remote config may set it. The element's reactive properties, the
 * CDN loader, the remote-config merge and the generated docs all read this table (the
 * descriptions live in option-docs.ts, out of the browser bundle).
 */

export type Position = 'bottom-right' | 'bottom-left' | 'top-right' | 'top-left';
export type Theme = 'light' | 'dark' | 'auto';
export type Mode = 'launcher' | 'standalone' | 'inline';
export type ButtonShape = 'circle' | 'pill';

export interface SupportChatOptions {
  channel: string;
  server: string;
  defaultOpen: boolean;
  mode: Mode;
  locale: string;
  theme: Theme;
  position: Position;
  mobilePosition: Position;
  zIndex: number;
  primaryColor: string;
  primaryColorAccent: string;
  offsetX: number;
  offsetY: number;
  panelWidth: number;
  panelHeight: number;
  panelRadius: number;
  buttonSize: number;
  buttonShape: ButtonShape;
  buttonLabel: string;
  buttonIcon: string;
  headerTitle: string;
  headerSubtitle: string;
  headerBackground: string;
  backgroundImage: string;
  greeting: string;
  externalUserId: string;
  nickname: string;
  avatar: string;
  email: string;
  phone: string;
  extra: Record<string, unknown>;
  userHash: string;
  fingerprint: boolean;
  mock: boolean;
  noStorageUntilOpen: boolean;
}

export type OptionName = keyof SupportChatOptions;

type Kind =
  | { kind: 'string'; maxLength: number }
  | { kind: 'boolean' }
  | { kind: 'number'; min: number; max: number }
  | { kind: 'enum'; values: readonly string[]; aliases?: Readonly<Record<string, string>> }
  | { kind: 'color' }
  | { kind: 'url' }
  | { kind: 'locale' }
  | { kind: 'json' };

export type OptionSpec<T> = Kind & {
  attribute: string;
  default: T;
  /** The channel's remote config may set it (below anything the page sets). */
  remote?: boolean;
};

const POSITIONS = ['bottom-right', 'bottom-left', 'top-right', 'top-left'] as const;
const POSITION_ALIASES = { br: 'bottom-right', bl: 'bottom-left', tr: 'top-right', tl: 'top-left' } as const;
const text = (maxLength = 500) => ({ kind: 'string', maxLength }) as const;

export const OPTIONS: { readonly [K in OptionName]: OptionSpec<SupportChatOptions[K]> } = {
  channel: { attribute: 'channel', ...text(64), default: ''},
  server: { attribute: 'server', kind: 'url', default: ''},
  defaultOpen: { attribute: 'default-open', kind: 'boolean', default: false, remote: true},
  mode: { attribute: 'mode', kind: 'enum', values: ['launcher', 'standalone', 'inline'], default: 'launcher'},
  locale: { attribute: 'locale', kind: 'locale', default: ''},
  theme: { attribute: 'theme', kind: 'enum', values: ['light', 'dark', 'auto'], default: 'light', remote: true},
  position: { attribute: 'position', kind: 'enum', values: POSITIONS, aliases: POSITION_ALIASES, default: 'bottom-right', remote: true},
  mobilePosition: { attribute: 'mobile-position', kind: 'enum', values: POSITIONS, aliases: POSITION_ALIASES, default: 'bottom-right', remote: true},
  zIndex: { attribute: 'z-index', kind: 'number', min: 0, max: 2147483647, default: 2147483000},
  primaryColor: { attribute: 'primary-color', kind: 'color', default: '#2f54eb', remote: true},
  primaryColorAccent: { attribute: 'primary-color-accent', kind: 'color', default: '', remote: true},
  offsetX: { attribute: 'offset-x', kind: 'number', min: 0, max: 200, default: 24, remote: true},
  offsetY: { attribute: 'offset-y', kind: 'number', min: 0, max: 200, default: 24, remote: true},
  panelWidth: { attribute: 'panel-width', kind: 'number', min: 280, max: 720, default: 380, remote: true},
  panelHeight: { attribute: 'panel-height', kind: 'number', min: 360, max: 900, default: 580, remote: true},
  panelRadius: { attribute: 'panel-radius', kind: 'number', min: 0, max: 32, default: 16, remote: true},
  buttonSize: { attribute: 'button-size', kind: 'number', min: 40, max: 96, default: 56, remote: true},
  buttonShape: { attribute: 'button-shape', kind: 'enum', values: ['circle', 'pill'], default: 'circle', remote: true},
  buttonLabel: { attribute: 'button-label', ...text(60), default: '', remote: true},
  buttonIcon: { attribute: 'button-icon', ...text(2000), default: 'message', remote: true},
  headerTitle: { attribute: 'header-title', ...text(120), default: '', remote: true},
  headerSubtitle: { attribute: 'header-subtitle', ...text(200), default: '', remote: true},
  headerBackground: { attribute: 'header-background', kind: 'color', default: '', remote: true},
  backgroundImage: { attribute: 'background-image', kind: 'url', default: '', remote: true},
  greeting: { attribute: 'greeting', ...text(1000), default: '', remote: true},
  externalUserId: { attribute: 'external-user-id', ...text(200), default: ''},
  nickname: { attribute: 'nickname', ...text(200), default: ''},
  avatar: { attribute: 'avatar', kind: 'url', default: ''},
  email: { attribute: 'email', ...text(320), default: ''},
  phone: { attribute: 'phone', ...text(50), default: ''},
  extra: { attribute: 'extra', kind: 'json', default: {}},
  userHash: { attribute: 'user-hash', ...text(128), default: ''},
  fingerprint: { attribute: 'fingerprint', kind: 'boolean', default: false},
  mock: { attribute: 'mock', kind: 'boolean', default: false},
  noStorageUntilOpen: { attribute: 'no-storage-until-open', kind: 'boolean', default: false},
};

export const OPTION_NAMES = Object.keys(OPTIONS) as OptionName[];

/** The `data-*` key of an option on the CDN script, as `dataset` spells it (`primaryColor`). */
export function datasetKey(name: OptionName): string {
  return OPTIONS[name].attribute.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}
