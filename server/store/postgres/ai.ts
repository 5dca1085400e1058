import type { ChatMessage, Conversation } from '../../../src/protocol.js';
import { newId } from '../../ids.js';
import { aiAgentColumns, toAiAgent, type AiAgentRow } from '../ai-rows.js';
import { MESSAGE_SELECT, toMessage, type MessageRow } from '../rows.js';
import type { AiAgentRecord, FeedbackResult, NewAiAgent } from '../store.js';
import { getConversation } from './conversations.js';
import { all, changes, one, transaction, type Queryable } from './db.js';
import type pg from 'pg';

/** AI agents, who handles a conversation, and the visitor's feedback on AI answers. */

// ------------------------------------------------------------ AI agents

export async function createAiAgent(db: Queryable, agent: NewAiAgent): Promise<AiAgentRecord> {
  const now = new Date().toISOString();
  const columns = aiAgentColumns(agent);
  const values = [newId('ai'), ...columns.map(([, value]) => value), now, now];
  const row = await one<AiAgentRow>(db, `INSERT INTO ai_agents (id, ${columns.map(([column]) => column).join(', ')}, created_at, updated_at)
    VALUES (${values.map((_, index) => `$${index + 1}`).join(', ')}) RETURNING *`, values);
  return toAiAgent(row!);
}

export async function getAiAgent(db: Queryable, id: string): Promise<AiAgentRecord | null> {
  const row = await one<AiAgentRow>(db, 'SELECT * FROM ai_agents WHERE id = $1 AND deleted_at IS NULL', [id]);
  return row ? toAiAgent(row) : null;
}

export async function listAiAgents(db: Queryable): Promise<AiAgentRecord[]> {
  return (await all<AiAgentRow>(db, 'SELECT * FROM ai_agents WHERE deleted_at IS NULL ORDER BY created_at, id')).map(toAiAgent);
}

export async function updateAiAgent(db: Queryable, id: string, patch: Partial<NewAiAgent>): Promise<AiAgentRecord | null> {
  const columns = [...aiAgentColumns(patch), ['updated_at', new Date().toISOString()] as [string, unknown]];
  const row = await one<AiAgentRow>(db, `UPDATE ai_agents SET ${columns.map(([column], index) => `${column} = $${index + 2}`).join(', ')}
    WHERE id = $1 AND deleted_at IS NULL RETURNING *`, [id, ...columns.map(([, value]) => value)]);
  return row ? toAiAgent(row) : null;
}

/** Kept as a row (its answers keep their author), gone from every read; its key is dropped. */
export async function deleteAiAgent(db: Queryable, id: string): Promise<boolean> {
  const now = new Date().toISOString();
  return (await changes(db, 'UPDATE ai_agents SET deleted_at = $2, updated_at = $2, api_key = NULL WHERE id = $1 AND deleted_at IS NULL', [id, now])) === 1;
}

// ------------------------------------------------------------ handoff and feedback

export async function setHandledBy(db: Queryable, id: string, handledBy: 'ai' | 'human'): Promise<{ conversation: Conversation; changed: boolean } | null> {
  const changed = await changes(db, 'UPDATE conversations SET handled_by = $2 WHERE id = $1 AND handled_by <> $2', [id, handledBy]);
  const conversation = await getConversation(db, id);
  return conversation ? { conversation, changed: changed === 1 } : null;
}

export async function getMessage(db: Queryable, conversationId: string, id: string): Promise<ChatMessage | null> {
  const row = await one<MessageRow>(db, `${MESSAGE_SELECT} WHERE m.id = $1 AND m.conversation_id = $2`, [id, conversationId]);
  return row ? toMessage(row) : null;
}

/**
 * One transaction holding the conversation's row lock: the feedback and `resolved_by_ai` change
 * together, and two answers at once are applied one after the other.
 */
export async function recordFeedback(pool: pg.Pool, conversationId: string, messageId: string, helpful: boolean): Promise<FeedbackResult | null> {
  return transaction(pool, async (client) => {
    const locked = await one(client, 'SELECT 1 FROM conversations WHERE id = $1 FOR UPDATE', [conversationId]);
    if (!locked || !(await one(client, 'SELECT 1 FROM messages WHERE id = $1 AND conversation_id = $2', [messageId, conversationId]))) return null;
    const now = new Date().toISOString();
    const changed = await changes(client, `INSERT INTO message_feedback (message_id, conversation_id, helpful, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)
      ON CONFLICT (message_id) DO UPDATE SET helpful = excluded.helpful, updated_at = excluded.updated_at WHERE message_feedback.helpful <> excluded.helpful`,
    [messageId, conversationId, helpful, now]);
    await client.query(`UPDATE conversations SET resolved_by_ai = EXISTS (SELECT 1 FROM message_feedback WHERE conversation_id = $1 AND helpful) WHERE id = $1`,
      [conversationId]);
    return { conversation: (await getConversation(client, conversationId))!, changed: changed === 1 };
  });
}
