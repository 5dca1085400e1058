import { z } from 'zod';
import type { DeskSearchQuery } from '../store/search-store.js';

/**
 * What the agents type into the inbox's search, read once for both engines: an id typed whole,
 * or words. Words are runs of letters, digits and combining marks, lower case: whatever else
 * the text holds (quotes, `*`, `-`, `AND`, parentheses) separates words and is never query
 * syntax. The same reading finds the words to highlight in a snippet.
 */

/** Words past these add little and cost a doclist each. */
const MAX_TERMS = 16;
/** A last word this long or longer also matches the words it begins; shorter prefixes match too much to rank. */
const MIN_PREFIX = 3;
/** Matches ranked per kind: the newest this many (older ones are found by saying more). */
export const RANK_WINDOW = 1000;
/** Characters of a message's text around its first match. */
const SNIPPET_WIDTH = 160;
/** How much of the snippet comes before the first match. */
const SNIPPET_LEAD = 40;

const WORD = /[\p{L}\p{N}\p{M}]+/gu;
/** Ids of the things an agent can open: a message, a conversation or a visitor (server/ids.ts). */
const ID = /^(m|cv|v)_[0-9A-Za-z]{6,40}$/;

export interface DeskQuery {
  /** An id typed whole: found exactly, not as words. */
  id: string | null;
  terms: string[];
  prefix: boolean;
}

export function parseDeskQuery(q: string): DeskQuery {
  const trimmed = q.trim();
  if (ID.test(trimmed)) return { id: trimmed, terms: [], prefix: false };
  // Distinct words, each where it last occurs, so the word being typed stays last.
  const words = (trimmed.toLowerCase().match(WORD) ?? []).reverse();
  const terms = [...new Set(words)].reverse().slice(-MAX_TERMS);
  // Still typing the last word: the text ends inside it (no space, no punctuation after it).
  const last = terms.at(-1);
  const prefix = last !== undefined && last.length >= MIN_PREFIX && /[\p{L}\p{N}\p{M}]$/u.test(q);
  return { id: null, terms, prefix };
}

/** The store's query for one page of one kind of hit. */
export const storeQuery = (query: DeskQuery, limit: number, offset: number): DeskSearchQuery => ({
  terms: query.terms, prefix: query.prefix, limit, offset, window: RANK_WINDOW,
});

/** `[start, end)` of every word of `text` that the query matches. */
export function matchRanges(text: string, query: Pick<DeskQuery, 'terms' | 'prefix'>): Array<[number, number]> {
  const terms = new Set(query.terms);
  const stem = query.prefix ? query.terms.at(-1) : undefined;
  const ranges: Array<[number, number]> = [];
  for (const match of text.matchAll(WORD)) {
    const word = match[0].toLowerCase();
    if (terms.has(word) || (stem !== undefined && word.startsWith(stem))) ranges.push([match.index, match.index + match[0].length]);
  }
  return ranges;
}

/** Plain text and where the matched words are in it. */
export interface Snippet {
  snippet: string;
  highlights: Array<[number, number]>;
}

/**
 * A window of `text` (its whitespace folded to single spaces) around the first matched word,
 * cut at spaces, with `…` where text was left out, and the matched words' ranges in it.
 */
export function snippetOf(text: string, query: Pick<DeskQuery, 'terms' | 'prefix'>): Snippet {
  const flat = text.replace(/\s+/g, ' ').trim();
  const ranges = matchRanges(flat, query);
  if (flat.length <= SNIPPET_WIDTH) return { snippet: flat, highlights: ranges };
  const first = ranges[0]?.[0] ?? 0;
  let start = Math.max(0, Math.min(first - SNIPPET_LEAD, flat.length - SNIPPET_WIDTH));
  if (start > 0) start = flat.indexOf(' ', start) + 1 || start;
  let end = Math.min(flat.length, start + SNIPPET_WIDTH);
  if (end < flat.length) end = flat.lastIndexOf(' ', end) > start ? flat.lastIndexOf(' ', end) : end;
  const lead = start > 0 ? '…' : '';
  const snippet = `${lead}${flat.slice(start, end)}${end < flat.length ? '…' : ''}`;
  const shift = lead.length - start;
  const highlights = ranges.filter(([from, to]) => from >= start && to <= end).map(([from, to]): [number, number] => [from + shift, to + shift]);
  return { snippet, highlights };
}

/** A position in the results: hits of `kind` after the first `offset` (visitors, then messages, then notes). */
export interface SearchPosition {
  kind: 'visitor' | 'message' | 'note';
  offset: number;
}

/** An opaque cursor for a position (base64url of a small JSON). */
const CURSOR_KINDS = { visitor: 'v', message: 'm', note: 'n' } as const;
export const encodeCursor = (position: SearchPosition): string => Buffer.from(JSON.stringify([CURSOR_KINDS[position.kind], position.offset])).toString('base64url');

const cursorSchema = z.tuple([z.enum(['v', 'm', 'n']), z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)]);

/** The position a cursor names, or null when it names none (the caller refuses it). */
export function decodeCursor(cursor: string): SearchPosition | null {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const parsed = cursorSchema.safeParse(value);
  if (!parsed.success) return null;
  const kind = (Object.keys(CURSOR_KINDS) as Array<SearchPosition['kind']>).find((name) => CURSOR_KINDS[name] === parsed.data[0])!;
  return { kind, offset: parsed.data[1] };
}
