// `support-chat/react`: the `<SupportChat>` component, `useChat()` over the headless client,
// and with its types `<support-chat>` in JSX.
export { SupportChat, type SupportChatEventHandlers, type SupportChatProps } from './support-chat.js';
export { useChat, type UseChat, type UseChatOptions } from './use-chat.js';
export type { SupportChatIntrinsicElement, SupportChatJsxProps } from './jsx.js';
export type { SupportChat as SupportChatElement } from '../support-chat.js';
