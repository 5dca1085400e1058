// `support-chat/react`: the `<SupportChat>` component, and with its types `<support-chat>` in JSX.
// (A `useChat()` hook over the headless client joins here as use-chat.ts.)
export { SupportChat, type SupportChatEventHandlers, type SupportChatProps } from './support-chat.js';
export type { SupportChatIntrinsicElement, SupportChatJsxProps } from './jsx.js';
export type { SupportChat as SupportChatElement } from '../support-chat.js';
