import type { AiAgent, AiAgentInput, Page } from '../protocol.js';
import { Resource, segment } from './http.js';
import type { RequestOptions } from './types.js';

const aiAgentPath = (id: string) => `/admin/ai-agents/${segment(id)}`;

/**
 * AI agents: a model on an OpenAI-compatible endpoint that answers a channel's visitors first
 * (name it in the channel's `settings.ai`). The API key is stored encrypted and never returned:
 * `hasApiKey` says whether one is set.
 */
export class AiAgents extends Resource {
  list(): Promise<Page<AiAgent>> {
    return this.http.call('GET', '/admin/ai-agents');
  }

  get(id: string): Promise<AiAgent> {
    return this.http.call('GET', aiAgentPath(id));
  }

  /** `baseUrl` must reach a public address unless the server allows private ones (AI_ALLOW_PRIVATE=1). */
  create(agent: AiAgentInput, options: RequestOptions = {}): Promise<AiAgent> {
    return this.http.call('POST', '/admin/ai-agents', { ...options, body: agent });
  }

  /** What is left out stays; `knowledge` and `handoff` are merged key by key; `apiKey: null` removes the key. */
  update(id: string, patch: Partial<AiAgentInput>): Promise<AiAgent> {
    return this.http.call('PATCH', aiAgentPath(id), { body: patch });
  }

  /** Refused (`ConflictError`) while a channel names the agent. */
  async delete(id: string): Promise<void> {
    await this.http.call('DELETE', aiAgentPath(id));
  }
}
