import { ERROR_CODES, HTTP_STATUS, LIMITS, UPLOAD_TYPES, WEBHOOK_EVENTS, type ErrorCode } from '../../../src/protocol.js';
import { VISITOR_TOKEN_SECONDS } from '../../auth/tokens.js';
import { blocksSchema, replyToSchema } from '../../blocks.js';
import { channelSettingsSchema, preChatFormSchema, profileSchema } from '../../validation.js';
import { proactiveSchema } from '../../validation-proactive.js';
import { fromZod, json, pageOf, ref, type JsonSchema } from './build.js';

/**
 * `components` of the OpenAPI document: the response shapes of `src/protocol.ts` (written out
 * here, since TypeScript types do not exist at run time), one `ApiError` answer per code, the
 * three kinds of bearer token and the webhook signature.
 */

const string: JsonSchema = { type: 'string' };
const integer: JsonSchema = { type: 'integer' };
const boolean: JsonSchema = { type: 'boolean' };
const dateTime: JsonSchema = { type: 'string', format: 'date-time' };
export const nullable = (schema: JsonSchema): JsonSchema => ({ anyOf: [schema, { type: 'null' }] });

/** An object whose listed properties are all required except those in `optional`. */
export function object(properties: Record<string, JsonSchema>, optional: string[] = [], description?: string): JsonSchema {
  return {
    type: 'object',
    ...(description ? { description } : {}),
    required: Object.keys(properties).filter((name) => !optional.includes(name)),
    properties,
  };
}

/** Codes the server answers with; `network` and `invalid_option` only ever arise in clients. */
const SERVER_CODES = ERROR_CODES.filter((code) => code !== 'network' && code !== 'invalid_option');

const conversation = object({
  id: string,
  channelKey: string,
  visitorId: string,
  status: { type: 'string', enum: ['open', 'closed'] },
  lastSeq: { ...integer, description: 'The highest `seq` stored (0 when empty).' },
  visitorReadSeq: integer,
  agentReadSeq: integer,
  assignedAgentId: nullable(string),
  createdAt: dateTime,
  updatedAt: { ...dateTime, description: 'Time of the newest message, or of creation.' },
  closedAt: nullable(dateTime),
  rating: nullable(object({ score: { ...integer, minimum: 1, maximum: 5 }, comment: string }, ['comment'])),
  isDefault: {
    ...boolean,
    description: "The visitor's default conversation (where a send without `conversationId` goes; one open per visitor), or one opened explicitly.",
  },
  subject: { ...nullable(string), description: 'What the visitor named it when opening it explicitly.' },
  attributes: {
    type: 'object',
    additionalProperties: string,
    description: `Facts about the conversation (the pre-chat form's answers that are not profile fields); ${LIMITS.attributes} at most.`,
  },
  handledBy: { type: 'string', enum: ['ai', 'human'], description: 'Who answers: its AI agent (until a handoff) or the team.' },
  aiAgentId: { ...nullable(string), description: 'The AI agent that answers (or answered) it; null when none was set.' },
  resolvedByAi: { ...boolean, description: 'The visitor said an AI answer helped (feedback `helpful: true`); never assumed.' },
});

