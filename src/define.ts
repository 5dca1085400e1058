import { SupportChat } from './support-chat.js';

if (!customElements.get('support-chat')) customElements.define('support-chat', SupportChat);

declare global {
  interface HTMLElementTagNameMap {
    'support-chat': SupportChat;
  }
}

export { SupportChat };
