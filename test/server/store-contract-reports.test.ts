import assert from 'node:assert/strict';
import { after, describe, test, type TestContext } from 'node:test';
import { ChannelService } from '../../server/services/channels.js';
import { Presence } from '../../server/services/presence.js';
import { ReportService } from '../../server/services/reports.js';
import { Connection, openDatabase } from '../../server/store/sqlite/db.js';
import * as sqliteReports from '../../server/store/sqlite/reports.js';
import { SqliteStore } from '../../server/store/sqlite.js';
import { tempDataFile } from './helpers.js';
import { REPORT_WEEK, REPORT_WEEK_CSV, REPORT_WEEK_KOLKATA, WEEK, seedReportHistory, withClock } from './report-seed.js';
import { engines } from './store-engines.js';

/**
 * Reports (migration 23) against a seeded history, every engine: each figure exactly, the CSV
 * byte for byte, the period's edges, another time zone, every channel together, and an empty
 * period; and SQLite's slices adding up to the whole.
 */

let counter = 0;
const unique = (prefix: string) => `${prefix}-${++counter}`;

for (const engine of engines()) {
  describe(`store contract, reports: ${engine.name}`, () => {
    after(() => engine.teardown());
    const seeded = async (t: TestContext) => {
      const store = await (await engine.data(t))();
      const channel = unique('shop');
      const other = unique('blog');
      await seedReportHistory(store, channel, other);
      return { reports: new ReportService(store, new ChannelService(store, new Presence())), channel, other };
    };

    test('every figure of a seeded week, and its CSV', async (t) => {
      const { reports, channel } = await seeded(t);
      const report = await reports.get({ channel, tz: 'UTC', ...WEEK });
      assert.deepEqual(report, REPORT_WEEK(channel));
      assert.equal(reports.csv(report), REPORT_WEEK_CSV(channel));
      assert.equal(reports.fileName(report), `report-${channel}-2026-11-02-to-2026-11-08.csv`);
    });

    test('the same week in another time zone: the same figures, local hours and days', async (t) => {
      const { reports, channel } = await seeded(t);
      assert.deepEqual(await reports.get({ channel, tz: 'Asia/Kolkata', ...WEEK }), REPORT_WEEK_KOLKATA(channel));
    });

    test('dates alone are whole local days; a second before or at the end is outside', async (t) => {
      const { reports, channel } = await seeded(t);
      // 2–8 November in India: 1 Nov 18:30 UTC to 8 Nov 18:30 UTC. In: the one a second before
      // midnight UTC on 1 Nov (rated 2, answered in 10 s, closed after 601 s); out: the 8 Nov one.
      const report = await reports.get({ channel, tz: 'Asia/Kolkata', from: '2026-11-02', to: '2026-11-08' });
      assert.deepEqual([report.from, report.to], ['2026-11-01T18:30:00.000Z', '2026-11-08T18:30:00.000Z']);
      assert.equal(report.conversations, 6);
      assert.deepEqual(report.firstResponseSeconds, { median: 10, p90: 120, count: 5 });
      assert.deepEqual(report.resolutionSeconds, { median: 1200, p90: 7200, count: 5 });
      assert.deepEqual(report.csat, { average: 3, responses: 5, distribution: { 1: 1, 2: 1, 3: 1, 4: 1, 5: 1 } });
      assert.equal(report.byDay.length, 7);
      // One second wide: only the conversation opened at its first second.
      const second = await reports.get({ channel, tz: 'UTC', from: '2026-11-08T23:59:59Z', to: '2026-11-09T00:00:00Z' });
      assert.equal(second.conversations, 1);
      assert.deepEqual(second.firstResponseSeconds, { median: 60, p90: 60, count: 1 });
    });

    test('every channel together, and a period with nothing in it', async (t) => {
      const { reports, channel } = await seeded(t);
      const all = await reports.get({ tz: 'UTC', ...WEEK });
      const week = REPORT_WEEK(channel);
      assert.equal(all.channel, null);
      assert.equal(all.conversations, 7);
      assert.deepEqual(all.firstResponseSeconds, { median: 30, p90: 120, count: 6 });
      assert.deepEqual(all.resolutionSeconds, week.resolutionSeconds);
      assert.deepEqual(all.csat, { average: 3.6, responses: 5, distribution: { 1: 1, 2: 0, 3: 1, 4: 1, 5: 2 } });
      assert.equal(all.byHour[14], 2);
      assert.match(reports.fileName(all), /^report-all-channels-2026-11-02-to-2026-11-08\.csv$/);

      const empty = await reports.get({ channel, tz: 'UTC', from: '2026-12-01', to: '2026-12-01' });
      assert.deepEqual(empty, {
        channel, from: '2026-12-01T00:00:00.000Z', to: '2026-12-02T00:00:00.000Z', tz: 'UTC', conversations: 0,
        firstResponseSeconds: { median: null, p90: null, count: 0 },
        resolutionSeconds: { median: null, p90: null, count: 0 },
        csat: { average: null, responses: 0, distribution: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 } },
        aiResolved: { count: 0, handled: 0, share: null },
        byHour: Array.from({ length: 24 }, () => 0),
        byDay: [{ date: '2026-12-01', conversations: 0 }],
      });
      // No value is an empty cell, never "null".
      assert.match(reports.csv(empty).split('\n')[1]!, /,UTC,0,,,0,,,0,,0,0,0,0,0,0,0,0,,0(,0){23}$/);
    });
  });
}

// SQLite reads a period a slice of conversations at a time (the event loop gets a turn between
// slices): any slice size gives the same figures as one slice for the whole period.
describe('SQLite reports in slices', () => {
  test('slices of 1, 2 and 3 conversations add up to the figures of one slice', async (t) => {
    const data = tempDataFile();
    const store = new SqliteStore(data.file);
    const reader = new Connection(openDatabase(data.file));
    t.after(async () => {
      reader.database.close();
      await store.close();
      data.remove();
    });
    await seedReportHistory(store, 'shop', 'blog');
    // Three more opened at the very same millisecond: a slice boundary cannot fall between them.
    await withClock(async (at) => {
      at('2026-11-05T12:00:00.000Z');
      const { id: channelId } = (await store.getChannel('shop'))!;
      for (const name of ['Ann', 'Ben', 'Cy']) await store.openConversation(channelId, (await store.createVisitor(channelId, { name })).id);
    });
    const query = { channelId: null, from: '2026-11-01T00:00:00.000Z', to: '2026-11-10T00:00:00.000Z' };
    const whole = await sqliteReports.reportFigures(reader, query, 1_000_000);
    assert.equal(whole.conversations, 12);
    for (const size of [1, 2, 3]) assert.deepEqual(await sqliteReports.reportFigures(reader, query, size), whole, `slices of ${size}`);
  });
});
