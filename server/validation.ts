import { z } from 'zod';
import { DESK_LIMITS, LIMITS, UPLOAD_TYPES, WEBHOOK_EVENTS, type PreChatFieldType } from '../src/protocol.js';
import { blocksSchema, replyToSchema } from './blocks.js';
import { ServiceError } from './errors.js';
import { proactiveSchema } from './validation-proactive.js';

/**
 * Request schemas shared by REST and Socket.IO: the same action is validated the same way
 * whichever transport carries it. Objects are strict, so an unknown field is an error.
 */

const clientId = z.string().min(1).max(LIMITS.clientId).regex(/^[\w-]+$/, 'letters, digits, _ and - only');
const messageText = z.string().max(LIMITS.messageText);
const seq = z.coerce.number().int().min(0);

/** A conversation a visitor names (`cv_…`). */
export const conversationId = z.string().min(1).max(64).regex(/^[\w-]+$/, 'a conversation id (cv_…)');

/** An AI agent's id (`ai_…`). */
export const aiAgentId = z.string().min(1).max(64).regex(/^[\w-]+$/, 'an AI agent id (ai_…)');

/** Facts about a conversation (the pre-chat form's answers): string → string, bounded in count and size. */
const attributes = z
  .record(z.string().min(1).max(LIMITS.attributeKey).regex(/^[\w-]+$/, 'keys: letters, digits, _ and - only'), z.string().max(LIMITS.attributeValue))
  .refine((record) => Object.keys(record).length <= LIMITS.attributes, `${LIMITS.attributes} attributes at most`);

const messageFields = {
  clientId,
  text: messageText,
  attachmentIds: z.array(z.string().max(64)).max(LIMITS.attachmentsPerMessage).optional(),
  attributes: attributes.optional(),
  /** An answer to a block: its text is the chosen label (the server writes it), so `text` may be blank. */
  replyTo: replyToSchema.optional(),
  /** The page's AI agent (its `agent` option), used when the send opens a conversation. */
  agentId: aiAgentId.optional(),
};
const hasContent = (body: { text: string; attachmentIds?: string[] | undefined; replyTo?: unknown; blocks?: unknown[] | undefined }) =>
  body.text.trim().length > 0 || (body.attachmentIds?.length ?? 0) > 0 || body.replyTo !== undefined || (body.blocks?.length ?? 0) > 0;
const NEEDS_CONTENT = { message: 'a message needs text, an attachment, blocks or a replyTo', path: ['text'] };

/** A visitor's send over the socket or to `/conversation/messages`: it may name its conversation (the default one otherwise). */
export const sendMessageSchema = z.strictObject({ conversationId: conversationId.optional(), ...messageFields }).refine(hasContent, NEEDS_CONTENT);
/** A visitor's send to `/conversations/:id/messages`: the path names the conversation. */
export const conversationMessageSchema = z.strictObject(messageFields).refine(hasContent, NEEDS_CONTENT);

/** `POST /conversations`: opens a conversation explicitly, idempotent on `clientId`. */
export const createConversationSchema = z.strictObject({
  clientId,
  subject: z.string().max(LIMITS.subject).optional(),
  attributes: attributes.optional(),
  agentId: aiAgentId.optional(),
});

/** The visitor's own list: newest first, `before` the last conversation id of the previous page. */
export const visitorConversationListSchema = z.strictObject({
  status: z.enum(['open', 'closed']).optional(),
  before: conversationId.optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.pageSize).default(20),
});

/** A conversation named in a path (`/conversations/:id`), validated as the body's `conversationId` is. */
export const conversationPathSchema = z.strictObject({ conversationId });

/** An agent's or a bot's reply (`POST /agent/conversations/:id/messages`): it may offer blocks (quick replies, buttons, cards, forms). */
export const agentMessageSchema = z
  .strictObject({
    clientId,
    text: messageText,
    attachmentIds: z.array(z.string().max(64)).max(LIMITS.attachmentsPerMessage).optional(),
    blocks: blocksSchema.optional(),
  })
  .refine(hasContent, NEEDS_CONTENT);
