import type pg from 'pg';
import type { Agent, Visitor, VisitorContext, VisitorProfile } from '../../../src/protocol.js';
import { newId } from '../../ids.js';
import type { AgentPatch, AgentRecord, Channel, ChannelPatch, Faq, NewAgent, SecretKind, VisitorIdentity } from '../store.js';
import { all, changes, one, transaction, type Queryable } from './db.js';
import { agentPatchColumns, toAgent, toChannel, toVisitor, VISITOR_SELECT, type AgentRow, type ChannelRow, type VisitorRow } from '../rows.js';

/** Who and what a conversation happens in: channels, their FAQs and secrets, visitors, agents. */

// ------------------------------------------------------------ channels

export async function createChannel(db: Queryable, channel: Omit<Channel, 'id' | 'createdAt'>): Promise<Channel> {
  const row = await one<ChannelRow>(db, `INSERT INTO channels (id, key, name, allowed_origins, settings, created_at)
    VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
  [newId('ch'), channel.key, channel.name, JSON.stringify(channel.allowedOrigins), JSON.stringify(channel.settings), new Date().toISOString()]);
  return toChannel(row!);
}

export async function getChannel(db: Queryable, key: string): Promise<Channel | null> {
  const row = await one<ChannelRow>(db, 'SELECT * FROM channels WHERE key = $1', [key]);
  return row ? toChannel(row) : null;
}

export async function listChannels(db: Queryable): Promise<Channel[]> {
  return (await all<ChannelRow>(db, 'SELECT * FROM channels ORDER BY created_at')).map(toChannel);
}

/** Call inside a transaction: the row is locked from the read to the write. */
export async function updateChannel(db: Queryable, key: string, patch: ChannelPatch, check?: (next: Channel) => void): Promise<Channel | null> {
  const row = await one<ChannelRow>(db, 'SELECT * FROM channels WHERE key = $1 FOR UPDATE', [key]);
  if (!row) return null;
  const current = toChannel(row);
  const next: Channel = { ...current, ...patch, settings: { ...current.settings, ...patch.settings } };
  check?.(next);
  await db.query('UPDATE channels SET name = $1, allowed_origins = $2, settings = $3 WHERE key = $4',
    [next.name, JSON.stringify(next.allowedOrigins), JSON.stringify(next.settings), key]);
  return next;
}

// ------------------------------------------------------------ FAQs

export async function listFaqs(db: Queryable, channelId: string): Promise<Faq[]> {
  return all<Faq>(db, 'SELECT id, question, answer, position FROM faqs WHERE channel_id = $1 ORDER BY position, created_at', [channelId]);
}

export async function createFaq(db: Queryable, channelId: string, faq: Omit<Faq, 'id'>): Promise<Faq> {
  const id = newId('faq');
  await db.query('INSERT INTO faqs (id, channel_id, question, answer, position, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
    [id, channelId, faq.question, faq.answer, faq.position, new Date().toISOString()]);
  return { id, ...faq };
}

export async function updateFaq(db: Queryable, channelId: string, id: string, patch: Partial<Omit<Faq, 'id'>>): Promise<Faq | null> {
  const current = await one<Faq>(db, 'SELECT id, question, answer, position FROM faqs WHERE id = $1 AND channel_id = $2', [id, channelId]);
  if (!current) return null;
  const next = { ...current, ...patch };
  await db.query('UPDATE faqs SET question = $1, answer = $2, position = $3 WHERE id = $4', [next.question, next.answer, next.position, id]);
  return next;
}

export async function deleteFaq(db: Queryable, channelId: string, id: string): Promise<boolean> {
  return (await changes(db, 'DELETE FROM faqs WHERE id = $1 AND channel_id = $2', [id, channelId])) === 1;
}

// ------------------------------------------------------------ secrets and assertion replay

export async function getChannelSecret(db: Queryable, channelId: string, kind: SecretKind): Promise<string | null> {
  const row = await one<{ secret: string }>(db, 'SELECT secret FROM channel_secrets WHERE channel_id = $1 AND kind = $2', [channelId, kind]);
  return row?.secret ?? null;
}

export async function setChannelSecret(db: Queryable, channelId: string, kind: SecretKind, secret: string): Promise<void> {
  await db.query(`INSERT INTO channel_secrets (channel_id, kind, secret, created_at) VALUES ($1, $2, $3, $4)
    ON CONFLICT (channel_id, kind) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at`,
  [channelId, kind, secret, new Date().toISOString()]);
}

/** The table is shared by every node: of two nodes shown the same `jti`, exactly one gets true. */
export async function useAssertion(db: Queryable, jti: string, channelId: string, expiresAt: number): Promise<boolean> {
  await db.query('DELETE FROM used_assertions WHERE expires_at < $1', [Math.floor(Date.now() / 1000)]);
  return (await changes(db, 'INSERT INTO used_assertions (jti, channel_id, expires_at) VALUES ($1, $2, $3) ON CONFLICT (jti) DO NOTHING',
    [jti, channelId, expiresAt])) === 1;
}

// ------------------------------------------------------------ visitors

export async function createVisitor(
  db: Queryable,
  channelId: string,
  profile: VisitorProfile,
  identity?: VisitorIdentity,
  fingerprint?: string,
): Promise<Visitor> {
  const id = newId('v');
  await db.query('INSERT INTO visitors (id, channel_id, external_user_id, verified, profile, fingerprint, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [id, channelId, identity?.externalUserId ?? null, identity?.verified ?? false, JSON.stringify(profile), fingerprint ?? null, new Date().toISOString()]);
  return (await getVisitor(db, id))!;
}

export async function getVisitor(db: Queryable, id: string): Promise<Visitor | null> {
  const row = await one<VisitorRow>(db, `${VISITOR_SELECT} WHERE v.id = $1`, [id]);
  return row ? toVisitor(row) : null;
}

export async function findAnonymousByFingerprint(db: Queryable, channelId: string, fingerprint: string): Promise<Visitor | null> {
  const row = await one<VisitorRow>(db, `${VISITOR_SELECT} WHERE v.channel_id = $1 AND v.fingerprint = $2 AND v.external_user_id IS NULL
    ORDER BY v.created_at DESC LIMIT 1`, [channelId, fingerprint]);
  return row ? toVisitor(row) : null;
}

export async function findVisitorByIdentity(db: Queryable, channelId: string, identity: VisitorIdentity): Promise<Visitor | null> {
  const row = await one<VisitorRow>(db, `${VISITOR_SELECT} WHERE v.channel_id = $1 AND v.external_user_id = $2 AND v.verified = $3`,
    [channelId, identity.externalUserId, identity.verified]);
  return row ? toVisitor(row) : null;
}

export async function setVisitorContext(db: Queryable, id: string, context: VisitorContext): Promise<void> {
  await db.query('UPDATE visitors SET context = $1 WHERE id = $2', [JSON.stringify(context), id]);
}

/** Read, merge and write under the row's lock, so two nodes' merges never lose one another's keys. */
export async function updateVisitorProfile(pool: pg.Pool, id: string, profile: VisitorProfile, check?: (merged: VisitorProfile) => void): Promise<Visitor | null> {
  return transaction(pool, async (client) => {
    const row = await one<VisitorRow>(client, `${VISITOR_SELECT} WHERE v.id = $1 FOR UPDATE OF v`, [id]);
    if (!row) return null;
    const merged: VisitorProfile = { ...row.profile, ...profile };
    if (row.profile.extra || profile.extra) merged.extra = { ...row.profile.extra, ...profile.extra };
    check?.(merged);
    // Through JSON, as SQLite stores it: what reads back is what a later read returns.
    const stored = JSON.stringify(merged);
    await client.query('UPDATE visitors SET profile = $1 WHERE id = $2', [stored, id]);
    return toVisitor({ ...row, profile: JSON.parse(stored) as VisitorProfile });
  });
}

// ------------------------------------------------------------ agents

export async function createAgent(db: Queryable, agent: NewAgent): Promise<Agent> {
  const row = await one<AgentRow>(db, `INSERT INTO agents (id, email, name, role, kind, avatar_url, password_hash, created_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
  [newId('ag'), agent.email, agent.name, agent.role, agent.kind, agent.avatarUrl ?? null, agent.passwordHash, new Date().toISOString()]);
  return toAgent(row!);
}

export async function listAgents(db: Queryable): Promise<Agent[]> {
  return (await all<AgentRow>(db, 'SELECT * FROM agents ORDER BY created_at, id')).map(toAgent);
}

export async function getAgent(db: Queryable, id: string): Promise<Agent | null> {
  const row = await one<AgentRow>(db, 'SELECT * FROM agents WHERE id = $1', [id]);
  return row ? toAgent(row) : null;
}

/** Case-insensitive for ASCII, like SQLite's `COLLATE NOCASE` (see the migration). */
export async function getAgentByEmail(db: Queryable, email: string): Promise<AgentRecord | null> {
  const row = await one<AgentRow>(db, 'SELECT * FROM agents WHERE lower(email) = lower($1)', [email]);
  return row ? { ...toAgent(row), passwordHash: row.password_hash } : null;
}

export async function updateAgent(db: Queryable, id: string, patch: AgentPatch): Promise<Agent | null> {
  const columns = agentPatchColumns(patch);
  if (!columns.length) return getAgent(db, id);
  const sets = columns.map(([column], index) => `${column} = $${index + 1}`);
  const row = await one<AgentRow>(db, `UPDATE agents SET ${sets.join(', ')} WHERE id = $${columns.length + 1} RETURNING *`,
    [...columns.map(([, value]) => value), id]);
  return row ? toAgent(row) : null;
}

export async function findAgentByInvite(db: Queryable, hash: string, now: string): Promise<Agent | null> {
  const row = await one<AgentRow>(db, 'SELECT * FROM agents WHERE invite_hash = $1 AND invite_expires_at > $2', [hash, now]);
  return row ? toAgent(row) : null;
}

export async function findAgentByToken(db: Queryable, hash: string): Promise<Agent | null> {
  const row = await one<AgentRow>(db, `SELECT * FROM agents WHERE token_hash = $1 AND kind = 'bot'`, [hash]);
  return row ? toAgent(row) : null;
}

export async function countAgents(db: Queryable): Promise<number> {
  return (await one<{ n: number }>(db, 'SELECT count(*)::int AS n FROM agents'))!.n;
}
