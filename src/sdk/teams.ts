import type { Page, Team, TeamInput } from '../protocol.js';
import { Resource, segment } from './http.js';
import type { RequestOptions } from './types.js';

const teamPath = (id: string) => `/admin/teams/${segment(id)}`;

/**
 * Teams of agents per channel and how they route (an admin's token, but `forAgents`): a
 * `round-robin` team gives waiting conversations to its online members under their capacity
 * (set with `agents.update(id, {capacity})`); the channel's `inbound` team gets its new ones.
 */
export class Teams extends Resource {
  /** Oldest first; one channel's with `{channel}`. */
  list(query: { channel?: string } = {}): Promise<Page<Team>> {
    return this.http.call('GET', '/admin/teams', { query });
  }

  /** The teams as any agent or bot sees them (to transfer to, to filter conversations by). */
  forAgents(query: { channel?: string } = {}): Promise<Page<Team>> {
    return this.http.call('GET', '/agent/teams', { query });
  }

  get(id: string): Promise<Team> {
    return this.http.call('GET', teamPath(id));
  }

  /** `inbound: true` takes the flag from the channel's other team. */
  create(team: TeamInput, options: RequestOptions = {}): Promise<Team> {
    return this.http.call('POST', '/admin/teams', { ...options, body: team });
  }

  /** What is left out stays; `agentIds` replaces the members. A team stays in its channel. */
  update(id: string, patch: Partial<Omit<TeamInput, 'channel'>>): Promise<Team> {
    return this.http.call('PATCH', teamPath(id), { body: patch });
  }

  /** Its conversations keep no team. */
  async delete(id: string): Promise<void> {
    await this.http.call('DELETE', teamPath(id));
  }
}