/** The same over the `/agent` socket, which names its conversation. */
export const agentSendSchema = z
  .strictObject({
    conversationId: z.string().min(1).max(64),
    clientId,
    text: messageText,
    attachmentIds: z.array(z.string().max(64)).max(LIMITS.attachmentsPerMessage).optional(),
    blocks: blocksSchema.optional(),
  })
  .refine(hasContent, NEEDS_CONTENT);

/** How deeply free-form JSON from a visitor or a page (`extra`, tool arguments and results) may nest. */
const JSON_DEPTH = 16;

/** Whether `value` nests objects or arrays deeper than `max`; iterative, so no depth exhausts the stack. */
function nestsDeeper(value: unknown, max: number): boolean {
  const pending: Array<[unknown, number]> = [[value, 1]];
  while (pending.length) {
    const [item, depth] = pending.pop()!;
    if (item === null || typeof item !== 'object') continue;
    if (depth > max) return true;
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
  return false;
}

/** Free-form JSON: `JSON_DEPTH` levels at most (deeper would overflow `JSON.stringify` on the way out), then `maxChars` of JSON. */
export const boundedJson = <Schema extends z.ZodType>(schema: Schema, field: string, maxChars?: number) =>
  schema.superRefine((value, context) => {
    if (nestsDeeper(value, JSON_DEPTH)) context.addIssue({ code: 'custom', message: `${field} may nest ${JSON_DEPTH} levels at most` });
    else if (maxChars !== undefined && JSON.stringify(value ?? null).length > maxChars) context.addIssue({ code: 'custom', message: `${field} must be at most ${maxChars} characters of JSON` });
  });

export const profileSchema = z.strictObject({
  name: z.string().max(200).optional(),
  email: z.email().max(320).optional(),
  phone: z.string().max(50).optional(),
  avatarUrl: z.url({ protocol: /^https?$/ }).max(2000).optional(),
  // Its size and key count, once merged with what is stored, are the identity service's to check.
  extra: boundedJson(z.record(z.string().max(100), z.unknown()), 'extra').optional(),
});

export const identifySchema = z.strictObject({ profile: profileSchema });

export const sessionSchema = z.strictObject({
  visitorId: z.string().max(64).optional(),
  profile: profileSchema.optional(),
  externalUserId: z.string().min(1).max(200).optional(),
  userHash: z.string().max(128).optional(),
  assertion: z.string().max(4096).optional(),
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 hex digest').optional(),
  context: z
    .strictObject({
      pageUrl: z.url({ protocol: /^https?$/ }).max(2000).optional(),
      // document.referrer is '' when there is none.
      referrer: z.union([z.literal(''), z.url({ protocol: /^https?$/ }).max(2000)]).optional(),
      locale: z.string().max(35).regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, 'a BCP 47 tag like pt-BR').optional(),
    })
    .optional(),
  entry: z.literal('link').optional(),
  u: z.string().max(200).optional(),
  nick: z.string().max(200).optional(),
  t: z.coerce.number().int().optional(),
  s: z.string().max(128).optional(),
});

export const messagePageSchema = z.strictObject({
  after: seq.optional(),
  before: seq.optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.pageSize).default(50),
});

/** The visitor's REST page: `wait` (≤ 25 s) long-polls for messages after `after`. */
export const visitorPageSchema = z.strictObject({
  after: seq.optional(),
  before: seq.optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.pageSize).default(50),
  wait: z.coerce.number().int().min(0).max(25).default(0),
});

/**
 * A visitor joins (socket handshake or `GET /join`): the conversation the client shows (the open
 * default one without it) and its messages after `after`, the newest page without it.
 */
