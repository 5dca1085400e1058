import type { Team } from '../../src/protocol.js';
import type { RoutingOutcome } from './team-store.js';

/**
 * Team rows and the routing decision, for both engines (the SQL here reads the same in both).
 * Each engine locks and writes; which member gets which conversation is decided here, once.
 */

export interface TeamRow {
  id: string;
  channel_key: string;
  name: string;
  routing: Team['routing'];
  inbound: boolean;
  turns: number;
  created_at: string;
  updated_at: string;
}

export const TEAM_SELECT = `SELECT t.*, ch.key AS channel_key FROM teams t JOIN channels ch ON ch.id = t.channel_id`;

export function toTeam(row: TeamRow, agentIds: string[]): Team {
  return {
    id: row.id,
    name: row.name,
    channel: row.channel_key,
    agentIds,
    routing: row.routing,
    inbound: row.inbound,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A conversation waits in its team's queue while this holds (and the team routes round-robin). */
export const WAITING = `status = 'open' AND handled_by = 'human' AND assigned_agent_id IS NULL`;

/** Round-robin teams with a conversation waiting. */
export const QUEUED_TEAMS = `SELECT t.id FROM teams t WHERE t.routing = 'round-robin'
  AND EXISTS (SELECT 1 FROM conversations WHERE team_id = t.id AND ${WAITING}) ORDER BY t.id`;

/** The waiting conversations of team `?`/`$1`, first in line first. */
export const QUEUE_ORDER = 'ORDER BY queue_seq';

/**
 * A summary's place in its team's queue (`c` the conversation, `t` its team): counted on the
 * queue's partial index; null when it does not wait.
 */
export const QUEUE_POSITION = `CASE WHEN t.routing = 'round-robin' AND c.status = 'open' AND c.handled_by = 'human' AND c.assigned_agent_id IS NULL
  THEN CAST((SELECT COUNT(*) FROM conversations q WHERE q.team_id = c.team_id AND q.status = 'open' AND q.handled_by = 'human'
    AND q.assigned_agent_id IS NULL AND q.queue_seq <= c.queue_seq) AS INTEGER) END`;

/** A member who may take conversations now, with how many open ones they hold. */
export interface Candidate {
  agentId: string;
  turn: number;
  capacity: number;
  load: number;
}

/**
 * The members of the team who may be given conversations (`?`/`$1` the team, `?`/`$2` the
 * oldest heartbeat that still counts): human, enabled, online; with their load (open
 * conversations assigned to them in any team).
 */
export const CANDIDATES = `SELECT m.agent_id AS "agentId", m.turn, a.capacity,
  CAST((SELECT COUNT(*) FROM conversations x WHERE x.assigned_agent_id = m.agent_id AND x.status = 'open') AS INTEGER) AS load
  FROM team_members m JOIN agents a ON a.id = m.agent_id
  WHERE m.team_id = $team AND a.kind = 'human' AND a.disabled_at IS NULL
    AND EXISTS (SELECT 1 FROM agent_presence p WHERE p.agent_id = m.agent_id AND p.seen_at >= $since)`;

/**
 * Round robin under capacity: each conversation, first in line first, goes to the member with
 * the lowest turn (given one least recently; ties by id) who has room; that member's turn
 * becomes the team's next. Returns the assignments and the members' new turns.
 */
export function planRouting(queue: string[], candidates: Candidate[], turns: number): { outcome: RoutingOutcome; turns: number; memberTurns: Map<string, number> } {
  const members = candidates.map((candidate) => ({ ...candidate }));
  const assigned: RoutingOutcome['assigned'] = [];
  const memberTurns = new Map<string, number>();
  let next = turns;
  for (const conversationId of queue) {
    const free = members.filter((member) => member.load < member.capacity);
    if (free.length === 0) break;
    const member = free.reduce((best, each) => (each.turn < best.turn || (each.turn === best.turn && each.agentId < best.agentId) ? each : best));
    member.turn = ++next;
    member.load += 1;
    memberTurns.set(member.agentId, member.turn);
    assigned.push({ conversationId, agentId: member.agentId });
  }
  const taken = new Set(assigned.map((each) => each.conversationId));
  return { outcome: { assigned, queue: queue.filter((id) => !taken.has(id)) }, turns: next, memberTurns };
}

/** What an agent's summary adds to its conversation's columns (`c`): its team and place in the team's queue. */
export const TEAM_SUMMARY_COLUMNS = `c.team_id AS team_id, ${QUEUE_POSITION} AS queue_position`;
export const TEAM_SUMMARY_JOIN = 'LEFT JOIN teams t ON t.id = c.team_id';
export interface TeamSummaryColumns {
  team_id: string | null;
  queue_position: number | null;
}
export function teamOf(row: TeamSummaryColumns): { teamId: string | null; queuePosition: number | null } {
  return { teamId: row.team_id ?? null, queuePosition: row.queue_position ?? null };
}
