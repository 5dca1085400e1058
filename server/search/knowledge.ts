import type { ArticleSummary, MessageSource, QuickHelpItem } from '../../src/protocol.js';
import type { KnowledgeHit, Store } from '../store/store.js';

/**
 * PostgreSQL's text search configurations for the widget's locales that have one; any other
 * language is searched with 'simple' (words as written, lower case). SQLite's FTS5 reads every
 * language as 'simple' does (unicode61: case folded, accents kept).
 */
const CONFIGURATIONS: Record<string, string> = {
  de: 'german',
  en: 'english',
  es: 'spanish',
  fr: 'french',
  it: 'italian',
  nl: 'dutch',
  pt: 'portuguese',
  ru: 'russian',
};

/** The text search configuration for a BCP 47 locale (`fr-CA` → french). */
export function searchLanguage(locale: string | undefined): string {
  return CONFIGURATIONS[locale?.toLowerCase().split(/[-_]/)[0] ?? ''] ?? 'simple';
}

/** The longest question that is searched; the words past it add little. */
const MAX_TERMS = 32;

/** What a search looks for: the distinct words (letters and digits, lower case) of `text`. */
export function searchTerms(text: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words)].slice(0, MAX_TERMS);
}

/** A passage an answer may draw on, and the source it cites. */
export interface Passage {
  title: string;
  text: string;
  source: MessageSource;
}

const toPassage = (hit: KnowledgeHit): Passage => ({
  title: hit.title,
  text: hit.body,
  source: hit.kind === 'article' ? { title: hit.title, articleSlug: hit.slug! } : { title: hit.title, faqId: hit.id },
});

/** Quick help waits for a question this long (in words): fewer say too little to match on. */
export const QUICK_HELP_MIN_WORDS = 3;
const QUICK_HELP_LIMIT = 3;

export type KnowledgeKind = 'faq' | 'article';

/**
 * Full-text search over a channel's knowledge (FAQs now; the knowledge base adds articles to
 * the same index): the one place text becomes a query, whichever engine runs it.
 */
export class KnowledgeSearch {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  /** The best `limit` passages of the channel for `text`, in the visitor's `locale`. */
  async search(channelId: string, text: string, options: { locale?: string | undefined; limit: number; kinds?: KnowledgeKind[] }): Promise<Passage[]> {
    if (options.kinds?.length === 0) return [];
    const hits = await this.#store.searchKnowledge(channelId, {
      terms: searchTerms(text),
      language: searchLanguage(options.locale),
      limit: options.limit,
      anyLanguage: !options.locale,
      ...(options.kinds ? { kinds: options.kinds } : {}),
    });
    return hits.map(toPassage);
  }

  /** The channel's published articles in `locale` best matching `text`, each with a plain-text snippet. */
  async articles(channelId: string, text: string, options: { locale: string; limit: number }): Promise<ArticleSummary[]> {
    const hits = await this.#store.searchKnowledge(channelId, {
      terms: searchTerms(text), language: searchLanguage(options.locale), limit: options.limit, kinds: ['article'], locale: options.locale, snippets: true,
    });
    return hits.map((hit) => ({ slug: hit.slug!, title: hit.title, snippet: hit.snippet ?? '', locale: hit.locale!, updatedAt: hit.updatedAt! }));
  }

  /**
   * Up to three articles (in `locale`) or FAQs for what the visitor is typing; nothing before
   * the text has `QUICK_HELP_MIN_WORDS` words.
   */
  async quickHelp(channelId: string, text: string, locale: string): Promise<QuickHelpItem[]> {
    const terms = searchTerms(text);
    if ((text.match(/[\p{L}\p{N}]+/gu) ?? []).length < QUICK_HELP_MIN_WORDS) return [];
    const hits = await this.#store.searchKnowledge(channelId, { terms, language: searchLanguage(locale), limit: QUICK_HELP_LIMIT, locale, snippets: true });
    return hits.map((hit) =>
      hit.kind === 'article'
        ? { kind: 'article', slug: hit.slug!, title: hit.title, snippet: hit.snippet ?? '' }
        : { kind: 'faq', faqId: hit.id, title: hit.title, snippet: hit.snippet ?? '' },
    );
  }
}
