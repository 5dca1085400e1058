/** Where a visit stands once a widget of the visitor connected (`visitorArrived`). */
export interface VisitStart {
  /** ISO 8601: when this visit began. */
  startedAt: string;
  /** Not the visitor's first visit (see `visitorArrived`). */
  returning: boolean;
}

/** What the live visitors view shows of a visitor besides what their sockets carry. */
export interface LiveVisitorFacts {
  visitorId: string;
  name?: string;
  email?: string;
  openConversations: number;
  totalConversations: number;
}

/**
 * Visits of the visitors whose widgets connect (§12, live visitors): one row per visitor, no
 * history. A visit is a run of connections with gaps shorter than `gapMs`; the socket layer
 * says when a widget connects (`visitorArrived`) and disconnects (`visitorSeen`).
 */
export interface LiveVisitorStore {
  /**
   * A widget of the visitor connected at `now` (ISO 8601). Last seen within `gapMs`: the same
   * visit goes on. Otherwise a visit starts at `now`, returning when the visitor was seen before
   * or was created more than `gapMs` ago. Null when there is no such visitor.
   */
  visitorArrived(visitorId: string, now: string, gapMs: number): Promise<VisitStart | null>;
  /** A widget of the visitor disconnected at `now`: the gap that ends a visit counts from here. */
  visitorSeen(visitorId: string, now: string): Promise<void>;
  /** Name, email and conversation counts of these visitors (unknown ids are left out). */
  liveVisitorFacts(visitorIds: string[]): Promise<LiveVisitorFacts[]>;
}
