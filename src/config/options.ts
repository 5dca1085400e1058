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
  wsServer: string;
  configUrl: string;
  agent: string;
  defaultOpen: boolean;
  mode: Mode;
  noLauncher: boolean;
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
  /** The attribute, also the `data-*` name on the CDN script and the query key: the kebab-case name. */
  attribute: string;
  default: T;
  /** The channel's remote config may set it (below anything the page sets). */
  remote?: boolean;
};

type Row<T> = Omit<OptionSpec<T>, 'attribute'>;

const POSITIONS = ['bottom-right', 'bottom-left', 'top-right', 'top-left'] as const;
const POSITION_ALIASES = { br: 'bottom-right', bl: 'bottom-left', tr: 'top-right', tl: 'top-left' } as const;
// One helper per kind keeps each row to what differs; `remote` is last and only ever `true`.
const text = (maxLength: number, fallback = '', remote?: true) => ({ kind: 'string', maxLength, default: fallback, remote }) as const;
const number = (min: number, max: number, fallback: number, remote?: true) => ({ kind: 'number', min, max, default: fallback, remote }) as const;
const flag = (remote?: true) => ({ kind: 'boolean', default: false, remote }) as const;
const color = (fallback = '') => ({ kind: 'color', default: fallback, remote: true }) as const;
const url = (remote?: true) => ({ kind: 'url', default: '', remote }) as const;
const choice = <V extends string>(values: readonly V[], remote?: true) => ({ kind: 'enum', values, default: values[0]!, remote }) as const;
const position = () => ({ ...choice(POSITIONS, true), aliases: POSITION_ALIASES }) as const;

const ROWS: { readonly [K in OptionName]: Row<SupportChatOptions[K]> } = {
  channel: text(64),
  server: url(),
  wsServer: url(),
  configUrl: url(),
  agent: text(64),
  defaultOpen: flag(true),
  mode: choice(['launcher', 'standalone', 'inline']),
  noLauncher: flag(),
  locale: { kind: 'locale', default: '' },
  theme: choice(['light', 'dark', 'auto'], true),
  position: position(),
  mobilePosition: position(),
  zIndex: number(0, 2147483647, 2147483000),
  primaryColor: color('#2f54eb'),
  primaryColorAccent: color(),
  offsetX: number(0, 200, 24, true),
  offsetY: number(0, 200, 24, true),
  panelWidth: number(280, 720, 380, true),
  panelHeight: number(360, 900, 580, true),
  panelRadius: number(0, 32, 16, true),
  buttonSize: number(40, 96, 56, true),
  buttonShape: choice(['circle', 'pill'], true),
  buttonLabel: text(60, '', true),
  buttonIcon: text(2000, 'message', true),
  headerTitle: text(120, '', true),
  headerSubtitle: text(200, '', true),
  headerBackground: color(),
  backgroundImage: url(true),
  greeting: text(1000, '', true),
  externalUserId: text(200),
  nickname: text(200),
  avatar: url(),
  email: text(320),
  phone: text(50),
  extra: { kind: 'json', default: {} },
  userHash: text(128),
  fingerprint: flag(),
  mock: flag(),
  noStorageUntilOpen: flag(),
};

/** The kebab-case form of a camelCase option name (`primaryColor` → `primary-color`). */
const kebab = (name: string) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

export const OPTIONS = Object.fromEntries(
  Object.entries(ROWS).map(([name, row]) => [name, { ...row, attribute: kebab(name) }]),
) as unknown as { readonly [K in OptionName]: OptionSpec<SupportChatOptions[K]> };

export const OPTION_NAMES = Object.keys(OPTIONS) as OptionName[];

