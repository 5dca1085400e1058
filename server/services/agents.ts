import { createHash } from 'node:crypto';
import type { Agent, AgentLoginRequest, AgentLoginResponse } from '../../src/protocol.js';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import { newSecret } from '../auth/secrets.js';
import type { AgentClaims, TokenSigner } from '../auth/tokens.js';
import { notFound, ServiceError } from '../errors.js';
import type { AgentPatch, Store } from '../store/store.js';
import type { ChatEventBus } from './events.js';

/** A hash of nothing, checked when the email is unknown so both paths cost the same. */
let dummyHash: Promise<string> | undefined;

/** Bot API tokens carry a prefix, so they are told from session JWTs (and found by secret scanners). */
const BOT_TOKEN_PREFIX = 'scb_';
const INVITE_DAYS = 7;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export interface Invite {
  token: string;
  /** Where the invited agent sets a password: the inbox, with the token in the fragment (never sent to a server log). */
  path: string;
  expiresAt: string;
}

/**
 * Agents and bots: sign-in, tokens, invites, roles. A bot is an agent with an API token
 * (`scb_…`, stored hashed, shown once) instead of a password; it uses the agent API as is.
 */
export class AgentService {
  readonly #store: Store;
  readonly #signer: TokenSigner;
  readonly #events: ChatEventBus;

  constructor(store: Store, signer: TokenSigner, events: ChatEventBus) {
    this.#store = store;
    this.#signer = signer;
    this.#events = events;
  }

  async login({ email, password }: AgentLoginRequest): Promise<AgentLoginResponse> {
    const record = await this.#store.getAgentByEmail(email.trim());
    const stored = record?.passwordHash || (await (dummyHash ??= hashPassword('not a password')));
    const valid = (await verifyPassword(password, stored)) && Boolean(record?.passwordHash);
    if (!record || !valid) throw new ServiceError('unauthorized', 'wrong email or password');
    if (record.disabled) throw new ServiceError('forbidden', 'this account is disabled');
    const { passwordHash: _hash, ...agent } = record;
    return this.#session(agent);
  }

  /**
   * Checks an agent's session token or a bot's API token, and that the agent still exists
   * and is enabled. The role is read from the store, so a change applies at once.
   */
  async authenticate(token: unknown): Promise<AgentClaims> {
    let agent: Agent | null;
    if (typeof token === 'string' && token.startsWith(BOT_TOKEN_PREFIX)) {
      agent = await this.#store.findAgentByToken(sha256(token));
      if (!agent) throw new ServiceError('unauthorized', 'invalid API token');
    } else {
      const claims = await this.#signer.verifyAgent(token);
      agent = await this.#store.getAgent(claims.agentId);
      if (!agent) throw new ServiceError('unauthorized', 'agent no longer exists');
    }
    if (agent.disabled) throw new ServiceError('unauthorized', 'this account is disabled');
    return { agentId: agent.id, role: agent.role };
  }

  async profile(agentId: string): Promise<Agent> {
    const agent = await this.#store.getAgent(agentId);
    if (!agent) throw new ServiceError('unauthorized', 'agent no longer exists');
    return agent;
  }

  list(): Promise<Agent[]> {
    return this.#store.listAgents();
  }

  /** An agent with a password now (seeding, scripts). */
  async create(input: { email: string; name: string; password: string; role: Agent['role'] }): Promise<Agent> {
    await this.#emailFree(input.email);
    return this.#store.createAgent({ ...input, kind: 'human', passwordHash: await hashPassword(input.password) });
  }

  /** An agent who sets their own password from the invite (valid 7 days, shown once). */
  async invite(input: { email: string; name: string; role: Agent['role'] }): Promise<{ agent: Agent; invite: Invite }> {
    await this.#emailFree(input.email);
    const created = await this.#store.createAgent({ ...input, kind: 'human', passwordHash: '' });
    return this.reinvite(created.id);
  }

