import { createAgentSchema, createBotSchema, createChannelSchema, faqPatchSchema, faqSchema, signLinkSchema, updateAgentSchema, updateChannelSchema } from '../../validation.js';
import { json, jsonBody, operation, pathParameter, ref, type JsonSchema, type Operation, type OperationSpec } from './build.js';

/** An admin operation: every one can also answer 403 (an agent token without the admin role). */
export const admin = (spec: OperationSpec): Operation => operation('admin', { ...spec, errors: ['forbidden', ...(spec.errors ?? [])] });
const key = pathParameter('key', "The channel's key.");
const faqId = pathParameter('id', 'The FAQ id.');
const agentId = pathParameter('id', 'The agent id (`ag_…`).');
const withAgent = (extra: Record<string, JsonSchema>): JsonSchema => ({
  type: 'object',
  required: ['agent', ...Object.keys(extra)],
  properties: { agent: ref('Agent'), ...extra },
});
const invite = withAgent({
  invite: {
    type: 'object',
    required: ['token', 'path', 'expiresAt'],
    description: 'Shown in this answer only.',
    properties: { token: { type: 'string' }, path: { type: 'string', description: 'The inbox page that accepts the invite.' }, expiresAt: { type: 'string', format: 'date-time' } },
  },
});
const botToken = withAgent({ token: { type: 'string', description: 'The API token (`scb_…`), shown in this answer only.' } });

/** `/api/v1/admin`: the operators' API (`ADMIN_TOKEN`, or an admin agent's token). */
export const adminPaths: Record<string, Record<string, Operation>> = {
  '/api/v1/admin/channels': {
    get: admin({ id: 'listChannels', summary: 'All channels', caller: 'admin', ok: { 200: json('The channels.', ref('ChannelPage')) } }),
    post: admin({
      id: 'createChannel',
      summary: 'Create a channel',
      description: 'Each origin is scheme, host and port only; `settings.direct` needs an origin allowlist.',
      caller: 'admin',
      body: jsonBody(createChannelSchema),
      ok: { 201: json('The new channel.', ref('Channel')) },
      errors: ['conflict'],
    }),
  },
  '/api/v1/admin/channels/{key}': {
    get: admin({ id: 'getChannel', summary: 'One channel', caller: 'admin', parameters: [key], ok: { 200: json('The channel.', ref('Channel')) }, errors: ['not_found'] }),
    patch: admin({
      id: 'updateChannel',
      summary: 'Change a channel',
      description: '`settings` are merged into the stored ones.',
      caller: 'admin',
      parameters: [key],
      body: jsonBody(updateChannelSchema),
      ok: { 200: json('The channel as changed.', ref('Channel')) },
      errors: ['not_found'],
    }),
  },
  '/api/v1/admin/channels/{key}/faqs': {
    get: admin({ id: 'listFaqs', summary: "A channel's FAQs", caller: 'admin', parameters: [key], ok: { 200: json('The FAQs.', ref('FaqPage')) }, errors: ['not_found'] }),
    post: admin({
      id: 'createFaq',
      summary: 'Add a FAQ',
      caller: 'admin',
      parameters: [key],
      body: jsonBody(faqSchema, '`question` and `answer` must not be blank.'),
      ok: { 201: json('The new FAQ.', ref('Faq')) },
      errors: ['not_found'],
    }),
  },
  '/api/v1/admin/channels/{key}/faqs/{id}': {
    patch: admin({
      id: 'updateFaq',
      summary: 'Change a FAQ',
      caller: 'admin',
      parameters: [key, faqId],
      body: jsonBody(faqPatchSchema, '`question` and `answer`, when given, must not be blank.'),
      ok: { 200: json('The FAQ as changed.', ref('Faq')) },
      errors: ['not_found'],
    }),
    delete: admin({ id: 'deleteFaq', summary: 'Remove a FAQ', caller: 'admin', parameters: [key, faqId], ok: { 204: { description: 'Removed.' } }, errors: ['not_found'] }),
  },
  '/api/v1/admin/channels/{key}/links': {
    post: admin({
      id: 'signLink',
      summary: 'Sign a standalone chat link for one customer',
      caller: 'admin',
      parameters: [key],
      body: jsonBody(signLinkSchema),
      ok: { 201: json('The link, valid for the channel\'s `linkTtl`.', { type: 'object', required: ['path', 'expiresAt'], properties: { path: { type: 'string' }, expiresAt: { type: 'string', format: 'date-time' } } }) },
      errors: ['not_found', 'conflict'],
    }),
  },
  '/api/v1/admin/channels/{key}/secrets/{kind}/rotate': {
    post: admin({
      id: 'rotateChannelSecret',
      summary: 'Replace a channel secret',
      description: 'The old secret stops working at once; the new one is shown in this answer only.',
      caller: 'admin',
      parameters: [key, pathParameter('kind', 'Which secret.', { type: 'string', enum: ['identity', 'link'] })],
      ok: { 201: json('The new secret.', { type: 'object', required: ['kind', 'secret'], properties: { kind: { type: 'string', enum: ['identity', 'link'] }, secret: { type: 'string' } } }) },
      errors: ['invalid_request', 'not_found'],
    }),
  },
  '/api/v1/admin/agents': {
    get: admin({ id: 'listAgents', summary: 'All agents and bots', caller: 'admin', ok: { 200: json('The agents.', ref('AgentPage')) } }),
    post: admin({
      id: 'createAgent',
      summary: 'Create an agent, or invite one',
      caller: 'admin',
      body: jsonBody(createAgentSchema, 'Without a password, the agent gets an invite.'),
      ok: { 201: json('The agent; with an invite when no password was given.', { anyOf: [withAgent({}), invite] }) },
      errors: ['conflict'],
    }),
  },
  '/api/v1/admin/agents/{id}': {
    patch: admin({
      id: 'updateAgent',
      summary: "Change an agent's name, role, avatar, or disable them",
      description: 'The last enabled admin cannot be demoted or disabled.',
      caller: 'admin',
      parameters: [agentId],
      body: jsonBody(updateAgentSchema),
      ok: { 200: json('The agent as changed.', ref('Agent')) },
      errors: ['not_found', 'conflict'],
    }),
  },
  '/api/v1/admin/agents/{id}/invite': {
    post: admin({ id: 'reinviteAgent', summary: 'A fresh invite (the previous one stops working)', caller: 'admin', parameters: [agentId], ok: { 201: json('The agent and the invite.', invite) }, errors: ['not_found', 'conflict'] }),
  },
  '/api/v1/admin/bots': {
    post: admin({ id: 'createBot', summary: 'Create a bot and its API token', caller: 'admin', body: jsonBody(createBotSchema), ok: { 201: json('The bot and its token.', botToken) } }),
  },
  '/api/v1/admin/bots/{id}/token/rotate': {
    post: admin({ id: 'rotateBotToken', summary: "Replace a bot's API token", caller: 'admin', parameters: [agentId], ok: { 201: json('The bot and its new token.', botToken) }, errors: ['not_found', 'conflict'] }),
  },
};
