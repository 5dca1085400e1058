import { stringify } from 'csv-stringify/sync';
import type { Report, ReportChannel } from '../../src/protocol.js';
import { ServiceError } from '../errors.js';
import type { Store } from '../store/store.js';
import type { ReportQueryInput } from '../validation-reports.js';
import type { ChannelService } from './channels.js';
import { average, durations, hoursAndDays, nextDate, ratio, ZoneClock } from './report-math.js';

const DAY = 86_400_000;
/** The longest period a report covers: a year, leap day included (bounded work per request). */
export const REPORT_MAX_DAYS = 366;
/** Without `from`, a report covers this many days before `to`. */
export const REPORT_DEFAULT_DAYS = 7;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Reports (DESIGN.md §12): the store counts, this service turns the counts into the figures
 * (medians, shares, local hours) and the CSV. docs/design-notes.md defines every figure.
 */
export class ReportService {
  readonly #store: Store;
  readonly #channels: ChannelService;

  constructor(store: Store, channels: ChannelService) {
    this.#store = store;
    this.#channels = channels;
  }

  async get(query: ReportQueryInput, now = Date.now()): Promise<Report> {
    const clock = new ZoneClock(query.tz);
    const { from, to } = period(query, clock, now);
    let channelId: string | null = null;
    if (query.channel !== undefined) {
      const channel = await this.#channels.find(query.channel);
      if (!channel) throw new ServiceError('not_found', 'channel not found', { param: 'channel' });
      channelId = channel.id;
    }
    const figures = await this.#store.reportFigures({ channelId, from: new Date(from).toISOString(), to: new Date(to).toISOString() });
    const responses = figures.ratings.reduce((sum, tally) => sum + tally.count, 0);
    const score = (value: number) => figures.ratings.find((tally) => tally.value === value)?.count ?? 0;
    return {
      channel: query.channel ?? null,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      tz: query.tz,
      conversations: figures.conversations,
      firstResponseSeconds: durations(figures.firstResponse),
      resolutionSeconds: durations(figures.resolution),
      csat: { average: average(figures.ratings), responses, distribution: { 1: score(1), 2: score(2), 3: score(3), 4: score(4), 5: score(5) } },
      aiResolved: { count: figures.aiResolved, handled: figures.aiHandled, share: ratio(figures.aiResolved, figures.aiHandled, 4) },
      ...hoursAndDays(figures.createdByQuarter, clock, from, to),
    };
  }

  /** The channels a report may cover, by name: only their key and name. */
  async channels(): Promise<ReportChannel[]> {
    const channels = await this.#channels.list();
    return channels.map(({ key, name }) => ({ key, name })).sort((a, b) => a.name.localeCompare(b.name) || a.key.localeCompare(b.key));
  }

  /** The report as CSV: one header row and one row of figures (`byDay` is left to the JSON). */
  csv(report: Report): string {
    const row: Record<string, string | number | null> = {
      channel: report.channel ?? '',
      from: report.from,
      to: report.to,
      tz: report.tz,
      conversations: report.conversations,
      first_response_median_seconds: report.firstResponseSeconds.median,
      first_response_p90_seconds: report.firstResponseSeconds.p90,
      first_responses: report.firstResponseSeconds.count,
      resolution_median_seconds: report.resolutionSeconds.median,
      resolution_p90_seconds: report.resolutionSeconds.p90,
      resolved: report.resolutionSeconds.count,
      csat_average: report.csat.average,
      csat_responses: report.csat.responses,
      ...Object.fromEntries(Object.entries(report.csat.distribution).map(([score, count]) => [`csat_${score}`, count])),
      ai_handled: report.aiResolved.handled,
      ai_resolved: report.aiResolved.count,
      ai_resolved_share: report.aiResolved.share,
      ...Object.fromEntries(report.byHour.map((count, hour) => [`hour_${String(hour).padStart(2, '0')}`, count])),
    };
    // An empty cell for a figure that has no value (null), never the text "null".
    return stringify([row], { header: true });
  }

  /** A file name for the CSV: the channel and the local dates it covers. */
  fileName(report: Report): string {
    const first = report.byDay[0]?.date ?? report.from.slice(0, 10);
    const last = report.byDay.at(-1)?.date ?? report.to.slice(0, 10);
    return `report-${report.channel ?? 'all-channels'}-${first}-to-${last}.csv`;
  }
}

/**
 * The period in Unix milliseconds. A date alone is a whole day in `tz`: `from` its first moment,
 * `to` the first moment of the next day (so `to` is inclusive of that day). `to` defaults to now,
 * `from` to 7 days before `to`; `from` must come before `to`, at most 366 days before.
 */
function period(query: ReportQueryInput, clock: ZoneClock, now: number): { from: number; to: number } {
  const to = query.to === undefined ? now : DATE_ONLY.test(query.to) ? clock.startOfDay(nextDate(query.to)) : Date.parse(query.to);
  const from = query.from === undefined ? to - REPORT_DEFAULT_DAYS * DAY : DATE_ONLY.test(query.from) ? clock.startOfDay(query.from) : Date.parse(query.from);
  if (from >= to) throw new ServiceError('invalid_request', 'to: must come after from', { param: 'to' });
  if (to - from > REPORT_MAX_DAYS * DAY) throw new ServiceError('invalid_request', `from: a report covers ${REPORT_MAX_DAYS} days at most`, { param: 'from' });
  return { from, to };
}
