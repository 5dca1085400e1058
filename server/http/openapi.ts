import cors from 'cors';
import { Router } from 'express';
import { HTTP_STATUS, PROTOCOL_VERSION, UPLOAD_TYPES } from '../../src/protocol.js';
import { adminPaths } from './openapi/admin.js';
import { aiAdminPaths, aiAgentSidePaths, aiSchemas, aiWidgetPaths } from './openapi/ai.js';
import { agentPaths } from './openapi/agent.js';
import { cannedLabelAdminPaths, cannedLabelAgentPaths, cannedLabelSchemas } from './openapi/canned-labels.js';
import { liveVisitorSchemas, withLiveVisitorPaths } from './openapi/live-visitors.js';
import { kbAdminPaths, kbSchemas, kbWidgetPaths } from './openapi/kb.js';
import { searchPaths, searchSchemas } from './openapi/search.js';
import { json, operation, pathParameter, type Operation, type Parameter } from './openapi/build.js';
import { responses, schemas, securitySchemes } from './openapi/schemas.js';
import { webhookEvents, webhookPaths } from './openapi/webhooks.js';
import { widgetPaths } from './openapi/widget.js';
// ---- desk: notes
import { notePaths, noteSchemas } from './openapi/notes.js';
// ---- desk: reports
import { reportPaths, reportSchemas } from './openapi/reports.js';
import { teamAdminPaths, teamAgentPaths, teamSchemas } from './openapi/teams.js';

/** `/files/{id}/{name}`: the signed, expiring URL an `Attachment` carries. */
const filePaths: Record<string, Record<string, Operation>> = {
  '/files/{id}/{name}': {
    get: operation('files', {
      id: 'getFile',
      summary: 'An uploaded file',
      description: 'The URL comes signed in `Attachment.url`; only raster images are served inline.',
      caller: 'public',
      parameters: [
        pathParameter('id', 'The upload id (`up_…`).'),
        pathParameter('name', 'The file name (informative; the id and signature decide).'),
        { name: 'e', in: 'query', required: true, description: 'Expiry, Unix seconds.', schema: { type: 'integer' } },
        { name: 's', in: 'query', required: true, description: 'The URL signature.', schema: { type: 'string' } },
      ],
      ok: {
        200: {
          description: 'The file bytes, with the type sniffed at upload.',
          content: Object.fromEntries(UPLOAD_TYPES.map((type) => [type, { schema: { type: 'string', contentMediaType: type } }])),
        },
      },
      errors: ['forbidden', 'not_found'],
    }),
  },
};

const metaPaths: Record<string, Record<string, Operation>> = {
  '/api/v1/openapi.json': {
    get: operation('meta', {
      id: 'getOpenApi',
      summary: 'This document',
      caller: 'public',
      ok: { 200: json('OpenAPI 3.1.', { type: 'object' }) },
    }),
  },
  '/api/v1/health': {
    get: operation('meta', {
      id: 'getHealth',
      summary: "This node's health, for a load balancer: 200 while its database answers",
      caller: 'public',
      ok: {
        200: json('Healthy.', {
          type: 'object',
          required: ['status'],
          properties: { status: { const: 'ok' } },
          additionalProperties: false,
        }),
      },
      errors: ['unavailable'],
    }),
  },
};

/** POSTs that take no bearer token or no JSON body: an Idempotency-Key is not honoured there. */
const WITHOUT_IDEMPOTENCY = new Set(['/api/v1/agent/login', '/api/v1/agent/invites/accept', '/api/v1/agent/uploads']);

/** Every agent and admin POST with a JSON body honours `Idempotency-Key` (DESIGN.md §3). */
function withIdempotencyKeys(paths: Record<string, Record<string, Operation>>): Record<string, Record<string, Operation>> {
  return Object.fromEntries(
    Object.entries(paths).map(([path, operations]) => {
      const post = operations.post;
      if (!post || WITHOUT_IDEMPOTENCY.has(path)) return [path, operations];
      const header: Parameter = {
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        description: 'The same key with the same request within 24 h gets the first answer again (`Idempotent-Replayed: true`); with another request, 409. A refused request gives its key back.',
        schema: { type: 'string', minLength: 1, maxLength: 255 },
      };
      const responses = { ...post.responses, [String(HTTP_STATUS.conflict)]: { $ref: '#/components/responses/conflict' } };
      return [path, { ...operations, post: { ...post, parameters: [...(post.parameters ?? []), header], responses } }];
    }),
  );
}

/** The OpenAPI 3.1 description of the public HTTP API and the webhooks it sends (not the Socket.IO namespaces). */
export function openApiDocument() {
  return {
    openapi: '3.1.1',
    info: {
      title: 'support-chat',
      version: String(PROTOCOL_VERSION),
      description: 'Errors are `ApiError` bodies; a list is `{ data, hasMore }`; every answer carries `X-Request-Id`.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    // Relative: the origin this document is served from.
    servers: [{ url: '/' }],
    tags: [
      { name: 'widget', description: 'The visitor side, called cross-origin by the embedded widget.' },
      { name: 'agent', description: 'The inbox: agents and bots.' },
      { name: 'admin', description: 'Channels, FAQs, help articles, agents, bots, AI agents and webhooks.' },
      { name: 'files', description: 'Uploaded files behind signed URLs.' },
      { name: 'meta', description: 'This description, and the health check.' },
      { name: 'webhooks', description: "Requests this server sends to a webhook's URL." },
    ],
    paths: {
      ...widgetPaths,
      ...aiWidgetPaths,
      ...kbWidgetPaths,
      ...withIdempotencyKeys(withLiveVisitorPaths({ ...agentPaths, ...aiAgentSidePaths })),
      // ---- desk: notes
      ...withIdempotencyKeys(notePaths),
      ...withIdempotencyKeys({ ...adminPaths, ...aiAdminPaths, ...kbAdminPaths }),
      // ---- desk: canned replies and labels
      ...withIdempotencyKeys({ ...cannedLabelAgentPaths, ...cannedLabelAdminPaths }),
      // ---- desk: reports (no POST)
      ...reportPaths,
      // ---- desk: teams
      ...withIdempotencyKeys({ ...teamAdminPaths, ...teamAgentPaths }),
      ...webhookPaths,
      ...filePaths,
      ...metaPaths,
      // ---- desk: search
      ...searchPaths,
    },
    webhooks: webhookEvents,
    components: {
      schemas: {
        ...schemas,
        ...aiSchemas,
        ...kbSchemas,
        ...cannedLabelSchemas,
        ...reportSchemas,
        ...liveVisitorSchemas,
        ...teamSchemas,
        ...noteSchemas,
        ...searchSchemas,
      },
      responses,
      securitySchemes,
    },
  };
}

/** Serves the document at `/openapi.json` (mount under `/api/v1`): public, any origin. */
export function openApiRouter(): Router {
  const document = openApiDocument();
  const router = Router();
  router.get('/openapi.json', cors(), (_req, res) => {
    res.json(document);
  });
  return router;
}
