import { customAlphabet } from 'nanoid';

/** Url-safe, unambiguous ids with a type prefix (`cv_…`), as DESIGN.md §3 lists them. */
const random = customAlphabet('0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ', 21);

export type IdPrefix = 'ch' | 'v' | 'cv' | 'm' | 'up' | 'ag' | 'tc' | 'faq' | 'wh' | 'whd';

export function newId(prefix: IdPrefix): string {
  return `${prefix}_${random()}`;
}
