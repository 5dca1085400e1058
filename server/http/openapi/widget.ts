import { emptySchema, faqListSchema, toolAnswerSchema, identifySchema, joinSchema, ratingSchema, readSchema, sendMessageSchema, sessionSchema, typingSchema, visitorPageSchema } from '../../validation.js';
import { emptyObject, fileBody, json, jsonBody, operation, pathParameter, queryParameters, ref, type Operation, type OperationSpec } from './build.js';

const widget = (spec: OperationSpec): Operation => operation('widget', spec);
const key = pathParameter('key', "The channel's public key.");
const ORIGIN_NOTE = "Checked against the channel's origin allowlist (the browser's `Origin` header).";

/** `/api/v1/widget`: what the `<support-chat>` element calls, cross-origin, from the host page. */
export const widgetPaths: Record<string, Record<string, Operation>> = {
  '/api/v1/widget/channels/{key}/config': {
    get: widget({
      id: 'getChannelConfig',
      summary: 'Public channel configuration',
      description: ORIGIN_NOTE,
      caller: 'public',
      parameters: [key],
      ok: { 200: json('Appearance, greeting, login mode and online status.', ref('ChannelConfig')) },
      errors: ['forbidden', 'not_found', 'rate_limited'],
    }),
  },
  '/api/v1/widget/channels/{key}/status': {
    get: widget({
      id: 'getChannelStatus',
      summary: 'Whether the team is online',
      description: ORIGIN_NOTE,
      caller: 'public',
      parameters: [key],
      ok: { 200: json('Online now, or when the business hours next open.', ref('ChannelStatus')) },
      errors: ['forbidden', 'not_found', 'rate_limited'],
    }),
  },
  '/api/v1/widget/channels/{key}/faqs': {
    get: widget({
      id: 'listChannelFaqs',
      summary: 'FAQ chips for an empty conversation',
      description: ORIGIN_NOTE,
      caller: 'public',
      parameters: [key, ...queryParameters(faqListSchema)],
      ok: { 200: json('The first FAQ questions.', ref('FaqChipPage')) },
      errors: ['forbidden', 'not_found', 'rate_limited'],
    }),
  },
  '/api/v1/widget/channels/{key}/session': {
    post: widget({
      id: 'startSession',
      summary: 'Start a visitor session (handshake)',
      description: `${ORIGIN_NOTE} A signed link's \`t\`, \`s\`, \`u\`, \`nick\` are accepted instead.`,
      caller: 'public',
      parameters: [key],
      body: jsonBody(sessionSchema),
      ok: { 201: json('A visitor token and the current conversation.', ref('SessionResponse')) },
      errors: ['unauthorized', 'forbidden', 'not_found', 'payload_too_large', 'rate_limited'],
    }),
  },
  '/api/v1/widget/session/renew': {
    post: widget({
      id: 'renewSession',
      summary: 'Trade a visitor token for a fresh one',
      caller: 'visitor',
      ok: { 200: json('A new token for the same visitor.', ref('SessionResponse')) },
    }),
  },
  '/api/v1/widget/identify': {
    post: widget({
      id: 'identifyVisitor',
      summary: "Update the visitor's profile",
      caller: 'visitor',
      description: '`extra` is merged key by key into what is stored: 50 keys and 16 KB of JSON at most once merged (400, 413 naming `profile.extra`); values nest 16 levels at most.',
      body: jsonBody(identifySchema),
      ok: { 200: json('The stored profile.', { type: 'object', required: ['profile'], properties: { profile: ref('VisitorProfile') } }) },
      errors: ['payload_too_large'],
    }),
  },
  '/api/v1/widget/join': {
    get: widget({
      id: 'joinVisitor',
      summary: 'Join: the config, the current conversation and its messages, in one request',
      description: "Exactly what the `/widget` socket's `session:joined` carries (one service operation): the REST fallback's join. `after` is the last `seq` the client holds.",
      caller: 'visitor',
      parameters: queryParameters(joinSchema),
      ok: { 200: json('The channel config, the conversation (null before the first message) and its messages.', ref('SessionJoined')) },
      errors: ['forbidden'],
    }),
  },
  '/api/v1/widget/conversation': {
    get: widget({
      id: 'getVisitorConversation',
      summary: "The visitor's current conversation",
      caller: 'visitor',
      ok: { 200: json('The conversation, or null before the first message.', { anyOf: [ref('Conversation'), { type: 'null' }] }) },
    }),
  },
  '/api/v1/widget/conversation/messages': {
    get: widget({
      id: 'listVisitorMessages',
      summary: 'A page of messages',
      description: 'With `after` and `wait` > 0, long-polls: answers as soon as a newer message is stored, or after `wait` seconds.',
      caller: 'visitor',
      parameters: queryParameters(visitorPageSchema),
      ok: { 200: json('Messages in `seq` order.', ref('MessagePage')) },
    }),
    post: widget({
      id: 'sendVisitorMessage',
      summary: 'Send a message',
      description: 'Idempotent by `clientId`: the same `clientId` again answers 200 with the original message.',
      caller: 'visitor',
      body: jsonBody(sendMessageSchema, '`text` may be blank only when `attachmentIds` is not empty.'),
      ok: { 201: json('The stored message.', ref('ChatMessage')), 200: json('The message first stored with this `clientId`.', ref('ChatMessage')) },
      errors: ['conflict', 'rate_limited'],
    }),
  },
  '/api/v1/widget/conversation/read': {
    post: widget({ id: 'markReadByVisitor', summary: 'Read receipt: seen up to `seq`', caller: 'visitor', body: jsonBody(readSchema), ok: { 200: emptyObject } }),
  },
  '/api/v1/widget/conversation/typing': {
    post: widget({ id: 'visitorTyping', summary: 'Typing indicator', caller: 'visitor', body: jsonBody(typingSchema), ok: { 200: emptyObject } }),
  },
  '/api/v1/widget/conversation/close': {
    post: widget({
      id: 'closeByVisitor',
      summary: 'Close the conversation',
      caller: 'visitor',
      body: jsonBody(emptySchema),
      ok: { 200: json('The closed conversation.', ref('Conversation')) },
      errors: ['conflict'],
    }),
  },
  '/api/v1/widget/conversation/rating': {
    post: widget({
      id: 'rateConversation',
      summary: 'Rate a closed conversation',
      caller: 'visitor',
      body: jsonBody(ratingSchema),
      ok: { 200: json('The rated conversation.', ref('Conversation')) },
      errors: ['conflict'],
    }),
  },
  '/api/v1/widget/tool-calls/{id}/result': {
    post: widget({
      id: 'answerToolCall',
      summary: "Answer a page tool call (the REST twin of the socket's `tool:result` / `tool:error`)",
      caller: 'visitor',
      parameters: [pathParameter('id', 'The `callId` of `tool:execute` (`tc_…`).')],
      body: jsonBody(toolAnswerSchema, '`result` is at most 32 KB of JSON.'),
      ok: { 200: emptyObject },
      errors: ['not_found'],
    }),
  },
  '/api/v1/widget/uploads': {
    post: widget({
      id: 'uploadVisitorFile',
      summary: 'Upload a file to attach to a message',
      description: "Size and types follow the channel's upload policy; the type is sniffed from the bytes.",
      caller: 'visitor',
      body: fileBody,
      ok: { 201: json('The stored file, with a signed URL.', ref('Attachment')) },
      errors: ['forbidden', 'payload_too_large', 'unsupported_media_type', 'rate_limited'],
    }),
  },
  '/api/v1/widget/uploads/{id}': {
    get: widget({
      id: 'getVisitorUpload',
      summary: 'A fresh signed URL for a file',
      caller: 'visitor',
      parameters: [pathParameter('id', 'The upload id (`up_…`).')],
      ok: { 200: json('The file, with a fresh signed URL.', ref('Attachment')) },
      errors: ['not_found'],
    }),
  },
};