export const joinSchema = z.strictObject({ conversationId: conversationId.optional(), after: seq.optional() });
/** The socket's `sync`: a conversation's messages after `after` (the default one without a name). */
export const syncSchema = z.strictObject({ conversationId: conversationId.optional(), after: seq });
export const readSchema = z.strictObject({ seq });
export const ratingSchema = z.strictObject({
  score: z.number().int().min(1).max(5),
  comment: z.string().max(2000).optional(),
});
export const emptySchema = z.strictObject({});
export const agentReadSchema = z.strictObject({ conversationId: z.string().min(1).max(64), seq });
/** An agent resumes a conversation: the page of messages after `after`, as the REST route pages them. */
export const agentSyncSchema = z.strictObject({ conversationId: z.string().min(1).max(64), after: seq });
export const typingSchema = z.strictObject({ typing: z.boolean() });
/** The socket's `read` and `typing` name their conversation (the default one without a name); REST says it in the path. */
export const visitorReadSchema = readSchema.extend({ conversationId: conversationId.optional() });
export const visitorTypingSchema = typingSchema.extend({ conversationId: conversationId.optional() });
export const agentTypingSchema = z.strictObject({ conversationId: z.string().min(1).max(64), typing: z.boolean() });

export const agentLoginSchema = z.strictObject({
  email: z.string().min(1).max(320),
  password: z.string().min(1).max(1024),
});

const TOOL_PAYLOAD_CHARS = 32 * 1024;
const smallJson = (field: string) => boundedJson(z.unknown(), field, TOOL_PAYLOAD_CHARS);
const toolError = z.strictObject({ code: z.string().min(1).max(64), message: z.string().max(1000) });

export const toolCallSchema = z.strictObject({
  name: z.string().min(1).max(100).regex(/^[\w.:-]+$/, 'letters, digits, _ . : and - only'),
  args: smallJson('args').optional(),
  timeoutMs: z.number().int().min(1000).max(60_000).optional(),
});
export const toolResultSchema = z.strictObject({ callId: z.string().min(1).max(64), result: smallJson('result') });
export const toolErrorSchema = z.strictObject({ callId: z.string().min(1).max(64), error: toolError });
export const toolAnswerSchema = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), result: smallJson('result') }),
  z.strictObject({ ok: z.literal(false), error: toolError }),
]);

/** With a password the agent can sign in at once; without, they get an invite (shown once). */
export const createAgentSchema = z.strictObject({
  email: z.email().max(320),
  name: z.string().min(1).max(200),
  password: z.string().min(12, 'at least 12 characters').max(1024).optional(),
  role: z.enum(['agent', 'admin']).default('agent'),
});
export const updateAgentSchema = z.strictObject({
  name: z.string().min(1).max(200).optional(),
  role: z.enum(['agent', 'admin']).optional(),
  avatarUrl: z.url({ protocol: /^https?$/ }).max(2000).nullable().optional(),
  disabled: z.boolean().optional(),
});
export const createBotSchema = z.strictObject({
  name: z.string().min(1).max(200),
  avatarUrl: z.url({ protocol: /^https?$/ }).max(2000).optional(),
});

export const assignSchema = z.strictObject({ agentId: z.string().min(1).max(64).nullable() });

export const acceptInviteSchema = z.strictObject({
  token: z.string().min(1).max(200),
  password: z.string().min(12, 'at least 12 characters').max(1024),
});

export const conversationListSchema = z.strictObject({
  status: z.enum(['open', 'closed']).optional(),
  assigned: z.enum(['me', 'none']).optional(),
  handledBy: z.enum(['ai', 'human']).optional(),
  label: z.string().trim().min(1).max(DESK_LIMITS.labelName).optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.pageSize).default(50),
});

const channelKey = z.string().min(2).max(64).regex(/^[a-z0-9][a-z0-9_-]*$/, 'lowercase letters, digits, _ and -');
const origin = z.string().max(300).refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}, 'an origin like https://example.com (scheme, host and port only)');

