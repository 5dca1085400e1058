import type { SearchPage } from '../protocol.js';
import type { Http } from './http.js';

/**
 * The agents' search (an agent's or a bot's token): messages, visitors (name, email, external id)
 * and ids, best first. `cursor` is the previous page's `nextCursor`.
 */
export function search(http: Http, q: string, options: { limit?: number; cursor?: string } = {}): Promise<SearchPage> {
  return http.call('GET', '/agent/search', { query: { q, ...options } });
}
