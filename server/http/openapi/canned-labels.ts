import { CANNED_SHORTCUT, DESK_LIMITS } from '../../../src/protocol.js';
import { cannedListSchema, conversationLabelsSchema, createCannedSchema, createLabelSchema, updateCannedSchema, updateLabelSchema } from '../../validation-canned-labels.js';
import { admin } from './admin.js';
import { json, jsonBody, operation, pageOf, pathParameter, queryParameters, ref, type JsonSchema, type Operation, type OperationSpec } from './build.js';
import { nullable, object } from './schemas.js';

/** Canned replies and labels (DESIGN.md §12) in the OpenAPI description. */

const string: JsonSchema = { type: 'string' };
const dateTime: JsonSchema = { type: 'string', format: 'date-time' };
const agent = (spec: OperationSpec): Operation => operation('agent', spec);

export const cannedLabelSchemas: Record<string, JsonSchema> = {
  CannedReply: object(
    {
      id: string,
      shortcut: { ...string, pattern: CANNED_SHORTCUT.source, description: 'Unique among the shared replies, and among each agent’s own.' },
      text: { ...string, description: 'May hold `{{visitor.name}}`, `{{visitor.firstName}}`, `{{visitor.email}}`, `{{agent.name}}`, `{{conversation.id}}`; the inbox expands them as it inserts the text.' },
      shared: { type: 'boolean', description: 'The whole team’s (only admins change it), or the owner’s alone.' },
      ownerId: { ...nullable(string), description: 'The agent whose personal reply it is.' },
      createdAt: dateTime,
      updatedAt: dateTime,
    },
    [],
    'A canned reply.',
  ),
  CannedReplyPage: pageOf(ref('CannedReply')),
  Label: object({ id: string, name: { ...string, description: 'Unique regardless of case.' }, color: { ...string, pattern: '^#[0-9a-f]{6}$' }, createdAt: dateTime }, [], 'A label definition.'),
  LabelPage: pageOf(ref('Label')),
};

const cannedId = pathParameter('id', 'The canned reply id (`cr_…`).');
const labelId = pathParameter('id', 'The label id (`lb_…`).');
const conversationId = pathParameter('id', 'The conversation id (`cv_…`).');

export const cannedLabelAgentPaths: Record<string, Record<string, Operation>> = {
  '/api/v1/agent/canned': {
    get: agent({
      id: 'listCannedReplies',
      summary: 'The caller’s personal canned replies and the shared ones',
      description: 'Sorted by shortcut (a shared one first on a tie); `q` keeps those whose shortcut or text holds it, in any case.',
      caller: 'agent',
      parameters: queryParameters(cannedListSchema),
      ok: { 200: json('Canned replies.', ref('CannedReplyPage')) },
    }),
    post: agent({
      id: 'createCannedReply',
      summary: 'Write a canned reply',
      description: 'Personal unless `shared`, which needs an admin.',
      caller: 'agent',
      body: jsonBody(createCannedSchema),
      ok: { 201: json('The new reply.', ref('CannedReply')) },
      errors: ['forbidden', 'conflict'],
    }),
  },
  '/api/v1/agent/canned/{id}': {
    patch: agent({
      id: 'updateCannedReply',
      summary: 'Change a canned reply',
      description: 'One’s own personal replies; shared ones for admins only (403). Another agent’s personal reply is not found.',
      caller: 'agent',
      parameters: [cannedId],
      body: jsonBody(updateCannedSchema, 'Only the fields given change.'),
      ok: { 200: json('The reply as changed.', ref('CannedReply')) },
      errors: ['forbidden', 'not_found', 'conflict'],
    }),
    delete: agent({ id: 'deleteCannedReply', summary: 'Remove a canned reply', caller: 'agent', parameters: [cannedId], ok: { 204: { description: 'Removed.' } }, errors: ['forbidden', 'not_found'] }),
  },
  '/api/v1/agent/labels': {
    get: agent({ id: 'listLabelsForAgents', summary: 'The label definitions, to apply and to color', caller: 'agent', ok: { 200: json('By name.', ref('LabelPage')) } }),
  },
  '/api/v1/agent/conversations/{id}/labels': {
    put: agent({
      id: 'setConversationLabels',
      summary: 'Replace a conversation’s labels',
      description: `Names of defined labels, in any case (${DESK_LIMITS.labelsPerConversation} at most; a repeat counts once); a name no label has is refused naming \`labels.N\`. Agents hear \`conversation:updated\`; the visitor never sees labels.`,
      caller: 'agent',
      parameters: [conversationId],
      body: jsonBody(conversationLabelsSchema),
      ok: { 200: json('The conversation, with its labels.', ref('ConversationSummary')) },
      errors: ['not_found'],
    }),
  },
};

export const cannedLabelAdminPaths: Record<string, Record<string, Operation>> = {
  '/api/v1/admin/labels': {
    get: admin({ id: 'listLabels', summary: 'The label definitions', caller: 'admin', ok: { 200: json('By name.', ref('LabelPage')) } }),
    post: admin({
      id: 'createLabel',
      summary: 'Define a label',
      description: `A name unique regardless of case (${DESK_LIMITS.labelName} characters at most), a color \`#rrggbb\`; ${DESK_LIMITS.labels} labels at most.`,
      caller: 'admin',
      body: jsonBody(createLabelSchema),
      ok: { 201: json('The new label.', ref('Label')) },
      errors: ['conflict'],
    }),
  },
  '/api/v1/admin/labels/{id}': {
    patch: admin({
      id: 'updateLabel',
      summary: 'Rename or recolor a label',
      description: 'A rename shows on every conversation carrying it; agents hear `conversation:updated` for the open ones. After any change (name or color) every agent hears `label:updated` with the label on `/agent`.',
      caller: 'admin',
      parameters: [labelId],
      body: jsonBody(updateLabelSchema, 'Only the fields given change.'),
      ok: { 200: json('The label as changed.', ref('Label')) },
      errors: ['not_found', 'conflict'],
    }),
    delete: admin({ id: 'deleteLabel', summary: 'Remove a label (from every conversation too)', caller: 'admin', parameters: [labelId], ok: { 204: { description: 'Removed.' } }, errors: ['not_found'] }),
  },
};
