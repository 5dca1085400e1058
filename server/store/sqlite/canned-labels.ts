import type { CannedReply, Label } from '../../../src/protocol.js';
import { newId } from '../../ids.js';
import { LabelTaken, ShortcutTaken, sortLabelNames, type CannedReplyQuery, type NewCannedReply } from '../canned-label-store.js';
import type { Connection } from './db.js';

/** Canned replies and labels (migration 20). */

interface CannedRow { id: string; owner_id: string | null; shortcut: string; text: string; created_at: string; updated_at: string }
interface LabelRow { id: string; name: string; color: string; created_at: string }

const toCanned = (row: CannedRow): CannedReply => ({
  id: row.id, shortcut: row.shortcut, text: row.text, shared: row.owner_id === null, ownerId: row.owner_id, createdAt: row.created_at, updatedAt: row.updated_at,
});
const toLabel = (row: LabelRow): Label => ({ id: row.id, name: row.name, color: row.color, createdAt: row.created_at });

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';
function unique<T>(taken: () => Error, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (isUniqueViolation(error)) throw taken();
    throw error;
  }
}

/** A summary's labels: a JSON array of names (sorted by `labelsOf`). */
export const LABELS_COLUMN = `(SELECT json_group_array(l.name) FROM conversation_labels cl JOIN labels l ON l.id = cl.label_id WHERE cl.conversation_id = c.id) AS labels`;
/** Conversations carrying the label named `?` (any ASCII case). */
export const LABEL_FILTER = `EXISTS (SELECT 1 FROM conversation_labels cl JOIN labels l ON l.id = cl.label_id WHERE cl.conversation_id = c.id AND lower(l.name) = lower(?))`;
export const labelsOf = (row: Record<string, unknown>): string[] => sortLabelNames(JSON.parse(String(row.labels ?? '[]')) as string[]);

const CANNED = 'SELECT id, owner_id, shortcut, text, created_at, updated_at FROM canned_replies';

export function listCannedReplies(db: Connection, query: CannedReplyQuery): { data: CannedReply[]; hasMore: boolean } {
  const q = query.q ?? '';
  const rows = db.sql(`${CANNED} WHERE (owner_id IS NULL OR owner_id = ?) AND (? = '' OR instr(lower(shortcut), lower(?)) > 0 OR instr(lower(text), lower(?)) > 0)
                       ORDER BY shortcut, owner_id IS NOT NULL, id LIMIT ?`)
    .all(query.agentId, q, q, q, query.limit + 1) as CannedRow[];
  return { data: rows.slice(0, query.limit).map(toCanned), hasMore: rows.length > query.limit };
}

export function getCannedReply(db: Connection, id: string): CannedReply | null {
  const row = db.sql(`${CANNED} WHERE id = ?`).get(id) as CannedRow | undefined;
  return row ? toCanned(row) : null;
}

export function createCannedReply(db: Connection, reply: NewCannedReply): CannedReply {
  const id = newId('cr');
  const now = new Date().toISOString();
  unique(() => new ShortcutTaken(reply.shortcut), () =>
    db.sql('INSERT INTO canned_replies (id, owner_id, shortcut, text, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(id, reply.ownerId, reply.shortcut, reply.text, now, now));
  return getCannedReply(db, id)!;
}

export function updateCannedReply(db: Connection, id: string, patch: Partial<Pick<NewCannedReply, 'shortcut' | 'text'>>): CannedReply | null {
  const changed = unique(() => new ShortcutTaken(patch.shortcut ?? ''), () =>
    db.sql('UPDATE canned_replies SET shortcut = COALESCE(?, shortcut), text = COALESCE(?, text), updated_at = ? WHERE id = ?')
      .run(patch.shortcut ?? null, patch.text ?? null, new Date().toISOString(), id).changes);
  return changed ? getCannedReply(db, id) : null;
}

export function deleteCannedReply(db: Connection, id: string): boolean {
  return db.sql('DELETE FROM canned_replies WHERE id = ?').run(id).changes === 1;
}

export function listLabels(db: Connection): Label[] {
  return (db.sql('SELECT id, name, color, created_at FROM labels ORDER BY lower(name), name').all() as LabelRow[]).map(toLabel);
}

function getLabel(db: Connection, id: string): Label | null {
  const row = db.sql('SELECT id, name, color, created_at FROM labels WHERE id = ?').get(id) as LabelRow | undefined;
  return row ? toLabel(row) : null;
}

export function createLabel(db: Connection, label: Pick<Label, 'name' | 'color'>): Label {
  const id = newId('lb');
  unique(() => new LabelTaken(label.name), () =>
    db.sql('INSERT INTO labels (id, name, color, created_at) VALUES (?, ?, ?, ?)').run(id, label.name, label.color, new Date().toISOString()));
  return getLabel(db, id)!;
}

export function updateLabel(db: Connection, id: string, patch: Partial<Pick<Label, 'name' | 'color'>>): Label | null {
  const changed = unique(() => new LabelTaken(patch.name ?? ''), () =>
    db.sql('UPDATE labels SET name = COALESCE(?, name), color = COALESCE(?, color) WHERE id = ?').run(patch.name ?? null, patch.color ?? null, id).changes);
  return changed ? getLabel(db, id) : null;
}

export function openConversationsLabelled(db: Connection, id: string): string[] {
  return (db.sql(`SELECT cl.conversation_id AS id FROM conversation_labels cl JOIN conversations c ON c.id = cl.conversation_id
                  WHERE cl.label_id = ? AND c.status = 'open' ORDER BY cl.conversation_id`).all(id) as Array<{ id: string }>).map((row) => row.id);
}

export function deleteLabel(db: Connection, id: string): string[] | null {
  return db.transaction(() => {
    const open = openConversationsLabelled(db, id);
    db.sql('DELETE FROM conversation_labels WHERE label_id = ?').run(id);
    return db.sql('DELETE FROM labels WHERE id = ?').run(id).changes === 1 ? open : null;
  }).immediate();
}

export function setConversationLabels(db: Connection, conversationId: string, labelIds: string[]): boolean {
  return db.transaction(() => {
    if (!db.sql('SELECT 1 FROM conversations WHERE id = ?').get(conversationId)) return false;
    db.sql('DELETE FROM conversation_labels WHERE conversation_id = ?').run(conversationId);
    const insert = db.sql('INSERT OR IGNORE INTO conversation_labels (conversation_id, label_id) SELECT ?, id FROM labels WHERE id = ?');
    for (const labelId of labelIds) insert.run(conversationId, labelId);
    return true;
  }).immediate();
}

export function conversationLabels(db: Connection, conversationId: string): string[] {
  const rows = db.sql('SELECT l.name FROM conversation_labels cl JOIN labels l ON l.id = cl.label_id WHERE cl.conversation_id = ?').all(conversationId) as Array<{ name: string }>;
  return sortLabelNames(rows.map((row) => row.name));
}
