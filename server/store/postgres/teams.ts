import type pg from 'pg';
import type { Conversation, Team } from '../../../src/protocol.js';
import { newId } from '../../ids.js';
import { ConversationClosed } from '../store.js';
import { CANDIDATES, planRouting, QUEUE_ORDER, QUEUED_TEAMS, TEAM_SELECT, toTeam, WAITING, type Candidate, type TeamRow } from '../team-rows.js';
import type { NewTeam, RoutingOutcome, TeamPatch, TransferTarget } from '../team-store.js';
import { getConversation } from './conversations.js';
import { all, changes, one, transaction, type Queryable } from './db.js';

/**
 * Teams, presence and routing on PostgreSQL. A routing pass locks the team's row (`FOR UPDATE`:
 * one pass per team at a time, on any node) and then its members' agent rows in id order (an
 * agent in two teams is never given conversations by both passes at once); every assignment is
 * a conditional update, so a conversation assigned meanwhile is left alone.
 */

async function members(db: Queryable, teamId: string): Promise<string[]> {
  return (await all<{ agent_id: string }>(db, 'SELECT agent_id FROM team_members WHERE team_id = $1 ORDER BY position, agent_id', [teamId])).map((row) => row.agent_id);
}

export async function getTeam(db: Queryable, id: string): Promise<Team | null> {
  const row = await one<TeamRow>(db, `${TEAM_SELECT} WHERE t.id = $1`, [id]);
  return row ? toTeam(row, await members(db, id)) : null;
}

export async function listTeams(db: Queryable, channelId?: string): Promise<Team[]> {
  const rows = channelId === undefined
    ? await all<TeamRow>(db, `${TEAM_SELECT} ORDER BY t.created_at, t.id`)
    : await all<TeamRow>(db, `${TEAM_SELECT} WHERE t.channel_id = $1 ORDER BY t.created_at, t.id`, [channelId]);
  return Promise.all(rows.map(async (row) => toTeam(row, await members(db, row.id))));
}

/** Replaces the members; those kept keep their turn, new ones start at 0 (first in the rotation). */
async function setMembers(db: Queryable, teamId: string, agentIds: string[]): Promise<void> {
  await db.query('DELETE FROM team_members WHERE team_id = $1 AND NOT (agent_id = ANY($2::text[]))', [teamId, agentIds]);
  await db.query(`INSERT INTO team_members (team_id, agent_id, position)
                  SELECT $1, agent_id, position - 1 FROM unnest($2::text[]) WITH ORDINALITY AS m(agent_id, position)
                  ON CONFLICT (team_id, agent_id) DO UPDATE SET position = excluded.position`, [teamId, agentIds]);
}

/** The channel's inbound flag moves to `teamId` (the unique index holds it to one). */
async function takeInbound(db: Queryable, channelId: string, teamId: string): Promise<void> {
  await db.query('UPDATE teams SET inbound = false WHERE channel_id = $1 AND id <> $2 AND inbound', [channelId, teamId]);
  await db.query('UPDATE teams SET inbound = true WHERE id = $1', [teamId]);
}

export async function createTeam(pool: pg.Pool, team: NewTeam): Promise<Team> {
  const id = newId('tm');
  const now = new Date().toISOString();
  await transaction(pool, async (client) => {
    await client.query('INSERT INTO teams (id, channel_id, name, routing, inbound, created_at, updated_at) VALUES ($1, $2, $3, $4, false, $5, $5)',
      [id, team.channelId, team.name, team.routing, now]);
    if (team.inbound) await takeInbound(client, team.channelId, id);
    await setMembers(client, id, team.agentIds);
  });
  return (await getTeam(pool, id))!;
}

export async function updateTeam(pool: pg.Pool, id: string, patch: TeamPatch): Promise<Team | null> {
  const found = await transaction(pool, async (client) => {
    const row = await one<{ channel_id: string }>(client, 'SELECT channel_id FROM teams WHERE id = $1 FOR UPDATE', [id]);
    if (!row) return false;
    if (patch.name !== undefined) await client.query('UPDATE teams SET name = $1 WHERE id = $2', [patch.name, id]);
    if (patch.routing !== undefined) await client.query('UPDATE teams SET routing = $1 WHERE id = $2', [patch.routing, id]);
    if (patch.inbound === true) await takeInbound(client, row.channel_id, id);
    if (patch.inbound === false) await client.query('UPDATE teams SET inbound = false WHERE id = $1', [id]);
    if (patch.agentIds !== undefined) await setMembers(client, id, patch.agentIds);
    await client.query('UPDATE teams SET updated_at = $1 WHERE id = $2', [new Date().toISOString(), id]);
    return true;
  });
  return found ? getTeam(pool, id) : null;
}

