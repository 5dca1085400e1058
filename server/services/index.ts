import { DemoBlocks } from './demo-blocks.js';
import type { TokenSigner } from '../auth/tokens.js';
import type { RateLimits } from '../limits/rate-limits.js';
import { answeringService, type AnsweringOptions, type AnsweringService } from '../ai/index.js';
import type { Store } from '../store/store.js';
import type { FileStorage } from '../uploads/storage.js';
import { SecretBox } from '../auth/sealed.js';
import type { AiDefaults } from '../config.js';
import { AgentService } from './agents.js';
import { ArticleService } from './articles.js';
import { AiAgentService } from './ai-agents.js';
import { ChannelService } from './channels.js';
import { ConversationService } from './conversations.js';
import { createEventBus, type ChatEventBus } from './events.js';
import { FileService, type FileOptions } from './files.js';
import { feedbackOperation, type Feedback } from './feedback.js';
import { handoffOperation, type Handoff } from './handoff.js';
import { healthCheck, type HealthCheck } from './health.js';
import { IdempotencyService } from './idempotency.js';
import { IdentityService } from './identity.js';
import { LiveVisitorService } from './live-visitors.js';
import { joinOperation, type JoinVisitor } from './join.js';
import { Presence } from './presence.js';
import { ConversationPublisher } from './publisher.js';
import { VisitorConversationService } from './visitor-conversations.js';
import { WebhookService, type WebhookOptions } from './webhooks.js';
import { ToolService } from './tools.js';
import { CannedReplyService } from './canned.js';
import { LabelService } from './labels.js';
import { SearchService } from './search.js';
import type { Logger } from 'pino';
// ---- desk: notes
import { NoteService } from './notes.js';
// ---- desk: reports
import { ReportService } from './reports.js';
import { Routing, type RoutingOptions } from './routing.js';
import { TeamService } from './teams.js';

/** Every domain service, built once per app and shared by REST and Socket.IO. */
export interface Services {
  events: ChatEventBus;
  presence: Presence;
  channels: ChannelService;
  /** Help articles: admin CRUD, and search, reading and quick help for visitors (§11). */
  articles: ArticleService;
  identity: IdentityService;
  /** The team's side of conversations. */
  conversations: ConversationService;
  /** The visitor's side: their conversations, messages, receipts, closing and rating. */
  visitorConversations: VisitorConversationService;
  /** A visitor joins (the socket's `session:joined`, REST's `GET /join`). */
  join: JoinVisitor;
  files: FileService;
  agents: AgentService;
  /** AI agents (admin CRUD) and the endpoint each calls. */
  aiAgents: AiAgentService;
  /** An AI conversation goes to the team: one function for REST, the socket, the agent API and the model. */
  handoff: Handoff;
  /** The visitor's helpful yes/no under an AI answer. */
  feedback: Feedback;
  webhooks: WebhookService;
  tools: ToolService;
  /** AI agents answer the conversations they handle (`start()` once the app is up). */
  answering: AnsweringService;
  idempotency: IdempotencyService;
  limits: RateLimits;
  health: HealthCheck;
  /** The demo page's bot, which shows every kind of block. */
  demoBlocks: DemoBlocks;
  // ---- desk: notes
  /** Private notes: the team's only, never a visitor's (§12). */
  notes: NoteService;
  // ---- desk: canned replies and labels
  canned: CannedReplyService;
  labels: LabelService;
  // ---- desk: reports
  /** Reports per channel and period: JSON and CSV (§12). */
  reports: ReportService;
  /** Who is on the site now, and agents starting conversations with them (§12). */
  liveVisitors: LiveVisitorService;
  // ---- desk: teams
  /** Teams (admin CRUD, the agents' list) and transfers to an agent or a team. */
  teams: TeamService;
  /** Who is online (per node, in the store) and round-robin routing of the teams' queues (`start()` once the app is up). */
  routing: Routing;
  /** The agents' search across messages, visitors and ids (issue 22 item 4). */
  search: SearchService;
}

export interface ServiceDeps {
  store: Store;
  storage: FileStorage;
  signer: TokenSigner;
  limits: RateLimits;
  files: FileOptions;
  logger: Logger;
  webhooks?: WebhookOptions | undefined;
  /** Seals AI agents' keys at rest (derived from the session secret). */
  sessionSecret: string;
  ai?: AiDefaults | undefined;
  /** The AI answering service's timing (tests shorten the model's timeout). */
  answering?: Partial<AnsweringOptions> | undefined;
  /** Routing's heartbeat (tests shorten it). */
  routing?: Partial<RoutingOptions> | undefined;
}

const NO_AI_DEFAULTS: AiDefaults = { baseUrl: undefined, apiKey: undefined, model: undefined, allowPrivate: false };

export function createServices({ store, storage, signer, limits, files: fileOptions, logger, webhooks, sessionSecret, ai, answering, routing: routingOptions }: ServiceDeps): Services {
  const events = createEventBus();
  const presence = new Presence();
  const files = new FileService(store, storage, limits, fileOptions);
  const channels = new ChannelService(store, presence);
  const publisher = new ConversationPublisher(store, events, files);
  const conversations = new ConversationService(store, events, files, publisher);
  const visitorConversations = new VisitorConversationService(store, events, limits, files, publisher, channels);
  const aiAgents = new AiAgentService(store, new SecretBox(sessionSecret, 'ai-agent-keys'), ai ?? NO_AI_DEFAULTS);
  const handoff = handoffOperation(store, events, publisher, visitorConversations);
  const tools = new ToolService(store, events);
  const agents = new AgentService(store, signer, events);
  const routing = new Routing(store, events, publisher, logger, routingOptions);
  return {
    events,
    presence,
    channels,
    articles: new ArticleService(store, channels),
    identity: new IdentityService(store, channels, signer, events, limits),
    conversations,
    visitorConversations,
    join: joinOperation(channels, visitorConversations),
    files,
    agents,
    aiAgents,
    handoff,
    feedback: feedbackOperation(store, publisher, visitorConversations),
    webhooks: new WebhookService(store, logger, webhooks),
    tools,
    answering: answeringService({ store, events, tools, aiAgents, handoff, logger }, answering),
    idempotency: new IdempotencyService(store),
    limits,
    health: healthCheck(store),
    demoBlocks: new DemoBlocks(store, agents, conversations, limits),
    // ---- desk: notes
    notes: new NoteService(store, events, conversations),
    // ---- desk: canned replies and labels
    canned: new CannedReplyService(store),
    labels: new LabelService(store, publisher, events),
    // ---- desk: reports
    reports: new ReportService(store, channels),
    liveVisitors: new LiveVisitorService(store, limits, files, publisher),
    teams: new TeamService(store, channels, publisher, files, handoff, routing),
    routing,
    search: new SearchService(store),
  };
}
