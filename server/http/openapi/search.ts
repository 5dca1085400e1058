import { searchSchema } from '../../validation-search.js';
import { json, operation, queryParameters, ref, type JsonSchema, type Operation } from './build.js';
import { object } from './schemas.js';

/** The agents' search (issue 22 item 4) in the OpenAPI description. */

const string: JsonSchema = { type: 'string' };
const range: JsonSchema = { type: 'array', items: { type: 'integer', minimum: 0 }, minItems: 2, maxItems: 2 };

export const searchSchemas: Record<string, JsonSchema> = {
  SearchVisitor: object({ id: string, name: string, email: string, externalUserId: string }, ['name', 'email', 'externalUserId']),
  SearchHit: object(
    {
      kind: { type: 'string', enum: ['message', 'note', 'visitor', 'conversation'], description: 'What matched: a message\'s text, a private note\'s, a visitor\'s name, email or external id, or an id typed whole.' },
      conversationId: { ...string, description: "The conversation to open: the message's, or the visitor's most recently active one." },
      messageId: { ...string, description: 'Message hits (`m_…`) and note hits (`nt_…`) only.' },
      seq: { type: 'integer', description: 'Message and note hits only: open the thread at this message (a note: the message it follows).' },
      from: { type: 'string', enum: ['visitor', 'agent', 'bot', 'note'], description: 'Message and note hits only.' },
      authorName: { ...string, description: 'The agent or bot who wrote the message.' },
      snippet: { ...string, description: 'Plain text around the match; render it as text.' },
      highlights: { type: 'array', items: range, description: '`[start, end)` offsets into `snippet` (UTF-16 code units) of the words that matched.' },
      visitor: ref('SearchVisitor'),
      createdAt: { type: 'string', format: 'date-time', description: "The message's time; for other hits the conversation's latest activity." },
    },
    ['messageId', 'seq', 'from', 'authorName'],
  ),
  SearchPage: object(
    { data: { type: 'array', items: ref('SearchHit') }, hasMore: { type: 'boolean' }, nextCursor: { ...string, description: 'Pass it as `cursor` for the next page (present when `hasMore`).' } },
    ['nextCursor'],
  ),
};

export const searchPaths: Record<string, Record<string, Operation>> = {
  '/api/v1/agent/search': {
    get: operation('agent', {
      id: 'search',
      summary: 'Search messages, visitors and ids',
      description:
        'Every word must match (words are letters and digits: quotes, `*`, `AND` or parentheses are not syntax); the last word also matches words it begins unless a space ends the query. ' +
        'Visitors (name, email, external id) come first, then messages (visitor, agent and bot ones), then private notes, each ranked by the full-text index. An id typed whole (`m_…`, `cv_…`, `v_…`) finds exactly that.',
      caller: 'agent',
      parameters: queryParameters(searchSchema),
      ok: { 200: json('Hits, best first.', ref('SearchPage')) },
    }),
  },
};
