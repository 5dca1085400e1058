import type { Agent, Visitor, VisitorContext, VisitorProfile } from '../../../src/protocol.js';
import { newId } from '../../ids.js';
import { agentPatchColumns, toAgent, VISITOR_SELECT, type AgentRow } from '../rows.js';
import type { AgentPatch, AgentRecord, Channel, ChannelPatch, Faq, NewAgent, SecretKind, VisitorIdentity } from '../store.js';
import { toChannel, toVisitor, type ChannelRow, type Connection, type VisitorRow } from './db.js';

/** Who and what a conversation happens in: channels, their FAQs and secrets, visitors, agents. */

// ------------------------------------------------------------ channels

export function createChannel(db: Connection, channel: Omit<Channel, 'id' | 'createdAt'>): Channel {
  const row: ChannelRow = {
    id: newId('ch'),
    key: channel.key,
    name: channel.name,
    allowed_origins: JSON.stringify(channel.allowedOrigins),
    settings: JSON.stringify(channel.settings),
    created_at: new Date().toISOString(),
  };
  db.sql('INSERT INTO channels (id, key, name, allowed_origins, settings, created_at) VALUES (@id, @key, @name, @allowed_origins, @settings, @created_at)')
    .run(row);
  return toChannel(row);
}

export function getChannel(db: Connection, key: string): Channel | null {
  const row = db.sql('SELECT * FROM channels WHERE key = ?').get(key) as ChannelRow | undefined;
  return row ? toChannel(row) : null;
}

export function listChannels(db: Connection): Channel[] {
  return (db.sql('SELECT * FROM channels ORDER BY created_at').all() as ChannelRow[]).map(toChannel);
}

export function updateChannel(db: Connection, key: string, patch: ChannelPatch, check?: (next: Channel) => void): Channel | null {
  // Read and write in one immediate transaction: another connection's update cannot slip between.
  return db.transaction(() => {
    const row = db.sql('SELECT * FROM channels WHERE key = ?').get(key) as ChannelRow | undefined;
    if (!row) return null;
    const current = toChannel(row);
    const merged: Channel = { ...current, ...patch, settings: { ...current.settings, ...patch.settings } };
    check?.(merged);
    db.sql('UPDATE channels SET name = ?, allowed_origins = ?, settings = ? WHERE key = ?')
      .run(merged.name, JSON.stringify(merged.allowedOrigins), JSON.stringify(merged.settings), key);
    return merged;
  }).immediate();
}

// ------------------------------------------------------------ FAQs

export function listFaqs(db: Connection, channelId: string): Faq[] {
  return db.sql('SELECT id, question, answer, position FROM faqs WHERE channel_id = ? ORDER BY position, created_at').all(channelId) as Faq[];
}

