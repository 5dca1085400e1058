import { ChatClient, type ChatClientOptions, type LoginOptions } from '../client/chat-client.js';
import { browserStorage } from '../client/storage.js';
import type { SupportChatOptions } from '../config/options.js';
import { resolveServer } from '../config/server.js';
import { SupportChatConversationEvent, SupportChatMessageEvent, SupportChatReadyEvent, SupportChatStateEvent, SupportChatTypingEvent, SupportChatUnreadEvent } from '../events.js';
import type { VisitorProfile } from '../protocol.js';
import { reportError, type ClientHost } from './client-controller.js';
import type { OptionsController } from './options-controller.js';

// The element's side of its ChatClient, for ClientController. It loads with the client's chunk
// (rollup.config.mjs): none of it is needed before the element makes a client.

/** A client for `config`, with the element's locale, profile, standalone link and `login` (else the options' externalUserId). */
export function createClient(host: ClientHost, config: SupportChatOptions, login: LoginOptions | null, backend?: ChatClientOptions['backend']): ChatClient {
  const { externalUserId, userHash, nickname, email, phone, avatar, extra } = config;
  const link = host.link;
  return new ChatClient({
    channel: config.channel,
    server: resolveServer(config.server),
    wsServer: config.wsServer || undefined,
    configUrl: config.configUrl || undefined,
    storage: config.mock ? null : browserStorage(),
    locale: () => host.activeLocale,
    profile: () => {
      const profile: VisitorProfile = { name: nickname, email, phone, avatarUrl: avatar, extra };
      return Object.fromEntries(Object.entries(profile).filter(([, value]) => value && (typeof value !== 'object' || Object.keys(value).length))) as VisitorProfile;
    },
    login: login ?? (externalUserId ? { externalUserId, ...(userHash ? { userHash } : {}) } : null),
    link: link?.s ? { u: link.u ?? '', nick: link.nick ?? '', t: Number(link.t ?? 0), s: link.s } : null,
    fingerprint: config.fingerprint,
    agent: config.agent || undefined,
    ...(backend ? { backend } : {}),
  });
}

/** Subscribes the element to `client`: re-render on change, its events as DOM events, its config in the options. Returns the unsubscribers. */
export function wireClient(host: ClientHost, options: OptionsController, client: ChatClient): Array<() => void> {
  const fire = (event: Event) => void host.dispatchEvent(event);
  return [
    client.on('change', () => host.requestUpdate()),
    client.on('shown', ({ conversationId }) => conversationId && fire(new SupportChatConversationEvent(conversationId))),
    client.on('config', (config) => options.applyChannelConfig(config)),
    client.on('ready', () => fire(new SupportChatReadyEvent())),
    client.on('message', (message) => fire(new SupportChatMessageEvent(message))),
    client.on('unread', (count) => fire(new SupportChatUnreadEvent(count))),
    client.on('typing', ({ from, name, typing }) => fire(new SupportChatTypingEvent({ from, name, typing }))),
    client.on('state', ({ state, transport }) => fire(new SupportChatStateEvent(state, transport))),
    client.on('error', (error) => reportError(host, error)),
    client.on('tool-call', (call) =>
      import('../tool-call.js').then(
        ({ dispatchToolCall }) => dispatchToolCall(host, call),
        // The handler's chunk did not arrive: the agent gets an answer now, not a timeout.
        () => call.reject({ code: 'unavailable', message: 'the page could not load its tool handler' }),
      ),
    ),
    () => (options.remote = null),
  ];
}