/** Every pre-chat field type (a record, so a type added to the protocol must be added here). */
const PRE_CHAT_TYPES: Record<PreChatFieldType, 'profile' | 'attribute'> = {
  name: 'profile',
  email: 'profile',
  phone: 'profile',
  select: 'attribute',
  text: 'attribute',
  consent: 'attribute',
};
/** Stored as written (never trimmed or rewritten); only blank text is refused. */
export const notBlank = (max: number) => z.string().max(max).refine((text) => text.trim().length > 0, 'must not be blank');

/** One question of a pre-chat form: a select has options, a consent may link to a policy page. */
const preChatFieldSchema = z
  .strictObject({
    key: z.string().min(1).max(LIMITS.attributeKey).regex(/^[\w-]+$/, 'letters, digits, _ and - only'),
    type: z.enum(Object.keys(PRE_CHAT_TYPES) as [PreChatFieldType, ...PreChatFieldType[]]),
    label: notBlank(1000),
    required: z.boolean().optional(),
    options: z.array(notBlank(200)).min(1).max(50).optional(),
    url: z.url({ protocol: /^https?$/ }).max(2000).optional(),
  })
  .superRefine((field, context) => {
    if (field.type === 'select' && !field.options) context.addIssue({ code: 'custom', message: 'a select needs options', path: ['options'] });
    if (field.type !== 'select' && field.options) context.addIssue({ code: 'custom', message: 'only a select has options', path: ['options'] });
    if (field.type !== 'consent' && field.url) context.addIssue({ code: 'custom', message: 'only a consent links to a page', path: ['url'] });
    if (field.options && new Set(field.options).size !== field.options.length) context.addIssue({ code: 'custom', message: 'options must be unique', path: ['options'] });
  });

/** A channel's pre-chat form: unique keys, and each profile field (name, email, phone) at most once. */
export const preChatFormSchema = z
  .strictObject({ fields: z.array(preChatFieldSchema).max(LIMITS.preChatFields) })
  .superRefine(({ fields }, context) => {
    const keys = new Set<string>();
    const profile = new Set<string>();
    fields.forEach((field, index) => {
      if (keys.has(field.key)) context.addIssue({ code: 'custom', message: `the key ${field.key} is used twice`, path: ['fields', index, 'key'] });
      if (PRE_CHAT_TYPES[field.type] === 'profile' && profile.has(field.type)) context.addIssue({ code: 'custom', message: `only one ${field.type} field`, path: ['fields', index, 'type'] });
      keys.add(field.key);
      profile.add(field.type);
    });
  });

/** A channel's `settings.ai`: the agent that answers first, and the others a page may pick (the service checks they exist). */
const aiSettingsSchema = z.strictObject({
  agentId: aiAgentId.nullable(),
  allowed: z.array(aiAgentId).max(50).default([]),
});

export const channelSettingsSchema = z.strictObject({
  greeting: z.string().max(1000).optional(),
  headerTitle: z.string().max(200).optional(),
  headerSubtitle: z.string().max(200).optional(),
  primaryColor: z.string().max(50).regex(/^#[0-9a-fA-F]{3,8}$/, 'a hex color like #2f54eb').optional(),
  anonymous: z.boolean().optional(),
  hmac: z.boolean().optional(),
  assertion: z.boolean().optional(),
  direct: z.boolean().optional(),
  assertionIssuer: z.string().min(1).max(200).optional(),
  links: z.boolean().optional(),
  linksEnforced: z.boolean().optional(),
  linkTtl: z.number().int().min(30).max(7 * 24 * 3600).optional(),
  businessHours: z
    .strictObject({
      timezone: z.string().max(64).refine((zone) => {
        try {
          new Intl.DateTimeFormat('en-US', { timeZone: zone });
          return true;
        } catch {
          return false;
        }
      }, 'an IANA timezone like Europe/Paris'),
      days: z
        .array(
          z.strictObject({
            day: z.number().int().min(0).max(6),
            open: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM'),
            close: z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, 'HH:MM'),
          }),
        )
        .max(50),
    })
    .nullable()
    .optional(),
  offlineMessage: z.string().max(1000).optional(),
  limits: z
    .strictObject({
      messagesPerMinute: z.number().int().min(1).max(600).optional(),
      uploadsPerMinute: z.number().int().min(1).max(120).optional(),
    })
    .optional(),
  /** null turns files off; the types can only be chosen among `UPLOAD_TYPES` (never SVG or HTML). */
  uploads: z
    .strictObject({
      maxBytes: z.number().int().min(1024).max(LIMITS.uploadBytes),
      types: z.array(z.enum(UPLOAD_TYPES)).max(UPLOAD_TYPES.length),
    })
    .nullable()
    .optional(),
  /** null removes the form. */
  preChat: preChatFormSchema.nullable().optional(),
  /** null: the team answers (the agents named must exist: the service checks). */
  ai: aiSettingsSchema.nullable().optional(),
  /** null removes them. */
  proactive: proactiveSchema.nullable().optional(),
});

