import { SupportInbox } from './support-inbox.js';
import { SupportInboxSettings } from './settings-view.js';
import { SupportInboxSearch } from './search-panel.js';

if (!customElements.get('support-inbox')) customElements.define('support-inbox', SupportInbox);
if (!customElements.get('support-inbox-settings')) customElements.define('support-inbox-settings', SupportInboxSettings);
if (!customElements.get('support-inbox-search')) customElements.define('support-inbox-search', SupportInboxSearch);

declare global {
  interface HTMLElementTagNameMap {
    'support-inbox': SupportInbox;
    'support-inbox-settings': SupportInboxSettings;
    'support-inbox-search': SupportInboxSearch;
  }
}

export { SupportInbox, SupportInboxSettings, SupportInboxSearch };
