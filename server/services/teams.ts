import type { ConversationSummary, Team, TeamInput, TransferRequest } from '../../src/protocol.js';
import { notFound, ServiceError } from '../errors.js';
import { ConversationClosed, type Store } from '../store/store.js';
import type { ChannelService } from './channels.js';
import type { FileService } from './files.js';
import type { Handoff } from './handoff.js';
import { closedConflict, type ConversationPublisher } from './publisher.js';
import type { Routing } from './routing.js';

export type TeamChanges = Partial<Omit<TeamInput, 'channel'>>;

/**
 * Teams (admins build them; agents list them to transfer) and transfers. A change that may let a
 * queued conversation move asks `Routing` for a pass.
 */
export class TeamService {
  readonly #store: Store;
  readonly #channels: ChannelService;
  readonly #publisher: ConversationPublisher;
  readonly #files: FileService;
  readonly #handoff: Handoff;
  readonly #routing: Routing;

  constructor(store: Store, channels: ChannelService, publisher: ConversationPublisher, files: FileService, handoff: Handoff, routing: Routing) {
    this.#store = store;
    this.#channels = channels;
    this.#publisher = publisher;
    this.#files = files;
    this.#handoff = handoff;
    this.#routing = routing;
  }

  /** Oldest first; one channel's when `channel` is given. */
  async list(channel?: string): Promise<Team[]> {
    if (channel === undefined) return this.#store.listTeams();
    return this.#store.listTeams((await this.#channels.get(channel)).id);
  }

  async get(id: string): Promise<Team> {
    const team = await this.#store.getTeam(id);
    if (!team) throw notFound('team');
    return team;
  }

  async create(input: TeamInput): Promise<Team> {
    const channel = await this.#channels.find(input.channel);
    if (!channel) throw new ServiceError('invalid_request', 'no such channel', { param: 'channel' });
    const agentIds = await this.#members(input.agentIds ?? []);
    const team = await this.#store.createTeam({ channelId: channel.id, name: input.name, routing: input.routing ?? 'round-robin', inbound: input.inbound ?? false, agentIds });
    this.#routing.kick();
    return team;
  }

  async update(id: string, changes: TeamChanges): Promise<Team> {
    const patch = { ...changes, ...(changes.agentIds ? { agentIds: await this.#members(changes.agentIds) } : {}) };
    const team = await this.#store.updateTeam(id, patch);
    if (!team) throw notFound('team');
    this.#routing.kick();
    return team;
  }

  /** The team's conversations stay where they are, with no team. */
  async remove(id: string): Promise<void> {
    if (!(await this.#store.deleteTeam(id))) throw notFound('team');
  }

  /**
   * To an agent: assigned to them at once (whatever their load: a person chose it), team kept.
   * To a team of the conversation's channel: unassigned, at the back of the team's queue, and
   * routed before this answers. An AI conversation is handed off first. Agents hear
   * `conversation:updated`; the visitor sees only the assignee change, as with `assign`.
   */
  async transfer(conversationId: string, request: TransferRequest): Promise<ConversationSummary> {
    const conversation = await this.#store.getConversation(conversationId);
    if (!conversation) throw notFound('conversation');
    if (conversation.status !== 'open') throw closedConflict();
    if ('teamId' in request) {
      const team = await this.#store.getTeam(request.teamId);
      if (!team) throw new ServiceError('invalid_request', 'no such team', { param: 'teamId' });
      if (team.channel !== conversation.channelKey) throw new ServiceError('invalid_request', "the team is not one of the conversation's channel", { param: 'teamId' });
    } else {
      const agent = await this.#store.getAgent(request.agentId);
      if (!agent || agent.disabled) throw new ServiceError('invalid_request', 'no such agent', { param: 'agentId' });
    }
    if (conversation.handledBy === 'ai') await this.#handoff({ conversationId, reason: 'agent' });
    try {
      await this.#store.transferConversation(conversationId, request);
    } catch (error) {
      throw error instanceof ConversationClosed ? closedConflict() : error;
    }
    await this.#publisher.announce(conversationId);
    if ('teamId' in request) await this.#routing.routeTeam(request.teamId);
    else this.#routing.kick();
    const summary = await this.#store.getConversationSummary(conversationId);
    if (!summary) throw notFound('conversation');
    return this.#files.presentSummary(summary);
  }

  /** Members must be people (bots are never routed to); each id once. */
  async #members(agentIds: string[]): Promise<string[]> {
    for (const [index, agentId] of agentIds.entries()) {
      const agent = await this.#store.getAgent(agentId);
      if (!agent) throw new ServiceError('invalid_request', 'no such agent', { param: `agentIds.${index}` });
      if (agent.kind === 'bot') throw new ServiceError('invalid_request', 'a bot cannot be a team member', { param: `agentIds.${index}` });
    }
    return [...new Set(agentIds)];
  }
}
