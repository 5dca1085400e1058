import type { Agent, Invite, Page } from '../protocol.js';
import { Resource, segment } from './http.js';
import type { AgentInput, AgentPatch, BotInput, BotWithToken, RequestOptions } from './types.js';

/** Agents: created with a password, or invited (the invite is shown once). */
export class Agents extends Resource {
  /** Every agent and bot (admin). */
  list(): Promise<Page<Agent>> {
    return this.http.call('GET', '/admin/agents');
  }

  /** The team as any agent or bot sees it, to assign conversations to. */
  team(): Promise<Page<Agent>> {
    return this.http.call('GET', '/agent/agents');
  }

  /** With a `password` the agent can sign in at once; without, the answer carries their invite. */
  create(agent: AgentInput, options: RequestOptions = {}): Promise<{ agent: Agent; invite?: Invite }> {
    return this.http.call('POST', '/admin/agents', { ...options, body: agent });
  }

  /** Name, role, avatar; `disabled: true` also ends their open sockets. The last admin stays an admin. */
  update(id: string, patch: AgentPatch): Promise<Agent> {
    return this.http.call('PATCH', `/admin/agents/${segment(id)}`, { body: patch });
  }

  /** A fresh invite; the previous one stops working. */
  reinvite(id: string, options: RequestOptions = {}): Promise<{ agent: Agent; invite: Invite }> {
    return this.http.call('POST', `/admin/agents/${segment(id)}/invite`, options);
  }
}

/** Bots: agents that use the agent API with an API token instead of a password. */
export class Bots extends Resource {
  create(bot: BotInput, options: RequestOptions = {}): Promise<BotWithToken> {
    return this.http.call('POST', '/admin/bots', { ...options, body: bot });
  }

  /** A new API token; the old one stops working at once. */
  rotateToken(id: string, options: RequestOptions = {}): Promise<BotWithToken> {
    return this.http.call('POST', `/admin/bots/${segment(id)}/token/rotate`, options);
  }
}
