import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import { SupportChat as SupportChatElement } from '../define.js';
import type { SupportChatEventMap } from '../events.js';
import type { SupportChatTemplateProperties } from '../template-types.js';

/** `request-close` → `RequestClose`. */
type Pascal<Name extends string> = Name extends `${infer Head}-${infer Tail}` ? `${Capitalize<Head>}${Pascal<Tail>}` : Capitalize<Name>;
/** `support-chat-request-close` → `onRequestClose`. */
type HandlerName<Name> = Name extends `support-chat-${infer Rest}` ? `on${Pascal<Rest>}` : never;

/** Each `support-chat-*` event as an `on…` prop; the compiler checks that none is missing or misnamed. */
const events = {
  onReady: 'support-chat-ready',
  onOpen: 'support-chat-open',
  onClose: 'support-chat-close',
  onRequestClose: 'support-chat-request-close',
  onMessage: 'support-chat-message',
  onUnread: 'support-chat-unread',
  onTyping: 'support-chat-typing',
  onState: 'support-chat-state',
  onIdentify: 'support-chat-identify',
  onConfig: 'support-chat-config',
  onError: 'support-chat-error',
  onShutdown: 'support-chat-shutdown',
  onToolCall: 'support-chat-tool-call',
  onConversation: 'support-chat-conversation',
  onArticle: 'support-chat-article',
} as const satisfies { [Name in keyof SupportChatEventMap as HandlerName<Name>]: Name };

type Handlers = typeof events;

/** `<SupportChat>`'s event props: `onMessage={(event) => event.detail.message}` and so on. */
export type SupportChatEventHandlers = { [Prop in keyof Handlers]?: (event: SupportChatEventMap[Handlers[Prop]]) => void };

/** `<SupportChat>`'s props: React's own (className, style, …), the options, `open` and the events. */
export type SupportChatProps = Omit<React.HTMLAttributes<SupportChatElement>, keyof SupportChatTemplateProperties | keyof Handlers> &
  SupportChatTemplateProperties &
  SupportChatEventHandlers &
  React.RefAttributes<SupportChatElement>;

/**
 * `<support-chat>` as a React component (`@lit/react`): props set the element's properties,
 * `onMessage`-style props listen to its events, a ref is the element. Importing it defines the tag.
 */
export const SupportChat = createComponent({
  react: React,
  tagName: 'support-chat',
  elementClass: SupportChatElement,
  events: events as { [Prop in keyof Handlers]: EventName<SupportChatEventMap[Handlers[Prop]]> },
  displayName: 'SupportChat',
  // @lit/react offers every member of the element as a prop, methods included (`open` would be
  // the method's type); the props above are the element's inputs, with `open` a boolean.
}) as unknown as React.ForwardRefExoticComponent<SupportChatProps>;
