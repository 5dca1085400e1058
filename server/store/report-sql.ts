/**
 * The report's queries (report-store.ts), written once for both engines: they differ only in how
 * a parameter is written and how an ISO text time becomes Unix milliseconds. Each query reads the
 * period's conversations through the `(channel_id, created_at)` index (migration 23) and, for the
 * first response, two messages per conversation found by `(conversation_id, seq)`; each answers
 * one row per distinct value, so nothing grows with the number of messages.
 */

export interface ReportDialect {
  /** How the statement names a parameter. */
  param(name: 'channel' | 'from' | 'to'): string;
  /** An integer count of Unix milliseconds from an ISO 8601 text column. */
  ms(column: string): string;
}

export interface ReportStatements {
  /** One row: `conversations`, `ai_handled`, `ai_resolved`. */
  summary: string;
  /** Rows of `value` and `count`, ascending. */
  ratings: string;
  resolution: string;
  firstResponse: string;
  createdByQuarter: string;
}

/** The statements for one dialect, for one channel (`byChannel`) or for every channel. */
export function reportStatements(dialect: ReportDialect, byChannel: boolean): ReportStatements {
  const { param, ms } = dialect;
  const period = [
    ...(byChannel ? [`c.channel_id = ${param('channel')}`] : []),
    `c.created_at >= ${param('from')}`,
    `c.created_at < ${param('to')}`,
  ].join(' AND ');
  const seconds = (start: string, end: string) => `(${ms(end)} - ${ms(start)}) / 1000`;
  const tally = (value: string, where = '') =>
    `SELECT ${value} AS value, COUNT(*) AS count FROM conversations c WHERE ${period} ${where} GROUP BY 1 ORDER BY 1`;
  // The first answer: a person's (or a bot agent's) message, or an AI agent's (a bot message with
  // an author); an FAQ's automatic answer (a bot message without one) and system lines are not.
  const answer = `(m.sender = 'agent' OR (m.sender = 'bot' AND m.author_id IS NOT NULL))`;
  return {
    summary: `SELECT COUNT(*) AS conversations,
                     COUNT(c.ai_agent_id) AS ai_handled,
                     COUNT(*) FILTER (WHERE c.ai_agent_id IS NOT NULL AND c.resolved_by_ai) AS ai_resolved
              FROM conversations c WHERE ${period}`,
    ratings: tally('c.rating_score', 'AND c.rating_score IS NOT NULL'),
    resolution: tally(seconds('c.created_at', 'c.closed_at'), `AND c.status = 'closed' AND c.closed_at IS NOT NULL`),
    createdByQuarter: tally(`(${ms('c.created_at')} / 900000) * 900`),
    firstResponse: `
      WITH asked AS MATERIALIZED (
        SELECT c.id,
               (SELECT m.seq FROM messages m WHERE m.conversation_id = c.id AND m.sender = 'visitor' ORDER BY m.seq LIMIT 1) AS visitor_seq
        FROM conversations c WHERE ${period}
      ), answered AS MATERIALIZED (
        SELECT asked.id, asked.visitor_seq,
               (SELECT m.seq FROM messages m WHERE m.conversation_id = asked.id AND m.seq > asked.visitor_seq AND ${answer}
                ORDER BY m.seq LIMIT 1) AS answer_seq
        FROM asked WHERE asked.visitor_seq IS NOT NULL
      )
      SELECT ${seconds('question.created_at', 'reply.created_at')} AS value, COUNT(*) AS count
      FROM answered
      JOIN messages question ON question.conversation_id = answered.id AND question.seq = answered.visitor_seq
      JOIN messages reply ON reply.conversation_id = answered.id AND reply.seq = answered.answer_seq
      GROUP BY 1 ORDER BY 1`,
  };
}

/** A row of `value` and `count` as the driver gives it (PostgreSQL's bigints come as text). */
export interface TallyRow {
  value: number | string;
  count: number | string;
}

export const toTallies = (rows: TallyRow[]) => rows.map((row) => ({ value: Number(row.value), count: Number(row.count) }));
