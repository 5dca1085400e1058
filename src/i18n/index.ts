import { en, type Messages } from './en.js';

/** Locales with a complete translation; every one but `en` loads on demand as its own chunk. */
const LOADERS: Record<string, () => Promise<{ default: Messages }>> = {
  'zh-CN': () => import('./zh-CN.js'),
  'zh-TW': () => import('./zh-TW.js'),
  ja: () => import('./ja.js'),
  ko: () => import('./ko.js'),
  es: () => import('./es.js'),
  fr: () => import('./fr.js'),
  de: () => import('./de.js'),
  'pt-BR': () => import('./pt-BR.js'),
  it: () => import('./it.js'),
  ru: () => import('./ru.js'),
  ar: () => import('./ar.js'),
};

export const SUPPORTED_LOCALES = ['en', ...Object.keys(LOADERS)];
const RTL = new Set(['ar']);

/**
 * The supported locale closest to a BCP-47 tag: exact (case-insensitive), then the script or
 * region Chinese implies (`zh-Hant`, `zh-HK` → `zh-TW`; other `zh` → `zh-CN`), then the
 * language alone (`pt-PT` → `pt-BR`, `fr-CA` → `fr`). Null when none fits.
 */
export function matchLocale(tag: string): string | null {
  const lower = tag.toLowerCase();
  const exact = SUPPORTED_LOCALES.find((locale) => locale.toLowerCase() === lower);
  if (exact) return exact;
  const [language] = lower.split('-');
  if (language === 'zh') return /hant|-tw|-hk|-mo/.test(lower) ? 'zh-TW' : 'zh-CN';
  return SUPPORTED_LOCALES.find((locale) => locale.split('-')[0]!.toLowerCase() === language) ?? null;
}

/** The first supported locale among `preferences`, else `en`. */
export function pickLocale(preferences: readonly (string | null | undefined)[]): string {
  for (const preference of preferences) {
    const match = preference ? matchLocale(preference) : null;
    if (match) return match;
  }
  return 'en';
}

export function localeDirection(locale: string): 'ltr' | 'rtl' {
  return RTL.has(locale) ? 'rtl' : 'ltr';
}

/** The messages of a supported locale (`en` at once, the others from their chunk). */
export async function loadMessages(locale: string): Promise<Messages> {
  const loader = LOADERS[locale];
  return loader ? (await loader()).default : en;
}
