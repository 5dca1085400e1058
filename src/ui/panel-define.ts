import { SupportChatPanel } from './panel.js';

/**
 * Registers the internal panel element once. <support-chat> calls it on intent or open, not
 * when this module is evaluated: the CDN build puts the panel in the element's own chunk, and a
 * panel defined at once would be upgraded and rendered, hidden, within the element's first
 * render — one long task where there were two short ones.
 */
export function definePanel(): void {
  if (!customElements.get('support-chat-panel')) customElements.define('support-chat-panel', SupportChatPanel);
}

declare global {
  interface HTMLElementTagNameMap {
    'support-chat-panel': SupportChatPanel;
  }
}
