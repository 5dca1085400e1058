import type { ReportFigures, ReportQuery } from '../report-store.js';
import { reportStatements, toTallies, type ReportDialect, type TallyRow } from '../report-sql.js';
import type { Connection } from './db.js';

/** Named parameters (`@from`) and `unixepoch` with its sub-second modifier (SQLite ≥ 3.42). */
const dialect: ReportDialect = {
  param: (name) => `@${name}`,
  ms: (column) => `CAST(ROUND(unixepoch(${column}, 'subsec') * 1000) AS INTEGER)`,
};
const statements = { channel: reportStatements(dialect, true), all: reportStatements(dialect, false) };

/** The period's figures, read in one transaction so they agree with each other. */
export function reportFigures(db: Connection, query: ReportQuery): ReportFigures {
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
