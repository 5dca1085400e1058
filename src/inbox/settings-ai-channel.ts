import { html, nothing, type ReactiveControllerHost } from 'lit';
import { live } from 'lit/directives/live.js';
import type { AiAgent, ChannelSettings } from '../protocol.js';
import type { AdminApi, AdminChannel } from './admin-api.js';
import { showFailure, type Status } from './settings-form.js';
import { SettingsSection } from './settings-section.js';

/**
 * Which AI agent answers a channel's new conversations first, and which others a page may pick
 * with the widget's `agent` option (`settings.ai`), saved on their own like the pre-chat form.
 * The agents themselves are edited by `AiAgentEditor`, which `agents` reads.
 */
export class AiChannelEditor extends SettingsSection<Pick<AiChannelEditor, 'agentId' | 'allowed' | 'status' | 'invalid' | 'saving'>> {
  readonly #agents: () => AiAgent[];
  readonly #saved: (channel: AdminChannel) => void;
  #channel = '';
  agentId = '';
  allowed = new Set<string>();
  status: Status | null = null;
  invalid = '';
  saving = false;

  constructor(host: ReactiveControllerHost & HTMLElement, api: () => AdminApi, agents: () => AiAgent[], saved: (channel: AdminChannel) => void) {
    super(host, api);
    this.#agents = agents;
    this.#saved = saved;
  }

  override hostDisconnected(): void {
    this.#channel = '';
  }

  /** Shows the saved choice of `channel` (unsaved edits of the previous channel are dropped). */
  load(channel: AdminChannel): void {
    this.#channel = channel.key;
    const ai = channel.settings.ai;
    this.set({ agentId: ai?.agentId ?? '', allowed: new Set(ai?.allowed ?? []), status: null, invalid: '' });
  }

  #onInput(event: Event): void {
    const control = event.target as HTMLInputElement | HTMLSelectElement;
    if (control.name === 'settings.ai.agentId') this.set({ agentId: control.value });
    if (control instanceof HTMLInputElement && control.name === 'settings.ai.allowed') {
      const allowed = new Set(this.allowed);
      if (control.checked) allowed.add(control.value);
      else allowed.delete(control.value);
      this.set({ allowed });
    }
    if ([control.name, control.closest('fieldset')?.name].includes(this.invalid)) this.set({ invalid: '' });
  }

  async #save(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const channel = this.#channel;
    if (!channel || this.saving) return;
    // Only agents that still exist: one deleted meanwhile is dropped rather than refused.
    const known = new Set(this.#agents().map((agent) => agent.id));
    const allowed = [...this.allowed].filter((id) => known.has(id) && id !== this.agentId);
    const ai: ChannelSettings['ai'] = this.agentId || allowed.length ? { agentId: this.agentId || null, allowed } : null;
    const form = this.find<HTMLFormElement>('.ai-channel-form');
    this.set({ saving: true, status: null, invalid: '' });
    try {
      const saved = await this.api().updateChannel(channel, { settings: { ai } });
      this.#saved(saved);
      if (channel === this.#channel) this.load(saved);
      const name = this.#agents().find((agent) => agent.id === ai?.agentId)?.name;
      if (channel === this.#channel) this.set({ status: { message: name ? `Saved: ${name} answers first` : 'Saved: the team answers first', error: false } });
    } catch (error) {
      if (channel === this.#channel) void showFailure(error, form, this.host, (patch) => this.set(patch));
    } finally {
      this.set({ saving: false });
    }
  }

  #mark(name: string) {
    return this.invalid === name ? { invalid: 'true', describedBy: 'ai-channel-status' } : { invalid: nothing, describedBy: nothing };
  }

  render(channel: AdminChannel) {
    const agents = this.#agents();
    const first = this.#mark('settings.ai.agentId');
    const allowed = this.#mark('settings.ai.allowed');
    const others = agents.filter((agent) => agent.id !== this.agentId);
    return html`<section class="ai-channel" aria-labelledby="ai-channel-title">
      <h3 id="ai-channel-title">AI on this channel</h3>
      <form class="ai-channel-form" @submit=${(event: SubmitEvent) => void this.#save(event)} @change=${(event: Event) => this.#onInput(event)}>
        <label>Answers new conversations first
          <select name="settings.ai.agentId" aria-invalid=${first.invalid} aria-describedby=${first.describedBy}>
            <option value="" ?selected=${!this.agentId}>Nobody: the team answers</option>
            ${agents.map((agent) => html`<option value=${agent.id} ?selected=${agent.id === this.agentId}>${agent.name}</option>`)}
          </select></label>
        ${agents.length ? nothing : html`<p class="hint">Create an AI agent below first.</p>`}
        ${others.length
          ? html`<fieldset name="settings.ai.allowed" aria-invalid=${allowed.invalid} aria-describedby="ai-allowed-hint ${allowed.describedBy === nothing ? '' : allowed.describedBy}">
              <legend>Pages may also pick</legend>
              <p class="hint" id="ai-allowed-hint">With the widget's agent option (agent="ID") on ${channel.name}'s pages.</p>
              ${others.map((agent) => html`<label class="inline"><input type="checkbox" name="settings.ai.allowed" value=${agent.id}
                .checked=${live(this.allowed.has(agent.id))} /> ${agent.name} <code>${agent.id}</code></label>`)}
            </fieldset>`
          : nothing}
        <div class="actions">
          <button class="primary" type="submit">${this.saving ? 'Saving…' : 'Save AI choice'}</button>
          <p id="ai-channel-status" class=${this.status?.error ? 'status error' : 'status'} role="status">${this.status?.message ?? ''}</p>
        </div>
      </form>
    </section>`;
  }
}
