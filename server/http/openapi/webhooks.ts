import type { WebhookEventType } from '../../../src/protocol.js';
import { createWebhookSchema, deliveryListSchema, updateWebhookSchema } from '../../validation.js';
import { admin } from './admin.js';
import { json, jsonBody, pathParameter, queryParameters, ref, type JsonSchema, type Operation, type Parameter } from './build.js';

const id = pathParameter('id', 'The webhook id.');
const secret = json('The new signing secret (`whsec_…`), shown in this answer only.', {
  type: 'object',
  required: ['secret'],
  properties: { secret: { type: 'string' } },
});

/**
 * `/api/v1/admin/webhooks`: where events are POSTed (signed `X-Support-Chat-Signature:
 * t=…,v1=HMAC-SHA256(secret, t + "." + body)`), and the log of those deliveries.
 */
export const webhookPaths: Record<string, Record<string, Operation>> = {
  '/api/v1/admin/webhooks': {
    get: admin({ id: 'listWebhooks', summary: 'All webhooks', caller: 'admin', ok: { 200: json('The webhooks (without their secrets).', ref('WebhookPage')) } }),
    post: admin({
      id: 'createWebhook',
      summary: 'Add a webhook',
      caller: 'admin',
      body: jsonBody(createWebhookSchema),
      ok: {
        201: json('The webhook and its signing secret, shown in this answer only.', {
          allOf: [ref('Webhook'), { type: 'object', required: ['secret'], properties: { secret: { type: 'string' } } }],
        }),
      },
      errors: ['not_found'],
    }),
  },
  '/api/v1/admin/webhooks/{id}': {
    get: admin({ id: 'getWebhook', summary: 'One webhook', caller: 'admin', parameters: [id], ok: { 200: json('The webhook.', ref('Webhook')) }, errors: ['not_found'] }),
    patch: admin({
      id: 'updateWebhook',
      summary: 'Change a webhook, or pause it (`active: false`)',
      caller: 'admin',
      parameters: [id],
      body: jsonBody(updateWebhookSchema),
      ok: { 200: json('The webhook as changed.', ref('Webhook')) },
      errors: ['not_found'],
    }),
    delete: admin({ id: 'deleteWebhook', summary: 'Remove a webhook', caller: 'admin', parameters: [id], ok: { 204: { description: 'Removed.' } }, errors: ['not_found'] }),
  },
  '/api/v1/admin/webhooks/{id}/secret/rotate': {
    post: admin({ id: 'rotateWebhookSecret', summary: "Replace a webhook's signing secret", caller: 'admin', parameters: [id], ok: { 201: secret }, errors: ['not_found'] }),
  },
  '/api/v1/admin/webhooks/{id}/deliveries': {
    get: admin({
      id: 'listWebhookDeliveries',
      summary: 'Recent deliveries, newest first',
      caller: 'admin',
      parameters: [id, ...queryParameters(deliveryListSchema)],
      ok: { 200: json('The delivery log.', ref('WebhookDeliveryPage')) },
      errors: ['not_found'],
    }),
  },
  '/api/v1/admin/webhooks/{id}/deliveries/{deliveryId}/redeliver': {
    post: admin({
      id: 'redeliverWebhook',
      summary: 'Send a delivery again',
      caller: 'admin',
      parameters: [id, pathParameter('deliveryId', 'The delivery id.')],
      ok: { 200: json('The delivery, pending again.', ref('WebhookDelivery')) },
      errors: ['not_found'],
    }),
  },
};

const payload = (type: string, data: Record<string, JsonSchema>): JsonSchema => ({
  type: 'object',
  required: ['id', 'type', 'createdAt', 'data'],
  properties: {
    id: { type: 'string', description: 'The delivery id: the same across retries, so a receiver can drop repeats.' },
    type: { const: type },
    createdAt: { type: 'string', format: 'date-time' },
    data: { type: 'object', required: Object.keys(data), properties: data },
  },
});
const header = (name: string, description: string): Parameter => ({ name, in: 'header', required: true, description, schema: { type: 'string' } });

/** The requests the server sends to a webhook's URL: OpenAPI 3.1's top-level `webhooks`. */
function event(type: WebhookEventType, summary: string, data: Record<string, JsonSchema>) {
  return {
    post: {
      operationId: `webhook.${type}`,
      summary,
      tags: ['webhooks'],
      parameters: [
        header('X-Support-Chat-Event', `\`${type}\``),
        header('X-Support-Chat-Delivery', 'The delivery id.'),
      ],
      security: [{ webhookSignature: [] }],
      requestBody: { required: true, content: { 'application/json': { schema: payload(type, data) } } },
      responses: { '2XX': { description: 'Delivered. Anything else (or no answer within the timeout) is retried with backoff.' } },
    },
  };
}

export const webhookEvents = {
  'message.created': event('message.created', 'A message was stored', {
    message: ref('ChatMessage'),
    conversation: { allOf: [ref('Conversation'), { type: 'object', required: ['labels'], properties: { labels: { type: 'array', items: { type: 'string' }, description: 'Its labels’ names, sorted.' } } }] },
  }),
  'conversation.created': event('conversation.created', 'A visitor opened a conversation', { conversation: ref('ConversationSummary') }),
  'conversation.closed': event('conversation.closed', 'A conversation was closed', { conversation: ref('ConversationSummary') }),
  'conversation.handoff': event('conversation.handoff', 'An AI agent handed a conversation to the team', {
    conversation: ref('ConversationSummary'),
    reason: {
      enum: ['visitor', 'agent', 'model', 'no_answer', 'failure'],
      description: 'The visitor asked for a person, an agent or bot took it over, the model handed over, it found no answer, or the model endpoint failed.',
    },
  }),
  'tool.result': event('tool.result', 'A page tool answered (or failed)', { toolCall: ref('ToolCallResult') }),
} satisfies Record<WebhookEventType, unknown>;
