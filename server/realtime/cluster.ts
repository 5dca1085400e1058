import { randomUUID } from 'node:crypto';
import type { ToolOutcome } from '../../src/protocol.js';
import type { Services } from '../services/index.js';
import { rooms } from './rooms.js';
import type { AgentNamespace } from './agent.js';
import type { WidgetNamespace } from './widget.js';

/** What the nodes of a cluster tell each other (Socket.IO `serverSideEmit` on `/widget`). */
export interface NodeEvents {
  /** Whether this node has an agent connected; repeated every few seconds while it has. */
  presence: (nodeId: string, online: boolean) => void;
  /** Messages were stored for these visitors: wake their long-polls on every node. */
  'visitor:message': (visitorIds: string[]) => void;
  /** A page answered a call; the node that waits for it acks `true`. */
  'tool:answer': (visitorId: string, callId: string, outcome: ToolOutcome, ack: (held: boolean) => void) => void;
}

/** Visitor ids per wake notice: well inside PostgreSQL's 8,000-byte NOTIFY payload. */
const WAKE_BATCH = 200;

export interface ClusterOptions {
  /** Several nodes share an adapter; false: this node is alone and keeps everything local. */
  clustered: boolean;
  /** The store's "the database is back" signal (store.onReconnect), when it has one. */
  onStoreReconnect?: ((listener: () => void) => () => void) | undefined;
  /** How often a node with agents says so; a node silent for 3 of these is taken as away. */
  presenceIntervalMs?: number;
}

/**
 * The parts of the realtime layer that cross nodes: page-tool calls and their answers,
 * whether any agent is online, and long-polls waiting on a node the message never touched.
 * Broadcasts to rooms need nothing here: the adapter carries them. Returns the unsubscribe.
 */
/**
 * After the database came back, how long to wait before telling this node's clients to
 * resync: the Postgres adapter re-listens 1–3 s after it lost its connection.
 */
const RESYNC_AFTER_MS = 4_000;

export function connectCluster(services: Services, widget: WidgetNamespace, agents: AgentNamespace, options: ClusterOptions): () => void {
  const { presence, tools, events } = services;
  const nodeId = randomUUID();
  const interval = options.presenceIntervalMs ?? 5_000;

  tools.connect({
    async reach(call, visitorId) {
      const room = rooms.visitor(visitorId);
      // A widget on this node answers at once; only otherwise ask the other nodes. A node that
      // has just died makes that question time out: then send anyway and let the call time out.
      const here = Boolean(widget.adapter.rooms.get(room)?.size);
      const found = here || (options.clustered && (await widget.in(room).fetchSockets().then((sockets) => sockets.length > 0, () => true)));
      if (!found) return false;
      // Never send a call its caller has stopped waiting for (it may have side effects).
      if (tools.isPending(call.callId)) widget.to(room).emit('tool:execute', call);
      return true;
    },
    forward: (visitorId, callId, outcome) =>
      options.clustered
        ? new Promise<boolean>((resolve) => {
            // Every other node answers; one that is down makes this wait for the adapter's timeout.
            widget.serverSideEmit('tool:answer', visitorId, callId, outcome, (_error: Error | null, held: boolean[]) => resolve(held.includes(true)));
          })
        : Promise.resolve(false),
  });
  if (!options.clustered) return () => tools.connect(null);

  const onAnswer: NodeEvents['tool:answer'] = (visitorId, callId, outcome, ack) => ack(tools.settle(visitorId, callId, outcome));
  const onWake: NodeEvents['visitor:message'] = (visitorIds) => {
    for (const visitorId of visitorIds) events.emit('visitor:wake', visitorId);
  };
  const onPresence: NodeEvents['presence'] = (otherNode, online) => presence.nodeReported(otherNode, online);
  widget.on('tool:answer', onAnswer);
  widget.on('visitor:message', onWake);
  widget.on('presence', onPresence);

  // One notice per turn of the event loop for every visitor who got messages in it (a group
  // commit stores many at once): a broadcast costs the adapter a round trip.
  let woken: Set<string> | null = null;
  const onMessage = (_message: unknown, conversation: { visitorId: string }) => {
    if (!woken) {
      woken = new Set();
      setImmediate(() => {
        const visitorIds = [...woken!];
        woken = null;
        for (let start = 0; start < visitorIds.length; start += WAKE_BATCH) widget.serverSideEmit('visitor:message', visitorIds.slice(start, start + WAKE_BATCH));
      });
    }
    woken.add(conversation.visitorId);
  };
  events.on('message:created', onMessage);
  const tell = (online: boolean) => widget.serverSideEmit('presence', nodeId, online);
  const stopTelling = presence.onLocalChange(tell);
  // Broadcasts sent while the database was away reached no other node: every client of this
  // node fetches what it may have missed (the widget from its last seq, the inbox its lists).
  let resyncTimer: NodeJS.Timeout | null = null;
  const stopResync = options.onStoreReconnect?.(() => {
    if (resyncTimer) clearTimeout(resyncTimer);
    resyncTimer = setTimeout(() => {
      widget.local.emit('resync');
      agents.local.emit('resync');
    }, RESYNC_AFTER_MS);
  });
  const timer = setInterval(() => {
    if (presence.local) tell(true);
    presence.forgetSilentNodes(interval * 3);
  }, interval);
  timer.unref();

  return () => {
    stopResync?.();
    if (resyncTimer) clearTimeout(resyncTimer);
    widget.off('tool:answer', onAnswer);
    widget.off('visitor:message', onWake);
    widget.off('presence', onPresence);
    clearInterval(timer);
    stopTelling();
    events.off('message:created', onMessage);
    if (presence.local) tell(false);
    tools.connect(null);
  };
}
