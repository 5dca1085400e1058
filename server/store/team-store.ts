import type { Conversation, Team, TeamRouting } from '../../src/protocol.js';

/** A team as the service hands it to the store (the channel by id). */
export interface NewTeam {
  channelId: string;
  name: string;
  routing: TeamRouting;
  inbound: boolean;
  agentIds: string[];
}

export type TeamPatch = Partial<Omit<NewTeam, 'channelId'>>;

/** What one routing pass did: who got which conversation, and the queue left, first in line first. */
export interface RoutingOutcome {
  assigned: Array<{ conversationId: string; agentId: string }>;
  queue: string[];
}

/** Where a conversation is transferred: to an agent (assigned, team kept) or to a team (unassigned, at the back of its queue). */
export type TransferTarget = { agentId: string } | { teamId: string };

/**
 * Teams, agents' presence and routing (DESIGN.md §12), in both engines. Routing is the store's:
 * one pass per team runs alone (SQLite: one immediate transaction; PostgreSQL: the team's row
 * and its members' rows locked), so two nodes routing at once never give an agent more than
 * its capacity, never assign a conversation twice, and the rotation moves on for each.
 */
export interface TeamStore {
  /** Setting `inbound` takes it from the channel's other team. */
  createTeam(team: NewTeam): Promise<Team>;
  getTeam(id: string): Promise<Team | null>;
  /** Oldest first; of one channel when given. */
  listTeams(channelId?: string): Promise<Team[]>;
  /** Null when there is no such team; `agentIds` replaces the members (those kept keep their turn). */
  updateTeam(id: string, patch: TeamPatch): Promise<Team | null>;
  /** Its conversations keep no team. */
  deleteTeam(id: string): Promise<boolean>;

  /** Records that `nodeId` has (or no longer has) the agent connected, at `now`. */
  setAgentPresence(nodeId: string, agentId: string, online: boolean, now: string): Promise<void>;
  /** The node's heartbeat: these agents are still connected to it at `now`; it has no others. */
  refreshPresence(nodeId: string, agentIds: string[], now: string): Promise<void>;
  /** Agents connected to any node that was heard from at `since` or later. */
  onlineAgentIds(since: string): Promise<string[]>;

  /** Round-robin teams with a conversation waiting. */
  queuedTeamIds(): Promise<string[]>;
  /**
   * Gives the team's waiting conversations, first in line first, to its online human members
   * (seen at `onlineSince` or later) with fewer open conversations than their capacity, the
   * member given one least recently first. A manual team assigns nothing.
   */
  routeQueue(teamId: string, onlineSince: string): Promise<RoutingOutcome>;
  /**
   * Moves an open conversation; null when there is none, `ConversationClosed` when it is closed.
   * A transfer to a team puts it at the back of the team's queue.
   */
  transferConversation(conversationId: string, target: TransferTarget): Promise<Conversation | null>;
}
