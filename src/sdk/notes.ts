import type { CreateNoteRequest, Note, Page } from '../protocol.js';
import { clientIdFor } from './conversations.js';
import { Resource, segment } from './http.js';
import type { RequestOptions } from './types.js';

/** What `notes.list` takes: a page in the order written, after the note `after` (an `nt_…` id). */
export interface NoteListQuery {
  after?: string;
  limit?: number;
}

const notesPath = (conversationId: string) => `/agent/conversations/${segment(conversationId)}/notes`;

/**
 * Private notes in a conversation (an agent's or a bot's token): the team's only, never shown to
 * the visitor. `messages.list` carries them too, each after the message it followed (`from: 'note'`).
 */
export class Notes extends Resource {
  /**
   * Writes a note; `@Name` or `@` and an agent's email local part notifies that agent. Idempotent
   * by `clientId`: without one it is derived from `idempotencyKey` (a retry is the same note), or made up.
   */
  async create(conversationId: string, note: Partial<CreateNoteRequest> & { text: string }, options: RequestOptions = {}): Promise<Note> {
    const clientId = note.clientId ?? (options.idempotencyKey !== undefined ? await clientIdFor(options.idempotencyKey) : crypto.randomUUID());
    return this.http.call('POST', notesPath(conversationId), { ...options, body: { text: note.text, clientId } });
  }

  list(conversationId: string, query: NoteListQuery = {}): Promise<Page<Note>> {
    return this.http.call('GET', notesPath(conversationId), { query });
  }
}
