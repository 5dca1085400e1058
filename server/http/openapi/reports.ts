import { reportQuerySchema } from '../../validation-reports.js';
import { json, operation, pageOf, queryParameters, ref, type JsonSchema, type Operation } from './build.js';
import { object } from './schemas.js';

/** Reports (DESIGN.md §12) in the OpenAPI description; docs/design-notes.md defines each figure. */

const count: JsonSchema = { type: 'integer', minimum: 0 };
const seconds: JsonSchema = { type: ['integer', 'null'], minimum: 0 };
const durations = (what: string) =>
  object({ median: seconds, p90: seconds, count }, [], `${what}, whole seconds: median and 90th percentile by nearest rank (null when \`count\` is 0).`);

export const reportSchemas: Record<string, JsonSchema> = {
  ReportChannel: object({ key: { type: 'string' }, name: { type: 'string' } }, [], 'A channel a report may cover.'),
  Report: object(
    {
      channel: { type: ['string', 'null'], description: "The channel's key; null for every channel." },
      from: { type: 'string', format: 'date-time' },
      to: { type: 'string', format: 'date-time', description: 'Exclusive.' },
      tz: { type: 'string', description: 'The IANA time zone of `byHour` and `byDay`.' },
      conversations: { ...count, description: 'Conversations created in the period.' },
      firstResponseSeconds: durations("From the visitor's first message to the first answer by a person or an AI agent"),
      resolutionSeconds: durations('From creation to close, closed conversations only'),
      csat: object({
        average: { type: ['number', 'null'], description: 'Mean rating (1–5), two decimals.' },
        responses: count,
        distribution: object(Object.fromEntries(['1', '2', '3', '4', '5'].map((score) => [score, count]))),
      }),
      aiResolved: object({
        count: { ...count, description: 'Conversations a visitor confirmed an AI answer resolved.' },
        handled: { ...count, description: 'Conversations an AI agent answered first.' },
        share: { type: ['number', 'null'], minimum: 0, maximum: 1, description: '`count / handled`, four decimals.' },
      }),
      byHour: { type: 'array', items: count, minItems: 24, maxItems: 24, description: 'Conversations created per hour of the day in `tz`.' },
      byDay: { type: 'array', items: object({ date: { type: 'string', format: 'date' }, conversations: count }), description: 'Every local day of the period.' },
    },
    [],
    'A report of the conversations created in `[from, to)`.',
  ),
};

export const reportPaths: Record<string, Record<string, Operation>> = {
  '/api/v1/agent/reports': {
    get: operation('agent', {
      id: 'getReport',
      summary: 'Conversations, response and resolution times, CSAT, AI-resolved share and busiest hours of a period',
      description:
        'Without `from` and `to`: the 7 days before now. A date alone is a whole day in `tz` (`to` included); a date-time `to` is exclusive. ' +
        '`from` must come before `to`, at most 366 days before. `Accept: text/csv` or `format=csv` answers the same figures as CSV: one header row, one row ' +
        '(`byDay` is in the JSON only), an empty cell where a figure has no value.',
      caller: 'agent',
      parameters: queryParameters(reportQuerySchema),
      ok: {
        200: {
          description: 'The report, as JSON or as CSV.',
          content: {
            'application/json': { schema: ref('Report') },
            'text/csv': { schema: { type: 'string' } },
          },
          headers: { 'Content-Disposition': { description: 'With CSV: `attachment; filename=report-….csv`.', schema: { type: 'string' } } },
        },
      },
      errors: ['not_found'],
    }),
  },
  '/api/v1/agent/reports/channels': {
    get: operation('agent', {
      id: 'listReportChannels',
      summary: 'The channels a report may cover (key and name), for a picker',
      caller: 'agent',
      ok: { 200: json('Every channel, by name.', pageOf(ref('ReportChannel'))) },
    }),
  },
};
