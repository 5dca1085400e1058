/**
 * The figures behind a report (DESIGN.md §12), counted by the database in both engines: the
 * service turns them into medians, shares and hours (server/services/reports.ts). Every list is
 * bounded by the distinct values it holds, never by the number of messages.
 */

/** A period of conversations: those created at `from` or later and before `to`. */
export interface ReportQuery {
  /** One channel's conversations, or every channel's (null). */
  channelId: string | null;
  /** ISO 8601 instants in UTC (`…Z`), as the store writes `created_at`. */
  from: string;
  to: string;
}

/** How many times one value occurs; a list of them comes in ascending `value`. */
export interface Tally {
  value: number;
  count: number;
}

export interface ReportFigures {
  /** Conversations created in the period. */
  conversations: number;
  /**
   * Whole seconds from the visitor's first message to the first answer after it written by a
   * person (`agent`) or an AI agent (`bot` with an author); conversations without both are left out.
   */
  firstResponse: Tally[];
  /** Whole seconds from creation to `closed_at`, closed conversations only. */
  resolution: Tally[];
  /** The visitors' ratings (1–5) of the period's conversations. */
  ratings: Tally[];
  /** The period's conversations an AI agent answered first (`ai_agent_id` set, handed off or not). */
  aiHandled: number;
  /** Of those, the ones a visitor said an AI answer helped (`resolved_by_ai`). */
  aiResolved: number;
  /**
   * Conversations created per quarter hour: `value` is the quarter's start in Unix seconds. Every
   * time zone's offset is a whole number of quarter hours, so each one falls in one local hour.
   */
  createdByQuarter: Tally[];
}

/** Reports, in both engines. */
export interface ReportStore {
  reportFigures(query: ReportQuery): Promise<ReportFigures>;
}
