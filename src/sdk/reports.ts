import type { Page, Report, ReportChannel, ReportRequest } from '../protocol.js';
import { Resource } from './http.js';

/**
 * Reports of a period (an agent's or a bot's token): conversations, first response and resolution
 * times, CSAT, the AI-resolved share and the busiest hours. Without a query: every channel, the
 * last 7 days, in UTC.
 */
export class Reports extends Resource {
  get(query: ReportRequest = {}): Promise<Report> {
    return this.http.call('GET', '/agent/reports', { query });
  }

  /** The same figures as CSV text (one header row, one row). */
  csv(query: ReportRequest = {}): Promise<string> {
    return this.http.call('GET', '/agent/reports', { query, accept: 'text/csv' });
  }

  /** The channels a report may cover (key and name). */
  channels(): Promise<Page<ReportChannel>> {
    return this.http.call('GET', '/agent/reports/channels');
  }
}
