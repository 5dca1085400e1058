import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ApiError } from '../../src/protocol.js';
import { ADMIN_TOKEN, AGENT, json, loginAgent, startServer, startVisitor, type TestServer } from './helpers.js';

type JsonSchema = { [keyword: string]: unknown };
interface Operation {
  operationId: string;
  security: Array<Record<string, string[]>>;
  parameters?: Array<{ name: string; in: string }>;
  requestBody?: { content: Record<string, unknown> };
  responses: Record<string, unknown>;
}
interface OpenApi {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, unknown> };
}

/** What router@2's documented `listRoutes()` gives: a route's methods, or a mounted router to recurse into. */
interface RouteLister {
  listRoutes(): Array<{ path: string | RegExp; methods: string[] | undefined; router: RouteLister | undefined }>;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const PUBLIC_PREFIXES = ['/api/v1/', '/files/'];

const isPublic = (path: string) => PUBLIC_PREFIXES.some((prefix) => `${path}/`.startsWith(prefix));

/**
 * Every `METHOD /path` the app routes under the public prefixes, with `:param` written as
 * OpenAPI's `{param}`. A mounted router's path is the `path` of its entry, joined to its
 * routes' paths. The `HEAD` Express adds to every `GET` is left out.
 */
function appRoutes(router: RouteLister, prefix = ''): string[] {
  return router.listRoutes().flatMap(({ path, methods, router: mounted }) => {
    if (typeof path !== 'string') {
      // A RegExp could match anything: refuse one in the app itself or under a public prefix.
      assert.ok(prefix !== '' && !isPublic(prefix), `${prefix}${path}: a RegExp path cannot be described in OpenAPI`);
      return [];
    }
    const full = `${prefix}/${path}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
    if (mounted) return appRoutes(mounted, full);
    if (!isPublic(full)) return [];
    assert.match(full, /^(\/([\w.-]+|:\w+))+$/, `${full}: only literal segments and :params can be described in OpenAPI`);
    const template = full.replace(/:(\w+)/g, '{$1}');
    return (methods ?? []).filter((method) => method !== 'HEAD' || !methods?.includes('GET')).map((method) => `${method} ${template}`);
  });
}

function documentedRoutes(document: OpenApi): string[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((key) => HTTP_METHODS.includes(key))
      .map((method) => `${method.toUpperCase()} ${path}`),
  );
}

const missingFrom = (expected: string[], actual: string[]) => expected.filter((route) => !actual.includes(route)).sort();

const operations = (document: OpenApi) =>
  Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => HTTP_METHODS.includes(method))
      .map(([method, operation]) => ({ path, method, operation })),
  );

/** The value a local JSON pointer (`#/components/schemas/ChatMessage`) points to, or undefined. */
function resolve(document: unknown, pointer: string): unknown {
  if (!pointer.startsWith('#/')) return undefined;
  return pointer
    .slice(2)
    .split('/')
    .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<unknown>((node, token) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[token] : undefined), document);
}

function refsIn(node: unknown): string[] {
  if (!node || typeof node !== 'object') return [];
  const own = typeof (node as JsonSchema).$ref === 'string' ? [(node as JsonSchema).$ref as string] : [];
  return [...own, ...Object.values(node).flatMap(refsIn)];
}

/**
 * Where `value` does not fit `schema`. Stricter than JSON Schema on purpose: an object key the
 * schema does not list is reported, so a field the server started sending shows up here.
 */
function mismatches(document: OpenApi, schema: JsonSchema, value: unknown, at = '$'): string[] {
  if (typeof schema.$ref === 'string') return mismatches(document, resolve(document, schema.$ref) as JsonSchema, value, at);
  if (Array.isArray(schema.anyOf)) {
    return (schema.anyOf as JsonSchema[]).some((branch) => mismatches(document, branch, value, at).length === 0) ? [] : [`${at}: fits no anyOf branch`];
  }
  if (Array.isArray(schema.allOf)) {
    const branches = (schema.allOf as JsonSchema[]).map((branch) => (typeof branch.$ref === 'string' ? (resolve(document, branch.$ref) as JsonSchema) : branch));
    const merged = {
      type: 'object',
      required: branches.flatMap((branch) => (branch.required as string[] | undefined) ?? []),
      properties: Object.assign({}, ...branches.map((branch) => branch.properties)),
    };
    return mismatches(document, merged, value, at);
  }
  const type = value === null ? 'null' : Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;
  const allowed = [schema.type ?? []].flat() as string[];
  if (allowed.length && !allowed.includes(type) && !(type === 'integer' && allowed.includes('number'))) return [`${at}: ${type}, not ${allowed.join('|')}`];
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) return [`${at}: ${JSON.stringify(value)} is not in the enum`];
  if (Array.isArray(value)) return value.flatMap((item, index) => mismatches(document, (schema.items as JsonSchema) ?? {}, item, `${at}[${index}]`));
  if (type !== 'object') return [];
  const record = value as Record<string, unknown>;
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const extra = schema.additionalProperties;
  return [
    ...((schema.required as string[] | undefined) ?? []).filter((key) => !(key in record)).map((key) => `${at}.${key}: required, missing`),
    ...Object.entries(record).flatMap(([key, item]) => {
      if (properties[key]) return mismatches(document, properties[key], item, `${at}.${key}`);
      return extra && typeof extra === 'object' ? mismatches(document, extra as JsonSchema, item, `${at}.${key}`) : [`${at}.${key}: not documented`];
    }),
  ];
}

describe('OpenAPI document', () => {
  let server: TestServer;
  let document: OpenApi;
  before(async () => {
    server = await startServer();
    const served = await fetch(`${server.url}/api/v1/openapi.json`, { headers: { origin: 'https://elsewhere.example' } });
    assert.equal(served.status, 200);
    assert.match(served.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(served.headers.get('access-control-allow-origin'), '*');
    document = (await served.json()) as OpenApi;
  });
  after(() => server.cleanup());

  test('describes every route the app has under /api/v1 and /files', () => {
    const routes = appRoutes(server.app.app.router as unknown as RouteLister);
    assert.ok(routes.length > 30, `the walk found only ${routes.length} routes`);
    assert.deepEqual(missingFrom(routes, documentedRoutes(document)), [], 'routes missing from the document');
  });

  test('describes no route the app does not have', () => {
    const routes = appRoutes(server.app.app.router as unknown as RouteLister);
    assert.deepEqual(missingFrom(documentedRoutes(document), routes), [], 'documented routes the app does not have');
  });

  test('the comparison notices a route left out of the document', () => {
    const routes = appRoutes(server.app.app.router as unknown as RouteLister);
    const { ['/api/v1/agent/conversations/{id}']: _left, ...paths } = document.paths;
    assert.ok(missingFrom(routes, documentedRoutes({ ...document, paths })).includes('GET /api/v1/agent/conversations/{id}'));
  });

  test('every documented operation reaches a route handler, not the JSON 404', async () => {
    const visitor = (await startVisitor(server.url)).token;
    const tokens: Record<string, string> = { visitorToken: visitor, agentToken: await loginAgent(server.url), adminToken: ADMIN_TOKEN };
    for (const { path, method, operation } of operations(document)) {
      const scheme = Object.keys(operation.security[0] ?? {})[0];
      const url = `${server.url}${path.replace(/\{\w+\}/g, 'probe')}`;
      const body = operation.requestBody ? {} : undefined;
      const response = await json<ApiError | null>(url, { method: method.toUpperCase(), body, ...(scheme ? { token: tokens[scheme]! } : {}) });
      const noRoute = response.status === 404 && response.body?.error.message === 'no such route';
      assert.ok(!noRoute, `${method.toUpperCase()} ${path} answered "no such route"`);
    }
  });

  test('is a well-formed OpenAPI 3.1 document', () => {
    assert.match(document.openapi, /^3\.1\./);
    const ids = new Set<string>();
    for (const { path, method, operation } of operations(document)) {
      const name = `${method.toUpperCase()} ${path}`;
      assert.ok(!ids.has(operation.operationId), `${name}: operationId ${operation.operationId} is used twice`);
      ids.add(operation.operationId);
      assert.ok(Object.keys(operation.responses ?? {}).some((status) => /^2\d\d$/.test(status)), `${name}: no success response`);
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      const declared = (operation.parameters ?? []).filter((parameter) => parameter.in === 'path').map((parameter) => parameter.name);
      assert.deepEqual(declared, templated, `${name}: path parameters`);
      for (const requirement of operation.security) {
        for (const scheme of Object.keys(requirement)) assert.ok(document.components.securitySchemes[scheme], `${name}: unknown security scheme ${scheme}`);
      }
    }
    for (const name of ['ApiError', 'ChatMessage', 'Attachment', 'Conversation', 'ConversationSummary', 'ChannelConfig', 'MessagePage']) {
      assert.ok(document.components.schemas[name], `components.schemas.${name}`);
    }
    const dangling = refsIn(document).filter((pointer) => resolve(document, pointer) === undefined);
    assert.deepEqual([...new Set(dangling)], [], 'every $ref resolves within the document');
  });

  test('real answers fit the documented response schemas', async () => {
    const schema = (path: string, method: string, status: number) =>
      (document.paths[path]![method]!.responses[status] as { content: Record<string, { schema: JsonSchema }> }).content['application/json']!.schema;
    const check = (label: string, value: unknown, against: JsonSchema) => assert.deepEqual(mismatches(document, against, value), [], label);

    const session = await json(`${server.url}/api/v1/widget/channels/test/session`, { body: {} });
    check('session', session.body, schema('/api/v1/widget/channels/{key}/session', 'post', 201));
    const token = (session.body as { token: string }).token;
    check('config', (await json(`${server.url}/api/v1/widget/channels/test/config`)).body, schema('/api/v1/widget/channels/{key}/config', 'get', 200));
    const sent = await json(`${server.url}/api/v1/widget/conversation/messages`, { token, body: { clientId: 'c1', text: 'Hello' } });
    check('message', sent.body, schema('/api/v1/widget/conversation/messages', 'post', 201));
    check('messages', (await json(`${server.url}/api/v1/widget/conversation/messages`, { token })).body, schema('/api/v1/widget/conversation/messages', 'get', 200));
    const opened = await json<{ id: string }>(`${server.url}/api/v1/widget/conversations`, { token, body: { clientId: 'cv1', subject: 'Order', attributes: { topic: 'orders' } } });
    check('opened conversation', opened.body, schema('/api/v1/widget/conversations', 'post', 201));
    const named = await json(`${server.url}/api/v1/widget/conversations/${opened.body.id}/messages`, { token, body: { clientId: 'c2', text: 'Hi', attributes: { consent: '2026-12-06T10:00:00.000Z' } } });
    check('message in a named conversation', named.body, schema('/api/v1/widget/conversations/{id}/messages', 'post', 201));
    check('own conversations', (await json(`${server.url}/api/v1/widget/conversations`, { token })).body, schema('/api/v1/widget/conversations', 'get', 200));
    check('own conversation', (await json(`${server.url}/api/v1/widget/conversations/${opened.body.id}`, { token })).body, schema('/api/v1/widget/conversations/{id}', 'get', 200));
    check('join', (await json(`${server.url}/api/v1/widget/join?conversationId=${opened.body.id}`, { token })).body, schema('/api/v1/widget/join', 'get', 200));
    check('closed', (await json(`${server.url}/api/v1/widget/conversations/${opened.body.id}/close`, { token, body: {} })).body, schema('/api/v1/widget/conversations/{id}/close', 'post', 200));

    const login = await json(`${server.url}/api/v1/agent/login`, { body: { email: AGENT.email, password: AGENT.password } });
    check('login', login.body, schema('/api/v1/agent/login', 'post', 200));
    const agent = (login.body as { token: string }).token;
    check('conversations', (await json(`${server.url}/api/v1/agent/conversations`, { token: agent })).body, schema('/api/v1/agent/conversations', 'get', 200));
    check('channels', (await json(`${server.url}/api/v1/admin/channels`, { token: ADMIN_TOKEN })).body, schema('/api/v1/admin/channels', 'get', 200));
    check('agents', (await json(`${server.url}/api/v1/admin/agents`, { token: ADMIN_TOKEN })).body, schema('/api/v1/admin/agents', 'get', 200));
    // Last, so no event is ever sent to it.
    const webhook = await json(`${server.url}/api/v1/admin/webhooks`, { token: ADMIN_TOKEN, body: { url: 'https://hooks.example/chat', events: ['message.created'] } });
    check('webhook', webhook.body, schema('/api/v1/admin/webhooks', 'post', 201));

    const error = await json(`${server.url}/api/v1/agent/conversations`);
    assert.equal(error.status, 401);
    check('error', error.body, { $ref: '#/components/schemas/ApiError' });
  });
});
