import { z } from 'zod';
import { CANNED_SHORTCUT, DESK_LIMITS, LIMITS } from '../src/protocol.js';
import { notBlank } from './validation.js';

/** Request schemas of canned replies and labels (DESIGN.md §12). Objects are strict. */

/** The longest `?q=` a canned reply search takes, and the most replies one answer lists. */
export const CANNED_QUERY_MAX = 100;
export const CANNED_LIST_MAX = 200;

const shortcut = z.string().regex(CANNED_SHORTCUT, 'lower case letters, digits, - and _ only (32 at most)');
const cannedText = notBlank(LIMITS.messageText);

export const cannedListSchema = z.strictObject({
  q: z.string().max(CANNED_QUERY_MAX).optional(),
  limit: z.coerce.number().int().min(1).max(CANNED_LIST_MAX).default(50),
});
export const createCannedSchema = z.strictObject({ shortcut, text: cannedText, shared: z.boolean().default(false) });
export const updateCannedSchema = z.strictObject({ shortcut: shortcut.optional(), text: cannedText.optional() });

const labelName = z.string().trim().min(1, 'must not be blank').max(DESK_LIMITS.labelName);
/** `#rrggbb`, stored in lower case. */
const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a color as #rrggbb').transform((value) => value.toLowerCase());

export const createLabelSchema = z.strictObject({ name: labelName, color });
export const updateLabelSchema = z.strictObject({ name: labelName.optional(), color: color.optional() });
/** `PUT /conversations/:id/labels`: the whole set, by name (any case). */
export const conversationLabelsSchema = z.strictObject({
  labels: z.array(labelName).max(DESK_LIMITS.labelsPerConversation),
});
