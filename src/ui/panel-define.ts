import { SupportChatPanel } from './panel.js';

/**
 * Registers the internal panel element once. <support-chat> calls it when it wants the panel
 * (on intent or open), not as a side effect of evaluating this module: a bundle that puts the
 * panel beside the element would otherwise upgrade and render the panel, hidden, within the
 * element's first render — one long task where there were two short ones.
 */
export function definePanel(): void {
  if (!customElements.get('support-chat-panel')) customElements.define('support-chat-panel', SupportChatPanel);
}

declare global {
  interface HTMLElementTagNameMap {
    'support-chat-panel': SupportChatPanel;
  }
}
