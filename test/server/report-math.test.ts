import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { average, durations, hoursAndDays, nearestRank, nextDate, ratio, ZoneClock } from '../../server/services/report-math.js';

/** The arithmetic of reports: nearest-rank percentiles, rounding, and a time zone's clock. */

const values = (...list: number[]) => list.map((value) => ({ value, count: 1 }));

describe('report arithmetic', () => {
  test('nearest rank: the value of rank ⌈p/100 × n⌉, always one of the values', () => {
    const ten = values(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    assert.equal(nearestRank(ten, 50), 5);
    assert.equal(nearestRank(ten, 90), 9);
    assert.equal(nearestRank(ten, 91), 10);
    assert.equal(nearestRank(ten, 100), 10);
    assert.equal(nearestRank(ten, 0), 1, 'p0 is the smallest value');
    assert.equal(nearestRank(values(7), 50), 7);
    assert.equal(nearestRank(values(7), 90), 7);
    assert.equal(nearestRank(values(2, 4), 50), 2, 'an even count takes the lower middle, no averaging');
    assert.equal(nearestRank(values(3, 5, 8, 13, 21), 50), 8);
    assert.equal(nearestRank(values(3, 5, 8, 13, 21), 90), 21);
    assert.equal(nearestRank([], 50), null);
  });

  test('nearest rank over tallies counts each value as many times as it occurred', () => {
    const tallies = [{ value: 10, count: 4 }, { value: 20, count: 5 }, { value: 600, count: 1 }];
    assert.equal(nearestRank(tallies, 40), 10);
    assert.equal(nearestRank(tallies, 41), 20);
    assert.equal(nearestRank(tallies, 90), 20);
    assert.equal(nearestRank(tallies, 95), 600);
    assert.deepEqual(durations(tallies), { median: 20, p90: 20, count: 10 });
    assert.deepEqual(durations([]), { median: null, p90: null, count: 0 });
  });

  test('averages and shares are rounded half up to a fixed number of decimals; nothing to divide is null', () => {
    assert.equal(average([{ value: 5, count: 1 }, { value: 4, count: 1 }, { value: 4, count: 1 }]), 4.33);
    assert.equal(average([{ value: 1, count: 1 }, { value: 2, count: 1 }]), 1.5);
    assert.equal(average([]), null);
    assert.equal(ratio(1, 3, 4), 0.3333);
    assert.equal(ratio(2, 3, 4), 0.6667);
    assert.equal(ratio(0, 5, 4), 0);
    assert.equal(ratio(0, 0, 4), null);
  });

  test('a zone clock reads local dates and hours, and finds when a local day starts across DST', () => {
    const kolkata = new ZoneClock('Asia/Kolkata');
    assert.deepEqual(kolkata.wallClock(Date.parse('2026-11-04T20:45:00Z')), { date: '2026-11-05', hour: 2, minute: 15, second: 0 });
    assert.equal(new Date(kolkata.startOfDay('2026-11-02')).toISOString(), '2026-11-01T18:30:00.000Z');
    const paris = new ZoneClock('Europe/Paris');
    assert.equal(new Date(paris.startOfDay('2026-03-29')).toISOString(), '2026-03-28T23:00:00.000Z', 'the day the clocks go forward');
    assert.equal(new Date(paris.startOfDay('2026-03-30')).toISOString(), '2026-03-29T22:00:00.000Z', 'the day after, in summer time');
    assert.equal(new Date(paris.startOfDay('2026-10-25')).toISOString(), '2026-10-24T22:00:00.000Z', 'the day the clocks go back');
    // Cuba moves its clocks at midnight: 8 March 2026 has no 00:00 and starts at 01:00 (UTC−4).
    assert.equal(new Date(new ZoneClock('America/Havana').startOfDay('2026-03-08')).toISOString(), '2026-03-08T05:00:00.000Z');
    assert.equal(new Date(new ZoneClock('UTC').startOfDay('2028-02-29')).toISOString(), '2028-02-29T00:00:00.000Z');
    assert.equal(nextDate('2028-02-28'), '2028-02-29');
    assert.equal(nextDate('2026-12-31'), '2027-01-01');
  });

  test('hours and days: quarter hours land in the local hour and day, every day of the period listed', () => {
    const quarter = (iso: string, count: number) => ({ value: Date.parse(iso) / 1000, count });
    const quarters = [quarter('2026-11-02T09:00:00Z', 2), quarter('2026-11-02T18:15:00Z', 1), quarter('2026-11-02T18:30:00Z', 3)];
    const from = Date.parse('2026-11-02T00:00:00Z');
    const to = Date.parse('2026-11-04T00:00:00Z');
    const utc = hoursAndDays(quarters, new ZoneClock('UTC'), from, to);
    assert.deepEqual(utc.byHour.map((count, hour) => [hour, count]).filter(([, count]) => count), [[9, 2], [18, 4]]);
    assert.deepEqual(utc.byDay, [{ date: '2026-11-02', conversations: 6 }, { date: '2026-11-03', conversations: 0 }]);
    const kolkata = hoursAndDays(quarters, new ZoneClock('Asia/Kolkata'), from, to);
    assert.deepEqual(kolkata.byHour.map((count, hour) => [hour, count]).filter(([, count]) => count), [[0, 3], [14, 2], [23, 1]]);
    assert.deepEqual(kolkata.byDay, [
      { date: '2026-11-02', conversations: 3 },
      { date: '2026-11-03', conversations: 3 },
      { date: '2026-11-04', conversations: 0 },
    ]);
  });
});
