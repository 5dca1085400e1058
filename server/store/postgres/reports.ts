import type pg from 'pg';
import type { ReportFigures, ReportQuery } from '../report-store.js';
import { reportStatements, toTallies, type ReportDialect, type TallyRow } from '../report-sql.js';
import { all, one } from './db.js';

/** Positional parameters in the order `params` binds them, and the epoch of a `timestamptz`. */
const dialect = (byChannel: boolean): ReportDialect => {
  const order = byChannel ? ['channel', 'from', 'to'] : ['from', 'to'];
  return {
    param: (name) => `$${order.indexOf(name) + 1}`,
    ms: (column) => `(EXTRACT(EPOCH FROM (${column})::timestamptz) * 1000)::bigint`,
  };
};
const statements = { channel: reportStatements(dialect(true), true), all: reportStatements(dialect(false), false) };

/**
 * The period's figures. The queries run side by side on the pool: each is a snapshot of its own,
 * so a conversation closed meanwhile may count in one and not yet in another (as on any live desk).
 */
export async function reportFigures(pool: pg.Pool, query: ReportQuery): Promise<ReportFigures> {
  const sql = query.channelId === null ? statements.all : statements.channel;
  const params = query.channelId === null ? [query.from, query.to] : [query.channelId, query.from, query.to];
  const tallies = async (text: string) => toTallies(await all<TallyRow & pg.QueryResultRow>(pool, text, params));
  const [summary, firstResponse, resolution, ratings, createdByQuarter] = await Promise.all([
    one<{ conversations: string; ai_handled: string; ai_resolved: string }>(pool, sql.summary, params),
    tallies(sql.firstResponse),
    tallies(sql.resolution),
    tallies(sql.ratings),
    tallies(sql.createdByQuarter),
  ]);
  return {
    conversations: Number(summary?.conversations ?? 0),
    firstResponse,
    resolution,
    ratings,
    aiHandled: Number(summary?.ai_handled ?? 0),
    aiResolved: Number(summary?.ai_resolved ?? 0),
    createdByQuarter,
  };
}
