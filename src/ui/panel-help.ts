import { html, nothing, type ReactiveControllerHost } from 'lit';
import type { HelpActionEvent } from './help-view.js';
import type { Emit } from './panel-header.js';
import type { PanelView } from './panel-view.js';

/** Three words or more in the composer: shorter text matches too loosely to ask (quick help's chunk loads only then). */
export const enoughWords = (text: string) => text.trim().split(/\s+/u).filter(Boolean).length >= 3;

/**
 * The panel's side of help (DESIGN.md §11): it loads the Help screen's chunk when the screen
 * shows (or on intent, from the header's Help button) and quick help's once the composer holds
 * three words, and draws them. Until then neither chunk is fetched, and nothing is asked.
 */
export class PanelHelp {
  readonly #host: ReactiveControllerHost;
  #helpLoading: Promise<void> | null = null;
  #quickLoading: Promise<void> | null = null;
  /** What the composer holds, once it held three words (quick help follows it from then on). */
  #text = '';

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
  }

  /** Fetches and defines the Help screen's element; a failed fetch is tried again next time. */
  loadHelp = (): Promise<void> =>
    (this.#helpLoading ??= import('./help.js').then(
      ({ defineHelp }) => {
        defineHelp();
        this.#host.requestUpdate();
      },
      () => void (this.#helpLoading = null),
    ));

  /** The composer changed (typed, sent, prefilled): quick help follows it once it is long enough. */
  composed(view: PanelView, text: string): void {
    if (!view.helpSource || (!this.#quickLoading && !enoughWords(text))) return;
    this.#text = text;
    this.#quickLoading ??= import('./quick-help.js').then(
      ({ defineQuickHelp }) => defineQuickHelp(),
      () => void (this.#quickLoading = null),
    );
    this.#host.requestUpdate();
  }

  /** The Help screen in place of the thread (drawn once its chunk has defined the element). */
  renderScreen(view: PanelView, emit: Emit) {
    if (!view.help) return nothing;
    return html`<support-chat-help
      class="help"
      exportparts="help-search,help-articles,help-article,article,help-chat"
      .view=${view.help}
      @help-action=${({ detail }: HelpActionEvent) => emit(detail.action, detail.value)}
    ></support-chat-help>`;
  }

  /** Up to three matching articles or FAQs above the composer, while it holds three words or more. */
  renderQuickHelp(view: PanelView, emit: Emit) {
    if (!view.helpSource || !this.#quickLoading) return nothing;
    return html`<support-chat-quick-help
      exportparts="quick-help,quick-help-item"
      .source=${view.helpSource}
      .strings=${view.strings}
      .text=${this.#text}
      @help-action=${({ detail }: HelpActionEvent) => emit(detail.action, detail.value)}
    ></support-chat-quick-help>`;
  }
}
