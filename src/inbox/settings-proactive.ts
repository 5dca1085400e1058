import { html, nothing, type ReactiveControllerHost } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { LIMITS, type ProactiveTrigger } from '../protocol.js';
import type { AdminApi, AdminChannel } from './admin-api.js';
import { showFailure, type Status } from './settings-form.js';
import { SettingsSection } from './settings-section.js';

/** A trigger as edited: every condition as typed, and an id that follows it when others go. */
interface DraftTrigger {
  draftId: number;
  id: string;
  message: string;
  open: boolean;
  once: ProactiveTrigger['once'];
  urlMatches: string;
  afterSeconds: string;
  exitIntent: boolean;
  rageClicks: string;
  signal: string;
}
type Property = Exclude<keyof DraftTrigger, 'draftId'>;

/** Controls are named by the API field they edit, so an error's `param` (`settings.proactive.2.when.signal`) finds its control. */
const PATHS: Record<Property, string> = {
  id: 'id',
  message: 'action.message',
  open: 'action.open',
  once: 'once',
  urlMatches: 'when.urlMatches',
  afterSeconds: 'when.afterSeconds',
  exitIntent: 'when.exitIntent',
  rageClicks: 'when.rageClicks',
  signal: 'when.signal',
};
const controlName = (index: number, property?: Property) => `settings.proactive.${index}${property ? `.${PATHS[property]}` : ''}`;

let nextId = 0;
const toDraft = ({ id, when, once, action }: ProactiveTrigger): DraftTrigger => ({
  draftId: ++nextId,
  id,
  message: action.message,
  open: Boolean(action.open),
  once,
  urlMatches: when.urlMatches ?? '',
  afterSeconds: when.afterSeconds ? String(when.afterSeconds) : '',
  exitIntent: Boolean(when.exitIntent),
  rageClicks: when.rageClicks ? String(when.rageClicks) : '',
  signal: when.signal ?? '',
});

/** What the admin API takes: only the conditions filled in (numbers as typed: the server names a bad one). */
function toTrigger(draft: DraftTrigger): ProactiveTrigger {
  const when: ProactiveTrigger['when'] = {};
  if (draft.urlMatches.trim()) when.urlMatches = draft.urlMatches.trim();
  if (draft.afterSeconds.trim()) when.afterSeconds = Number(draft.afterSeconds);
  if (draft.exitIntent) when.exitIntent = true;
  if (draft.rageClicks.trim()) when.rageClicks = Number(draft.rageClicks);
  if (draft.signal.trim()) when.signal = draft.signal.trim();
  return { id: draft.id.trim(), when, once: draft.once, action: { message: draft.message, ...(draft.open && { open: true }) } };
}

/**
 * The proactive messages part of the settings screen: when each fires (page URL, time on page,
 * leaving, rage clicks, a page signal), how often, and what it shows — saved on their own
 * (`settings.proactive`). A controller rendering inside the settings view, like the pre-chat form.
 */
export class ProactiveEditor extends SettingsSection<Pick<ProactiveEditor, 'triggers' | 'status' | 'invalid' | 'saving'>> {
  readonly #saved: (channel: AdminChannel) => void;
  #channel = '';
  triggers: DraftTrigger[] = [];
  status: Status | null = null;
  invalid = '';
  saving = false;

  constructor(host: ReactiveControllerHost & HTMLElement, api: () => AdminApi, saved: (channel: AdminChannel) => void) {
    super(host, api);
    this.#saved = saved;
  }

  override hostDisconnected(): void {
    super.hostDisconnected();
    this.#channel = '';
  }