  /** A fresh invite for an agent who has not signed up yet; the previous one stops working. */
  async reinvite(id: string): Promise<{ agent: Agent; invite: Invite }> {
    const agent = await this.#store.getAgent(id);
    if (!agent) throw notFound('agent');
    const record = await this.#store.getAgentByEmail(agent.email);
    if (agent.kind === 'bot' || record?.passwordHash) throw new ServiceError('conflict', 'this agent has signed up already', { param: 'id' });
    const token = newSecret();
    const expiresAt = new Date(Date.now() + INVITE_DAYS * 86_400_000).toISOString();
    const invited = (await this.#store.updateAgent(id, { invite: { hash: sha256(token), expiresAt } }))!;
    return { agent: invited, invite: { token, path: `/inbox#invite=${token}`, expiresAt } };
  }

  /** The invited agent chooses a password; the invite is spent and they are signed in. */
  async acceptInvite(token: string, password: string): Promise<AgentLoginResponse> {
    const agent = await this.#store.findAgentByInvite(sha256(token), new Date().toISOString());
    if (!agent) throw new ServiceError('unauthorized', 'this invite is not valid (used, replaced or expired)', { param: 'token' });
    const updated = await this.#store.updateAgent(agent.id, { passwordHash: await hashPassword(password), invite: null });
    return this.#session(updated!);
  }

  /** A bot and its API token (shown in this answer only). */
  async createBot(input: { name: string; avatarUrl?: string | undefined }): Promise<{ agent: Agent; token: string }> {
    const token = `${BOT_TOKEN_PREFIX}${newSecret()}`;
    const created = await this.#store.createAgent({
      email: `${newSecret().slice(0, 16).toLowerCase()}@bots.invalid`,
      name: input.name,
      role: 'agent',
      kind: 'bot',
      ...(input.avatarUrl ? { avatarUrl: input.avatarUrl } : {}),
      passwordHash: '',
    });
    const agent = (await this.#store.updateAgent(created.id, { tokenHash: sha256(token) }))!;
    return { agent, token };
  }

  /** A new API token for a bot; the old one stops working at once. */
  async rotateBotToken(id: string): Promise<{ agent: Agent; token: string }> {
    const agent = await this.#store.getAgent(id);
    if (!agent) throw notFound('agent');
    if (agent.kind !== 'bot') throw new ServiceError('conflict', 'only bots have API tokens', { param: 'id' });
    const token = `${BOT_TOKEN_PREFIX}${newSecret()}`;
    await this.#store.updateAgent(id, { tokenHash: sha256(token) });
    return { agent, token };
  }

  /** Name, role, avatar, disabled. The last enabled admin cannot be demoted or disabled. */
  async update(id: string, patch: Pick<AgentPatch, 'name' | 'role' | 'avatarUrl' | 'disabled' | 'capacity'>): Promise<Agent> {
    const agent = await this.#store.getAgent(id);
    if (!agent) throw notFound('agent');
    const losesAdmin = agent.role === 'admin' && !agent.disabled && (patch.role === 'agent' || patch.disabled === true);
    if (losesAdmin) {
      const admins = (await this.#store.listAgents()).filter((other) => other.role === 'admin' && !other.disabled);
      if (admins.length <= 1) throw new ServiceError('conflict', 'the last admin cannot be demoted or disabled', { param: patch.role ? 'role' : 'disabled' });
    }
    const updated = (await this.#store.updateAgent(id, patch))!;
    // A disabled agent's open sockets are closed, whichever caller disabled them.
    if (updated.disabled) this.#events.emit('agent:disabled', updated.id);
    this.#events.emit('agent:updated', updated);
    return updated;
  }

  async #emailFree(email: string): Promise<void> {
    if (await this.#store.getAgentByEmail(email)) throw new ServiceError('conflict', 'an agent with this email exists', { param: 'email' });
  }

  async #session(agent: Agent): Promise<AgentLoginResponse> {
    const { token, expiresAt } = await this.#signer.signAgent({ agentId: agent.id, role: agent.role });
    return { token, expiresAt: expiresAt.toISOString(), agent };
  }
}
