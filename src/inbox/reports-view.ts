import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import type { Report, ReportDurations } from '../protocol.js';
import type { ReportRange, ReportsView } from './reports.js';
import { styles } from './reports.styles.js';

/** `95` → `1 min 35 s`; `7260` → `2 h 1 min`; null → `—`. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '—';
  const units: Array<[number, string]> = [[86_400, 'd'], [3_600, 'h'], [60, 'min'], [1, 's']];
  const parts: string[] = [];
  let rest = seconds;
  for (const [size, unit] of units) {
    const amount = Math.floor(rest / size);
    rest -= amount * size;
    if (amount || (unit === 's' && !parts.length)) parts.push(`${amount} ${unit}`);
    if (parts.length === 2) break;
  }
  return parts.join(' ');
}

const RANGES: Array<[ReportRange, string]> = [['7', 'Last 7 days'], ['30', 'Last 30 days'], ['custom', 'Custom']];
const percent = (share: number | null) => (share === null ? '—' : `${Math.round(share * 1000) / 10} %`);
const longDate = (date: string) => new Date(`${date}T12:00:00Z`).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/**
 * A bar chart drawn with CSS: the bars are for the eye (hidden from assistive technology), and
 * the same numbers are a table for screen readers. Sizes go through `styleMap` (the CSSOM), which
 * a `style-src 'self'` policy allows, unlike a style attribute.
 */
function barChart(id: string, title: string, bars: Array<{ label: string; short: string; value: number }>): TemplateResult {
  const highest = Math.max(1, ...bars.map((bar) => bar.value));
  const peak = bars.find((bar) => bar.value === highest);
  return html`<section class="chart" aria-labelledby=${id}>
    <h3 id=${id}>${title}</h3>
    <p class="detail">${peak ? `Most: ${peak.label} (${peak.value})` : 'None in this period'}</p>
    <div class="bars" aria-hidden="true" style=${styleMap({ '--bars': String(bars.length) })}>
      ${bars.map(
        (bar) => html`<div class="bar" title=${`${bar.label}: ${bar.value}`}>
          <span class="fill" style=${styleMap({ height: `${(bar.value / highest) * 100}%` })}></span>
          <span class="tick">${bar.short}</span>
        </div>`,
      )}
    </div>
    <table class="visually-hidden">
      <caption>${title}</caption>
      <thead><tr><th scope="col">When</th><th scope="col">Conversations</th></tr></thead>
      <tbody>${bars.map((bar) => html`<tr><th scope="row">${bar.label}</th><td>${bar.value}</td></tr>`)}</tbody>
    </table>
  </section>`;
}

function card(title: string, figure: string, ...details: string[]): TemplateResult {
  return html`<li class="card"><h3>${title}</h3><p class="figure">${figure}</p>${details.map((detail) => html`<p class="detail">${detail}</p>`)}</li>`;
}

const durationCard = (title: string, durations: ReportDurations, counted: string) =>
  card(title, formatDuration(durations.median), `median · 90% within ${formatDuration(durations.p90)}`, plural(durations.count, counted, `${counted}s`));

function figures(report: Report): TemplateResult {
  const { csat, aiResolved } = report;
  const hour = (value: number) => `${String(value).padStart(2, '0')}:00`;
  const day = (date: string) => new Date(`${date}T12:00:00Z`).toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
  const everyOther = report.byDay.length > 14;
  return html`<ul class="cards">
      ${card('Conversations', String(report.conversations), 'started in the period')}
      ${durationCard('First response', report.firstResponseSeconds, 'answered conversation')}
      ${durationCard('Resolution', report.resolutionSeconds, 'closed conversation')}
      ${card('Satisfaction', csat.average === null ? '—' : `${csat.average} / 5`, plural(csat.responses, 'rating', 'ratings'))}
      ${card('Resolved by AI', percent(aiResolved.share), `${aiResolved.count} of ${plural(aiResolved.handled, 'AI conversation', 'AI conversations')}`, 'as confirmed by the visitor')}
    </ul>
    <div class="charts">
      ${barChart(
        'reports-hours',
        'Busiest hours',
        report.byHour.map((value, index) => ({ label: `${hour(index)}–${hour((index + 1) % 24)}`, short: index % 3 === 0 ? String(index) : '', value })),
      )}
      ${barChart(
        'reports-days',
        'Conversations per day',
        report.byDay.map((entry, index) => ({ label: day(entry.date), short: everyOther && index % 5 ? '' : day(entry.date), value: entry.conversations })),
      )}
    </div>`;
}

/**
 * The inbox's reports screen: a channel and a period, the figures as cards, the busiest hours and
 * the days as bar charts, and the CSV. It draws `view` (the inbox's `Reports`) and forwards intent.
 *
 * @summary The reports screen of support-inbox.
 * @tagname support-inbox-reports
 */
export class SupportInboxReports extends LitElement {
  static override styles = styles;

  /** What to draw and where intent goes (the inbox's `Reports.view()`). */
  @property({ attribute: false }) view: ReportsView | null = null;

  protected override firstUpdated(): void {
    this.view?.onOpen();
  }

  #dates(form: HTMLFormElement): void {
    const field = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).value;
    this.view?.onDates(field('from'), field('to'));
  }

  override render() {
    const view = this.view;
    if (!view) return nothing;
    const report = view.report;
    // Esc anywhere in the screen (a picker focused included) goes back, unless a control used it.
    const back = (event: KeyboardEvent) => event.key === 'Escape' && !event.defaultPrevented && view.onBack();
    return html`<section class="reports" aria-labelledby="reports-title" aria-busy=${view.loading ? 'true' : 'false'} @keydown=${back}>
      <div class="heading">
        <h2 id="reports-title">Reports</h2>
        <button class="secondary" type="button" ?disabled=${!report} @click=${() => view.onDownload()}>Download CSV</button>
      </div>
      <form class="pickers" @submit=${(event: Event) => event.preventDefault()} @change=${(event: Event) => event.target instanceof HTMLInputElement && this.#dates(event.currentTarget as HTMLFormElement)}>
        <label>Channel
          <select @change=${(event: Event) => view.onChannel((event.target as HTMLSelectElement).value)}>
            <option value="" ?selected=${view.channel === ''}>All channels</option>
            ${view.channels.map((channel) => html`<option value=${channel.key} ?selected=${view.channel === channel.key}>${channel.name}</option>`)}
          </select>
        </label>
        <label>Period
          <select @change=${(event: Event) => view.onRange((event.target as HTMLSelectElement).value as ReportRange)}>
            ${RANGES.map(([range, label]) => html`<option value=${range} ?selected=${view.range === range}>${label}</option>`)}
          </select>
        </label>
        ${view.range === 'custom'
          ? html`<label>From <input name="from" type="date" .value=${view.from} max=${view.to} required /></label>
              <label>To <input name="to" type="date" .value=${view.to} min=${view.from} required /></label>`
          : nothing}
      </form>
      ${view.error ? html`<p class="error" role="alert">${view.error}</p>` : nothing}
      <p class="period" role="status">${view.loading ? 'Loading…' : report ? `${longDate(view.from)} – ${longDate(view.to)} · hours in ${view.timeZone}` : ''}</p>
      ${report ? figures(report) : nothing}
    </section>`;
  }
}
