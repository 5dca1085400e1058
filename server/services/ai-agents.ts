import type { z } from 'zod';
import type { AiAgent } from '../../src/protocol.js';
import type { SecretBox } from '../auth/sealed.js';
import type { AiDefaults } from '../config.js';
import { notFound, ServiceError } from '../errors.js';
import { requirePublicUrl } from '../outbound.js';
import { AI_AGENT_DEFAULTS } from '../store/ai-rows.js';
import type { AiAgentRecord, NewAiAgent, Store } from '../store/store.js';
import type { createAiAgentSchema, updateAiAgentSchema } from '../validation-ai.js';

export type NewAiAgentRequest = z.output<typeof createAiAgentSchema>;
export type AiAgentPatchRequest = z.output<typeof updateAiAgentSchema>;

/** Where and how an AI agent's model is called (for `server/ai/`): the key decrypted, the defaults filled in. */
export interface AiEndpoint {
  /** `…/v1`, without a trailing slash. */
  baseUrl: string;
  apiKey: string | null;
  model: string;
  /** Whether the endpoint may be a private address: the environment's is trusted, an API-set one only with AI_ALLOW_PRIVATE. */
  allowPrivate: boolean;
}

/** The admin API's view: everything but the key, which is never returned. */
export function publicAiAgent({ encryptedApiKey, ...agent }: AiAgentRecord): AiAgent {
  return { ...agent, hasApiKey: encryptedApiKey !== null };
}

/**
 * AI agents (DESIGN.md §10): the admin API's CRUD, and the endpoint each one calls. The key is
 * sealed before it reaches the store and opened only to call the model. An endpoint set through
 * the API reaches public addresses only unless the operator allows private ones
 * (AI_ALLOW_PRIVATE=1); the environment's (AI_BASE_URL) is the operator's own and trusted.
 */
export class AiAgentService {
  readonly #store: Store;
  readonly #box: SecretBox;
  readonly #defaults: AiDefaults;

  constructor(store: Store, box: SecretBox, defaults: AiDefaults) {
    this.#store = store;
    this.#box = box;
    this.#defaults = defaults;
  }

  async create({ apiKey, ...input }: NewAiAgentRequest): Promise<AiAgent> {
    if (input.baseUrl) await this.#checkBaseUrl(input.baseUrl);
    const agent: NewAiAgent = {
      name: input.name,
      baseUrl: stripSlash(input.baseUrl ?? null),
      model: input.model ?? null,
      encryptedApiKey: apiKey ? this.#box.seal(apiKey) : null,
      instructions: input.instructions ?? '',
      knowledge: { ...AI_AGENT_DEFAULTS.knowledge, ...input.knowledge },
      tools: input.tools ?? [],
      handoff: { ...AI_AGENT_DEFAULTS.handoff, ...input.handoff },
      maxTokens: input.maxTokens ?? AI_AGENT_DEFAULTS.maxTokens,
      maxToolRounds: input.maxToolRounds ?? AI_AGENT_DEFAULTS.maxToolRounds,
    };
    return publicAiAgent(await this.#store.createAiAgent(agent));
  }

  async list(): Promise<AiAgent[]> {
    return (await this.#store.listAiAgents()).map(publicAiAgent);
  }

  async get(id: string): Promise<AiAgent> {
    return publicAiAgent(await this.record(id));
  }

  /** The stored agent (key still sealed), or `not_found`. */
  async record(id: string): Promise<AiAgentRecord> {
    const agent = await this.#store.getAiAgent(id);
    if (!agent) throw notFound('AI agent');
    return agent;
  }

  /** An absent field stays; `knowledge` and `handoff` are merged key by key; `apiKey: null` clears the key. */
  async update(id: string, { apiKey, ...input }: AiAgentPatchRequest): Promise<AiAgent> {
    const current = await this.record(id);
    if (input.baseUrl) await this.#checkBaseUrl(input.baseUrl);
    const patch: Partial<NewAiAgent> = {};
    for (const [field, value] of Object.entries(input)) if (value !== undefined) Object.assign(patch, { [field]: value });
    if (input.baseUrl !== undefined) patch.baseUrl = stripSlash(input.baseUrl);
    if (input.knowledge) patch.knowledge = { ...current.knowledge, ...input.knowledge };
    if (input.handoff) patch.handoff = { ...current.handoff, ...input.handoff };
    if (apiKey !== undefined) patch.encryptedApiKey = apiKey === null ? null : this.#box.seal(apiKey);
    const updated = await this.#store.updateAiAgent(id, patch);
    if (!updated) throw notFound('AI agent');
    return publicAiAgent(updated);
  }

  /** Refused while a channel names it (`settings.ai`): the channel would silently lose its agent. */
  async remove(id: string): Promise<void> {
    const naming = (await this.#store.listChannels()).find(({ settings }) => settings.ai && (settings.ai.agentId === id || settings.ai.allowed.includes(id)));
    if (naming) throw new ServiceError('conflict', `the channel ${naming.key} names this AI agent (settings.ai): change it first`, { param: 'id' });
    if (!(await this.#store.deleteAiAgent(id))) throw notFound('AI agent');
  }

  /**
   * The model `agent` calls, or null when neither it nor the environment names an endpoint and a
   * model. The environment's key goes only to the environment's endpoint, never to one set
   * through the API; a key that no longer opens (the session secret changed) counts as none.
   */
  endpoint(agent: AiAgentRecord): AiEndpoint | null {
    const own = agent.baseUrl !== null;
    const baseUrl = agent.baseUrl ?? this.#defaults.baseUrl;
    const model = agent.model ?? this.#defaults.model;
    if (!baseUrl || !model) return null;
    const key = agent.encryptedApiKey === null ? null : this.#box.open(agent.encryptedApiKey);
    return { baseUrl, model, apiKey: key ?? (own ? null : this.#defaults.apiKey ?? null), allowPrivate: own ? this.#defaults.allowPrivate : true };
  }

  async #checkBaseUrl(url: string): Promise<void> {
    if (!this.#defaults.allowPrivate) await requirePublicUrl(url, 'baseUrl', 'AI_ALLOW_PRIVATE=1, for a local model');
  }
}

const stripSlash = (url: string | null) => url?.replace(/\/+$/, '') ?? null;
