import { createNoteSchema, noteListSchema } from '../../validation-notes.js';
import { json, jsonBody, operation, pageOf, pathParameter, queryParameters, ref, type JsonSchema, type Operation } from './build.js';
import { object } from './schemas.js';

/** Private notes (DESIGN.md §12) in the agent API: the team's only, never sent to a visitor by any path. */

const id = pathParameter('id', 'The conversation id (`cv_…`).');

export const noteSchemas: Record<string, JsonSchema> = {
  Note: object(
    {
      id: { type: 'string', description: '`nt_…`' },
      conversationId: { type: 'string' },
      seq: { type: 'integer', description: "The conversation's last `seq` when the note was written: it shows after that message (0: before the first). Not a `seq` of its own." },
      clientId: { type: 'string', description: "The writer's idempotency key." },
      from: { const: 'note' },
      text: { type: 'string', description: 'Plain text, never HTML.' },
      attachments: { type: 'array', maxItems: 0, items: ref('Attachment'), description: 'Always empty: notes carry text only.' },
      mentions: { type: 'array', items: { type: 'string' }, description: 'Ids of the agents named with `@Name` or `@` and the local part of their email; each is sent `note:mention` on `/agent`.' },
      author: ref('Author'),
      createdAt: { type: 'string', format: 'date-time' },
    },
    [],
    'A private note: shaped like a message so an agent\'s thread lists both in one order.',
  ),
  NotePage: pageOf(ref('Note')),
  AgentThreadPage: pageOf({ anyOf: [ref('ChatMessage'), ref('Note')] }),
};

export const notePaths: Record<string, Record<string, Operation>> = {
  '/api/v1/agent/conversations/{id}/notes': {
    post: operation('agent', {
      id: 'createNote',
      summary: 'Write a private note (agents only; never reaches the visitor)',
      description:
        'In an open or closed conversation. Idempotent by `clientId`: the same `clientId` again answers 200 with the original note. ' +
        'Every agent hears `note:created` on `/agent`; each agent named hears `note:mention`. The socket event `note:send` does the same.',
      caller: 'agent',
      parameters: [id],
      body: jsonBody(createNoteSchema),
      ok: { 201: json('The stored note.', ref('Note')), 200: json('The note first stored with this `clientId`.', ref('Note')) },
      errors: ['not_found', 'conflict'],
    }),
    get: operation('agent', {
      id: 'listNotes',
      summary: "A conversation's private notes, in the order written",
      description: '`GET …/messages` carries them too, each after the message it followed.',
      caller: 'agent',
      parameters: [id, ...queryParameters(noteListSchema)],
      ok: { 200: json('A page of notes after the note `after`.', ref('NotePage')) },
      errors: ['not_found'],
    }),
  },
};
