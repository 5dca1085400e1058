import { useEffect, useReducer, useRef, useState } from 'react';
import { ChatClient, type ChatClientOptions, type PendingMessage } from '../client/chat-client.js';
import { networkError, type SupportChatError } from '../client/errors.js';
import type { ChatMessage, ConnectionState } from '../protocol.js';

export interface UseChatOptions extends ChatClientOptions {
  /** Connect at once (default); `false` waits for the first `send`. */
  connect?: boolean;
}

export interface UseChat {
  /** The underlying client, once created (null during the first render and after unmount). */
  client: ChatClient | null;
  state: ConnectionState;
  conversationId: string | null;
  /** Stored messages of the current conversation, in `seq` order. */
  messages: ChatMessage[];
  /** Sends not yet acknowledged. */
  pending: PendingMessage[];
  unreadCount: number;
  /** Who on the team is typing, if anyone. */
  typing: { name: string } | null;
  /** The last failure the client reported. */
  error: SupportChatError | null;
  send(text: string): Promise<ChatMessage>;
  sendTyping(typing: boolean): void;
  markRead(): void;
}

/**
 * The headless visitor client in a React component: one `ChatClient` per channel and server,
 * created after mount and released on unmount (or when they change); the component renders
 * again whenever what it shows changes.
 */
export function useChat(options: UseChatOptions): UseChat {
  const [client, setClient] = useState<ChatClient | null>(null);
  const [error, setError] = useState<SupportChatError | null>(null);
  const [, changed] = useReducer((count: number) => count + 1, 0);
  const latest = useRef(options);
  latest.current = options;
  const { channel, server, wsServer, transport } = options;
  useEffect(() => {
    const created = new ChatClient(latest.current);
    const subscriptions = [created.on('change', () => changed()), created.on('error', setError)];
    setClient(created);
    if (latest.current.connect !== false) created.connect().catch(() => {});
    return () => {
      for (const unsubscribe of subscriptions) unsubscribe();
      created.disconnect();
      setClient(null);
    };
  }, [channel, server, wsServer, transport]);
  return {
    client,
    state: client?.state ?? 'idle',
    conversationId: client?.conversationId ?? null,
    messages: client?.transcript ?? [],
    pending: client?.pending ?? [],
    unreadCount: client?.unreadCount ?? 0,
    typing: client?.agentTyping ?? null,
    error,
    send: (text) => client?.send(text) ?? Promise.reject(networkError('the chat has not started yet')),
    sendTyping: (typing) => client?.sendTyping(null, typing),
    markRead: () => client?.markRead(),
  };
}
