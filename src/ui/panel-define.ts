import { SupportChatPanel } from './panel.js';

// Loaded on intent by <support-chat>; registers its internal panel element once.
if (!customElements.get('support-chat-panel')) customElements.define('support-chat-panel', SupportChatPanel);

declare global {
  interface HTMLElementTagNameMap {
    'support-chat-panel': SupportChatPanel;
  }
}