export const schemas: Record<string, JsonSchema> = {
  ApiError: object({
    error: object(
      {
        code: { type: 'string', enum: SERVER_CODES },
        message: string,
        param: { ...string, description: 'The request field at fault, as a dotted path (`text`, `attachmentIds.0`).' },
        retryAfter: { ...integer, description: 'Seconds to wait before retrying, with `rate_limited`.' },
        requestId: { ...string, description: 'Also sent as the `X-Request-Id` header.' },
      },
      ['param', 'retryAfter'],
    ),
  }),
  Attachment: object(
    {
      id: string,
      url: { ...string, description: 'A signed URL that expires; ask `GET …/uploads/{id}` for a fresh one.' },
      fileName: string,
      fileSize: integer,
      contentType: { type: 'string', enum: [...UPLOAD_TYPES] },
      width: integer,
      height: integer,
    },
    ['width', 'height'],
  ),
  Author: object({ id: string, name: string, avatarUrl: string }, ['avatarUrl']),
  ChatMessage: object(
    {
      id: string,
      conversationId: string,
      seq: { ...integer, description: 'Per conversation: 1, 2, 3 … without gaps, assigned by the server.' },
      clientId: { ...string, description: "The sender's idempotency key." },
      from: { type: 'string', enum: ['visitor', 'agent', 'bot', 'system'] },
      text: { ...string, description: 'Plain text, never HTML.' },
      attachments: { type: 'array', items: ref('Attachment') },
      blocks: { ...fromZod(blocksSchema), description: 'Interactive content offered by an agent, a bot or an AI agent: quick replies, buttons, cards, forms.' },
      replyTo: { ...fromZod(replyToSchema), description: "The visitor's answer to a block; `text` is then the chosen label or a summary of the form." },
      sources: {
        type: 'array',
        description: 'What an AI answer was based on.',
        items: object({ title: string, url: { ...string, format: 'uri', description: 'http(s) only.' }, articleSlug: string, faqId: string }, ['url', 'articleSlug', 'faqId']),
      },
      feedback: object({ helpful: { type: 'boolean' } }, [], "The visitor's latest helpful yes/no on this AI answer."),
      author: ref('Author'),
      createdAt: dateTime,
    },
    ['clientId', 'author', 'blocks', 'replyTo', 'sources', 'feedback'],
  ),
  Conversation: conversation,
  VisitorProfile: fromZod(profileSchema),
  VisitorContext: object(
    { pageUrl: string, referrer: string, locale: string, userAgent: { ...string, description: 'From the request, not from the page.' }, seenAt: dateTime },
    ['pageUrl', 'referrer', 'locale', 'userAgent', 'seenAt'],
    'Where the visitor is, as their browser told it at the last handshake.',
  ),
  Visitor: object({
    id: string,
    channelKey: string,
    externalUserId: nullable(string),
    verified: boolean,
    profile: ref('VisitorProfile'),
    context: ref('VisitorContext'),
    createdAt: dateTime,
  }),
  ConversationSummary: {
    description: 'A conversation as agents list it: with its visitor and a preview of the newest message.',
    allOf: [
      ref('Conversation'),
      object({ visitor: ref('Visitor'), lastMessage: nullable(ref('ChatMessage')), labels: { type: 'array', items: string, description: 'Its labels’ names, sorted (never sent to the visitor).' } }),
    ],
  },
  VisitorConversationSummary: {
    description: 'A conversation as its visitor lists it: a preview of the newest message and what the team wrote since the visitor last read.',
    allOf: [
      ref('Conversation'),
      object({
        lastMessage: nullable(object({ from: { type: 'string', enum: ['visitor', 'agent', 'bot', 'system'] }, text: { ...string, description: 'Cut to 200 characters.' }, createdAt: dateTime })),
        unread: { ...integer, description: "Messages from the team (agents, bots, the system) after the visitor's read position." },
      }),
    ],
  },
  UploadPolicy: object({
    maxBytes: { ...integer, description: 'Largest file, bytes.' },
    types: { type: 'array', items: { type: 'string', enum: [...UPLOAD_TYPES] }, description: 'Accepted types, sniffed from the bytes.' },
  }),
  ChannelConfig: object(
    {
      channel: string,
      name: string,
      greeting: string,
      headerTitle: string,
      headerSubtitle: string,
      primaryColor: string,
      online: boolean,
      anonymous: boolean,
      offlineMessage: string,
      uploads: nullable(ref('UploadPolicy')),
      preChat: { ...nullable(ref('PreChatForm')), description: 'Asked before the first message of a new conversation; null when the channel has no form.' },
      ai: {
        ...nullable(object({ agentId: string, name: string, allowed: { type: 'array', items: string }, handoff: boolean })),
        description: "The channel's AI agent, which answers first (`allowed`: the others a page may pick with `agent`; `handoff`: the visitor may ask for a person); null when it has none.",
      },
      help: { ...boolean, description: 'The channel has published help articles: the widget offers its Help screen and quick help.' },
      proactive: {
        ...nullable({ type: 'array', items: ref('ProactiveTrigger') }),
        description: 'Proactive triggers the widget evaluates in the browser (no extra request); null when the channel has none.',
      },
    },
    [],
    'Public, non-secret channel settings.',
  ),
  PreChatForm: fromZod(
    preChatFormSchema,
    'A pre-chat form. `name`, `email` and `phone` answers go to the visitor profile; `select`, `text` and `consent` to the conversation `attributes` under `key` (a consent as the ISO time it was given). Keys are unique, a `select` has `options`, a `consent` may have an http(s) `url`. Fields the host passed (`nickname`, `email`, `phone`, a key in `extra`) are not asked.',
  ),
  ProactiveTrigger: fromZod(
    proactiveSchema.element,
    'A proactive message: `when` (all given conditions hold: `urlMatches` a glob with `*` over the path and query when it starts with `/`, the whole URL otherwise; `afterSeconds` on the page; `exitIntent`; `rageClicks` clicks in a small area within a second; a page `signal`), `once` per `visitor` or `session`, `action` (`message` in a bubble by the launcher, or `open` the panel).',
  ),
  ChannelStatus: object({ online: boolean, nextOnlineAt: dateTime }, ['nextOnlineAt']),
  FaqChip: object({ id: string, question: string }),
  SessionJoined: object(
    {
      conversation: { ...nullable(ref('Conversation')), description: "The conversation named by `conversationId` when it is the visitor's, else the open default one." },
      messages: { type: 'array', items: ref('ChatMessage'), description: 'After `after` in `seq` order (the newest page without it, or when the named conversation was not joined).' },
      conversations: {
        type: 'array',
        items: ref('VisitorConversationSummary'),
        description: `The visitor's newest conversations (${LIMITS.conversationsOnJoin} at most), newest first: a client resumes each one it holds whose \`lastSeq\` moved.`,
      },
      config: ref('ChannelConfig'),
    },
    [],
    "What a visitor gets on joining: the same object as the socket's `session:joined`.",
  ),
  SessionResponse: object({ token: string, expiresAt: dateTime, visitorId: string, verified: boolean, conversation: nullable(ref('Conversation')) }),
  Agent: object(
    {
      id: string,
      email: string,
      name: string,
      role: { type: 'string', enum: ['agent', 'admin'] },
      kind: { type: 'string', enum: ['human', 'bot'] },
      disabled: boolean,
      invited: { ...boolean, description: 'Invited and not signed up yet.' },
      avatarUrl: string,
    },
    ['avatarUrl'],
  ),
  AgentLoginResponse: object({ token: string, expiresAt: dateTime, agent: ref('Agent') }),
  ChannelSettings: { ...fromZod(channelSettingsSchema), description: 'As stored; a field left out takes the server default.' },
  Channel: object({ id: string, key: string, name: string, allowedOrigins: { type: 'array', items: string }, settings: ref('ChannelSettings'), createdAt: dateTime }),
  Faq: object({ id: string, question: string, answer: string, position: integer }),
  MessagePage: pageOf(ref('ChatMessage')),
  ConversationPage: pageOf(ref('ConversationSummary')),
  VisitorConversationPage: pageOf(ref('VisitorConversationSummary')),
  ChannelPage: pageOf(ref('Channel')),
  FaqPage: pageOf(ref('Faq')),
  FaqChipPage: pageOf(ref('FaqChip')),
  AgentPage: pageOf(ref('Agent')),
  Webhook: object({
    id: string,
    url: { ...string, format: 'uri' },
    events: { type: 'array', items: { type: 'string', enum: [...WEBHOOK_EVENTS] } },
    channel: { ...nullable(string), description: "Only this channel's events; null for every channel." },
    active: boolean,
    createdAt: dateTime,
  }),
  WebhookDelivery: object({
    id: { ...string, description: 'Also the `id` of the payload sent, the same across retries.' },
    webhookId: string,
    event: { type: 'string', enum: [...WEBHOOK_EVENTS] },
    status: { type: 'string', enum: ['pending', 'delivered', 'failed'] },
    attempts: integer,
    nextAttemptAt: { ...nullable(dateTime), description: 'When the next attempt is due, while pending.' },
    lastStatus: { ...nullable(integer), description: "The receiver's last HTTP status, if it answered." },
    lastError: nullable(string),
    createdAt: dateTime,
    deliveredAt: nullable(dateTime),
  }),
  ToolCallResult: object(
    {
      id: string,
      conversationId: string,
      channelKey: string,
      name: string,
      args: {},
      ok: boolean,
      result: { description: 'What the page returned, when `ok`.' },
      error: object({ code: string, message: string }),
      durationMs: integer,
    },
    ['result', 'error'],
    "What the host page's tool answered, or why it could not.",
  ),
  WebhookPage: pageOf(ref('Webhook')),
  WebhookDeliveryPage: pageOf(ref('WebhookDelivery')),
};

