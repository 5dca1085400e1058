import { html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';
import { DESK_LIMITS, LABEL_COLORS, type Label, type Page } from '../protocol.js';
import { COLOR_NAMES, renderChip } from './labels-view.js';
import { showFailure, type Status } from './settings-form.js';
import { SettingsSection } from './settings-section.js';

type State = Pick<LabelSettings, 'labels' | 'status' | 'invalid'>;

/**
 * The labels part of the settings screen (admins): every label with its color, renamed or
 * recolored in place, deleted (it leaves every conversation), and a form for a new one. Labels
 * are not per channel. A controller rendering inside the settings view's shadow root.
 */
export class LabelSettings extends SettingsSection<State> {
  labels: Label[] = [];
  status: Status | null = null;
  /** The name of the control the server refused, marked `aria-invalid`. */
  invalid = '';

  hostConnected(): void {
    void this.load();
  }

  async load(): Promise<void> {
    const load = ++this.loads;
    try {
      const labels = (await this.api().request<Page<Label>>('GET', '/labels')).data;
      if (load === this.loads) this.set({ labels });
    } catch (error) {
      if (load === this.loads) void this.#fail(error, null);
    }
  }

  /** Runs a change, then shows the labels anew; `form` is emptied after (a new label) and names the field the server refused. */
  async #change(work: () => Promise<unknown>, message: string, form: HTMLFormElement | null, empty = false): Promise<void> {
    this.set({ status: null, invalid: '' });
    try {
      await work();
      if (empty) form?.reset();
      await this.load();
      this.set({ status: { message, error: false } });
    } catch (error) {
      void this.#fail(error, form);
    }
  }

  #add(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const name = String(data.get('name')).trim();
    void this.#change(() => this.api().request('POST', '/labels', { name, color: String(data.get('color')) }), `Label ${name} added`, form, true);
  }

  #rename(event: SubmitEvent, label: Label): void {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const patch = { name: String(data.get('name')).trim(), color: String(data.get('color')) };
    void this.#change(() => this.api().request('PATCH', `/labels/${encodeURIComponent(label.id)}`, patch), `Label ${patch.name} saved`, form);
  }

  #fail(error: unknown, form: HTMLFormElement | null): Promise<void> {
    return showFailure(error, form, this.host, (patch) => this.set(patch));
  }

  #renderLabel(label: Label) {
    return html`<li>
      <form class="label-row" @submit=${(event: SubmitEvent) => this.#rename(event, label)}>
        ${renderChip(label.name, label.color)}
        <input name="name" .value=${live(label.name)} required maxlength=${DESK_LIMITS.labelName} aria-label="Name of ${label.name}" />
        <input name="color" type="color" .value=${live(label.color)} aria-label="Color of ${label.name}" />
        <button type="submit">Save</button>
        <button class="link-button" type="button" aria-label="Delete label ${label.name}"
          @click=${() => void this.#change(() => this.api().request('DELETE', `/labels/${encodeURIComponent(label.id)}`), `Label ${label.name} deleted`, null)}>Delete</button>
      </form>
    </li>`;
  }

  render() {
    const invalid = (name: string) => (this.invalid === name ? 'true' : nothing);
    return html`<section class="label-settings" aria-labelledby="labels-title">
      <h3 id="labels-title">Labels</h3>
      <p class="hint">Agents put them on conversations (<kbd>l</kbd> in the inbox) and filter the list by them. Every channel shares them.</p>
      ${this.labels.length
        ? html`<ul class="label-list">${repeat(this.labels, (label) => label.id, (label) => this.#renderLabel(label))}</ul>`
        : html`<p class="empty">No labels yet.</p>`}
      <form class="label-row label-new" @submit=${(event: SubmitEvent) => this.#add(event)}>
        <label>New label <input name="name" required maxlength=${DESK_LIMITS.labelName} aria-invalid=${invalid('name')} aria-describedby="label-status" /></label>
        <label>Color <select name="color">${LABEL_COLORS.map((color, index) => html`<option value=${color}>${COLOR_NAMES[index]}</option>`)}</select></label>
        <button type="submit">Add label</button>
      </form>
      <p id="label-status" class=${this.status?.error ? 'status error' : 'status'} role="status">${this.status?.message ?? ''}</p>
    </section>`;
  }
}
