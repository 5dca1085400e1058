import { SupportInbox } from './support-inbox.js';
import { SupportInboxSettings } from './settings-view.js';

if (!customElements.get('support-inbox')) customElements.define('support-inbox', SupportInbox);
if (!customElements.get('support-inbox-settings')) customElements.define('support-inbox-settings', SupportInboxSettings);

declare global {
  interface HTMLElementTagNameMap {
    'support-inbox': SupportInbox;
    'support-inbox-settings': SupportInboxSettings;
  }
}

export { SupportInbox, SupportInboxSettings };
