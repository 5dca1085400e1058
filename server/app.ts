import compression from 'compression';
import express from 'express';
import helmet from 'helmet';
import { randomUUID } from 'node:crypto';
import { createServer, type Server as HttpServer } from 'node:http';
import { constants as zlibConstants } from 'node:zlib';
import pino, { type Logger } from 'pino';
import { Server } from 'socket.io';
import { LIMITS } from '../src/protocol.js';
import { TokenSigner } from './auth/tokens.js';
import { adminRouter } from './http/admin.js';
import { agentRouter } from './http/agent.js';
import { errorHandler, jsonNotFound } from './http/errors.js';
import { filesRouter } from './http/files.js';
import { healthRouter } from './http/health.js';
import { helpRouter } from './http/help.js';
import { openApiRouter } from './http/openapi.js';
import type { Cluster } from './cluster.js';
import type { AnsweringOptions } from './ai/answering.js';
import type { RoutingOptions } from './services/routing.js';
import type { AiDefaults } from './config.js';
import { RateLimits, type LimitSettings } from './limits/rate-limits.js';
import { demoRouter } from './http/demo.js';
import { pagesRouter } from './http/pages.js';
import { widgetRouter } from './http/widget.js';
import { registerAgentNamespace } from './realtime/agent.js';
import { connectCluster } from './realtime/cluster.js';
import { connectFanout } from './realtime/fanout.js';
import { connectLiveVisitors } from './realtime/live-visitors.js';
// ---- desk: notes
import { connectNoteFanout } from './realtime/notes.js';
import { keepOriginOnly } from './realtime/origin.js';
import { SendingSockets } from './realtime/senders.js';
import { registerWidgetNamespace } from './realtime/widget.js';
import { projectRoot } from './root.js';
import { createServices, type Services } from './services/index.js';
import type { WebhookOptions } from './services/webhooks.js';
import type { Store } from './store/store.js';
import type { FileStorage } from './uploads/storage.js';

export interface AppDeps {
  store: Store;
  /** Where uploaded files live (local disk by default, see server/index.ts). */
  files: FileStorage;
  logger?: Logger;
  /** Shared with other nodes: Socket.IO broadcasts and rate limits (see cluster.ts). Alone without it. */
  cluster?: Cluster | undefined;
}

export interface AppOptions {
  /** Signs visitor and agent tokens; at least 32 characters. */
  sessionSecret: string;
  /** Opens `/api/v1/admin/*` to this bearer token. */
  adminToken?: string | undefined;
  /** Express `trust proxy`: explicit, never guessed. */
  trustProxy?: boolean | number | string;
  /** Where `dist/` and `demo/` live; defaults to the project root. */
  root?: string;
  /** Rate limits: on by default; `false` only for load tests and benchmarks (RATE_LIMITS=off). */
  rateLimits?: boolean | LimitSettings;
  /** The public origin (PUBLIC_URL): file URLs are absolute when set, root-relative otherwise. */
  publicUrl?: string | undefined;
  /** Webhook retry timing (tests shorten it) and whether private targets are allowed. */
  webhooks?: WebhookOptions;
  /** AI agents' default endpoint, key and model (AI_BASE_URL, AI_API_KEY, AI_MODEL) and AI_ALLOW_PRIVATE. */
  ai?: AiDefaults;
  /** The AI answering service's timing (the model's 30 s timeout; tests shorten it). */
  answering?: Partial<AnsweringOptions>;
  /** Routing's presence heartbeat (tests shorten it). */
  routing?: Partial<RoutingOptions>;
}

export interface App {
  app: express.Express;
  io: Server;
  httpServer: HttpServer;
  services: Services;
  /** Closes the sockets and the HTTP server. The store and the cluster belong to the caller. */
  close(): Promise<void>;
}