export const faqSchema = z.strictObject({
  question: notBlank(200),
  answer: notBlank(4000),
  position: z.number().int().min(0).max(1000).default(0),
});
export const faqPatchSchema = z.strictObject({
  question: notBlank(200).optional(),
  answer: notBlank(4000).optional(),
  position: z.number().int().min(0).max(1000).optional(),
});
export const faqListSchema = z.strictObject({ limit: z.coerce.number().int().min(1).max(20).default(5) });

export const signLinkSchema = z.strictObject({
  externalUserId: z.string().min(1).max(200),
  nickname: z.string().max(200).default(''),
});

const webhookUrl = z.url({ protocol: /^https?$/ }).max(2000);
const webhookEvents = z.array(z.enum(WEBHOOK_EVENTS)).min(1).max(WEBHOOK_EVENTS.length);
export const createWebhookSchema = z.strictObject({
  url: webhookUrl,
  events: webhookEvents,
  channel: channelKey.nullable().default(null),
});
export const updateWebhookSchema = z.strictObject({
  url: webhookUrl.optional(),
  events: webhookEvents.optional(),
  channel: channelKey.nullable().optional(),
  active: z.boolean().optional(),
});
export const deliveryListSchema = z.strictObject({ limit: z.coerce.number().int().min(1).max(LIMITS.pageSize).default(50) });

export const createChannelSchema = z.strictObject({
  key: channelKey,
  name: z.string().min(1).max(200),
  allowedOrigins: z.array(origin).max(100).default([]),
  settings: channelSettingsSchema.default({}),
});

export const updateChannelSchema = z.strictObject({
  name: z.string().min(1).max(200).optional(),
  allowedOrigins: z.array(origin).max(100).optional(),
  settings: channelSettingsSchema.optional(),
});

/** The dotted path of the first string (or key) holding U+0000, if any. */
function nulAt(value: unknown, path: string[] = [], depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path.join('.') || 'body' : null;
  if (depth > 32 || value === null || typeof value !== 'object') return null;
  for (const [key, item] of Object.entries(value)) {
    if (key.includes('\u0000')) return [...path, key].join('.');
    const found = nulAt(item, [...path, key], depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * Parses `input` or throws a 400 `invalid_request` naming the first field at fault. Text with
 * U+0000 is refused everywhere: PostgreSQL cannot store it, and no one types it.
 */
export function parse<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const nul = nulAt(input);
  if (nul) throw new ServiceError('invalid_request', `${nul}: must not contain the NUL character (U+0000)`, { param: nul });
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  let path = issue.path.map(String).join('.');
  // An unknown key is reported by the object, so name the key itself.
  if (issue.code === 'unrecognized_keys') path = [path, issue.keys[0]].filter(Boolean).join('.');
  const field = path || 'body';
  throw new ServiceError('invalid_request', `${field}: ${issue.message}`, { param: field });
}
