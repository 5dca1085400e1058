import { emptySchema } from '../../validation.js';
import { createAiAgentSchema, feedbackSchema, updateAiAgentSchema } from '../../validation-ai.js';
import { admin } from './admin.js';
import { json, jsonBody, operation, pageOf, pathParameter, ref, type JsonSchema, type Operation } from './build.js';
import { nullable, object } from './schemas.js';
import { merged, scoped } from './visitor-conversations.js';

/** AI agents (DESIGN.md §10) in the OpenAPI description: the admin CRUD, handoff and feedback. */

const string: JsonSchema = { type: 'string' };
const boolean: JsonSchema = { type: 'boolean' };
const integer: JsonSchema = { type: 'integer' };

export const aiSchemas: Record<string, JsonSchema> = {
  AiAgent: object(
    {
      id: string,
      name: string,
      baseUrl: { ...nullable(string), description: "An OpenAI-compatible `/v1` endpoint; null: the server's `AI_BASE_URL`." },
      model: { ...nullable(string), description: "null: the server's `AI_MODEL`." },
      hasApiKey: { ...boolean, description: 'Whether a key is stored (stored encrypted; the key itself is never returned).' },
      instructions: string,
      knowledge: object({ faqs: boolean, articles: boolean }),
      tools: { type: 'array', items: object({ name: string, description: string, parameters: { type: 'object', description: 'JSON Schema of the arguments.' } }) },
      handoff: object({
        onRequest: { ...boolean, description: 'The visitor may ask for a person.' },
        onNoAnswer: { ...boolean, description: 'Hand over when the knowledge has no answer.' },
        message: { ...string, description: "The system message the visitor sees at a handoff; empty: the server's, in the visitor's language." },
      }),
      maxTokens: integer,
      maxToolRounds: integer,
      createdAt: { type: 'string', format: 'date-time' },
      updatedAt: { type: 'string', format: 'date-time' },
    },
    [],
    'An AI agent as the admin API answers it.',
  ),
  AiAgentPage: pageOf(ref('AiAgent')),
};

const aiAgentId = pathParameter('id', 'The AI agent id (`ai_…`).');
const BASE_URL_NOTE = '`baseUrl` is http(s) and must reach a public address unless the server runs with `AI_ALLOW_PRIVATE=1` (for a local model).';

/** `/api/v1/admin/ai-agents`. */
export const aiAdminPaths: Record<string, Record<string, Operation>> = {
  '/api/v1/admin/ai-agents': {
    get: admin({ id: 'listAiAgents', summary: 'All AI agents', caller: 'admin', ok: { 200: json('The AI agents.', ref('AiAgentPage')) } }),
    post: admin({
      id: 'createAiAgent',
      summary: 'Create an AI agent',
      description: `${BASE_URL_NOTE} \`apiKey\` is stored encrypted and never returned.`,
      caller: 'admin',
      body: jsonBody(createAiAgentSchema),
      ok: { 201: json('The new AI agent.', ref('AiAgent')) },
    }),
  },
  '/api/v1/admin/ai-agents/{id}': {
    get: admin({ id: 'getAiAgent', summary: 'One AI agent', caller: 'admin', parameters: [aiAgentId], ok: { 200: json('The AI agent.', ref('AiAgent')) }, errors: ['not_found'] }),
    patch: admin({
      id: 'updateAiAgent',
      summary: 'Change an AI agent',
      description: `What is left out stays; \`knowledge\` and \`handoff\` are merged key by key; \`apiKey: null\` removes the key. ${BASE_URL_NOTE}`,
      caller: 'admin',
      parameters: [aiAgentId],
      body: jsonBody(updateAiAgentSchema),
      ok: { 200: json('The AI agent as changed.', ref('AiAgent')) },
      errors: ['not_found'],
    }),
    delete: admin({
      id: 'deleteAiAgent',
      summary: 'Delete an AI agent',
      description: "Refused while a channel names it in `settings.ai`. Its answers keep their author.",
      caller: 'admin',
      parameters: [aiAgentId],
      ok: { 204: { description: 'Deleted.' } },
      errors: ['not_found', 'conflict'],
    }),
  },
};

/** `POST /api/v1/agent/conversations/{id}/handoff`. */
export const aiAgentSidePaths: Record<string, Record<string, Operation>> = {
  '/api/v1/agent/conversations/{id}/handoff': {
    post: operation('agent', {
      id: 'handoffByAgent',
      summary: "Take an AI agent's conversation over",
      description: 'The AI stops answering; the visitor gets a system message; the `conversation.handoff` webhook fires (`reason: agent`). A conversation the team handles already is answered as it is.',
      caller: 'agent',
      parameters: [pathParameter('id', 'The conversation id (`cv_…`).')],
      body: jsonBody(emptySchema),
      ok: { 200: json('The conversation, `handledBy: human`.', ref('Conversation')) },
      errors: ['not_found', 'conflict'],
    }),
  },
};

/** The visitor's handoff and feedback, on the default and on a named conversation. */
export const aiWidgetPaths: Record<string, Record<string, Operation>> = merged(
  scoped('/handoff', 'post', {
    ids: ['handoffByVisitor', 'handoffConversationByVisitor'],
    summary: 'Talk to a person',
    description:
      "The conversation's AI agent hands it to the team: `handledBy` becomes `human`, a system message in the visitor's language, the `conversation.handoff` webhook. Once: a conversation the team handles already is answered as it is. 403 when the AI agent does not hand over on request; 409 when the conversation is closed.",
    body: jsonBody(emptySchema),
    ok: { 200: json('The conversation, `handledBy: human`.', ref('Conversation')) },
    errors: ['forbidden', 'conflict'],
  }),
  scoped('/feedback', 'post', {
    ids: ['feedbackByVisitor', 'feedbackOnConversation'],
    summary: 'Was this AI answer helpful?',
    description:
      "On an answer of the conversation's AI agent (else 400 `messageId`). The latest answer per message counts; `resolvedByAi` is true only while the visitor says one helped.",
    body: jsonBody(feedbackSchema),
    ok: { 200: json('The conversation.', ref('Conversation')) },
    errors: ['conflict', 'not_found'],
  }),
);
