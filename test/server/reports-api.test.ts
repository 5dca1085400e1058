import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { ChatMessage, ErrorBody, Report } from '../../src/protocol.js';
import { REPORT_WEEK, REPORT_WEEK_CSV, WEEK, seedReportHistory } from './report-seed.js';
import { ADMIN_TOKEN, json, startVisitor, suiteServer } from './helpers.js';

/**
 * `GET /api/v1/agent/reports` on a real server: the seeded week as JSON and as CSV (by `Accept`
 * and by `?format=`), a conversation written through the widget and agent APIs in the default
 * period, and every bad input refused with a 4xx naming its field.
 */

const server = suiteServer();
const CHANNEL = 'reports-api';

const reportUrl = (query: string) => `${server.url}/api/v1/agent/reports?${query}`;
const week = `channel=${CHANNEL}&from=${WEEK.from}&to=${WEEK.to}`;

describe('GET /api/v1/agent/reports', () => {
  // In the suite: a file's top-level `before` hooks do not wait for one another.
  before(() => seedReportHistory(server.store, CHANNEL, 'reports-api-other'));

  test('the seeded week as JSON', async () => {
    const { status, body } = await json<Report>(reportUrl(week), { token: server.token });
    assert.equal(status, 200);
    assert.deepEqual(body, REPORT_WEEK(CHANNEL));
  });

  test('as CSV for Accept: text/csv and for ?format=csv, as an attachment', async () => {
    for (const [query, accept] of [[week, 'text/csv'], [`${week}&format=csv`, 'application/json']] as const) {
      const response = await fetch(reportUrl(query), { headers: { authorization: `Bearer ${server.token}`, accept } });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), 'text/csv; charset=utf-8');
      assert.equal(response.headers.get('content-disposition'), `attachment; filename=report-${CHANNEL}-2026-11-02-to-2026-11-08.csv`);
      assert.equal(await response.text(), REPORT_WEEK_CSV(CHANNEL));
    }
    const preferred = await fetch(reportUrl(week), { headers: { authorization: `Bearer ${server.token}`, accept: 'text/csv;q=0.5, application/json' } });
    assert.match(preferred.headers.get('content-type') ?? '', /^application\/json/);
    assert.match(preferred.headers.get('vary') ?? '', /Accept/);
  });

  test('by default the last 7 days: a conversation answered, closed and rated just now counts', async () => {
    const key = 'reports-live';
    assert.equal((await json(`${server.url}/api/v1/admin/channels`, { token: ADMIN_TOKEN, body: { key, name: 'Live' } })).status, 201);
    const session = await startVisitor(server.url, {}, key);
    const sent = await json<ChatMessage>(`${server.url}/api/v1/widget/conversation/messages`, { token: session.token, body: { clientId: 'live-1', text: 'Is it in stock?' } });
    const id = sent.body.conversationId;
    assert.equal((await json(`${server.url}/api/v1/agent/conversations/${id}/messages`, { token: server.token, body: { clientId: 'live-2', text: 'Yes.' } })).status, 201);
    assert.equal((await json(`${server.url}/api/v1/agent/conversations/${id}/close`, { token: server.token, body: {} })).status, 200);
    assert.equal((await json(`${server.url}/api/v1/widget/conversations/${id}/rating`, { token: session.token, body: { score: 4 } })).status, 200);
    const started = Date.now();
    const { status, body } = await json<Report>(reportUrl(`channel=${key}`), { token: server.token });
    assert.equal(status, 200);
    assert.ok(Math.abs(Date.parse(body.to) - started) < 5_000, 'to is now');
    assert.equal(Date.parse(body.to) - Date.parse(body.from), 7 * 86_400_000);
    assert.deepEqual([body.conversations, body.firstResponseSeconds.count, body.resolutionSeconds.count, body.csat.average], [1, 1, 1, 4]);
    assert.equal(body.byDay.length, 8, 'seven times 24 hours touch eight dates');
    assert.equal(body.byHour.reduce((sum, count) => sum + count, 0), 1);
  });

  test('bad input: a 4xx naming the field, never a 5xx', async () => {
    const refusals: Array<[string, number, string]> = [
      [`from=${WEEK.to}&to=${WEEK.from}`, 400, 'to'],
      [`from=${WEEK.from}&to=${WEEK.from}`, 400, 'to'],
      ['from=2025-01-01&to=2026-01-02', 400, 'from'],
      ['from=yesterday', 400, 'from'],
      ['to=2026-02-30', 400, 'to'],
      ['from=2026-11-02T09:00:00', 400, 'from'],
      ['tz=Mars/Olympus', 400, 'tz'],
      ['channel=no-such-channel', 404, 'channel'],
      ['format=xml', 400, 'format'],
      ['limit=5', 400, 'limit'],
      ['from=a&from=b', 400, 'from'],
    ];
    for (const [query, status, param] of refusals) {
      const answer = await json<{ error: ErrorBody }>(reportUrl(query), { token: server.token });
      assert.deepEqual([answer.status, answer.body.error.param], [status, param], query);
    }
    // A year and a day of a leap year is still a year: 366 days are allowed.
    assert.equal((await json(reportUrl('from=2028-01-01&to=2028-12-31'), { token: server.token })).status, 200);
    assert.equal((await json(reportUrl(week))).status, 401, 'an agent token is needed');
  });
});
