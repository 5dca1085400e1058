import type { Report } from '../../src/protocol.js';
import { DEFAULT_SETTINGS } from '../../server/services/channels.js';
import type { Store } from '../../server/store/store.js';

/**
 * A known history for reports, written through the store's own methods with the clock set to each
 * moment (a `Date` that reads a set time; nothing sleeps): two channels, conversations inside and just
 * outside the week of 2–8 November 2026 (UTC), replies, an FAQ's automatic answer, AI answers with
 * the visitor's feedback, a handoff, closes, a reopen and ratings. `REPORT_WEEK` is what a report
 * of that week in the first channel must say, figure by figure.
 */

export const WEEK = { from: '2026-11-02T00:00:00.000Z', to: '2026-11-09T00:00:00.000Z' };

/**
 * Runs `work` with `Date` reading the time `at` sets (every other use of `Date` unchanged).
 * node:test's `mock.timers` does the same but prints an experimental warning on Node 20.
 */
export async function withClock(work: (at: (iso: string) => void) => Promise<void>): Promise<void> {
  const RealDate = globalThis.Date;
  let now = RealDate.now();
  class SetDate extends RealDate {
    constructor(...args: []) {
      if (args.length === 0) super(now);
      else super(...(args as unknown as [number]));
    }
    static override now() {
      return now;
    }
  }
  globalThis.Date = SetDate as DateConstructor;
  try {
    await work((iso) => {
      now = RealDate.parse(iso);
    });
  } finally {
    globalThis.Date = RealDate;
  }
}

export async function seedReportHistory(store: Store, channelKey: string, otherChannelKey: string): Promise<void> {
  await withClock(async (at) => {
    const channel = await store.createChannel({ key: channelKey, name: channelKey, allowedOrigins: [], settings: { ...DEFAULT_SETTINGS } });
    const other = await store.createChannel({ key: otherChannelKey, name: otherChannelKey, allowedOrigins: [], settings: { ...DEFAULT_SETTINGS } });
    const agent = await store.createAgent({ email: `${channelKey}@reports.example`, name: 'Ada', role: 'agent', kind: 'human', passwordHash: '' });
    const ai = await store.createAiAgent({
      name: 'Answers', baseUrl: null, model: null, encryptedApiKey: null, instructions: '', knowledge: { faqs: true, articles: false },
      tools: [], handoff: { onRequest: true, onNoAnswer: false, message: '' }, maxTokens: 200, maxToolRounds: 1,
    });
    let count = 0;
    const open = async (iso: string, options: { channelId?: string; ai?: boolean } = {}) => {
      at(iso);
      const visitor = await store.createVisitor(options.channelId ?? channel.id, { name: `Visitor ${++count}` });
      const handler = options.ai ? { handledBy: 'ai' as const, aiAgentId: ai.id } : undefined;
      return (await store.openConversation(options.channelId ?? channel.id, visitor.id, handler)).conversation.id;
    };
    const say = async (id: string, iso: string, from: 'visitor' | 'agent' | 'bot' | 'system', authorId: string | null = null) => {
      at(iso);
      const author = authorId ?? (from === 'agent' ? agent.id : null);
      return (await store.appendMessage({ conversationId: id, clientId: `c${++count}`, from, authorId: author, text: `${from} at ${iso}` })).message.id;
    };
    const close = async (id: string, iso: string) => {
      at(iso);
      await store.setStatus(id, 'closed');
    };

    // 1. Answered in 60 s, closed after an hour, rated 5.
    const c1 = await open('2026-11-02T09:00:00Z');
    await say(c1, '2026-11-02T09:00:10Z', 'visitor');
    await say(c1, '2026-11-02T09:01:10Z', 'agent');
    await say(c1, '2026-11-02T09:05:00Z', 'agent');
    await close(c1, '2026-11-02T10:00:00Z');
    await store.rate(c1, 5, 'Great');

    // 2. An FAQ's automatic answer at once (not a response), a person after 120 s; closed after 2 h, rated 4.
    const c2 = await open('2026-11-02T09:30:00Z');
    await say(c2, '2026-11-02T09:30:00Z', 'visitor');
    await say(c2, '2026-11-02T09:30:00Z', 'bot');
    await say(c2, '2026-11-02T09:31:00Z', 'system');
    await say(c2, '2026-11-02T09:32:00Z', 'agent');
    await close(c2, '2026-11-02T11:30:00Z');
    await store.rate(c2, 4, undefined);

    // 3. An AI agent answers in 2 s and the visitor says it helped: resolved by AI; closed after 5 min, rated 3.
    const c3 = await open('2026-11-03T14:15:00Z', { ai: true });
    await say(c3, '2026-11-03T14:15:05Z', 'visitor');
    const helped = await say(c3, '2026-11-03T14:15:07Z', 'bot', ai.id);
    at('2026-11-03T14:16:00Z');
    await store.recordFeedback(c3, helped, true);
    await close(c3, '2026-11-03T14:20:00Z');
    await store.rate(c3, 3, undefined);

    // 4. An AI agent answers in 4 s, the visitor says no and it goes to the team: handled by AI, not resolved; still open.
    const c4 = await open('2026-11-04T20:45:00Z', { ai: true });
    await say(c4, '2026-11-04T20:45:00Z', 'visitor');
    const unhelpful = await say(c4, '2026-11-04T20:45:04Z', 'bot', ai.id);
    at('2026-11-04T20:46:00Z');
    await store.recordFeedback(c4, unhelpful, false);
    await store.setHandledBy(c4, 'human');
    await say(c4, '2026-11-04T20:55:00Z', 'agent');

    // 5. Never answered; closed 20 min later, across midnight; rated 1.
    const c5 = await open('2026-11-05T23:50:00Z');
    await say(c5, '2026-11-05T23:50:00Z', 'visitor');
    await close(c5, '2026-11-06T00:10:00Z');
    await store.rate(c5, 1, undefined);

    // 6. The agent writes first; the visitor answers after the period ends, the agent 60 s later
    //    (the conversation is the period's: it was created in it). Closed, then reopened: not resolved.
    const c6 = await open('2026-11-08T23:59:59Z');
    await say(c6, '2026-11-08T23:59:59Z', 'agent');
    await say(c6, '2026-11-09T00:00:30Z', 'visitor');
    await say(c6, '2026-11-09T00:01:30Z', 'agent');
    await close(c6, '2026-11-09T00:05:00Z');
    at('2026-11-09T00:06:00Z');
    await store.setStatus(c6, 'open');

    // Outside the period (a second before it, at its end) and in the other channel: never counted.
    const before = await open('2026-11-01T23:59:59Z');
    await say(before, '2026-11-01T23:59:59Z', 'visitor');
    await say(before, '2026-11-02T00:00:09Z', 'agent');
    await close(before, '2026-11-02T00:10:00Z');
    await store.rate(before, 2, undefined);
    const atEnd = await open('2026-11-09T00:00:00Z');
    await say(atEnd, '2026-11-09T00:00:00Z', 'visitor');
    const elsewhere = await open('2026-11-03T14:00:00Z', { channelId: other.id });
    await say(elsewhere, '2026-11-03T14:00:00Z', 'visitor');
    await say(elsewhere, '2026-11-03T14:00:30Z', 'agent');
    await store.rate(elsewhere, 5, undefined);
  });
}

