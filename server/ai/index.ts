import type { Logger } from 'pino';
import { KnowledgeSearch } from '../search/knowledge.js';
import { publicAiAgent, type AiAgentService } from '../services/ai-agents.js';
import type { ChatEventBus } from '../services/events.js';
import type { Handoff } from '../services/handoff.js';
import type { ToolService } from '../services/tools.js';
import type { Store } from '../store/store.js';
import { AnsweringService, type AnsweringOptions } from './answering.js';

export { AnsweringService, type AnsweringOptions } from './answering.js';

/** The answering service over the app's services: AI agents with their endpoints, the one handoff, page tools, the knowledge index. */
export function answeringService(
  { store, events, tools, aiAgents, handoff, logger }: { store: Store; events: ChatEventBus; tools: ToolService; aiAgents: AiAgentService; handoff: Handoff; logger: Logger },
  options: Partial<AnsweringOptions> = {},
): AnsweringService {
  return new AnsweringService(
    {
      store,
      events,
      tools,
      knowledge: new KnowledgeSearch(store),
      logger,
      async agent(id) {
        const record = await store.getAiAgent(id);
        const endpoint = record && aiAgents.endpoint(record);
        return record && endpoint ? { agent: publicAiAgent(record), endpoint } : null;
      },
      handoff: async (conversationId, reason) => void (await handoff({ conversationId, reason })),
    },
    options,
  );
}
