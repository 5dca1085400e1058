import { onlineVisitorsQuerySchema, startVisitorConversationSchema } from '../../validation-live-visitors.js';
import { json, jsonBody, operation, pageOf, pathParameter, queryParameters, ref, type JsonSchema, type Operation } from './build.js';
import { nullable, object } from './schemas.js';

/** Live visitors (§12) in the OpenAPI description: who is on the site now, and starting a conversation with one of them. */

const string: JsonSchema = { type: 'string' };
const count: JsonSchema = { type: 'integer', minimum: 0 };
const dateTime: JsonSchema = { type: 'string', format: 'date-time' };

export const liveVisitorSchemas: Record<string, JsonSchema> = {
  OnlineVisitor: object(
    {
      visitorId: string,
      name: string,
      email: string,
      channel: { ...string, description: 'The channel key.' },
      page: object({ url: nullable({ ...string, format: 'uri' }), title: nullable(string) }, [], 'The page of the tab that most recently connected or navigated; render as text.'),
      onPageSince: dateTime,
      connectedAt: { ...dateTime, description: 'When this visit began; page views of one visit share it.' },
      returning: { type: 'boolean', description: 'Not the first visit: seen on an earlier visit, or created well before this one. A visit ends after 30 minutes with no widget connected.' },
      conversations: object({ open: count, total: count }),
      device: { type: 'string', enum: ['desktop', 'mobile', 'tablet'], description: 'From the user agent of the most recent tab.' },
      tabs: { ...count, description: 'Widgets connected now, on every node.' },
    },
    ['name', 'email'],
    'A visitor whose widget is connected now.',
  ),
  OnlineVisitorPage: pageOf(ref('OnlineVisitor')),
};

const startConversation: Operation = operation('agent', {
  id: 'startVisitorConversation',
  summary: 'Start a conversation with a visitor on the site',
  description:
    'Opens an explicit conversation (handled by the team, assigned to the caller) with the agent\'s first message; it reaches the visitor\'s widget at once. ' +
    'The same `clientId` again answers 200 with the same conversation. 409 when no widget of the visitor is connected.',
  caller: 'agent',
  parameters: [pathParameter('id', 'The visitor id (`v_…`).')],
  body: jsonBody(startVisitorConversationSchema),
  ok: {
    201: json('The new conversation; its `lastMessage` is the agent\'s message.', ref('ConversationSummary')),
    200: json('Started before with this `clientId`: the same conversation.', ref('ConversationSummary')),
  },
  errors: ['not_found', 'conflict', 'rate_limited'],
});

/** `paths` with the live visitors' operations added (the visitor's conversations path already has its GET). */
export function withLiveVisitorPaths(paths: Record<string, Record<string, Operation>>): Record<string, Record<string, Operation>> {
  const conversations = '/api/v1/agent/visitors/{id}/conversations';
  return {
    ...paths,
    '/api/v1/agent/visitors/online': {
      get: operation('agent', {
        id: 'listOnlineVisitors',
        summary: 'Visitors on the site now',
        description: 'Visitors whose widget is connected now, on every node, newest visit first. Only widgets that connected are known: see the README on which visitors appear.',
        caller: 'agent',
        parameters: queryParameters(onlineVisitorsQuerySchema),
        ok: { 200: json('Visitors online now.', ref('OnlineVisitorPage')) },
        errors: ['unavailable'],
      }),
    },
    [conversations]: { ...paths[conversations], post: startConversation },
  };
}
