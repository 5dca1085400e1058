import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { browserStorage, LOCALE_KEY, readItem, writeItem } from '../client/storage.js';
import { en, type Messages } from '../i18n/en.js';
import { effectiveLocale } from '../i18n/locales.js';

/**
 * The element's language: the option, else the visitor's stored choice, else the browser's;
 * English is in the element's chunk, any other locale loads its strings on demand. A later
 * request wins over one still loading.
 */
export class LocaleController implements ReactiveController {
  /** The locale in use (a supported one, after fallback). */
  locale = 'en';
  strings: Messages = en;
  readonly #host: ReactiveControllerHost;
  /** `no-storage-until-open`: nothing is read or written before the visitor opens the chat. */
  readonly #storageAllowed: () => boolean;
  #request = 0;

  constructor(host: ReactiveControllerHost, storageAllowed: () => boolean) {
    this.#host = host;
    this.#storageAllowed = storageAllowed;
    host.addController(this);
  }

  hostConnected(): void {}

  /** Loads the effective locale for `option`; resolves once its strings are in. */
  async apply(option: string | undefined): Promise<void> {
    const request = ++this.#request;
    const stored = this.#storageAllowed() ? readItem(browserStorage(), LOCALE_KEY) : null;
    const locale = effectiveLocale(option, stored);
    const strings = locale === 'en' ? en : await (await import('../i18n/index.js')).loadMessages(locale);
    if (request !== this.#request) return; // a newer choice was made meanwhile
    this.locale = locale;
    this.strings = strings;
    this.#host.requestUpdate();
  }

  /** Keeps the visitor's choice for the next pages (when storage is allowed; if refused, still applied). */
  remember(locale: string): void {
    if (this.#storageAllowed()) writeItem(browserStorage(), LOCALE_KEY, locale);
  }
}
