import type { ChatMessage, Conversation } from '../../../src/protocol.js';
import { newId } from '../../ids.js';
import { aiAgentColumns } from '../ai-rows.js';
import { MESSAGE_SELECT } from '../rows.js';
import type { AiAgentRecord, FeedbackResult, NewAiAgent } from '../store.js';
import { getConversation } from './conversations.js';
import { toAiAgent, toMessage, type AiAgentRow, type Connection, type MessageRow } from './db.js';

/** AI agents, who handles a conversation, and the visitor's feedback on AI answers. */

// ------------------------------------------------------------ AI agents

export function createAiAgent(db: Connection, agent: NewAiAgent): AiAgentRecord {
  const id = newId('ai');
  const now = new Date().toISOString();
  const columns = aiAgentColumns(agent);
  db.sql(`INSERT INTO ai_agents (id, ${columns.map(([column]) => column).join(', ')}, created_at, updated_at)
          VALUES (?, ${columns.map(() => '?').join(', ')}, ?, ?)`)
    .run(id, ...columns.map(([, value]) => value), now, now);
  return getAiAgent(db, id)!;
}

export function getAiAgent(db: Connection, id: string): AiAgentRecord | null {
  const row = db.sql('SELECT * FROM ai_agents WHERE id = ? AND deleted_at IS NULL').get(id) as AiAgentRow | undefined;
  return row ? toAiAgent(row) : null;
}

export function listAiAgents(db: Connection): AiAgentRecord[] {
  return (db.sql('SELECT * FROM ai_agents WHERE deleted_at IS NULL ORDER BY created_at, id').all() as AiAgentRow[]).map(toAiAgent);
}

export function updateAiAgent(db: Connection, id: string, patch: Partial<NewAiAgent>): AiAgentRecord | null {
  const columns = [...aiAgentColumns(patch), ['updated_at', new Date().toISOString()] as [string, unknown]];
  db.sql(`UPDATE ai_agents SET ${columns.map(([column]) => `${column} = ?`).join(', ')} WHERE id = ? AND deleted_at IS NULL`)
    .run(...columns.map(([, value]) => value), id);
  return getAiAgent(db, id);
}

/** Kept as a row (its answers keep their author), gone from every read; its key is dropped. */
export function deleteAiAgent(db: Connection, id: string): boolean {
  const now = new Date().toISOString();
  return db.sql('UPDATE ai_agents SET deleted_at = ?, updated_at = ?, api_key = NULL WHERE id = ? AND deleted_at IS NULL').run(now, now, id).changes === 1;
}

// ------------------------------------------------------------ handoff and feedback

export function setHandledBy(db: Connection, id: string, handledBy: 'ai' | 'human'): { conversation: Conversation; changed: boolean } | null {
  const { changes } = db.sql('UPDATE conversations SET handled_by = ? WHERE id = ? AND handled_by <> ?').run(handledBy, id, handledBy);
  const conversation = getConversation(db, id);
  return conversation ? { conversation, changed: changes === 1 } : null;
}

export function getMessage(db: Connection, conversationId: string, id: string): ChatMessage | null {
  const row = db.sql(`${MESSAGE_SELECT} WHERE m.id = ? AND m.conversation_id = ?`).get(id, conversationId) as MessageRow | undefined;
  return row ? toMessage(row) : null;
}

/** One write transaction: the feedback and the conversation's `resolved_by_ai` change together. */
export function recordFeedback(db: Connection, conversationId: string, messageId: string, helpful: boolean): FeedbackResult | null {
  return db.transaction(() => {
    const exists = db.sql('SELECT 1 FROM messages WHERE id = ? AND conversation_id = ?').get(messageId, conversationId);
    if (!exists) return null;
    const now = new Date().toISOString();
    const { changes } = db.sql(`INSERT INTO message_feedback (message_id, conversation_id, helpful, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (message_id) DO UPDATE SET helpful = excluded.helpful, updated_at = excluded.updated_at WHERE helpful <> excluded.helpful`)
      .run(messageId, conversationId, helpful ? 1 : 0, now, now);
    db.sql(`UPDATE conversations SET resolved_by_ai = EXISTS (SELECT 1 FROM message_feedback WHERE conversation_id = ? AND helpful = 1) WHERE id = ?`)
      .run(conversationId, conversationId);
    return { conversation: getConversation(db, conversationId)!, changed: changes === 1 };
  }).immediate();
}
