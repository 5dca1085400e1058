import type { Conversation, Team } from '../../../src/protocol.js';
import { newId } from '../../ids.js';
import { ConversationClosed } from '../store.js';
import { CANDIDATES, planRouting, QUEUE_ORDER, QUEUED_TEAMS, TEAM_SELECT, toTeam, WAITING, type Candidate, type TeamRow } from '../team-rows.js';
import type { NewTeam, RoutingOutcome, TeamPatch, TransferTarget } from '../team-store.js';
import { getConversation } from './conversations.js';
import type { Connection } from './db.js';

/**
 * Teams, presence and routing on SQLite. One connection writes at a time: a routing pass is one
 * immediate transaction, so nothing else (another pass, an assignment) runs in between.
 */

type EncodedTeamRow = Omit<TeamRow, 'inbound'> & { inbound: number };

function members(db: Connection, teamId: string): string[] {
  return (db.sql('SELECT agent_id FROM team_members WHERE team_id = ? ORDER BY position, agent_id').all(teamId) as Array<{ agent_id: string }>).map((row) => row.agent_id);
}

function decode(db: Connection, row: EncodedTeamRow): Team {
  return toTeam({ ...row, inbound: row.inbound === 1 }, members(db, row.id));
}

export function getTeam(db: Connection, id: string): Team | null {
  const row = db.sql(`${TEAM_SELECT} WHERE t.id = ?`).get(id) as EncodedTeamRow | undefined;
  return row ? decode(db, row) : null;
}

export function listTeams(db: Connection, channelId?: string): Team[] {
  const rows = (channelId === undefined
    ? db.sql(`${TEAM_SELECT} ORDER BY t.created_at, t.id`).all()
    : db.sql(`${TEAM_SELECT} WHERE t.channel_id = ? ORDER BY t.created_at, t.id`).all(channelId)) as EncodedTeamRow[];
  return rows.map((row) => decode(db, row));
}

/** Replaces the members; those kept keep their turn, new ones start at 0 (first in the rotation). */
function setMembers(db: Connection, teamId: string, agentIds: string[]): void {
  const kept = new Set(agentIds);
  for (const agentId of members(db, teamId)) if (!kept.has(agentId)) db.sql('DELETE FROM team_members WHERE team_id = ? AND agent_id = ?').run(teamId, agentId);
  agentIds.forEach((agentId, position) => {
    db.sql(`INSERT INTO team_members (team_id, agent_id, position) VALUES (?, ?, ?)
            ON CONFLICT (team_id, agent_id) DO UPDATE SET position = excluded.position`).run(teamId, agentId, position);
  });
}

/** The channel's inbound flag moves to `teamId`. */
function takeInbound(db: Connection, channelId: string, teamId: string): void {
  db.sql('UPDATE teams SET inbound = 0 WHERE channel_id = ? AND id <> ? AND inbound = 1').run(channelId, teamId);
  db.sql('UPDATE teams SET inbound = 1 WHERE id = ?').run(teamId);
}

export function createTeam(db: Connection, team: NewTeam): Team {
  const id = newId('tm');
  const now = new Date().toISOString();
  db.transaction(() => {
    db.sql('INSERT INTO teams (id, channel_id, name, routing, inbound, created_at, updated_at) VALUES (?, ?, ?, ?, 0, ?, ?)')
      .run(id, team.channelId, team.name, team.routing, now, now);
    if (team.inbound) takeInbound(db, team.channelId, id);
    setMembers(db, id, team.agentIds);
  }).immediate();
  return getTeam(db, id)!;
}

export function updateTeam(db: Connection, id: string, patch: TeamPatch): Team | null {
  const found = db.transaction(() => {
    const row = db.sql('SELECT channel_id FROM teams WHERE id = ?').get(id) as { channel_id: string } | undefined;
    if (!row) return false;
    if (patch.name !== undefined) db.sql('UPDATE teams SET name = ? WHERE id = ?').run(patch.name, id);
    if (patch.routing !== undefined) db.sql('UPDATE teams SET routing = ? WHERE id = ?').run(patch.routing, id);
    if (patch.inbound === true) takeInbound(db, row.channel_id, id);
    if (patch.inbound === false) db.sql('UPDATE teams SET inbound = 0 WHERE id = ?').run(id);
    if (patch.agentIds !== undefined) setMembers(db, id, patch.agentIds);
    db.sql('UPDATE teams SET updated_at = ? WHERE id = ?').run(new Date().toISOString(), id);
    return true;
  }).immediate();
  return found ? getTeam(db, id) : null;
}

