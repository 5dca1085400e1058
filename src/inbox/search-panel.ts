import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { property, query } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { SearchHit } from '../protocol.js';
import { keyOf } from './desk-search.js';
import { searchPanelStyles } from './search-panel.styles.js';
import { when } from './visitor-panel.js';

/** What the search panel draws. */
export interface SearchPanelView {
  query: string;
  hits: SearchHit[];
  hasMore: boolean;
  loading: boolean;
  error: string;
  /** A query is active: the hits replace the conversation list. */
  active: boolean;
  /** `keyOf` the hit opened last. */
  openedKey: string;
}

/** What the panel asks of its owner, as DOM events (`search-input` carries the text, `search-open` the hit). */
export interface SearchPanelEvents {
  'search-input': CustomEvent<{ query: string }>;
  'search-submit': CustomEvent<null>;
  'search-more': CustomEvent<null>;
  'search-clear': CustomEvent<null>;
  'search-open': CustomEvent<{ hit: SearchHit }>;
}

const FROM: Record<string, string> = { visitor: 'Visitor', agent: 'Agent', bot: 'Bot', note: 'Note' };

/** The snippet as text, its matched words in `<mark>` (Lit text nodes: nothing in it is markup). */
function renderSnippet(hit: SearchHit): Array<TemplateResult | string> {
  const parts: Array<TemplateResult | string> = [];
  let at = 0;
  for (const [start, end] of hit.highlights) {
    if (start < at || end > hit.snippet.length) continue;
    parts.push(hit.snippet.slice(at, start), html`<mark>${hit.snippet.slice(start, end)}</mark>`);
    at = end;
  }
  parts.push(hit.snippet.slice(at));
  return parts;
}

/** The visitor the hit is about, as the list names them. */
const visitorName = (hit: SearchHit) => hit.visitor.name || hit.visitor.email || hit.visitor.externalUserId || `Visitor ${hit.visitor.id.slice(-6)}`;

/** Who wrote a message hit, when it is not the visitor; what kind of hit the others are. */
function byline(hit: SearchHit): string {
  if (hit.kind === 'visitor') return 'Visitor';
  if (hit.kind === 'conversation') return 'Conversation';
  if (hit.kind === 'note') return `Note${hit.authorName ? ` by ${hit.authorName}` : ''}`;
  return hit.from === 'visitor' ? '' : (hit.authorName ?? FROM[hit.from ?? ''] ?? '');
}

/**
 * The inbox's search field and, while a query is active, its hits in place of the conversation
 * list: who, when, a snippet with the matched words marked; arrow keys move through them,
 * Enter opens one, Esc clears the search.
 *
 * @tagname support-inbox-search
 */
export class SupportInboxSearch extends LitElement {
  static override styles = searchPanelStyles;

  @query('input') private field!: HTMLInputElement | null;

  /** Drawn state (a new object each render of the inbox). */
  @property({ attribute: false }) view: SearchPanelView = { query: '', hits: [], hasMore: false, loading: false, error: '', active: false, openedKey: '' };

  /** Reflected while a query is active, so the inbox hides its list. */
  @property({ type: Boolean, reflect: true }) active = false;

  /** Puts the caret in the search field (`/`). */
  focusField(): void {
    this.field?.focus();
    this.field?.select();
  }

  #emit<K extends keyof SearchPanelEvents>(type: K, detail: SearchPanelEvents[K]['detail']): void {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  #onFieldKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      this.#emit('search-clear', null);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      this.#emit('search-submit', null);
    } else if (event.key === 'ArrowDown') {
      event.preventDefault();
      this.#results()[0]?.focus();
    }
  }

  #onResultKeydown(event: KeyboardEvent): void {
    const results = this.#results();
    const index = results.indexOf(event.target as HTMLButtonElement);
    const move = (to: number) => {
      event.preventDefault();
      if (to < 0) this.field?.focus();
      else results[Math.min(to, results.length - 1)]?.focus();
    };
    if (event.key === 'ArrowDown') move(index + 1);
    else if (event.key === 'ArrowUp') move(index - 1);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(results.length - 1);
    else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      this.#emit('search-clear', null);
      this.field?.focus();
    }
  }

  #results(): HTMLButtonElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLButtonElement>('.hits button.hit')];
  }

  #renderHit(hit: SearchHit) {
    const key = keyOf(hit);
    return html`<li>
      <button type="button" class="hit ${hit.kind}" aria-current=${this.view.openedKey === key ? 'true' : 'false'}
        @click=${() => this.#emit('search-open', { hit })} @keydown=${this.#onResultKeydown}>
        <span class="who">${visitorName(hit)}</span>
        <span class="when">${when(hit.createdAt, navigator.language)}</span>
        <span class="snippet">${byline(hit) ? html`<span class="by">${byline(hit)}:</span>` : nothing}${renderSnippet(hit)}</span>
      </button>
    </li>`;
  }

  override render() {
    const { view } = this;
    const count = view.loading && !view.hits.length ? 'Searching…' : `${view.hits.length}${view.hasMore ? '+' : ''} ${view.hits.length === 1 ? 'result' : 'results'}`;
    return html`<div class="field">
        <input type="search" aria-label="Search messages, visitors and ids" placeholder="Search  (/)" maxlength="200" autocomplete="off"
          .value=${view.query} @input=${(event: InputEvent) => this.#emit('search-input', { query: (event.target as HTMLInputElement).value })}
          @keydown=${this.#onFieldKeydown} />
        ${view.active ? html`<button type="button" class="clear" aria-label="Clear the search" @click=${() => this.#emit('search-clear', null)}>×</button>` : nothing}
      </div>
      ${view.active
        ? html`<section class="results" aria-label="Search results">
            <p class="count" role="status">${view.error ? nothing : count}</p>
            ${view.error ? html`<p class="error" role="alert">${view.error}</p>` : nothing}
            <ul class="hits">${repeat(view.hits, keyOf, (hit) => this.#renderHit(hit))}</ul>
            ${!view.loading && !view.error && !view.hits.length ? html`<p class="empty">Nothing matches “${view.query.trim()}”.</p>` : nothing}
            ${view.hasMore ? html`<button type="button" class="more" ?disabled=${view.loading} @click=${() => this.#emit('search-more', null)}>${view.loading ? 'Loading…' : 'Load more'}</button>` : nothing}
          </section>`
        : nothing}`;
  }
}