/** One reusable answer per error code, named after the code: `#/components/responses/not_found`. */
export const responses: Record<string, unknown> = Object.fromEntries(
  SERVER_CODES.map((code: ErrorCode) => {
    const answer: Record<string, unknown> = json(`\`${code}\` (HTTP ${HTTP_STATUS[code]})`, ref('ApiError'));
    if (code === 'rate_limited') answer.headers = { 'Retry-After': { description: 'Seconds to wait.', schema: integer } };
    return [code, answer];
  }),
);

export const securitySchemes = {
  visitorToken: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: `The visitor token from \`POST /api/v1/widget/channels/{key}/session\` (${VISITOR_TOKEN_SECONDS / 60} minutes; renew with \`/session/renew\`).`,
  },
  agentToken: {
    type: 'http',
    scheme: 'bearer',
    description: "An agent's session token (from `POST /api/v1/agent/login` or `/invites/accept`), or a bot's API token (`scb_…`).",
  },
  adminToken: {
    type: 'http',
    scheme: 'bearer',
    description: "The server's `ADMIN_TOKEN`, or the token of an agent whose role is `admin`.",
  },
  webhookSignature: {
    type: 'apiKey',
    in: 'header',
    name: 'X-Support-Chat-Signature',
    description: 'On requests this server sends to webhooks: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + raw body)>`.',
  },
};
