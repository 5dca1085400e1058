import { html, nothing } from 'lit';
import type { ConversationSummary, Page, Team, TeamQueueEvent, TransferRequest } from '../protocol.js';
import type { AgentClient } from './agent-client.js';
import { DeskFeature } from './desk-feature.js';
import type { FeatureContent } from './inbox-client.js';

/**
 * Teams in the inbox (DESIGN.md §12): the list filtered by team, each conversation's team and
 * place in its team's queue (in the list and the conversation's bar, kept current by
 * `team:queue`), and Transfer (`t`) to an agent or a team of the conversation's channel.
 */
export class TeamsDesk extends DeskFeature {
  /** Every team (the agent API lists them all), oldest first. */
  teams: Team[] = [];
  /** The list shows this team's conversations only ('' all). */
  filter = '';
  /** What the last transfer did, or why it failed (read by the transfer dialog's status line). */
  status = '';

  protected override started(api: AgentClient): void {
    this.listen('team:queue', (event) => this.#queued(event));
    void api.request<Page<Team>>('GET', '/teams').then(
      (page) => {
        if (this.api !== api) return;
        this.teams = page.data;
        this.inbox.changed();
      },
      () => {},
    );
  }

  protected override stopped(): void {
    this.teams = [];
    this.filter = '';
    this.status = '';
  }

  selected(): void {
    this.status = '';
  }

  listQuery(): Record<string, string> {
    return this.filter ? { team: this.filter } : {};
  }

  listed(conversation: ConversationSummary): boolean {
    return !this.filter || conversation.teamId === this.filter;
  }

  /** Shows one team's conversations ('' every team's). */
  setFilter(teamId: string): void {
    if (teamId === this.filter) return;
    this.filter = teamId;
    this.inbox.refreshList();
  }

  /** Moves the open conversation; the answer (routed already) replaces it in the list. */
  async transfer(conversation: ConversationSummary, to: TransferRequest): Promise<boolean> {
    const api = this.api;
    if (!api) return false;
    try {
      const moved = await api.request<ConversationSummary>('POST', `/conversations/${encodeURIComponent(conversation.id)}/transfer`, to);
      const agent = moved.assignedAgentId ? this.inbox.team.find((member) => member.id === moved.assignedAgentId)?.name : null;
      this.status = 'teamId' in to ? `Transferred to ${this.teamName(to.teamId)}${agent ? `, assigned to ${agent}` : ''}` : `Transferred to ${agent ?? 'the agent'}`;
      this.inbox.upsert(moved, false);
      return true;
    } catch (error) {
      this.status = (error as Error).message;
      this.inbox.changed();
      return false;
    }
  }

  teamName(teamId: string | null): string {
    return this.teams.find((team) => team.id === teamId)?.name ?? 'a team';
  }

  /** Where it waits: "Billing · 2nd in queue", or the team alone. */
  placeOf(conversation: ConversationSummary): string {
    if (!conversation.teamId) return '';
    const team = this.teamName(conversation.teamId);
    return conversation.queuePosition ? `${team} · #${conversation.queuePosition} in queue` : team;
  }

  listTools(): FeatureContent {
    if (!this.teams.length) return nothing;
    return html`<label class="team-filter">Team
      <select @change=${(event: Event) => this.setFilter((event.target as HTMLSelectElement).value)}>
        <option value="" ?selected=${!this.filter}>All teams</option>
        ${this.teams.map((team) => html`<option value=${team.id} ?selected=${team.id === this.filter}>${team.name}</option>`)}
      </select></label>`;
  }

  rowTools(conversation: ConversationSummary): FeatureContent {
    const place = this.placeOf(conversation);
    return place ? html`<span class="team-place">${place}</span>` : nothing;
  }

  conversationTools(conversation: ConversationSummary): FeatureContent {
    const place = this.placeOf(conversation);
    return html`${place ? html`<span class="team-place">${place}</span>` : nothing}
      ${conversation.status === 'open'
        ? html`<button class="link-button transfer-open" type="button" aria-haspopup="dialog"
            @click=${(event: Event) => (event.target as HTMLElement).closest('.thread-bar')?.querySelector<HTMLDialogElement>('dialog.transfer')?.showModal()}>Transfer</button>
          ${this.#dialog(conversation)}`
        : nothing}`;
  }

  shortcut(action: string, root: ShadowRoot): boolean {
    if (action !== 'transfer') return false;
    // Without an open conversation there is nothing to transfer: the key is still this feature's.
    const dialog = root.querySelector<HTMLDialogElement>('dialog.transfer');
    dialog?.showModal();
    dialog?.querySelector<HTMLButtonElement>('button.transfer-target')?.focus();
    return true;
  }

  #dialog(conversation: ConversationSummary) {
    const teams = this.teams.filter((team) => team.channel === conversation.channelKey && team.id !== conversation.teamId);
    const agents = this.inbox.team.filter((member) => !member.disabled && member.kind === 'human' && member.id !== conversation.assignedAgentId);
    const go = async (event: Event, to: TransferRequest) => {
      const dialog = (event.target as HTMLElement).closest('dialog');
      if (await this.transfer(conversation, to)) dialog?.close();
    };
    return html`<dialog class="transfer" aria-labelledby="transfer-heading">
      <h2 id="transfer-heading">Transfer this conversation</h2>
      <h3>To a team</h3>
      ${teams.length
        ? html`<ul class="transfer-list">${teams.map((team) => html`<li><button class="transfer-target" type="button" @click=${(event: Event) => void go(event, { teamId: team.id })}>
            <span class="name">${team.name}</span><span class="hint">${team.routing === 'round-robin' ? 'next online member with room' : 'waits for an agent to pick it'}</span></button></li>`)}</ul>`
        : html`<p class="transfer-none">No other team in this channel.</p>`}
      <h3>To an agent</h3>
      <ul class="transfer-list">${agents.map((agent) => html`<li><button class="transfer-target" type="button" @click=${(event: Event) => void go(event, { agentId: agent.id })}>
        <span class="name">${agent.name}</span><span class="hint">${agent.email}</span></button></li>`)}</ul>
      <p class="transfer-status" role="status">${this.status}</p>
      <form method="dialog"><button type="submit">Cancel</button></form>
    </dialog>`;
  }

  /** A team's queue moved: each listed conversation of the team shows its new place. */
  #queued(event: TeamQueueEvent): void {
    const places = new Map(event.conversationIds.map((id, index) => [id, index + 1]));
    const known = [...this.inbox.conversations, ...(this.inbox.selected ? [this.inbox.selected] : [])];
    for (const conversation of known) {
      if (conversation.teamId !== event.teamId) continue;
      const queuePosition = places.get(conversation.id) ?? null;
      if (queuePosition !== conversation.queuePosition) this.inbox.upsert({ ...conversation, queuePosition }, false);
    }
  }
}