  get #form(): HTMLFormElement | null {
    return this.find<HTMLFormElement>('.proactive-form');
  }

  /** Shows the saved triggers of `channel` (unsaved edits of the previous channel are dropped). */
  load(channel: AdminChannel): void {
    this.#channel = channel.key;
    this.set({ triggers: (channel.settings.proactive ?? []).map(toDraft), status: null, invalid: '' });
  }

  #onInput(event: Event): void {
    const control = event.target as HTMLInputElement;
    const match = /^settings\.proactive\.(\d+)\.([\w.]+)$/.exec(control.name);
    const property = match && (Object.keys(PATHS) as Property[]).find((key) => PATHS[key] === match[2]);
    if (!match || !property) return;
    const value = control.type === 'checkbox' ? control.checked : control.value;
    this.triggers = this.triggers.map((trigger, at) => (at === Number(match[1]) ? { ...trigger, [property]: value } : trigger));
    this.set(control.name === this.invalid ? { invalid: '' } : {});
  }

  async #add(): Promise<void> {
    const taken = new Set(this.triggers.map((trigger) => trigger.id));
    let n = this.triggers.length + 1;
    while (taken.has(`trigger-${n}`)) n++;
    this.set({ triggers: [...this.triggers, toDraft({ id: `trigger-${n}`, when: {}, once: 'visitor', action: { message: '' } })], status: null });
    await this.host.updateComplete;
    this.#form?.querySelector<HTMLElement>(`[name="${controlName(this.triggers.length - 1, 'message')}"]`)?.focus();
  }

  async #remove(index: number): Promise<void> {
    const removed = this.triggers[index]!;
    this.set({ triggers: this.triggers.filter((_, at) => at !== index), invalid: '', status: { message: `Removed ${removed.id}`, error: false } });
    await this.host.updateComplete;
    const next = this.#form?.querySelector<HTMLElement>(`[name="${controlName(Math.min(index, this.triggers.length - 1), 'message')}"]`);
    (next ?? this.#form?.querySelector<HTMLElement>('.add'))?.focus();
  }

  async #save(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const channel = this.#channel;
    if (!channel || this.saving) return;
    const proactive = this.triggers.length ? this.triggers.map(toTrigger) : null;
    this.set({ saving: true, status: null, invalid: '' });
    try {
      this.#saved(await this.api().updateChannel(channel, { settings: { proactive } }));
      if (channel === this.#channel) this.set({ status: { message: proactive ? 'Proactive messages saved' : 'Proactive messages removed', error: false } });
    } catch (error) {
      if (channel === this.#channel) void showFailure(error, this.#form, this.host, (patch) => this.set(patch));
    } finally {
      this.set({ saving: false });
    }
  }

  #renderTrigger(trigger: DraftTrigger, index: number) {
    const mark = (property: Property) => (this.invalid === controlName(index, property) ? { invalid: 'true', describedBy: 'proactive-status' } : { invalid: nothing, describedBy: nothing });
    const input = (property: 'id' | 'message' | 'urlMatches' | 'afterSeconds' | 'rageClicks' | 'signal', label: string, type = 'text') =>
      html`<label>${label}<input name=${controlName(index, property)} type=${type} .value=${trigger[property]} spellcheck="false"
        aria-invalid=${mark(property).invalid} aria-describedby=${mark(property).describedBy} /></label>`;
    const check = (property: 'open' | 'exitIntent', label: string) =>
      html`<div class="check">
        <input id="proactive-${property}-${trigger.draftId}" type="checkbox" name=${controlName(index, property)} .checked=${trigger[property]} />
        <label for="proactive-${property}-${trigger.draftId}">${label}</label>
      </div>`;
    return html`<li data-trigger=${index}>
      <fieldset name=${controlName(index)}>
        <legend>Trigger ${index + 1}</legend>
        <div class="pair">
          ${input('id', 'Id')}
          <label>Once per
            <select name=${controlName(index, 'once')}>
              <option value="visitor" ?selected=${trigger.once === 'visitor'}>visitor</option>
              <option value="session" ?selected=${trigger.once === 'session'}>session</option>
            </select></label>
        </div>
        ${input('message', 'Message')} ${check('open', 'Open the chat instead of showing a bubble')}
        <div class="pair">${input('urlMatches', 'Page URL matches (/pricing*)')} ${input('afterSeconds', 'After seconds on the page', 'number')}</div>
        <div class="pair">${input('rageClicks', 'Rage clicks (3–10)', 'number')} ${input('signal', 'Page signal name')}</div>
        ${check('exitIntent', 'When the visitor is about to leave')}
        <div class="field-actions">
          <button class="link-button" type="button" aria-label="Remove: ${trigger.id}" @click=${() => void this.#remove(index)}>Remove</button>
        </div>
      </fieldset>
    </li>`;
  }

  render() {
    const full = this.triggers.length >= LIMITS.proactiveTriggers;
    return html`<section class="proactive-settings" aria-labelledby="proactive-title">
      <h3 id="proactive-title">Proactive messages</h3>
      <p class="hint">
        Shown by the launcher when every condition given holds (URL and time), at the moment given (leaving, rage clicks, a signal the
        page raises with signal(name)). Evaluated in the visitor's browser; each fires once per visitor or per session.
      </p>
      <form class="proactive-form" @submit=${(event: SubmitEvent) => void this.#save(event)} @input=${(event: Event) => this.#onInput(event)} @change=${(event: Event) => this.#onInput(event)}>
        ${this.triggers.length
          ? html`<ol class="proactive-triggers">${repeat(this.triggers, (trigger) => trigger.draftId, (trigger, index) => this.#renderTrigger(trigger, index))}</ol>`
          : html`<p class="empty">No proactive messages.</p>`}
        <div class="actions">
          <button class="add" type="button" ?disabled=${full} @click=${() => void this.#add()}>Add trigger</button>
          <button class="primary" type="submit">${this.saving ? 'Saving…' : 'Save proactive messages'}</button>
          <p id="proactive-status" class=${this.status?.error ? 'status error' : 'status'} role="status">${this.status?.message ?? ''}</p>
        </div>
      </form>
    </section>`;
  }
}