export function deleteTeam(db: Connection, id: string): boolean {
  return db.transaction(() => {
    db.sql('UPDATE conversations SET team_id = NULL WHERE team_id = ?').run(id);
    return db.sql('DELETE FROM teams WHERE id = ?').run(id).changes > 0;
  }).immediate();
}

// ------------------------------------------------------------ presence

export function setAgentPresence(db: Connection, nodeId: string, agentId: string, online: boolean, now: string): void {
  if (online) {
    db.sql(`INSERT INTO agent_presence (node_id, agent_id, seen_at) VALUES (?, ?, ?)
            ON CONFLICT (node_id, agent_id) DO UPDATE SET seen_at = excluded.seen_at`).run(nodeId, agentId, now);
  } else {
    db.sql('DELETE FROM agent_presence WHERE node_id = ? AND agent_id = ?').run(nodeId, agentId);
  }
}

export function refreshPresence(db: Connection, nodeId: string, agentIds: string[], now: string): void {
  db.transaction(() => {
    db.sql(`DELETE FROM agent_presence WHERE node_id = ? AND agent_id NOT IN (SELECT value FROM json_each(?))`).run(nodeId, JSON.stringify(agentIds));
    for (const agentId of agentIds) setAgentPresence(db, nodeId, agentId, true, now);
  }).immediate();
}

export function onlineAgentIds(db: Connection, since: string): string[] {
  return (db.sql('SELECT DISTINCT agent_id FROM agent_presence WHERE seen_at >= ? ORDER BY agent_id').all(since) as Array<{ agent_id: string }>).map((row) => row.agent_id);
}

// ------------------------------------------------------------ routing

export function queuedTeamIds(db: Connection): string[] {
  return (db.sql(QUEUED_TEAMS).all() as Array<{ id: string }>).map((row) => row.id);
}

function queueOf(db: Connection, teamId: string): string[] {
  return (db.sql(`SELECT id FROM conversations WHERE team_id = ? AND ${WAITING} ${QUEUE_ORDER}`).all(teamId) as Array<{ id: string }>).map((row) => row.id);
}

export function routeQueue(db: Connection, teamId: string, onlineSince: string): RoutingOutcome {
  return db.transaction((): RoutingOutcome => {
    const team = db.sql('SELECT routing, turns FROM teams WHERE id = ?').get(teamId) as { routing: string; turns: number } | undefined;
    if (!team) return { assigned: [], queue: [] };
    const queue = queueOf(db, teamId);
    if (team.routing !== 'round-robin' || queue.length === 0) return { assigned: [], queue };
    const candidates = db.sql(CANDIDATES).all({ team: teamId, since: onlineSince }) as Candidate[];
    const plan = planRouting(queue, candidates, team.turns);
    // Nothing else writes between the reads above and these (one writer), so each one holds.
    for (const { conversationId, agentId } of plan.outcome.assigned) {
      db.sql(`UPDATE conversations SET assigned_agent_id = ? WHERE id = ? AND ${WAITING}`).run(agentId, conversationId);
    }
    for (const [agentId, turn] of plan.memberTurns) db.sql('UPDATE team_members SET turn = ? WHERE team_id = ? AND agent_id = ?').run(turn, teamId, agentId);
    db.sql('UPDATE teams SET turns = ? WHERE id = ?').run(plan.turns, teamId);
    return plan.outcome;
  }).immediate();
}

export function transferConversation(db: Connection, conversationId: string, target: TransferTarget): Conversation | null {
  const moved = 'agentId' in target
    ? db.sql(`UPDATE conversations SET assigned_agent_id = ? WHERE id = ? AND status = 'open'`).run(target.agentId, conversationId)
    : db.sql(`UPDATE conversations SET team_id = ?, assigned_agent_id = NULL, queue_seq = (SELECT COALESCE(MAX(queue_seq), 0) + 1 FROM conversations)
              WHERE id = ? AND status = 'open'`).run(target.teamId, conversationId);
  const conversation = getConversation(db, conversationId);
  if (conversation && moved.changes === 0) throw new ConversationClosed(conversationId);
  return conversation;
}