const hours = (counts: Record<number, number>) => Array.from({ length: 24 }, (_, hour) => counts[hour] ?? 0);

/** The week of 2–8 November in the first channel, in UTC. */
export const REPORT_WEEK = (channel: string): Report => ({
  channel,
  from: WEEK.from,
  to: WEEK.to,
  tz: 'UTC',
  conversations: 6,
  // 2, 4, 60, 60, 120: ranks ⌈2.5⌉ = 3 and ⌈4.5⌉ = 5.
  firstResponseSeconds: { median: 60, p90: 120, count: 5 },
  // 300, 1200, 3600, 7200: ranks 2 and ⌈3.6⌉ = 4.
  resolutionSeconds: { median: 1200, p90: 7200, count: 4 },
  csat: { average: 3.25, responses: 4, distribution: { 1: 1, 2: 0, 3: 1, 4: 1, 5: 1 } },
  aiResolved: { count: 1, handled: 2, share: 0.5 },
  byHour: hours({ 9: 2, 14: 1, 20: 1, 23: 2 }),
  byDay: [
    { date: '2026-11-02', conversations: 2 },
    { date: '2026-11-03', conversations: 1 },
    { date: '2026-11-04', conversations: 1 },
    { date: '2026-11-05', conversations: 1 },
    { date: '2026-11-06', conversations: 0 },
    { date: '2026-11-07', conversations: 0 },
    { date: '2026-11-08', conversations: 1 },
  ],
});

/** The same week read in India (UTC+5:30): the same conversations, other hours and days. */
export const REPORT_WEEK_KOLKATA = (channel: string): Report => ({
  ...REPORT_WEEK(channel),
  tz: 'Asia/Kolkata',
  byHour: hours({ 14: 1, 15: 1, 19: 1, 2: 1, 5: 2 }),
  byDay: [
    { date: '2026-11-02', conversations: 2 },
    { date: '2026-11-03', conversations: 1 },
    { date: '2026-11-04', conversations: 0 },
    { date: '2026-11-05', conversations: 1 },
    { date: '2026-11-06', conversations: 1 },
    { date: '2026-11-07', conversations: 0 },
    { date: '2026-11-08', conversations: 0 },
    { date: '2026-11-09', conversations: 1 },
  ],
});

/** The CSV of `REPORT_WEEK`, byte for byte. */
export const REPORT_WEEK_CSV = (channel: string) =>
  [
    'channel,from,to,tz,conversations,first_response_median_seconds,first_response_p90_seconds,first_responses,resolution_median_seconds,resolution_p90_seconds,resolved,csat_average,csat_responses,csat_1,csat_2,csat_3,csat_4,csat_5,ai_handled,ai_resolved,ai_resolved_share,' +
      Array.from({ length: 24 }, (_, hour) => `hour_${String(hour).padStart(2, '0')}`).join(','),
    `${channel},${WEEK.from},${WEEK.to},UTC,6,60,120,5,1200,7200,4,3.25,4,1,0,1,1,1,2,1,0.5,` + REPORT_WEEK(channel).byHour.join(','),
    '',
  ].join('\n');
