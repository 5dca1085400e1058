import { html, LitElement, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import { fetchArticle, searchArticles } from '../client/help.js';
import type { Article, ArticleSummary } from '../protocol.js';
import { renderNodes } from './article.js';
import { helpStyles } from './help.styles.js';
import { HelpActionEvent, type HelpAction, type HelpActions, type HelpView } from './help-view.js';
import { baseStyles } from './panel.styles.js';

/** Results follow the typing, after this pause (one request per pause, not per key). */
const SEARCH_DEBOUNCE_MS = 250;

/*
 * The Help screen, a lazy chunk (DESIGN.md §11): a search box over the channel's articles (the
 * top ones while it is empty, results as the visitor types) and an article, rendered from its
 * tree by our own templates. It gets the panel's `view` and reports the visitor's moves as one
 * `help-action` event; it asks for articles itself, through `client/help.ts` (public, no visitor).
 */
export class SupportChatHelp extends LitElement {
  static override styles = [baseStyles, helpStyles];
  static override properties: PropertyDeclarations = {
    view: { attribute: false },
    results: { state: true },
    article: { state: true },
    failed: { state: true },
  };

  #query = '';
  #timer: ReturnType<typeof setTimeout> | undefined;
  #search: AbortController | null = null;
  #reading: AbortController | null = null;
  declare view: HelpView;
  /** The articles listed: the top ones or the matches; null while the first answer is on its way. */
  private results: ArticleSummary[] | null = null;
  private article: Article | null = null;
  private failed = false;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#timer);
    this.#search?.abort();
    this.#reading?.abort();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const before = changed.get('view') as HelpView | undefined;
    if (!changed.has('view')) return;
    if (!before || before.opened !== this.view.opened) {
      this.#query = this.view.query;
      void this.#find();
    }
    if (this.view.slug && this.view.slug !== this.article?.slug && this.view.slug !== before?.slug) void this.#read(this.view.slug);
    if (!this.view.slug) this.article = null;
  }

  /** Moves the focus into the screen: the search box, or the article's title. */
  focusFirst(): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(this.view.slug ? 'h3' : 'input')?.focus());
  }

  #emit<K extends keyof HelpActions>(action: K, value: HelpActions[K]): void {
    this.dispatchEvent(new HelpActionEvent({ action, value } as HelpAction));
  }

  async #find(): Promise<void> {
    this.#search?.abort();
    const search = (this.#search = new AbortController());
    try {
      this.results = await searchArticles(this.view.source, this.#query, { signal: search.signal });
      this.failed = false;
    } catch (error) {
      if (search.signal.aborted) return;
      this.failed = true;
    }
  }

  async #read(slug: string): Promise<void> {
    this.#reading?.abort();
    const reading = (this.#reading = new AbortController());
    this.article = null;
    try {
      this.article = await fetchArticle(this.view.source, slug, reading.signal);
      this.failed = false;
      this.focusFirst();
    } catch {
      if (!reading.signal.aborted) this.failed = true;
    }
  }

  #onInput(event: InputEvent): void {
    this.#query = (event.target as HTMLInputElement).value;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#find(), SEARCH_DEBOUNCE_MS);
  }

  override render() {
    const t = this.view.strings;
    return html`
      ${this.view.slug ? this.#renderArticle() : this.#renderSearch()}
      <div class="footer">
        <p>${t.helpStillNeed}</p>
        <button part="help-chat" class="chat" type="button" @click=${() => this.#emit('chat-from-help', null)}>${t.helpChat}</button>
      </div>
    `;
  }

  #renderSearch() {
    const t = this.view.strings;
    const results = this.results;
    const searching = this.#query.trim() !== '';
    return html`<div class="scroll">
      <form role="search" class="search" @submit=${(event: Event) => event.preventDefault()}>
        <input part="help-search" type="search" .value=${this.#query} aria-label=${t.helpSearch} placeholder=${t.helpSearch} @input=${this.#onInput} />
      </form>
      <h3 class="label" id="results">${searching ? t.helpResults : t.helpTop}</h3>
      ${this.failed
        ? html`<p class="empty" role="alert">${t.helpFailed}</p>`
        : results && !results.length
          ? html`<p class="empty" role="status">${t.helpNone}</p>`
          : html`<ul part="help-articles" class="articles" aria-labelledby="results" aria-busy=${results ? 'false' : 'true'}>
              ${(results ?? []).map(
                (article) => html`<li>
                  <button part="help-article" class="item" type="button" data-slug=${article.slug} @click=${() => this.#emit('open-article', article.slug)}>
                    <span class="title" dir="auto">${article.title}</span>
                    ${article.snippet ? html`<span class="snippet" dir="auto">${article.snippet}</span>` : nothing}
                  </button>
                </li>`,
              )}
            </ul>`}
    </div>`;
  }

  #renderArticle() {
    const t = this.view.strings;
    const article = this.article;
    if (!article) return html`<div class="scroll">${this.failed ? html`<p class="empty" role="alert">${t.helpFailed}</p>` : html`<p class="empty" role="status">${t.connecting}</p>`}</div>`;
    const updated = new Intl.DateTimeFormat(this.view.locale, { dateStyle: 'medium' }).format(new Date(article.updatedAt));
    return html`<div class="scroll">
      <article part="article" class="article" lang=${article.locale}>
        <h3 tabindex="-1" dir="auto">${article.title}</h3>
        <p class="updated">${t.helpUpdated} <time datetime=${article.updatedAt}>${updated}</time></p>
        ${renderNodes(article.body)}
      </article>
    </div>`;
  }
}

/** Registers the help screen's element once (when the panel loads this chunk). */
export function defineHelp(): void {
  if (!customElements.get('support-chat-help')) customElements.define('support-chat-help', SupportChatHelp);
}

declare global {
  interface HTMLElementTagNameMap {
    'support-chat-help': SupportChatHelp;
  }
}
