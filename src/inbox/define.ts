import { SupportInbox } from './support-inbox.js';

if (!customElements.get('support-inbox')) customElements.define('support-inbox', SupportInbox);

declare global {
  interface HTMLElementTagNameMap {
    'support-inbox': SupportInbox;
  }
}

export { SupportInbox };
