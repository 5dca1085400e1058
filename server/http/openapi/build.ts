import { z } from 'zod';
import { HTTP_STATUS, type ErrorCode } from '../../../src/protocol.js';

/**
 * The small vocabulary the OpenAPI document is written in. Request shapes come from the zod
 * schemas the routes validate with, so the document cannot drift from what the server accepts.
 */

export type JsonSchema = { [keyword: string]: unknown };

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

export interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  security: Array<Record<string, string[]>>;
  parameters?: Parameter[];
  requestBody?: { required: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, unknown>;
}

/** Who may call an operation: the security schemes in `components.securitySchemes`. */
export type Caller = 'public' | 'visitor' | 'agent' | 'admin';
const SECURITY: Record<Caller, Array<Record<string, string[]>>> = {
  public: [],
  visitor: [{ visitorToken: [] }],
  agent: [{ agentToken: [] }],
  admin: [{ adminToken: [] }],
};

export const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

/** The list envelope used everywhere: `{ data: [...], hasMore }`. */
export const pageOf = (item: JsonSchema): JsonSchema => ({
  type: 'object',
  required: ['data', 'hasMore'],
  properties: { data: { type: 'array', items: item }, hasMore: { type: 'boolean' } },
});

/**
 * A request schema as JSON Schema, from the client's side (`io: 'input'`): a field with a
 * default is optional, a coerced number is a number. Refinements cannot be expressed and are
 * left out (say them in `description`); a type JSON Schema cannot describe becomes `{}` rather
 * than stopping the server from starting.
 */
export function fromZod(schema: z.ZodType, description?: string): JsonSchema {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', reused: 'inline' });
  return description ? { ...json, description } : json;
}

export const jsonBody = (schema: z.ZodType, description?: string): Operation['requestBody'] => ({
  required: true,
  content: { 'application/json': { schema: fromZod(schema, description) } },
});

/** `multipart/form-data` with one binary part named `file`. */
export const fileBody: Operation['requestBody'] = {
  required: true,
  content: {
    'multipart/form-data': {
      schema: {
        type: 'object',
        required: ['file'],
        // `format: binary` for OpenAPI 3.0 tools, `contentMediaType` for 3.1 ones.
        properties: { file: { type: 'string', format: 'binary', contentMediaType: 'application/octet-stream' } },
      },
    },
  },
};

/** One query parameter per field of a zod object schema. */
export function queryParameters(schema: z.ZodObject): Parameter[] {
  const json = fromZod(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    schema: property,
  }));
}

export const pathParameter = (name: string, description: string, schema: JsonSchema = { type: 'string' }): Parameter => ({
  name,
  in: 'path',
  required: true,
  description,
  schema,
});

export const json = (description: string, schema: JsonSchema) => ({ description, content: { 'application/json': { schema } } });

/** `{}`: what read receipts and typing answer. */
export const emptyObject = json('Done.', { type: 'object', additionalProperties: false });

export interface OperationSpec {
  id: string;
  summary: string;
  description?: string;
  caller: Caller;
  parameters?: Parameter[];
  body?: Operation['requestBody'];
  /** The success answers, by status. */
  ok: Record<number, unknown>;
  /** The `ApiError` codes worth naming; every operation also has a `default` error. */
  errors?: ErrorCode[];
}

export function operation(tag: string, spec: OperationSpec): Operation {
  const responses: Record<string, unknown> = {};
  for (const [status, response] of Object.entries(spec.ok)) responses[status] = response;
  const errors = new Set<ErrorCode>(spec.errors);
  if (spec.caller !== 'public') errors.add('unauthorized');
  if (spec.body || spec.parameters?.some((parameter) => parameter.in === 'query')) errors.add('invalid_request');
  for (const code of errors) responses[String(HTTP_STATUS[code])] = { $ref: `#/components/responses/${code}` };
  responses.default = { $ref: '#/components/responses/internal' };
  return {
    operationId: spec.id,
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    tags: [tag],
    security: SECURITY[spec.caller],
    ...(spec.parameters?.length ? { parameters: spec.parameters } : {}),
    ...(spec.body ? { requestBody: spec.body } : {}),
    responses,
  };
}
