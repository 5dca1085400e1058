import { z } from 'zod';
import { LIMITS } from '../src/protocol.js';
import { agentSendSchema, notBlank } from './validation.js';

/** Request schemas of private notes (DESIGN.md §12). Objects are strict. */

const { clientId, conversationId } = agentSendSchema.shape;

/** `POST …/conversations/:id/notes`. */
export const createNoteSchema = z.strictObject({ clientId, text: notBlank(LIMITS.messageText) });
/** The socket's `note:send` names its conversation. */
export const noteSendSchema = createNoteSchema.extend({ conversationId });
/** `GET …/conversations/:id/notes`: a page in the order written, after the note `after`. */
export const noteListSchema = z.strictObject({
  after: z.string().max(64).regex(/^nt_[\w-]+$/, 'a note id (nt_…)').optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.pageSize).default(50),
});
