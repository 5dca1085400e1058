import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { ConversationSummary } from '../../src/protocol.js';
import type { Store } from '../store/store.js';
import type { ChatEventBus } from './events.js';
import type { ConversationPublisher } from './publisher.js';

export interface RoutingOptions {
  /** How often this node tells the store which agents it has (an agent unheard for 3 of these is offline). */
  heartbeatMs: number;
}

const DEFAULTS: RoutingOptions = { heartbeatMs: 10_000 };

/**
 * Round-robin routing of teams' queues (DESIGN.md §12). Which agents are online is kept in the
 * store, per node, refreshed by a heartbeat, so every node sees agents connected to any other;
 * the assignments themselves are made by the store, atomically per team (`routeQueue`).
 *
 * A pass over every team with a queue runs whenever something may let a conversation move: a
 * conversation opened, handed off, closed, (re)assigned or transferred; an agent came online;
 * an admin changed a team or an agent's capacity; and on every heartbeat, which also catches
 * what another node changed. Passes on one node run one after the other; passes on two nodes
 * are kept apart by the store.
 */
export class Routing {
  /** This process, as the store's presence rows name it. */
  readonly nodeId = randomUUID();
  readonly #store: Store;
  readonly #events: ChatEventBus;
  readonly #publisher: ConversationPublisher;
  readonly #logger: Logger;
  readonly #options: RoutingOptions;
  /** Sockets per agent on this node. */
  readonly #local = new Map<string, number>();
  /** Each team's queue as this node last told it (to tell only changes). */
  readonly #told = new Map<string, string>();
  /** Conversations this node is announcing as routed (their `conversation:updated` asks for no pass). */
  readonly #announcing = new Set<string>();
  /** Presence writes and passes, in order. */
  #work: Promise<void> = Promise.resolve();
  #passQueued = false;
  #stopped = true;

  constructor(store: Store, events: ChatEventBus, publisher: ConversationPublisher, logger: Logger, options: Partial<RoutingOptions> = {}) {
    this.#store = store;
    this.#events = events;
    this.#publisher = publisher;
    this.#logger = logger;
    this.#options = { ...DEFAULTS, ...options };
  }

  /** Listens and beats; returns the stop, which also tells the store this node has no agents. */
  start(): () => void {
    this.#stopped = false;
    const onConversation = (summary: ConversationSummary) => {
      if (this.#announcing.has(summary.id)) return;
      if (summary.teamId !== null || summary.assignedAgentId !== null) this.kick();
    };
    const kick = () => this.kick();
    this.#events.on('conversation:created', onConversation);
    this.#events.on('conversation:updated', onConversation);
    this.#events.on('agent:updated', kick);
    const timer = setInterval(() => {
      this.#enqueue(() => this.#store.refreshPresence(this.nodeId, [...this.#local.keys()], new Date().toISOString()));
      this.kick();
    }, this.#options.heartbeatMs);
    timer.unref();
    return () => {
      this.#stopped = true;
      clearInterval(timer);
      this.#events.off('conversation:created', onConversation);
      this.#events.off('conversation:updated', onConversation);
      this.#events.off('agent:updated', kick);
      this.#local.clear();
      void this.#store.refreshPresence(this.nodeId, [], new Date().toISOString()).catch(() => {});
    };
  }

  /** An agent's socket connected to this node: the first one makes them online, and their teams' queues may move. */
  agentConnected(agentId: string): void {
    if (this.#stopped) return;
    const sockets = (this.#local.get(agentId) ?? 0) + 1;
    this.#local.set(agentId, sockets);
    if (sockets > 1) return;
    this.#enqueue(() => this.#store.setAgentPresence(this.nodeId, agentId, true, new Date().toISOString()));
    this.kick();
  }

  agentDisconnected(agentId: string): void {
    if (this.#stopped) return;
    const sockets = (this.#local.get(agentId) ?? 1) - 1;
    if (sockets > 0) return void this.#local.set(agentId, sockets);
    this.#local.delete(agentId);
    this.#enqueue(() => this.#store.setAgentPresence(this.nodeId, agentId, false, new Date().toISOString()));
  }

  /** Asks for a pass over every team with a queue (one more after the running one, however often asked). */
  kick(): void {
    if (this.#passQueued || this.#stopped) return;
    this.#passQueued = true;
    this.#enqueue(async () => {
      this.#passQueued = false;
      const since = this.#onlineSince();
      const told = [...this.#told].filter(([, queue]) => queue !== '').map(([teamId]) => teamId);
      for (const teamId of new Set([...(await this.#store.queuedTeamIds()), ...told])) await this.#route(teamId, since);
    });
  }

  /** Routes one team's queue now (a transfer answers once its conversation had its chance). */
  routeTeam(teamId: string): Promise<void> {
    return this.#enqueue(() => this.#route(teamId, this.#onlineSince()));
  }

  /** Resolves when the work asked for so far is done. */
  idle(): Promise<void> {
    return this.#work;
  }

  async #route(teamId: string, since: string): Promise<void> {
    const outcome = await this.#store.routeQueue(teamId, since);
    for (const { conversationId } of outcome.assigned) {
      this.#announcing.add(conversationId);
      try {
        await this.#publisher.announce(conversationId);
      } finally {
        this.#announcing.delete(conversationId);
      }
    }
    const queue = outcome.queue.join(' ');
    if (this.#told.get(teamId) === queue && outcome.assigned.length === 0) return;
    this.#told.set(teamId, queue);
    this.#events.emit('team:queue', { teamId, conversationIds: outcome.queue });
  }

  #onlineSince(): string {
    return new Date(Date.now() - 3 * this.#options.heartbeatMs).toISOString();
  }

  #enqueue(work: () => Promise<void>): Promise<void> {
    const run = this.#work.then(() => (this.#stopped ? undefined : work()));
    this.#work = run.catch((error: unknown) => this.#logger.error({ err: error }, 'routing failed'));
    return this.#work;
  }
}
