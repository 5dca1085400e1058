import type { SearchHit, SearchPage } from '../../src/protocol.js';
import { ServiceError } from '../errors.js';
import { decodeCursor, encodeCursor, parseDeskQuery, snippetOf, storeQuery, type DeskQuery, type SearchPosition } from '../search/desk.js';
import type { IdSearchRow, MessageSearchRow, VisitorSearchRow } from '../store/search-store.js';
import type { Store } from '../store/store.js';

/** What a snippet highlights. */
type Matching = Pick<DeskQuery, 'terms' | 'prefix'>;

/** Visitors (few, and who an agent usually looks for) come before messages, then private notes. */
const KINDS: Array<SearchPosition['kind']> = ['visitor', 'message', 'note'];

const messageHit = (row: MessageSearchRow, query: Matching): SearchHit => ({
  kind: row.from === 'note' ? 'note' : 'message',
  conversationId: row.conversationId,
  messageId: row.messageId,
  seq: row.seq,
  from: row.from,
  ...(row.authorName ? { authorName: row.authorName } : {}),
  ...snippetOf(row.text, query),
  visitor: row.visitor,
  createdAt: row.createdAt,
});

const visitorHit = (row: VisitorSearchRow, query: Matching): SearchHit => ({
  kind: 'visitor',
  conversationId: row.conversationId,
  ...snippetOf([row.visitor.name, row.visitor.email, row.visitor.externalUserId].filter(Boolean).join(' · '), query),
  visitor: row.visitor,
  createdAt: row.activeAt,
});

/** An id typed whole: the whole id is the highlight. */
function idHit(row: IdSearchRow, id: string): SearchHit {
  const exact = { terms: [id.toLowerCase()], prefix: false };
  if (row.kind === 'message') return { ...messageHit(row, exact), snippet: row.text.replace(/\s+/g, ' ').trim().slice(0, 160), highlights: [] };
  if (row.kind === 'visitor') return visitorHit(row, exact);
  return { kind: 'conversation', conversationId: row.conversationId, snippet: `${id} · ${row.text.replace(/\s+/g, ' ').trim()}`.slice(0, 160), highlights: [[0, id.length]], visitor: row.visitor, createdAt: row.activeAt };
}

/**
 * The agents' search (issue 22 item 4): an id typed whole finds that message, conversation or
 * visitor; words find visitors (name, email, external id), then messages, each ranked by the
 * engine's full-text index, paged by an opaque cursor.
 */
export class SearchService {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  async search(q: string, options: { limit: number; cursor?: string | undefined }): Promise<SearchPage> {
    const query = parseDeskQuery(q);
    const start = options.cursor === undefined ? { kind: KINDS[0]!, offset: 0 } : decodeCursor(options.cursor);
    if (!start) throw new ServiceError('invalid_request', 'cursor: not a cursor this search gave', { param: 'cursor' });
    if (query.id) {
      const row = options.cursor === undefined ? await this.#store.findById(query.id) : null;
      return { data: row ? [idHit(row, query.id)] : [], hasMore: false };
    }
    const data: SearchHit[] = [];
    for (const kind of KINDS.slice(KINDS.indexOf(start.kind))) {
      const offset = kind === start.kind ? start.offset : 0;
      const room = options.limit - data.length;
      // One more than there is room for says whether a next page starts here.
      const page = storeQuery(query, room + 1, offset);
      const hits = kind === 'visitor'
        ? (await this.#store.searchVisitors(page)).map((row) => visitorHit(row, query))
        : (await (kind === 'note' ? this.#store.searchNotes(page) : this.#store.searchMessages(page))).map((row) => messageHit(row, query));
      data.push(...hits.slice(0, room));
      if (hits.length > room) return { data, hasMore: true, nextCursor: encodeCursor({ kind, offset: offset + room }) };
    }
    return { data, hasMore: false };
  }
}
