import type { ReactiveControllerHost } from 'lit';
import type { ChatClient } from '../client/chat-client.js';
import type { HelpSource } from '../client/help.js';
import { resolveServer } from '../config/server.js';
import { SupportChatArticleEvent } from '../events.js';
import type { Messages } from '../i18n/en.js';
import type { PanelView } from '../ui/panel-view.js';
import { invalid } from './client-controller.js';
import type { OptionsController } from './options-controller.js';

/** What the controller needs of its element (`<support-chat>`). */
export interface HelpHost extends ReactiveControllerHost, EventTarget {
  readonly client: ChatClient | null;
  readonly open: () => Promise<void>;
}

/**
 * The element's side of the Help screen (DESIGN.md §11): whether it shows, the search it opened
 * with and the article on it, and the methods that go there. The articles themselves are asked
 * for by the help chunk; this holds no I/O, so a plain chat pays only for these few lines.
 */
export class HelpController {
  readonly #host: HelpHost;
  readonly #options: OptionsController;
  #shown = false;
  #query = '';
  #slug: string | null = null;
  /** The article was opened from the search: back goes to the search (else to the chat). */
  #fromSearch = false;
  #opened = 0;

  constructor(host: HelpHost, options: OptionsController) {
    this.#host = host;
    this.#options = options;
  }

  /** Whether the Help screen shows (instead of the thread or the list). */
  get shown(): boolean {
    return this.#shown;
  }

  /** The panel's part of help: the screen, and where articles come from when the channel has any. */
  view(strings: Messages, locale: string): Pick<PanelView, 'help' | 'helpSource'> {
    const config = this.#options.config;
    const source: HelpSource = { server: resolveServer(config.server), channel: config.channel, locale };
    const slug = this.#slug;
    return {
      help: this.#shown ? { strings, locale, source, query: this.#query, slug, opened: this.#opened } : null,
      helpSource: this.#host.client?.config?.help ? source : null,
    };
  }

  /** Opens the panel on the Help screen, searching for `query` (the top articles without one). */
  async open(query = ''): Promise<void> {
    if (typeof query !== 'string') throw invalid(this.#host, 'invalid_request', 'query', 'a query is text');
    this.#shown = true;
    this.#query = query;
    this.#slug = null;
    this.#opened++;
    this.#host.requestUpdate();
    await this.#host.open();
  }

  /** Opens the panel on article `slug`; fires `support-chat-article`. */
  async article(slug: string, fromSearch = false): Promise<void> {
    if (typeof slug !== 'string' || !slug) throw invalid(this.#host, 'invalid_request', 'slug', 'pass the slug of a published article');
    if (!this.#shown) this.#opened++;
    this.#fromSearch = fromSearch && this.#shown && !this.#slug;
    this.#shown = true;
    this.#slug = slug;
    this.#host.requestUpdate();
    this.#host.dispatchEvent(new SupportChatArticleEvent(slug));
    await this.#host.open();
  }

  /** The header's back button on help: from an article to the search it came from, else to the chat. */
  back(): void {
    if (this.#slug && this.#fromSearch) this.#slug = null;
    else this.close();
    this.#fromSearch = false;
    this.#host.requestUpdate();
  }

  /** Leaves help (to the chat, or wherever a method goes next). */
  close(): void {
    this.#shown = false;
    this.#slug = null;
    this.#host.requestUpdate();
  }
}
