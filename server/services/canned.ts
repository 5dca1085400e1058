import type { CannedReply, CannedReplyInput, Page } from '../../src/protocol.js';
import type { AgentClaims } from '../auth/tokens.js';
import { notFound, ServiceError } from '../errors.js';
import { ShortcutTaken } from '../store/canned-label-store.js';
import type { Store } from '../store/store.js';

const taken = (shortcut: string) => new ServiceError('conflict', `the shortcut /${shortcut} is taken`, { param: 'shortcut' });

/**
 * Canned replies (DESIGN.md §12): every agent sees the shared ones and their own. Only admins
 * create, change or delete shared ones; a personal one is its owner's alone (another agent's
 * is not found, so its existence is not told).
 */
export class CannedReplyService {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  list(agent: AgentClaims, query: { q?: string | undefined; limit: number }): Promise<Page<CannedReply>> {
    return this.#store.listCannedReplies({ agentId: agent.agentId, q: query.q?.trim() || undefined, limit: query.limit });
  }

  async create(agent: AgentClaims, input: Required<CannedReplyInput>): Promise<CannedReply> {
    if (input.shared && agent.role !== 'admin') throw new ServiceError('forbidden', 'only admins create shared replies', { param: 'shared' });
    try {
      return await this.#store.createCannedReply({ ownerId: input.shared ? null : agent.agentId, shortcut: input.shortcut, text: input.text });
    } catch (error) {
      if (error instanceof ShortcutTaken) throw taken(input.shortcut);
      throw error;
    }
  }

  async update(agent: AgentClaims, id: string, patch: { shortcut?: string | undefined; text?: string | undefined }): Promise<CannedReply> {
    await this.#editable(agent, id);
    try {
      const updated = await this.#store.updateCannedReply(id, { ...(patch.shortcut ? { shortcut: patch.shortcut } : {}), ...(patch.text ? { text: patch.text } : {}) });
      if (!updated) throw notFound('canned reply');
      return updated;
    } catch (error) {
      if (error instanceof ShortcutTaken) throw taken(error.shortcut);
      throw error;
    }
  }

  async remove(agent: AgentClaims, id: string): Promise<void> {
    await this.#editable(agent, id);
    if (!(await this.#store.deleteCannedReply(id))) throw notFound('canned reply');
  }

  /** The reply, when this agent may change it. */
  async #editable(agent: AgentClaims, id: string): Promise<CannedReply> {
    const reply = await this.#store.getCannedReply(id);
    if (!reply || (!reply.shared && reply.ownerId !== agent.agentId)) throw notFound('canned reply');
    if (reply.shared && agent.role !== 'admin') throw new ServiceError('forbidden', 'only admins change shared replies');
    return reply;
  }
}
