/**
 * Which locales exist and which one a visitor gets, without any of their messages: the CDN
 * script labels the launcher it draws from here before a locale (or the element) has loaded.
 */

/**
 * The launcher's name in every supported locale, the same text as each locale's `openChat` (a
 * test checks). Its keys are the supported locales: `en` is built in, the others load on
 * demand (index.ts).
 */
export const OPEN_CHAT = {
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
} as const;
export type Locale = keyof typeof OPEN_CHAT;

/** Every supported locale, `en` first. */
export const SUPPORTED_LOCALES = Object.keys(OPEN_CHAT) as Locale[];

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
  // The language part of every supported locale is written in lower case.
  return SUPPORTED_LOCALES.find((locale) => locale.split('-')[0] === language) ?? null;
}

/** The first supported locale among `preferences`, else `en`. */
export function pickLocale(preferences: readonly (string | null | undefined)[]): Locale {
  for (const preference of preferences) {
    const match = preference ? matchLocale(preference) : null;
    if (match) return match;
  }
  return 'en';
}

/** Arabic is the one right-to-left locale supported. */
export function localeDirection(locale: string): 'ltr' | 'rtl' {
  return locale === 'ar' ? 'rtl' : 'ltr';
}

/**
 * The locale the widget shows: the `locale` option, else the visitor's stored choice, else the
 * browser's languages, else English.
 */
export function effectiveLocale(option: string | undefined, stored: string | null | undefined): Locale {
  return pickLocale([option, stored, ...(globalThis.navigator?.languages ?? [])]);
}
