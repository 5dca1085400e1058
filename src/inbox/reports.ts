import type { Page, Report, ReportChannel, ReportRequest } from '../protocol.js';
import { DeskFeature } from './desk-feature.js';

/** The periods the reports screen offers: the last 7 or 30 days (today included), or two dates. */
export type ReportRange = '7' | '30' | 'custom';

/** What `<support-inbox-reports>` draws, and what it may ask for. */
export interface ReportsView {
  channels: ReportChannel[];
  /** The channel's key; empty for every channel. */
  channel: string;
  range: ReportRange;
  /** The period's first and last day (`YYYY-MM-DD`, both included) in `timeZone`. */
  from: string;
  to: string;
  timeZone: string;
  report: Report | null;
  loading: boolean;
  error: string;
  /** The screen is on the page: reads the report again (and the channels the first time). */
  onOpen(): void;
  onChannel(key: string): void;
  onRange(range: ReportRange): void;
  /** The custom period's days changed. */
  onDates(from: string, to: string): void;
  onDownload(): void;
  /** Back to the conversations. */
  onBack(): void;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `YYYY-MM-DD` of the agent's own calendar, `days` days before today. */
function localDate(daysAgo = 0): string {
  const day = new Date();
  day.setDate(day.getDate() - daysAgo);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
}

/**
 * The reports screen's state and I/O (DESIGN.md §12): the channel and period picked, the report
 * for them (only the newest request's answer is shown), and the CSV download with the agent's
 * token. Days are the agent's own: the browser's time zone goes with every request.
 */
export class Reports extends DeskFeature {
  #opened = false;
  /** Counts report requests: only the newest one's answer is shown. */
  #request = 0;
  channels: ReportChannel[] = [];
  channel = '';
  range: ReportRange = '7';
  from = localDate(6);
  to = localDate();
  report: Report | null = null;
  loading = false;
  error = '';
  readonly timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

  protected override stopped(): void {
    this.#opened = false;
    this.#request++;
    this.channels = [];
    this.channel = '';
    this.report = null;
    this.loading = false;
    this.error = '';
  }

  /** `R` opens the reports, and closes them (so does `Esc` inside them: `onBack`). */
  shortcut(action: string): boolean {
    if (action !== 'reports') return false;
    this.inbox.show(this.inbox.view === 'reports' ? 'conversations' : 'reports');
    return true;
  }

  view(): ReportsView {
    return {
      channels: this.channels,
      channel: this.channel,
      range: this.range,
      from: this.from,
      to: this.to,
      timeZone: this.timeZone,
      report: this.report,
      loading: this.loading,
      error: this.error,
      onOpen: () => void this.#open(),
      onChannel: (key) => this.#change(() => (this.channel = key)),
      onRange: (range) =>
        this.#change(() => {
          this.range = range;
          if (range !== 'custom') [this.from, this.to] = [localDate(Number(range) - 1), localDate()];
        }),
      onDates: (from, to) => this.#change(() => ([this.from, this.to] = [from, to])),
      onDownload: () => void this.#download(),
      onBack: () => this.inbox.show('conversations'),
    };
  }

  /** The query for the period on screen (dates in the agent's time zone). */
  query(): ReportRequest {
    return { from: this.from, to: this.to, tz: this.timeZone, ...(this.channel ? { channel: this.channel } : {}) };
  }

  /** The screen opened: the figures are read again (they move all day); the channels once. */
  async #open(): Promise<void> {
    const api = this.api;
    if (!api) return;
    void this.#load();
    if (this.#opened) return;
    this.#opened = true;
    try {
      this.channels = (await api.request<Page<ReportChannel>>('GET', '/reports/channels')).data;
      this.inbox.changed();
    } catch (error) {
      this.inbox.fail(error);
    }
  }

  #change(apply: () => void): void {
    apply();
    void this.#load();
  }

  async #load(): Promise<void> {
    const api = this.api;
    if (!api) return;
    const request = ++this.#request;
    // A custom period being typed: wait for two whole dates in order.
    if (!DATE.test(this.from) || !DATE.test(this.to) || this.from > this.to) {
      this.error = 'Pick a first day on or before the last day.';
      this.inbox.changed();
      return;
    }
    this.loading = true;
    this.error = '';
    this.inbox.changed();
    try {
      const report = await api.request<Report>('GET', `/reports?${new URLSearchParams({ ...this.query() })}`);
      if (request !== this.#request) return;
      this.report = report;
    } catch (error) {
      if (request !== this.#request) return;
      this.error = (error as Error).message;
    }
    this.loading = false;
    this.inbox.changed();
  }

  /** The same report as CSV, fetched with the agent's token and saved as a file. */
  async #download(): Promise<void> {
    const api = this.api;
    if (!api) return;
    try {
      const response = await fetch(`${api.server}/api/v1/agent/reports?${new URLSearchParams({ ...this.query(), format: 'csv' })}`, {
        headers: { authorization: `Bearer ${api.token}` },
      });
      if (!response.ok) throw new Error(`The CSV could not be made (HTTP ${response.status}).`);
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement('a');
      link.href = url;
      link.download = `report-${this.channel || 'all-channels'}-${this.from}-to-${this.to}.csv`;
      link.click();
      // The click has started the download; the URL is no longer needed.
      setTimeout(() => URL.revokeObjectURL(url), 0);
    } catch (error) {
      this.inbox.fail(error);
    }
  }
}
