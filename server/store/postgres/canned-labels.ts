import type pg from 'pg';
import type { CannedReply, Label } from '../../../src/protocol.js';
import { newId } from '../../ids.js';
import { LabelTaken, ShortcutTaken, sortLabelNames, type CannedReplyQuery, type NewCannedReply } from '../canned-label-store.js';
import { all, changes, one, sqlState, transaction, UNIQUE_VIOLATION, type Queryable } from './db.js';

/** Canned replies and labels (migration 20). */

/** A summary's labels: a JSON array of names (sorted by `labelsOf`). */
export const LABELS_COLUMN = `COALESCE((SELECT json_agg(l.name) FROM conversation_labels cl JOIN labels l ON l.id = cl.label_id WHERE cl.conversation_id = c.id), '[]') AS labels`;
/** Conversations carrying the label named by the parameter `$n` (any ASCII case). */
export const labelFilter = (n: number) =>
  `EXISTS (SELECT 1 FROM conversation_labels cl JOIN labels l ON l.id = cl.label_id WHERE cl.conversation_id = c.id AND lower(l.name) = lower($${n}::text COLLATE "C"))`;
export const labelsOf = (row: { labels?: string[] | null }): string[] => sortLabelNames(row.labels ?? []);

const CANNED = `SELECT id, shortcut, text, owner_id IS NULL AS shared, owner_id AS "ownerId", created_at AS "createdAt", updated_at AS "updatedAt" FROM canned_replies`;
const LABEL = `SELECT id, name, color, created_at AS "createdAt" FROM labels`;

async function unique<T>(taken: () => Error, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (sqlState(error).code === UNIQUE_VIOLATION) throw taken();
    throw error;
  }
}

export async function listCannedReplies(db: Queryable, query: CannedReplyQuery): Promise<{ data: CannedReply[]; hasMore: boolean }> {
  const rows = await all<CannedReply>(db, `${CANNED} WHERE (owner_id IS NULL OR owner_id = $1)
      AND ($2::text = '' OR strpos(lower(shortcut), lower($2::text COLLATE "C")) > 0 OR strpos(lower(text COLLATE "C"), lower($2::text COLLATE "C")) > 0)
    ORDER BY shortcut, owner_id IS NOT NULL, id LIMIT $3`, [query.agentId, query.q ?? '', query.limit + 1]);
  return { data: rows.slice(0, query.limit), hasMore: rows.length > query.limit };
}

export function getCannedReply(db: Queryable, id: string): Promise<CannedReply | null> {
  return one<CannedReply>(db, `${CANNED} WHERE id = $1`, [id]);
}

export async function createCannedReply(db: Queryable, reply: NewCannedReply): Promise<CannedReply> {
  const id = newId('cr');
  await unique(() => new ShortcutTaken(reply.shortcut), () => db.query(
    'INSERT INTO canned_replies (id, owner_id, shortcut, text, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)',
    [id, reply.ownerId, reply.shortcut, reply.text, new Date().toISOString()],
  ));
  return (await getCannedReply(db, id))!;
}

export async function updateCannedReply(db: Queryable, id: string, patch: Partial<Pick<NewCannedReply, 'shortcut' | 'text'>>): Promise<CannedReply | null> {
  const changed = await unique(() => new ShortcutTaken(patch.shortcut ?? ''), () => changes(db,
    'UPDATE canned_replies SET shortcut = COALESCE($2, shortcut), text = COALESCE($3, text), updated_at = $4 WHERE id = $1',
    [id, patch.shortcut ?? null, patch.text ?? null, new Date().toISOString()],
  ));
  return changed ? getCannedReply(db, id) : null;
}

export async function deleteCannedReply(db: Queryable, id: string): Promise<boolean> {
  return (await changes(db, 'DELETE FROM canned_replies WHERE id = $1', [id])) === 1;
}

export function listLabels(db: Queryable): Promise<Label[]> {
  return all<Label>(db, `${LABEL} ORDER BY lower(name), name`);
}

export async function createLabel(db: Queryable, label: Pick<Label, 'name' | 'color'>): Promise<Label> {
  const id = newId('lb');
  await unique(() => new LabelTaken(label.name), () =>
    db.query('INSERT INTO labels (id, name, color, created_at) VALUES ($1, $2, $3, $4)', [id, label.name, label.color, new Date().toISOString()]));
  return (await one<Label>(db, `${LABEL} WHERE id = $1`, [id]))!;
}

export async function updateLabel(db: Queryable, id: string, patch: Partial<Pick<Label, 'name' | 'color'>>): Promise<Label | null> {
  const changed = await unique(() => new LabelTaken(patch.name ?? ''), () =>
    changes(db, 'UPDATE labels SET name = COALESCE($2, name), color = COALESCE($3, color) WHERE id = $1', [id, patch.name ?? null, patch.color ?? null]));
  return changed ? one<Label>(db, `${LABEL} WHERE id = $1`, [id]) : null;
}

export async function openConversationsLabelled(db: Queryable, id: string): Promise<string[]> {
  const rows = await all<{ id: string }>(db, `SELECT cl.conversation_id AS id FROM conversation_labels cl JOIN conversations c ON c.id = cl.conversation_id
    WHERE cl.label_id = $1 AND c.status = 'open' ORDER BY cl.conversation_id`, [id]);
  return rows.map((row) => row.id);
}

export function deleteLabel(pool: pg.Pool, id: string): Promise<string[] | null> {
  return transaction(pool, async (client) => {
    const open = await openConversationsLabelled(client, id);
    await client.query('DELETE FROM conversation_labels WHERE label_id = $1', [id]);
    return (await changes(client, 'DELETE FROM labels WHERE id = $1', [id])) === 1 ? open : null;
  });
}

export function setConversationLabels(pool: pg.Pool, conversationId: string, labelIds: string[]): Promise<boolean> {
  return transaction(pool, async (client) => {
    // The conversation's row lock orders two agents labelling it at once: the later one's set wins whole.
    if (!(await one(client, 'SELECT 1 FROM conversations WHERE id = $1 FOR UPDATE', [conversationId]))) return false;
    await client.query('DELETE FROM conversation_labels WHERE conversation_id = $1', [conversationId]);
    await client.query(`INSERT INTO conversation_labels (conversation_id, label_id) SELECT $1, id FROM labels WHERE id = ANY($2::text[])
      ON CONFLICT DO NOTHING`, [conversationId, labelIds]);
    return true;
  });
}

export async function conversationLabels(db: Queryable, conversationId: string): Promise<string[]> {
  const rows = await all<{ name: string }>(db, 'SELECT l.name FROM conversation_labels cl JOIN labels l ON l.id = cl.label_id WHERE cl.conversation_id = $1', [conversationId]);
  return sortLabelNames(rows.map((row) => row.name));
}