export function createApp(deps: AppDeps, options: AppOptions): App {
  const logger = deps.logger ?? pino({ level: 'silent' });
  const limits = new RateLimits({
    enabled: options.rateLimits !== false,
    ...(typeof options.rateLimits === 'object' ? { limits: options.rateLimits } : {}),
    limiter: deps.cluster?.limiter,
  });
  const services = createServices({
    store: deps.store,
    storage: deps.files,
    signer: new TokenSigner(options.sessionSecret),
    limits,
    files: { secret: options.sessionSecret, publicUrl: options.publicUrl },
    logger,
    webhooks: options.webhooks,
    sessionSecret: options.sessionSecret,
    ai: options.ai,
    answering: options.answering,
    routing: options.routing,
  });
  services.webhooks.start(services.events);
  const stopAnswering = services.answering.start();
  const stopRouting = services.routing.start();

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy ?? false);
  app.use(
    helmet({
      // The widget script and its builds are embedded by other sites.
      crossOriginResourcePolicy: { policy: 'cross-origin' },
      contentSecurityPolicy: {
        directives: {
          'connect-src': ["'self'", 'ws:', 'wss:'],
          'img-src': ["'self'", 'data:', 'blob:', 'https:'],
          'upgrade-insecure-requests': null,
        },
      },
    }),
  );
  app.use((req, res, next) => {
    const requestId = randomUUID();
    res.locals.requestId = requestId;
    res.set('X-Request-Id', requestId);
    req.socket.setNoDelay(true);
    next();
  });
  // Scripts, pages and JSON go out brotli or gzip, as the client accepts (a CDN in front may do it
  // instead). Uploaded files are marked `no-transform` and go out as stored; Socket.IO's requests
  // never reach Express, and a long-poll answers with one res.json, which ends the stream at once.
  // Brotli at quality 5: the library's 4 came out larger than gzip on the widget's scripts
  // (46.7 against 45.3 KB for an open chat), 5 is smaller (43.9 KB) for about the same time.
  app.use(compression({ brotli: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } } }));
  app.use(express.json({ limit: '64kb' }));

  app.use('/api/v1/widget', widgetRouter(services));
  app.use('/api/v1/agent', agentRouter(services));
  app.use('/api/v1/admin', adminRouter(services, options.adminToken));
  app.use('/api/v1', openApiRouter());
  app.use('/api/v1', healthRouter(services));
  app.use('/files', filesRouter(services));
  app.use('/api', jsonNotFound);
  app.use(demoRouter(services));
  app.use(helpRouter(services, { publicUrl: options.publicUrl }));
  app.use(pagesRouter(options.root ?? projectRoot(), (key) => services.channels.find(key)));
  app.use(jsonNotFound);
  app.use(errorHandler(logger));

  const httpServer = createServer(app);
  const io = new Server(httpServer, {
    maxHttpBufferSize: LIMITS.socketFrameBytes,
    // Origins are checked per channel in the /widget handshake; the transport layer admits all.
    cors: { origin: true },
    perMessageDeflate: false,
    serveClient: false,
    ...(deps.cluster ? { adapter: deps.cluster.adapter } : {}),
  });
  keepOriginOnly(io);
  // The socket sending a message has it in its ack: the fan-out leaves it out.
  const sending = new SendingSockets();
  const widget = registerWidgetNamespace(io, services, logger, sending);
  const agents = registerAgentNamespace(io, services, logger, sending);
  const disconnectFanout = connectFanout(services, widget, agents, { clustered: Boolean(deps.cluster), sending });
  const disconnectLiveVisitors = connectLiveVisitors(services, widget, agents, logger);
  // ---- desk: notes
  const disconnectNotes = connectNoteFanout(services, agents);
  const disconnectCluster = connectCluster(services, widget, agents, {
    clustered: Boolean(deps.cluster),
    onStoreReconnect: deps.store.onReconnect?.bind(deps.store),
  });

  return {
    app,
    io,
    httpServer,
    services,
    close: () =>
      new Promise<void>((resolve) => {
        disconnectFanout();
        disconnectLiveVisitors();
        disconnectNotes();
        disconnectCluster();
        services.webhooks.stop();
        stopAnswering();
        stopRouting();
        io.close(() => resolve());
        httpServer.closeAllConnections();
      }),
  };
}
