import { html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { Agent, Page, Team, TeamInput } from '../protocol.js';
import type { AdminChannel } from './admin-api.js';
import { showFailure, type Status } from './settings-form.js';
import { SettingsSection } from './settings-section.js';

type State = Pick<TeamEditor, 'teams' | 'agents' | 'status' | 'invalid'>;

/** A team form's fields as the API takes them. */
function teamFields(form: HTMLFormElement): Omit<TeamInput, 'channel'> {
  const fields = new FormData(form);
  return {
    name: String(fields.get('name') ?? ''),
    agentIds: fields.getAll('agentIds').map(String),
    routing: fields.has('roundRobin') ? 'round-robin' : 'manual',
    inbound: fields.has('inbound'),
  };
}

/**
 * The teams part of the settings screen: the channel's teams (name, members, round-robin or
 * manual, whether it gets the channel's new conversations), and how many open conversations
 * routing gives each agent (their capacity). A controller, not an element: it renders inside
 * the settings view's shadow root and styles.
 */
export class TeamEditor extends SettingsSection<State> {
  teams: Team[] = [];
  /** People who may be members (bots are never routed to). */
  agents: Agent[] = [];
  status: Status | null = null;
  /** The name of the control the server refused, marked `aria-invalid`. */
  invalid = '';
  #channel = '';

  /** Shows the teams of `channel` and the agents' capacity. */
  async load(channel: string): Promise<void> {
    const load = ++this.loads;
    this.#channel = channel;
    this.set({ teams: [], status: null, invalid: '' });
    try {
      const [teams, agents] = await Promise.all([
        this.api().request<Page<Team>>('GET', `/teams?${new URLSearchParams({ channel })}`),
        this.api().request<Page<Agent>>('GET', '/agents'),
      ]);
      if (load === this.loads) this.set({ teams: teams.data, agents: agents.data.filter((agent) => agent.kind === 'human' && !agent.disabled) });
    } catch (error) {
      if (load === this.loads) void this.#fail(error, null);
    }
  }

  async #add(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const channel = this.#channel;
    this.set({ status: null, invalid: '' });
    try {
      await this.api().request<Team>('POST', '/teams', { ...teamFields(form), channel });
      if (channel !== this.#channel) return;
      form.reset();
      await this.#reload('Team added');
    } catch (error) {
      void this.#fail(error, form);
    }
  }

  async #save(event: SubmitEvent, team: Team): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    this.set({ status: null, invalid: '' });
    try {
      await this.api().request<Team>('PATCH', `/teams/${encodeURIComponent(team.id)}`, teamFields(form));
      await this.#reload(`${team.name} saved`);
    } catch (error) {
      void this.#fail(error, form);
    }
  }

  async #delete(team: Team): Promise<void> {
    this.set({ status: null });
    try {
      await this.api().request('DELETE', `/teams/${encodeURIComponent(team.id)}`);
      this.set({ teams: this.teams.filter((each) => each.id !== team.id), status: { message: `${team.name} deleted`, error: false } });
      this.find<HTMLInputElement>('.team-new input[name="name"]')?.focus();
    } catch (error) {
      void this.#fail(error, null);
    }
  }

  async #saveCapacity(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const fields = new FormData(form);
    this.set({ status: null, invalid: '' });
    try {
      const changed = this.agents.filter((agent) => Number(fields.get(`capacity-${agent.id}`)) !== agent.capacity);
      const saved = await Promise.all(changed.map((agent) => this.api().request<Agent>('PATCH', `/agents/${encodeURIComponent(agent.id)}`, { capacity: Number(fields.get(`capacity-${agent.id}`)) })));
      const byId = new Map(saved.map((agent) => [agent.id, agent]));
      this.set({ agents: this.agents.map((agent) => byId.get(agent.id) ?? agent), status: { message: saved.length ? 'Capacity saved' : 'Nothing changed', error: false } });
    } catch (error) {
      void this.#fail(error, form);
    }
  }

  /** Inbound moves between teams and members change: the list is read again. */
  async #reload(message: string): Promise<void> {
    const channel = this.#channel;
    const teams = await this.api().request<Page<Team>>('GET', `/teams?${new URLSearchParams({ channel })}`);
    if (channel === this.#channel) this.set({ teams: teams.data, status: { message, error: false } });
  }

  #fail(error: unknown, form: HTMLFormElement | null): Promise<void> {
    return showFailure(error, form, this.host, (patch) => this.set(patch));
  }

  #mark(name: string) {
    return this.invalid === name ? { invalid: 'true', describedBy: 'teams-status' } : { invalid: nothing, describedBy: nothing };
  }

  /** The fields of a team's form (an existing team's, or the new one's with `prefix` "new"). */
  #fields(prefix: string, team: Team | null) {
    const name = this.#mark('name');
    return html`<label>Name <input name="name" maxlength="100" required .value=${team?.name ?? ''} aria-invalid=${name.invalid} aria-describedby=${name.describedBy} /></label>
      <fieldset class="members">
        <legend>Members</legend>
        ${this.agents.length
          ? this.agents.map((agent) => html`<label class="member"><input type="checkbox" name="agentIds" value=${agent.id} .checked=${team?.agentIds.includes(agent.id) ?? false} />${agent.name}</label>`)
          : html`<p class="empty">No agents yet.</p>`}
      </fieldset>
      <div class="check">
        <input id="${prefix}-round-robin" type="checkbox" name="roundRobin" .checked=${(team?.routing ?? 'round-robin') === 'round-robin'} aria-describedby="${prefix}-round-robin-hint" />
        <label for="${prefix}-round-robin">Assign automatically (round-robin)</label>
        <p id="${prefix}-round-robin-hint" class="hint">Each waiting conversation goes to the next online member with room; off: agents pick them.</p>
      </div>
      <div class="check">
        <input id="${prefix}-inbound" type="checkbox" name="inbound" .checked=${team?.inbound ?? this.teams.length === 0} aria-describedby="${prefix}-inbound-hint" />
        <label for="${prefix}-inbound">Gets this channel’s new conversations</label>
        <p id="${prefix}-inbound-hint" class="hint">Also the ones an AI agent hands over. One team per channel.</p>
      </div>`;
  }

  render(channel: AdminChannel) {
    return html`<section class="teams" aria-labelledby="teams-title">
      <h3 id="teams-title">Teams</h3>
      <p class="hint">Teams of ${channel.name}. New conversations wait in their team’s queue until a member is online and under their capacity.</p>
      <p id="teams-status" class=${this.status?.error ? 'status error' : 'status'} role="status">${this.status?.message ?? ''}</p>
      <ul class="team-list">
        ${repeat(this.teams, (team) => team.id, (team) => html`<li>
          <form class="team-form" aria-label="Team ${team.name}" @submit=${(event: SubmitEvent) => void this.#save(event, team)}>
            <div class="team-head">
              <h4>${team.name}</h4>
              <span class="team-badges">${team.inbound ? html`<span class="badge">New conversations</span>` : nothing}<span class="badge">${team.routing === 'round-robin' ? 'Round-robin' : 'Manual'}</span></span>
            </div>
            ${this.#fields(team.id, team)}
            <div class="actions">
              <button type="submit">Save team</button>
              <button class="link-button" type="button" aria-label="Delete team ${team.name}" @click=${() => void this.#delete(team)}>Delete</button>
            </div>
          </form>
        </li>`)}
      </ul>
      ${this.teams.length ? nothing : html`<p class="empty">No teams yet: every agent sees every conversation, and nobody is assigned automatically.</p>`}
      <form class="team-form team-new" aria-label="New team" @submit=${(event: SubmitEvent) => void this.#add(event)}>
        <h4>New team</h4>
        ${this.#fields('new', null)}
        <div class="actions"><button class="primary" type="submit">Add team</button></div>
      </form>
      <form class="capacity-form" aria-labelledby="capacity-title" @submit=${(event: SubmitEvent) => void this.#saveCapacity(event)}>
        <h4 id="capacity-title">Capacity</h4>
        <p class="hint">How many open conversations routing gives each agent at most (they may still take more themselves).</p>
        <div class="capacity-list">
          ${this.agents.map((agent) => html`<label>${agent.name}
            <input type="number" name="capacity-${agent.id}" min="0" max="100" required .value=${String(agent.capacity)} /></label>`)}
        </div>
        <div class="actions"><button type="submit">Save capacity</button></div>
      </form>
    </section>`;
  }
}
