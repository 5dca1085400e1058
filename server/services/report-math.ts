import type { ReportDay, ReportDurations } from '../../src/protocol.js';
import type { Tally } from '../store/report-store.js';

/**
 * The arithmetic of a report, apart from any I/O so it is tested on its own: percentiles by
 * nearest rank, averages and shares rounded one way, and instants read on a time zone's clock.
 */

/**
 * The `percent` percentile of the values in `tallies` (ascending, each with its count) by the
 * nearest-rank method: the smallest value with at least `percent`% of all values at or below it,
 * i.e. the value of rank ⌈percent/100 × n⌉. Always one of the values; null when there are none.
 */
export function nearestRank(tallies: Tally[], percent: number): number | null {
  const total = tallies.reduce((sum, tally) => sum + tally.count, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil((percent / 100) * total));
  let seen = 0;
  for (const tally of tallies) {
    seen += tally.count;
    if (seen >= rank) return tally.value;
  }
  return tallies.at(-1)!.value;
}

/** Median and p90 (nearest rank) of a list of durations, and how many there were. */
export function durations(tallies: Tally[]): ReportDurations {
  return {
    median: nearestRank(tallies, 50),
    p90: nearestRank(tallies, 90),
    count: tallies.reduce((sum, tally) => sum + tally.count, 0),
  };
}

/** `part / whole` rounded to `digits` decimals; null when `whole` is 0. */
export function ratio(part: number, whole: number, digits: number): number | null {
  if (whole === 0) return null;
  const scale = 10 ** digits;
  return Math.round((part / whole) * scale) / scale;
}

/** The mean of the tallied values, to two decimals; null when there are none. */
export function average(tallies: Tally[]): number | null {
  const count = tallies.reduce((sum, tally) => sum + tally.count, 0);
  return ratio(tallies.reduce((sum, tally) => sum + tally.value * tally.count, 0), count, 2);
}

/** Reads instants on the wall clock of one IANA time zone. */
export class ZoneClock {
  readonly #format: Intl.DateTimeFormat;

  constructor(readonly timeZone: string) {
    this.#format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
  }

  /** The local date (`YYYY-MM-DD`) and hour (0–23) at `ms` (Unix milliseconds). */
  wallClock(ms: number): { date: string; hour: number; minute: number; second: number } {
    const parts: Record<string, string> = {};
    for (const part of this.#format.formatToParts(ms)) parts[part.type] = part.value;
    return { date: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour), minute: Number(parts.minute), second: Number(parts.second) };
  }

  /** Milliseconds to add to UTC to get the local time at `ms`. */
  offset(ms: number): number {
    const local = this.wallClock(ms);
    const [year, month, day] = local.date.split('-').map(Number) as [number, number, number];
    return Date.UTC(year, month - 1, day, local.hour, local.minute, local.second) - Math.floor(ms / 1000) * 1000;
  }

  /** The instant the local day `date` (`YYYY-MM-DD`) starts (the first moment of it, across DST changes). */
  startOfDay(date: string): number {
    const [year, month, day] = date.split('-').map(Number) as [number, number, number];
    const guess = Date.UTC(year, month - 1, day);
    const first = guess - this.offset(guess);
    const second = guess - this.offset(first);
    // Two candidates differ only around a DST change; a day with no local midnight (a gap)
    // starts when the gap ends: the earliest candidate that is on the day.
    const onTheDay = [first, second].filter((instant) => this.wallClock(instant).date === date);
    return onTheDay.length ? Math.min(...onTheDay) : first;
  }
}

const DAY = 86_400_000;

/** The day after `date` (`YYYY-MM-DD`) on the calendar. */
export function nextDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + 1)).toISOString().slice(0, 10);
}

/**
 * Conversations created per local hour of the day (24 numbers) and per local day of the period
 * (every day from the one `from` is in to the one just before `to`, zeros included), from the
 * per-quarter-hour tallies (`value` in Unix seconds).
 */
export function hoursAndDays(quarters: Tally[], clock: ZoneClock, from: number, to: number): { byHour: number[]; byDay: ReportDay[] } {
  const byHour = Array.from({ length: 24 }, () => 0);
  const days = new Map<string, number>();
  const last = clock.wallClock(to - 1).date;
  for (let date = clock.wallClock(from).date; date <= last; date = nextDate(date)) days.set(date, 0);
  // Reading the zone's clock costs microseconds and a year has 35,040 quarters: its offset is read
  // at both ends of each UTC day, and for each quarter only on a day it changes (DST).
  const dayOffsets = new Map<number, number | null>();
  for (const quarter of quarters) {
    const ms = quarter.value * 1000;
    const day = Math.floor(ms / DAY);
    let offset = dayOffsets.get(day);
    if (offset === undefined) {
      const [start, end] = [clock.offset(day * DAY), clock.offset((day + 1) * DAY - 1)];
      offset = start === end ? start : null;
      dayOffsets.set(day, offset);
    }
    const local = new Date(ms + (offset ?? clock.offset(ms)));
    const date = local.toISOString().slice(0, 10);
    byHour[local.getUTCHours()]! += quarter.count;
    days.set(date, (days.get(date) ?? 0) + quarter.count);
  }
  return { byHour, byDay: [...days].map(([date, conversations]) => ({ date, conversations })) };
}
