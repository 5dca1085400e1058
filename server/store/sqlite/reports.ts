import type { ReportFigures, ReportQuery, Tally } from '../report-store.js';
import { reportStatements, toTallies, type ReportDialect, type TallyRow } from '../report-sql.js';
import type { Connection } from './db.js';

/** Named parameters (`@from`) and `unixepoch` with its sub-second modifier (SQLite ≥ 3.42). */
const dialect: ReportDialect = {
  param: (name) => `@${name}`,
  ms: (column) => `CAST(ROUND(unixepoch(${column}, 'subsec') * 1000) AS INTEGER)`,
};
const statements = { channel: reportStatements(dialect, true), all: reportStatements(dialect, false) };

/**
 * How many conversations one slice reads. better-sqlite3 runs on the event loop, and the first
 * response costs a few index seeks per conversation (about 20 µs): a slice of 500 holds the loop
 * for ~10 ms, then sends and sockets get their turn before the next slice.
 */
export const REPORT_SLICE = 500;

/** The creation time `@slice` conversations after `@from` (an index seek), or none at the end. */
const NTH = (period: string) => `SELECT c.created_at FROM conversations c WHERE ${period} ORDER BY c.created_at LIMIT 1 OFFSET @slice`;
/** The first creation time after `@from` (when more than a slice share one). */
const LATER = (period: string) => `SELECT MIN(c.created_at) FROM conversations c WHERE ${period} AND c.created_at > @from`;
const PERIOD = { channel: 'c.channel_id = @channel AND c.created_at >= @from AND c.created_at < @to', all: 'c.created_at >= @from AND c.created_at < @to' };
const slicing = {
  channel: { nth: NTH(PERIOD.channel), later: LATER(PERIOD.channel) },
  all: { nth: NTH(PERIOD.all), later: LATER(PERIOD.all) },
};

/** Counts per value, summed over slices (a map, so a year of quarter hours is not re-sorted per slice). */
class Counts {
  readonly #counts = new Map<number, number>();
  add(tallies: Tally[]): void {
    for (const tally of tallies) this.#counts.set(tally.value, (this.#counts.get(tally.value) ?? 0) + tally.count);
  }
  tallies(): Tally[] {
    return [...this.#counts].map(([value, count]) => ({ value, count })).sort((a, b) => a.value - b.value);
  }
}

/** The figures of one slice `[from, to)` of the period, read in one transaction so they agree. */
function sliceFigures(db: Connection, query: ReportQuery): ReportFigures {
  const sql = query.channelId === null ? statements.all : statements.channel;
  const params = query.channelId === null ? { from: query.from, to: query.to } : { channel: query.channelId, from: query.from, to: query.to };
  const tallies = (text: string) => toTallies(db.sql(text).all(params) as TallyRow[]);
  return db.transaction(() => {
    const summary = db.sql(sql.summary).get(params) as { conversations: number; ai_handled: number; ai_resolved: number };
    return {
      conversations: summary.conversations,
      firstResponse: tallies(sql.firstResponse),
      resolution: tallies(sql.resolution),
      ratings: tallies(sql.ratings),
      aiHandled: summary.ai_handled,
      aiResolved: summary.ai_resolved,
      createdByQuarter: tallies(sql.createdByQuarter),
    };
  })();
}

/**
 * The period's figures, a slice of `REPORT_SLICE` conversations (by creation time) at a time with
 * a turn of the event loop between slices (`sliceSize` is for tests). Each slice is consistent in itself; a conversation
 * closed between two slices counts as the slice that read it saw it (as on any live desk).
 */
export async function reportFigures(db: Connection, query: ReportQuery, sliceSize = REPORT_SLICE): Promise<ReportFigures> {
  const sql = query.channelId === null ? slicing.all : slicing.channel;
  const channel = query.channelId === null ? {} : { channel: query.channelId };
  /** Where the slice after the one starting at `from` starts; null when it is the last. */
  const next = (from: string): string | null => {
    const nth = db.sql(sql.nth).pluck().get({ ...channel, from, to: query.to, slice: sliceSize }) as string | undefined;
    if (nth === undefined) return null;
    return nth > from ? nth : ((db.sql(sql.later).pluck().get({ ...channel, from, to: query.to }) as string | null) ?? null);
  };
  const [firstResponse, resolution, ratings, createdByQuarter] = [new Counts(), new Counts(), new Counts(), new Counts()];
  let [conversations, aiHandled, aiResolved] = [0, 0, 0];
  for (let from: string | null = query.from; from !== null; ) {
    const after = next(from);
    const slice = sliceFigures(db, { ...query, from, to: after ?? query.to });
    conversations += slice.conversations;
    aiHandled += slice.aiHandled;
    aiResolved += slice.aiResolved;
    firstResponse.add(slice.firstResponse);
    resolution.add(slice.resolution);
    ratings.add(slice.ratings);
    createdByQuarter.add(slice.createdByQuarter);
    from = after;
    if (from !== null) await new Promise((resolve) => setImmediate(resolve));
  }
  return {
    conversations,
    firstResponse: firstResponse.tallies(),
    resolution: resolution.tallies(),
    ratings: ratings.tallies(),
    aiHandled,
    aiResolved,
    createdByQuarter: createdByQuarter.tallies(),
  };
}
