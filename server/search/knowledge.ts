import type { MessageSource } from '../../src/protocol.js';
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

const toPassage = (hit: KnowledgeHit): Passage => ({ title: hit.title, text: hit.body, source: { title: hit.title, faqId: hit.id } });

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
  async search(channelId: string, text: string, options: { locale?: string | undefined; limit: number }): Promise<Passage[]> {
    const hits = await this.#store.searchKnowledge(channelId, { terms: searchTerms(text), language: searchLanguage(options.locale), limit: options.limit });
    return hits.map(toPassage);
  }
}
