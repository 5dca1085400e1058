import type { SupportChat } from './support-chat.js';

// The tag's type wherever the package's types are loaded (`document.querySelector('support-chat')`,
// `createElement`), not only where `support-chat/define` is imported: types only, no code.
declare global {
  interface HTMLElementTagNameMap {
    'support-chat': SupportChat;
  }
}
