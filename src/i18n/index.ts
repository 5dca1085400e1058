import { en, type Messages } from './en.js';
import type { Locale } from './locales.js';

export { effectiveLocale, localeDirection, matchLocale, OPEN_CHAT, pickLocale, SUPPORTED_LOCALES, type Locale } from './locales.js';

/** Locales with a complete translation; every one but `en` loads on demand as its own chunk. */
const LOADERS: Record<Exclude<Locale, 'en'>, () => Promise<{ default: Messages }>> = {
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

/** The messages of a supported locale (`en` at once, the others from their chunk). */
export async function loadMessages(locale: string): Promise<Messages> {
  const loader = LOADERS[locale as Exclude<Locale, 'en'>];
  return loader ? (await loader()).default : en;
}
