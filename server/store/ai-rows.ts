import type { AiAgent } from '../../src/protocol.js';
import type { AiAgentRecord, NewAiAgent } from './store.js';

/** The `ai_agents` row and the AI agent made from it, for every engine (decoded, as `rows.ts` explains). */

export interface AiAgentRow {
  id: string;
  name: string;
  base_url: string | null;
  model: string | null;
  api_key: string | null;
  instructions: string;
  knowledge: Partial<AiAgent['knowledge']>;
  tools: AiAgent['tools'];
  handoff: Partial<AiAgent['handoff']>;
  max_tokens: number;
  max_tool_rounds: number;
  created_at: string;
  updated_at: string;
}

/** What an AI agent takes when a field is left out (the admin API's defaults, one home). */
export const AI_AGENT_DEFAULTS = {
  knowledge: { faqs: true, articles: true },
  handoff: { onRequest: true, onNoAnswer: true, message: '' },
  maxTokens: 1024,
  maxToolRounds: 4,
} as const;

export function toAiAgent(row: AiAgentRow): AiAgentRecord {
  return {
    id: row.id,
    name: row.name,
    baseUrl: row.base_url,
    model: row.model,
    encryptedApiKey: row.api_key,
    instructions: row.instructions,
    knowledge: { ...AI_AGENT_DEFAULTS.knowledge, ...row.knowledge },
    tools: row.tools,
    handoff: { ...AI_AGENT_DEFAULTS.handoff, ...row.handoff },
    maxTokens: row.max_tokens,
    maxToolRounds: row.max_tool_rounds,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The columns an AI agent patch writes, and their values (JSON columns as text, which both engines take). */
export function aiAgentColumns(patch: Partial<NewAiAgent>): Array<[column: string, value: unknown]> {
  const columns: Array<[string, unknown]> = [];
  if (patch.name !== undefined) columns.push(['name', patch.name]);
  if (patch.baseUrl !== undefined) columns.push(['base_url', patch.baseUrl]);
  if (patch.model !== undefined) columns.push(['model', patch.model]);
  if (patch.encryptedApiKey !== undefined) columns.push(['api_key', patch.encryptedApiKey]);
  if (patch.instructions !== undefined) columns.push(['instructions', patch.instructions]);
  if (patch.knowledge !== undefined) columns.push(['knowledge', JSON.stringify(patch.knowledge)]);
  if (patch.tools !== undefined) columns.push(['tools', JSON.stringify(patch.tools)]);
  if (patch.handoff !== undefined) columns.push(['handoff', JSON.stringify(patch.handoff)]);
  if (patch.maxTokens !== undefined) columns.push(['max_tokens', patch.maxTokens]);
  if (patch.maxToolRounds !== undefined) columns.push(['max_tool_rounds', patch.maxToolRounds]);
  return columns;
}