export async function deleteTeam(pool: pg.Pool, id: string): Promise<boolean> {
  return transaction(pool, async (client) => {
    await client.query('UPDATE conversations SET team_id = NULL WHERE team_id = $1', [id]);
    return (await changes(client, 'DELETE FROM teams WHERE id = $1', [id])) > 0;
  });
}

// ------------------------------------------------------------ presence

export async function setAgentPresence(db: Queryable, nodeId: string, agentId: string, online: boolean, now: string): Promise<void> {
  if (online) {
    await db.query(`INSERT INTO agent_presence (node_id, agent_id, seen_at) VALUES ($1, $2, $3)
                    ON CONFLICT (node_id, agent_id) DO UPDATE SET seen_at = excluded.seen_at`, [nodeId, agentId, now]);
  } else {
    await db.query('DELETE FROM agent_presence WHERE node_id = $1 AND agent_id = $2', [nodeId, agentId]);
  }
}

export async function refreshPresence(pool: pg.Pool, nodeId: string, agentIds: string[], now: string): Promise<void> {
  await transaction(pool, async (client) => {
    await client.query('DELETE FROM agent_presence WHERE node_id = $1 AND NOT (agent_id = ANY($2::text[]))', [nodeId, agentIds]);
    await client.query(`INSERT INTO agent_presence (node_id, agent_id, seen_at) SELECT $1, agent_id, $3 FROM unnest($2::text[]) AS a(agent_id)
                        ON CONFLICT (node_id, agent_id) DO UPDATE SET seen_at = excluded.seen_at`, [nodeId, agentIds, now]);
  });
}

export async function onlineAgentIds(db: Queryable, since: string): Promise<string[]> {
  return (await all<{ agent_id: string }>(db, 'SELECT DISTINCT agent_id FROM agent_presence WHERE seen_at >= $1 ORDER BY agent_id', [since])).map((row) => row.agent_id);
}

// ------------------------------------------------------------ routing

export async function queuedTeamIds(db: Queryable): Promise<string[]> {
  return (await all<{ id: string }>(db, QUEUED_TEAMS)).map((row) => row.id);
}

const CANDIDATES_SQL = CANDIDATES.replace('$team', '$1').replace('$since', '$2');

export async function routeQueue(pool: pg.Pool, teamId: string, onlineSince: string): Promise<RoutingOutcome> {
  return transaction(pool, async (client) => {
    const team = await one<{ routing: string; turns: number }>(client, 'SELECT routing, turns FROM teams WHERE id = $1 FOR UPDATE', [teamId]);
    if (!team) return { assigned: [], queue: [] };
    await client.query('SELECT a.id FROM agents a JOIN team_members m ON m.agent_id = a.id WHERE m.team_id = $1 ORDER BY a.id FOR UPDATE OF a', [teamId]);
    // Read after the locks: what passes that held them before committed is seen.
    const queue = (await all<{ id: string }>(client, `SELECT id FROM conversations WHERE team_id = $1 AND ${WAITING} ${QUEUE_ORDER}`, [teamId])).map((row) => row.id);
    if (team.routing !== 'round-robin' || queue.length === 0) return { assigned: [], queue };
    const plan = planRouting(queue, await all<Candidate>(client, CANDIDATES_SQL, [teamId, onlineSince]), team.turns);
    const assigned: RoutingOutcome['assigned'] = [];
    for (const assignment of plan.outcome.assigned) {
      const taken = await changes(client, `UPDATE conversations SET assigned_agent_id = $1 WHERE id = $2 AND ${WAITING}`, [assignment.agentId, assignment.conversationId]);
      if (taken) assigned.push(assignment);
    }
    for (const [agentId, turn] of plan.memberTurns) await client.query('UPDATE team_members SET turn = $1 WHERE team_id = $2 AND agent_id = $3', [turn, teamId, agentId]);
    await client.query('UPDATE teams SET turns = $1 WHERE id = $2', [plan.turns, teamId]);
    return { assigned, queue: plan.outcome.queue };
  });
}

export async function transferConversation(db: Queryable, conversationId: string, target: TransferTarget): Promise<Conversation | null> {
  const moved = 'agentId' in target
    ? await changes(db, `UPDATE conversations SET assigned_agent_id = $1 WHERE id = $2 AND status = 'open'`, [target.agentId, conversationId])
    : await changes(db, `UPDATE conversations SET team_id = $1, assigned_agent_id = NULL, queue_seq = nextval('conversation_queue_seq') WHERE id = $2 AND status = 'open'`, [target.teamId, conversationId]);
  const conversation = await getConversation(db, conversationId);
  if (conversation && moved === 0) throw new ConversationClosed(conversationId);
  return conversation;
}
