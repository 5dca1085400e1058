import type { Logger } from 'pino';
import type { OnlineVisitor } from '../../src/protocol.js';
import type { VisitorClaims } from '../auth/tokens.js';
import type { Services } from '../services/index.js';
import type { LiveSocket } from '../services/live-visitors.js';
import { parse } from '../validation.js';
import { widgetPageSchema } from '../validation-live-visitors.js';
import type { AgentNamespace } from './agent.js';
import { rooms } from './rooms.js';
import type { WidgetNamespace } from './widget.js';

/**
 * What a widget socket holds for the live visitors view (`socket.data.live`), kept small: every
 * idle visitor has one. Times are epoch milliseconds; the visit is filled in once the store said.
 */
export interface LiveData {
  url: string | null;
  title: string | null;
  pageAt: number;
  connectedAt: number;
  visitAt?: number;
  returning?: boolean;
  device: OnlineVisitor['device'];
}

/** How often, at most, agents hear what changed among the visitors on the site. */
export const LIVE_THROTTLE_MS = 1_000;

/**
 * The device class from the user agent, by the rule MDN gives for it: "Mobi" means a phone;
 * a tablet says iPad, Tablet, or Android without "Mobi". Anything else is a desktop.
 */
export function deviceOf(userAgent: string | undefined): OnlineVisitor['device'] {
  if (!userAgent) return 'desktop';
  if (/Mobi/.test(userAgent)) return 'mobile';
  return /iPad|Tablet|Android/.test(userAgent) ? 'tablet' : 'desktop';
}

/** The page a widget reported at connect (`auth.page`; validated: a bad one refuses the connection, naming it). */
export function liveData(page: unknown, userAgent: string | undefined, now = Date.now()): LiveData {
  const { url, title } = page === undefined ? {} : parse(widgetPageSchema, page);
  return { url: url ?? null, title: title || null, pageAt: now, connectedAt: now, device: deviceOf(userAgent) };
}

/**
 * A `page` event (validated by `widgetPageSchema`): the tab moved to another URL of a single-page
 * app. The same URL again (a browser that reports one navigation twice) only updates the title.
 */
export async function pageMoved(services: Services, socket: { data: { visitor: VisitorClaims; live?: LiveData } }, page: { url?: string | undefined; title?: string | undefined }): Promise<null> {
  const { visitor, live } = socket.data;
  const url = page.url ?? null;
  if (live) Object.assign(live, { title: page.title || null, ...(url === live.url ? {} : { url, pageAt: Date.now() }) });
  services.liveVisitors.changed(visitor.visitorId, visitor.channelKey);
  return null;
}

const iso = (ms: number) => new Date(ms).toISOString();

function toLiveSocket(visitor: VisitorClaims, live: LiveData): LiveSocket {
  return {
    visitorId: visitor.visitorId,
    channel: visitor.channelKey,
    page: { url: live.url, title: live.title },
    onPageSince: iso(live.pageAt),
    connectedAt: iso(live.connectedAt),
    visit: live.visitAt === undefined ? null : { startedAt: iso(live.visitAt), returning: live.returning ?? false },
    device: live.device,
  };
}

const VISITOR_ROOM = rooms.visitor('');

/**
 * Live visitors on the realtime side: answers the service's "which widgets are connected" with
 * `fetchSockets()` (every node's sockets, through the adapter), records visits as widgets come
 * and go, and tells agents what changed (`visitor:online`, `visitor:updated`, `visitor:offline`)
 * at most once per `throttleMs` per node. Nothing here is per socket but `socket.data.live`: a
 * leave is heard from the adapter, not from a listener on each socket. Returns the unsubscribe.
 */
export function connectLiveVisitors(services: Services, widget: WidgetNamespace, agents: AgentNamespace, logger: Logger, throttleMs = LIVE_THROTTLE_MS): () => void {
  const { liveVisitors } = services;
  /** Visitors whose widgets changed since the last flush, with their channel. */
  const changed = new Map<string, string>();
  /** Visitors this node told agents are online (and has not said offline since). */
  const announced = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  const flush = async () => {
    timer = null;
    const batch = new Map(changed);
    changed.clear();
    let online: OnlineVisitor[];
    try {
      online = await liveVisitors.describe([...batch.keys()]);
    } catch (error) {
      logger.warn({ err: error }, 'live visitors: could not describe the visitors who changed');
      return;
    }
    const found = new Set(online.map((visitor) => visitor.visitorId));
    for (const visitor of online) {
      agents.to(rooms.agents).emit(announced.has(visitor.visitorId) ? 'visitor:updated' : 'visitor:online', visitor);
      // Remembered while a widget of theirs is on this node; another node speaks for the others.
      if (widget.adapter.rooms.has(rooms.visitor(visitor.visitorId))) announced.add(visitor.visitorId);
      else announced.delete(visitor.visitorId);
    }
    for (const [visitorId, channel] of batch) {
      if (found.has(visitorId)) continue;
      announced.delete(visitorId);
      agents.to(rooms.agents).emit('visitor:offline', { visitorId, channel });
    }
  };
  const touch = (visitorId: string, channel: string) => {
    changed.set(visitorId, channel);
    timer ??= setTimeout(() => void flush(), throttleMs);
  };

  liveVisitors.connect({
    changed: (visitorId, channel) => touch(visitorId, channel),
    async find({ channel, visitorIds }) {
      const sockets = await (visitorIds ? widget.in(visitorIds.map(rooms.visitor)) : widget).fetchSockets();
      return sockets.flatMap(({ data }) =>
        data.live && data.visitor && (channel === undefined || data.visitor.channelKey === channel) ? [toLiveSocket(data.visitor, data.live)] : [],
      );
    },
  });

  const onConnection = (socket: { data: Partial<{ visitor: VisitorClaims; live: LiveData }> }) => {
    const { visitor, live } = socket.data;
    if (!visitor || !live) return;
    liveVisitors
      .arrived(visitor.visitorId, new Date(live.connectedAt))
      .then((visit) => {
        if (visit) Object.assign(live, { visitAt: Date.parse(visit.startedAt), returning: visit.returning });
      })
      .catch((error: unknown) => logger.warn({ err: error }, 'live visitors: visit not recorded'))
      .finally(() => touch(visitor.visitorId, visitor.channelKey));
  };
  // A socket leaves its rooms as it disconnects, while it is still in the namespace.
  const onLeave = (room: string, socketId: string) => {
    if (!room.startsWith(VISITOR_ROOM)) return;
    const visitor = widget.sockets.get(socketId)?.data.visitor;
    if (!visitor) return;
    liveVisitors.left(visitor.visitorId).catch((error: unknown) => logger.warn({ err: error }, 'live visitors: leave not recorded'));
    touch(visitor.visitorId, visitor.channelKey);
  };
  widget.on('connection', onConnection);
  widget.adapter.on('leave-room', onLeave);
  return () => {
    widget.off('connection', onConnection);
    widget.adapter.off('leave-room', onLeave);
    if (timer) clearTimeout(timer);
    liveVisitors.connect(null);
  };
}
