import type { AdminArticle, AiAgent, AiAgentInput, ArticleNode, ChannelSettings, CreateArticleRequest, Page, PreChatForm, Webhook, WebhookDelivery, WebhookEventType, UpdateArticleRequest } from '../protocol.js';
import { requestJson } from '../transport/api.js';

/** The channel settings the settings screen edits (the server keeps more: hours, uploads, links). */
export interface AdminChannelSettings {
  primaryColor: string;
  headerTitle: string;
  headerSubtitle: string;
  greeting: string;
  offlineMessage: string;
  anonymous: boolean;
  hmac: boolean;
  assertion: boolean;
  direct: boolean;
}

/** The pre-chat form: edited and saved on its own, not through the channel form's draft. */
export interface PreChatSetting {
  preChat?: PreChatForm | null;
  /** The AI agent that answers first and the others a page may pick: edited on its own too. */
  ai?: ChannelSettings['ai'];
  /** Proactive messages: edited on their own too. */
  proactive?: ChannelSettings['proactive'];
}

/** A channel as `GET /api/v1/admin/channels` lists it. */
export interface AdminChannel {
  id: string;
  key: string;
  name: string;
  /** Exact origins allowed to embed the widget; empty = any. */
  allowedOrigins: string[];
  settings: AdminChannelSettings & PreChatSetting;
  createdAt: string;
}

/** `PATCH /api/v1/admin/channels/:key`: settings are merged into the stored ones. */
export interface ChannelPatch {
  name?: string;
  allowedOrigins?: string[];
  settings?: Partial<AdminChannelSettings> & PreChatSetting;
}

/** A suggested question with the answer a bot gives to it. */
export interface AdminFaq {
  id: string;
  question: string;
  answer: string;
  position: number;
}

/** `POST /api/v1/admin/webhooks`: `channel` null = every channel's events. */
export interface WebhookInput {
  url: string;
  events: WebhookEventType[];
  channel: string | null;
}

/**
 * The part of the admin API (`/api/v1/admin`) the inbox's settings screen uses. Open to an
 * admin agent's bearer token; a failure throws the server's `SupportChatError`.
 */
export class AdminApi {
  readonly #base: string;
  readonly #token: string;
  readonly #signal: AbortSignal | undefined;

  constructor(server: string, token: string, signal?: AbortSignal) {
    this.#base = `${server}/api/v1/admin`;
    this.#token = token;
    this.#signal = signal;
  }

  channels(): Promise<Page<AdminChannel>> {
    return this.#request('GET', '/channels');
  }

  updateChannel(key: string, patch: ChannelPatch): Promise<AdminChannel> {
    return this.#request('PATCH', `/channels/${encodeURIComponent(key)}`, patch);
  }

  faqs(key: string): Promise<Page<AdminFaq>> {
    return this.#request('GET', `/channels/${encodeURIComponent(key)}/faqs`);
  }

  addFaq(key: string, faq: { question: string; answer: string }): Promise<AdminFaq> {
    return this.#request('POST', `/channels/${encodeURIComponent(key)}/faqs`, faq);
  }

  async deleteFaq(key: string, id: string): Promise<void> {
    await this.#request('DELETE', `/channels/${encodeURIComponent(key)}/faqs/${encodeURIComponent(id)}`);
  }

  /** The channel's articles (drafts too), in one locale or all. */
  articles(key: string, locale = ''): Promise<Page<AdminArticle>> {
    return this.#request('GET', `/channels/${encodeURIComponent(key)}/articles?${new URLSearchParams({ limit: '100', ...(locale ? { locale } : {}) })}`);
  }

  createArticle(key: string, input: CreateArticleRequest): Promise<AdminArticle> {
    return this.#request('POST', `/channels/${encodeURIComponent(key)}/articles`, input);
  }

  /** An article is named by its slug and locale (a slug is unique per channel and locale). */
  updateArticle(key: string, article: { slug: string; locale: string }, patch: UpdateArticleRequest): Promise<AdminArticle> {
    return this.#request('PATCH', this.#articlePath(key, article), patch);
  }

  async deleteArticle(key: string, article: { slug: string; locale: string }): Promise<void> {
    await this.#request('DELETE', this.#articlePath(key, article));
  }

  /** The tree the server makes of `markdown`, saved nowhere: the editor's preview. */
  previewArticle(markdown: string, signal?: AbortSignal): Promise<{ body: ArticleNode[] }> {
    return requestJson(`${this.#base}/articles/preview`, { method: 'POST', body: { markdown }, token: this.#token, signal: signal ?? this.#signal });
  }

  webhooks(): Promise<Page<Webhook>> {
    return this.#request('GET', '/webhooks');
  }

  /** The answer carries the signing secret, the only time it is shown. */
  createWebhook(input: WebhookInput): Promise<Webhook & { secret: string }> {
    return this.#request('POST', '/webhooks', input);
  }

  updateWebhook(id: string, patch: Partial<WebhookInput & { active: boolean }>): Promise<Webhook> {
    return this.#request('PATCH', `/webhooks/${encodeURIComponent(id)}`, patch);
  }

  async deleteWebhook(id: string): Promise<void> {
    await this.#request('DELETE', `/webhooks/${encodeURIComponent(id)}`);
  }

  /** A new signing secret, shown once; the old one stops signing at once. */
  rotateWebhookSecret(id: string): Promise<{ secret: string }> {
    return this.#request('POST', `/webhooks/${encodeURIComponent(id)}/secret/rotate`);
  }

  /** The webhook's delivery log, newest first. */
  webhookDeliveries(id: string): Promise<Page<WebhookDelivery>> {
    return this.#request('GET', `/webhooks/${encodeURIComponent(id)}/deliveries`);
  }

  redeliver(id: string, deliveryId: string): Promise<WebhookDelivery> {
    return this.#request('POST', `/webhooks/${encodeURIComponent(id)}/deliveries/${encodeURIComponent(deliveryId)}/redeliver`);
  }

  aiAgents(): Promise<Page<AiAgent>> {
    return this.#request('GET', '/ai-agents');
  }

  createAiAgent(input: AiAgentInput): Promise<AiAgent> {
    return this.#request('POST', '/ai-agents', input);
  }

  /** `apiKey` absent keeps the stored key, a string replaces it, null clears it. */
  updateAiAgent(id: string, patch: Partial<AiAgentInput>): Promise<AiAgent> {
    return this.#request('PATCH', `/ai-agents/${encodeURIComponent(id)}`, patch);
  }

  async deleteAiAgent(id: string): Promise<void> {
    await this.#request('DELETE', `/ai-agents/${encodeURIComponent(id)}`);
  }

  #articlePath(key: string, { slug, locale }: { slug: string; locale: string }): string {
    return `/channels/${encodeURIComponent(key)}/articles/${encodeURIComponent(slug)}?${new URLSearchParams({ locale })}`;
  }

  /** Any admin route (`/labels`): the seam a desk feature's settings call without adding methods here. */
  request<T>(method: string, path: string, body?: unknown): Promise<T> {
    return this.#request(method, path, body);
  }

  #request<T>(method: string, path: string, body?: unknown): Promise<T> {
    return requestJson<T>(this.#base + path, { method, body, token: this.#token, signal: this.#signal });
  }
}
