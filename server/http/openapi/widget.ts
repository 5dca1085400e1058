import { faqListSchema, toolAnswerSchema, identifySchema, joinSchema, sessionSchema } from '../../validation.js';
import { emptyObject, fileBody, json, jsonBody, operation, pathParameter, queryParameters, ref, type Operation, type OperationSpec } from './build.js';
import { visitorConversationPaths } from './visitor-conversations.js';

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
      summary: "Join: the config, the conversation shown and its messages, and the visitor's conversations, in one request",
      description:
        "Exactly what the `/widget` socket's `session:joined` carries (one service operation): the REST fallback's join. `conversationId` is the conversation the client shows (when it is not the visitor's, the open default one is joined); `after` is the last `seq` the client holds of it.",
      caller: 'visitor',
      parameters: queryParameters(joinSchema),
      ok: { 200: json('The channel config, the conversation (null before the first message), its messages and the newest conversations.', ref('SessionJoined')) },
      errors: ['forbidden'],
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
  ...visitorConversationPaths,
};
