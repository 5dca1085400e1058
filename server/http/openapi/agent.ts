import type { ErrorCode } from '../../../src/protocol.js';
import { acceptInviteSchema, agentLoginSchema, assignSchema, toolCallSchema, conversationListSchema, messagePageSchema, readSchema, agentMessageSchema, typingSchema } from '../../validation.js';
import { emptyObject, fileBody, json, jsonBody, operation, pathParameter, queryParameters, ref, type Operation, type OperationSpec } from './build.js';

const agent = (spec: OperationSpec): Operation => operation('agent', spec);
const id = pathParameter('id', 'The conversation id (`cv_…`).');
const conversationAction = (operationId: string, summary: string, errors: ErrorCode[] = []): Operation =>
  agent({ id: operationId, summary, caller: 'agent', parameters: [id], ok: { 200: json('The conversation.', ref('Conversation')) }, errors: ['not_found', ...errors] });

/** `/api/v1/agent`: the inbox's API, for agents (session token) and bots (API token). */
export const agentPaths: Record<string, Record<string, Operation>> = {
  '/api/v1/agent/login': {
    post: agent({
      id: 'agentLogin',
      summary: 'Sign in with email and password',
      caller: 'public',
      body: jsonBody(agentLoginSchema),
      ok: { 200: json('A session token and the agent.', ref('AgentLoginResponse')) },
      errors: ['unauthorized', 'forbidden', 'rate_limited'],
    }),
  },
  '/api/v1/agent/invites/accept': {
    post: agent({
      id: 'acceptInvite',
      summary: 'Choose a password from an invite, and sign in',
      caller: 'public',
      body: jsonBody(acceptInviteSchema),
      ok: { 200: json('A session token and the agent.', ref('AgentLoginResponse')) },
      errors: ['unauthorized', 'rate_limited'],
    }),
  },
  '/api/v1/agent/conversations': {
    get: agent({
      id: 'listConversations',
      summary: 'Conversations, newest activity first',
      caller: 'agent',
      parameters: queryParameters(conversationListSchema),
      ok: { 200: json('Conversations with their visitor and newest message.', ref('ConversationPage')) },
    }),
  },
  '/api/v1/agent/conversations/{id}': {
    get: agent({
      id: 'getConversation',
      summary: 'One conversation with its visitor',
      caller: 'agent',
      parameters: [id],
      ok: { 200: json('The conversation.', ref('ConversationSummary')) },
      errors: ['not_found'],
    }),
  },
  '/api/v1/agent/conversations/{id}/messages': {
    get: agent({
      id: 'listConversationMessages',
      summary: 'A page of messages',
      caller: 'agent',
      parameters: [id, ...queryParameters(messagePageSchema)],
      ok: { 200: json('Messages in `seq` order, each followed by the private notes written after it (`from: \'note\'`, never shown to the visitor).', ref('AgentThreadPage')) },
      errors: ['not_found'],
    }),
    post: agent({
      id: 'sendAgentMessage',
      summary: 'Reply in a conversation',
      description: 'Idempotent by `clientId`: the same `clientId` again answers 200 with the original message.',
      caller: 'agent',
      parameters: [id],
      body: jsonBody(agentMessageSchema, '`text` may be blank only when `attachmentIds` or `blocks` are not empty. `blocks` offer quick replies, buttons, cards and forms (URLs http(s) only; ids unique in the message); the visitor answers one with `replyTo`.'),
      ok: { 201: json('The stored message.', ref('ChatMessage')), 200: json('The message first stored with this `clientId`.', ref('ChatMessage')) },
      errors: ['not_found', 'conflict'],
    }),
  },
  '/api/v1/agent/conversations/{id}/close': { post: conversationAction('closeByAgent', 'Close a conversation') },
  '/api/v1/agent/conversations/{id}/reopen': {
    post: conversationAction('reopenConversation', 'Reopen a closed conversation', ['conflict']),
  },
  '/api/v1/agent/conversations/{id}/read': {
    post: agent({ id: 'markReadByAgent', summary: 'Read receipt: seen up to `seq`', caller: 'agent', parameters: [id], body: jsonBody(readSchema), ok: { 200: emptyObject }, errors: ['not_found'] }),
  },
  '/api/v1/agent/conversations/{id}/typing': {
    post: agent({ id: 'agentTyping', summary: 'Typing indicator', caller: 'agent', parameters: [id], body: jsonBody(typingSchema), ok: { 200: emptyObject }, errors: ['not_found'] }),
  },
  '/api/v1/agent/conversations/{id}/tool-calls': {
    post: agent({
      id: 'callPageTool',
      summary: "Run a tool the visitor's page registered, and wait for its answer",
      description:
        'Waits up to `timeoutMs` (15 s by default). A tool that ran and failed answers 200 with `ok: false`; no page open is `conflict`, ' +
        'no such tool in the page `no_handler`, no answer in time `timeout`.',
      caller: 'agent',
      parameters: [id],
      body: jsonBody(toolCallSchema, '`args` is at most 32 KB of JSON.'),
      ok: { 200: json('What the page answered.', ref('ToolCallResult')) },
      errors: ['not_found', 'conflict', 'no_handler', 'timeout'],
    }),
  },
  '/api/v1/agent/conversations/{id}/assign': {
    post: agent({
      id: 'assignConversation',
      summary: 'Assign a conversation to an agent, or unassign it (`agentId: null`)',
      caller: 'agent',
      parameters: [id],
      body: jsonBody(assignSchema),
      ok: { 200: json('The conversation.', ref('Conversation')) },
      errors: ['not_found'],
    }),
  },
  '/api/v1/agent/visitors/{id}/conversations': {
    get: agent({
      id: 'listVisitorConversations',
      summary: "A visitor's conversations, newest first",
      caller: 'agent',
      parameters: [pathParameter('id', 'The visitor id (`v_…`).')],
      ok: { 200: json('The conversations.', ref('ConversationPage')) },
    }),
  },
  '/api/v1/agent/agents': {
    get: agent({ id: 'listTeam', summary: 'The team, to assign conversations to', caller: 'agent', ok: { 200: json('The agents and bots.', ref('AgentPage')) } }),
  },
  '/api/v1/agent/uploads': {
    post: agent({
      id: 'uploadAgentFile',
      summary: 'Upload a file to attach to a reply',
      caller: 'agent',
      body: fileBody,
      ok: { 201: json('The stored file, with a signed URL.', ref('Attachment')) },
      errors: ['payload_too_large', 'unsupported_media_type'],
    }),
  },
  '/api/v1/agent/uploads/{id}': {
    get: agent({
      id: 'getAgentUpload',
      summary: 'A fresh signed URL for a file',
      caller: 'agent',
      parameters: [pathParameter('id', 'The upload id (`up_…`).')],
      ok: { 200: json('The file, with a fresh signed URL.', ref('Attachment')) },
      errors: ['not_found'],
    }),
  },
};
