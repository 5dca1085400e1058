import { customAlphabet } from 'nanoid';

/** Url-safe, unambiguous ids with a type prefix (`cv_…`), as DESIGN.md §3 lists them. */
const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const random = customAlphabet(ALPHABET, 21);
const randomTail = customAlphabet(ALPHABET, 12);

export type IdPrefix = 'ch' | 'v' | 'cv' | 'm' | 'up' | 'ag' | 'ai' | 'tc' | 'faq' | 'art' | 'wh' | 'whd' | 'cr' | 'lb' | 'tm' | 'nt';

export function newId(prefix: IdPrefix): string {
  return `${prefix}_${random()}`;
}

const TIME_WIDTH = 9; // base-36 milliseconds: 9 digits reach the year 5188

/**
 * A time-ordered id: the prefix, the millisecond in 9 base-36 digits (lower case, so they sort
 * the same in every collation), then 12 random characters (71 bits). New rows land at the right
 * edge of the id index instead of on a random page, so a group commit of 50 messages writes one
 * page of that index rather than 50 (see docs/design-notes.md).
 */
export function newSortableId(prefix: IdPrefix, now = Date.now()): string {
  return `${prefix}_${now.toString(36).padStart(TIME_WIDTH, '0')}${randomTail()}`;
}
