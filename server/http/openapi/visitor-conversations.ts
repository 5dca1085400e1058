import { LIMITS } from '../../../src/protocol.js';
import {
  conversationMessageSchema,
  createConversationSchema,
  emptySchema,
  ratingSchema,
  readSchema,
  sendMessageSchema,
  typingSchema,
  visitorConversationListSchema,
  visitorPageSchema,
} from '../../validation.js';
import { emptyObject, json, jsonBody, operation, pathParameter, queryParameters, ref, type Operation, type OperationSpec } from './build.js';

/**
 * The visitor's conversations under `/api/v1/widget`. Each conversation-scoped route exists
 * twice: `/conversation/…` (singular) means the open default conversation, and
 * `/conversations/{id}/…` the one named, which must be the visitor's (404 otherwise).
 */

const BASE = '/api/v1/widget';
const id = pathParameter('id', "The conversation id (`cv_…`); another visitor's conversation is not found.");

type ScopedSpec = Omit<OperationSpec, 'id' | 'caller'> & {
  /** The operation ids: the default conversation's, the named one's. */
  ids: [string, string];
  /** The named route's body and answers, when they differ (the path names the conversation). */
  namedBody?: OperationSpec['body'];
  namedOk?: OperationSpec['ok'];
};

/** One action on a conversation, as its two routes: `/conversation{suffix}` and `/conversations/{id}{suffix}`. */
export function scoped(suffix: string, method: 'get' | 'post', { ids: [defaultId, namedId], namedBody, namedOk, ...spec }: ScopedSpec): Record<string, Record<string, Operation>> {
  const errors = spec.errors ?? [];
  return {
    [`${BASE}/conversation${suffix}`]: { [method]: operation('widget', { ...spec, id: defaultId, caller: 'visitor' }) },
    [`${BASE}/conversations/{id}${suffix}`]: {
      [method]: operation('widget', {
        ...spec,
        id: namedId,
        caller: 'visitor',
        parameters: [id, ...(spec.parameters ?? [])],
        ...(namedBody ? { body: namedBody } : {}),
        ...(namedOk ? { ok: namedOk } : {}),
        errors: errors.includes('not_found') ? errors : [...errors, 'not_found'],
      }),
    },
  };
}

/** Paths by path, each with its methods (`scoped` gives two paths per action). */
export function merged(...parts: Array<Record<string, Record<string, Operation>>>): Record<string, Record<string, Operation>> {
  const paths: Record<string, Record<string, Operation>> = {};
  for (const part of parts) for (const [path, operations] of Object.entries(part)) paths[path] = { ...paths[path], ...operations };
  return paths;
}

export const visitorConversationPaths: Record<string, Record<string, Operation>> = merged(
  {
    [`${BASE}/conversations`]: {
      get: operation('widget', {
        id: 'listOwnConversations',
        summary: "The visitor's conversations, newest first",
        description:
          'Newest first by when each was opened (an order that never changes, so pages never repeat or skip one). `before` is the cursor: the id of the last conversation of the previous page.',
        caller: 'visitor',
        parameters: queryParameters(visitorConversationListSchema),
        ok: { 200: json('A page of conversations, each with a preview of its newest message and its unread count.', ref('VisitorConversationPage')) },
      }),
      post: operation('widget', {
        id: 'createOwnConversation',
        summary: 'Open a conversation explicitly (beside the default one)',
        description: 'Idempotent by `clientId`: the same `clientId` again answers 200 with the conversation it opened.',
        caller: 'visitor',
        body: jsonBody(createConversationSchema, `\`attributes\`: ${LIMITS.attributes} at most, keys of letters, digits, \`_\` and \`-\`.`),
        ok: { 201: json('The conversation opened.', ref('Conversation')), 200: json('The conversation first opened with this `clientId`.', ref('Conversation')) },
      }),
    },
  },
  scoped('', 'get', {
    ids: ['getVisitorConversation', 'getVisitorConversationById'],
    summary: 'A conversation',
    ok: { 200: json('The open default conversation, or null before the first message.', { anyOf: [ref('Conversation'), { type: 'null' }] }) },
    namedOk: { 200: json('The conversation, with a preview of its newest message and its unread count.', ref('VisitorConversationSummary')) },
  }),
  scoped('/messages', 'get', {
    ids: ['listVisitorMessages', 'listVisitorConversationMessages'],
    summary: 'A page of messages',
    description: 'With `after` and `wait` > 0, long-polls: answers as soon as a newer message is stored there, or after `wait` seconds.',
    parameters: queryParameters(visitorPageSchema),
    ok: { 200: json('Messages in `seq` order.', ref('MessagePage')) },
  }),
  scoped('/messages', 'post', {
    ids: ['sendVisitorMessage', 'sendVisitorConversationMessage'],
    summary: 'Send a message',
    description:
      'Idempotent by `clientId`: the same `clientId` again answers 200 with the original message. A closed default conversation is followed by the next one (the send opens it); a closed explicit one refuses the send (409, `conversationId`) unless the `clientId` was stored there before. `attributes` are merged into the conversation\'s as the message is stored.',
    body: jsonBody(sendMessageSchema, '`text` may be blank only when `attachmentIds` is not empty. `conversationId` names the conversation (the default one without it).'),
    namedBody: jsonBody(conversationMessageSchema, '`text` may be blank only when `attachmentIds` is not empty.'),
    ok: { 201: json('The stored message.', ref('ChatMessage')), 200: json('The message first stored with this `clientId`.', ref('ChatMessage')) },
    errors: ['conflict', 'not_found', 'rate_limited'],
  }),
  scoped('/read', 'post', { ids: ['markReadByVisitor', 'markConversationReadByVisitor'], summary: 'Read receipt: seen up to `seq`', body: jsonBody(readSchema), ok: { 200: emptyObject } }),
  scoped('/typing', 'post', { ids: ['visitorTyping', 'visitorConversationTyping'], summary: 'Typing indicator', body: jsonBody(typingSchema), ok: { 200: emptyObject } }),
  scoped('/close', 'post', {
    ids: ['closeByVisitor', 'closeConversationByVisitor'],
    summary: 'Close the conversation',
    description: 'Closing one conversation never touches the others. A named conversation already closed is answered as it is.',
    body: jsonBody(emptySchema),
    ok: { 200: json('The closed conversation.', ref('Conversation')) },
    errors: ['conflict'],
  }),
  scoped('/rating', 'post', {
    ids: ['rateConversation', 'rateVisitorConversation'],
    summary: 'Rate a closed conversation',
    description: 'Singular: the newest default conversation. A new rating replaces the old.',
    body: jsonBody(ratingSchema),
    ok: { 200: json('The rated conversation.', ref('Conversation')) },
    errors: ['conflict'],
  }),
);