export function createFaq(db: Connection, channelId: string, faq: Omit<Faq, 'id'>): Faq {
  const id = newId('faq');
  db.sql('INSERT INTO faqs (id, channel_id, question, answer, position, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(id, channelId, faq.question, faq.answer, faq.position, new Date().toISOString());
  return { id, ...faq };
}

export function updateFaq(db: Connection, channelId: string, id: string, patch: Partial<Omit<Faq, 'id'>>): Faq | null {
  const current = db.sql('SELECT id, question, answer, position FROM faqs WHERE id = ? AND channel_id = ?').get(id, channelId) as Faq | undefined;
  if (!current) return null;
  const next = { ...current, ...patch };
  db.sql('UPDATE faqs SET question = ?, answer = ?, position = ? WHERE id = ?').run(next.question, next.answer, next.position, id);
  return next;
}

export function deleteFaq(db: Connection, channelId: string, id: string): boolean {
  return db.sql('DELETE FROM faqs WHERE id = ? AND channel_id = ?').run(id, channelId).changes === 1;
}

// ------------------------------------------------------------ secrets and assertion replay

export function getChannelSecret(db: Connection, channelId: string, kind: SecretKind): string | null {
  const row = db.sql('SELECT secret FROM channel_secrets WHERE channel_id = ? AND kind = ?').get(channelId, kind) as { secret: string } | undefined;
  return row?.secret ?? null;
}

export function setChannelSecret(db: Connection, channelId: string, kind: SecretKind, secret: string): void {
  db.sql(`INSERT INTO channel_secrets (channel_id, kind, secret, created_at) VALUES (?, ?, ?, ?)
          ON CONFLICT (channel_id, kind) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at`)
    .run(channelId, kind, secret, new Date().toISOString());
}

export function useAssertion(db: Connection, jti: string, channelId: string, expiresAt: number): boolean {
  db.sql('DELETE FROM used_assertions WHERE expires_at < ?').run(Math.floor(Date.now() / 1000));
  return db.sql('INSERT OR IGNORE INTO used_assertions (jti, channel_id, expires_at) VALUES (?, ?, ?)').run(jti, channelId, expiresAt).changes === 1;
}

// ------------------------------------------------------------ visitors

export function createVisitor(db: Connection, channelId: string, profile: VisitorProfile, identity?: VisitorIdentity, fingerprint?: string): Visitor {
  const id = newId('v');
  db.sql('INSERT INTO visitors (id, channel_id, external_user_id, verified, profile, fingerprint, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(id, channelId, identity?.externalUserId ?? null, identity?.verified ? 1 : 0, JSON.stringify(profile), fingerprint ?? null, new Date().toISOString());
  return getVisitor(db, id)!;
}

export function getVisitor(db: Connection, id: string): Visitor | null {
  const row = db.sql(`${VISITOR_SELECT} WHERE v.id = ?`).get(id) as VisitorRow | undefined;
  return row ? toVisitor(row) : null;
}

export function findAnonymousByFingerprint(db: Connection, channelId: string, fingerprint: string): Visitor | null {
  const row = db.sql(`${VISITOR_SELECT} WHERE v.channel_id = ? AND v.fingerprint = ? AND v.external_user_id IS NULL
                      ORDER BY v.created_at DESC LIMIT 1`).get(channelId, fingerprint) as VisitorRow | undefined;
  return row ? toVisitor(row) : null;
}

export function findVisitorByIdentity(db: Connection, channelId: string, identity: VisitorIdentity): Visitor | null {
  const row = db.sql(`${VISITOR_SELECT} WHERE v.channel_id = ? AND v.external_user_id = ? AND v.verified = ?`)
    .get(channelId, identity.externalUserId, identity.verified ? 1 : 0) as VisitorRow | undefined;
  return row ? toVisitor(row) : null;
}

export function setVisitorContext(db: Connection, id: string, context: VisitorContext): void {
  db.sql('UPDATE visitors SET context = ? WHERE id = ?').run(JSON.stringify(context), id);
}

/** Read, merge and write in one immediate transaction, so two processes' merges never lose one another's keys. */
export function updateVisitorProfile(db: Connection, id: string, profile: VisitorProfile, check?: (merged: VisitorProfile) => void): Visitor | null {
  return db.transaction(() => {
    const row = db.sql(`${VISITOR_SELECT} WHERE v.id = ?`).get(id) as VisitorRow | undefined;
    if (!row) return null;
    const current = JSON.parse(row.profile) as VisitorProfile;
    const merged: VisitorProfile = { ...current, ...profile };
    if (current.extra || profile.extra) merged.extra = { ...current.extra, ...profile.extra };
    check?.(merged);
    db.sql('UPDATE visitors SET profile = ? WHERE id = ?').run(JSON.stringify(merged), id);
    return toVisitor({ ...row, profile: JSON.stringify(merged) });
  }).immediate();
}

// ------------------------------------------------------------ agents

export function createAgent(db: Connection, agent: NewAgent): Agent {
  const id = newId('ag');
  db.sql('INSERT INTO agents (id, email, name, role, kind, avatar_url, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
    .run(id, agent.email, agent.name, agent.role, agent.kind, agent.avatarUrl ?? null, agent.passwordHash, new Date().toISOString());
  return getAgent(db, id)!;
}

export function listAgents(db: Connection): Agent[] {
  return (db.sql('SELECT * FROM agents ORDER BY created_at, id').all() as AgentRow[]).map(toAgent);
}

export function getAgent(db: Connection, id: string): Agent | null {
  const row = db.sql('SELECT * FROM agents WHERE id = ?').get(id) as AgentRow | undefined;
  return row ? toAgent(row) : null;
}

/** Case-insensitive for ASCII: the column is `COLLATE NOCASE` (see the migration). */
export function getAgentByEmail(db: Connection, email: string): AgentRecord | null {
  const row = db.sql('SELECT * FROM agents WHERE email = ?').get(email) as AgentRow | undefined;
  return row ? { ...toAgent(row), passwordHash: row.password_hash } : null;
}

export function updateAgent(db: Connection, id: string, patch: AgentPatch): Agent | null {
  const columns = agentPatchColumns(patch);
  if (columns.length) {
    // The columns vary with the patch: prepared each time, not kept.
    db.database.prepare(`UPDATE agents SET ${columns.map(([column]) => `${column} = ?`).join(', ')} WHERE id = ?`).run(...columns.map(([, value]) => value), id);
  }
  return getAgent(db, id);
}

export function findAgentByInvite(db: Connection, hash: string, now: string): Agent | null {
  const row = db.sql('SELECT * FROM agents WHERE invite_hash = ? AND invite_expires_at > ?').get(hash, now) as AgentRow | undefined;
  return row ? toAgent(row) : null;
}

export function findAgentByToken(db: Connection, hash: string): Agent | null {
  const row = db.sql(`SELECT * FROM agents WHERE token_hash = ? AND kind = 'bot'`).get(hash) as AgentRow | undefined;
  return row ? toAgent(row) : null;
}

export function countAgents(db: Connection): number {
  return (db.sql('SELECT count(*) AS n FROM agents').get() as { n: number }).n;
}
