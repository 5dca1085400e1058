/**
 * Which locales exist and which one a visitor gets, without any of their messages: the CDN
 * script labels the launcher it draws from here before a locale (or the element) has loaded.
 */

/** Every supported locale; `en` is built in, the others load on demand (index.ts). */
export const SUPPORTED_LOCALES = ['en', 'zh-CN', 'zh-TW', 'ja', 'ko', 'es', 'fr', 'de', 'pt-BR', 'it', 'ru', 'ar'] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];

/** Where the element keeps the locale the visitor chose (`setLocale`), for every channel. */
export const LOCALE_KEY = 'support-chat:locale';

/** The launcher's name in each locale: the same text as each locale's `openChat` (a test checks). */
export const OPEN_CHAT: Record<Locale, string> = {
  en: 'Open chat',
  'zh-CN': '打开聊天',
  'zh-TW': '開啟聊天',
  ja: 'チャットを開く',
  ko: '채팅 열기',
  es: 'Abrir chat',
  fr: 'Ouvrir la discussion',
  de: 'Chat öffnen',
  'pt-BR': 'Abrir chat',
  it: 'Apri la chat',
  ru: 'Открыть чат',
  ar: 'فتح المحادثة',
};

const RTL = new Set<string>(['ar']);

/**
 * The supported locale closest to a BCP-47 tag: exact (case-insensitive), then the script or
 * region Chinese implies (`zh-Hant`, `zh-HK` → `zh-TW`; other `zh` → `zh-CN`), then the
 * language alone (`pt-PT` → `pt-BR`, `fr-CA` → `fr`). Null when none fits.
 */
export function matchLocale(tag: string): Locale | null {
  const lower = tag.toLowerCase();
  const exact = SUPPORTED_LOCALES.find((locale) => locale.toLowerCase() === lower);
  if (exact) return exact;
  const [language] = lower.split('-');
  if (language === 'zh') return /hant|-tw|-hk|-mo/.test(lower) ? 'zh-TW' : 'zh-CN';
  return SUPPORTED_LOCALES.find((locale) => locale.split('-')[0]!.toLowerCase() === language) ?? null;
}

/** The first supported locale among `preferences`, else `en`. */
export function pickLocale(preferences: readonly (string | null | undefined)[]): Locale {
  for (const preference of preferences) {
    const match = preference ? matchLocale(preference) : null;
    if (match) return match;
  }
  return 'en';
}

export function localeDirection(locale: string): 'ltr' | 'rtl' {
  return RTL.has(locale) ? 'rtl' : 'ltr';
}

/**
 * The locale the widget shows: the `locale` option, else the visitor's stored choice, else the
 * browser's languages, else English.
 */
export function effectiveLocale(option: string | undefined, stored: string | null | undefined): Locale {
  const explicit = option ? matchLocale(option) : null;
  return explicit ?? pickLocale([stored, ...(globalThis.navigator?.languages ?? [])]);
}
