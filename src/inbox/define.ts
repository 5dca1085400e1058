import { SupportInbox } from './support-inbox.js';
import { SupportInboxSettings } from './settings-view.js';
// ---- desk: reports
import { SupportInboxReports } from './reports-view.js';

if (!customElements.get('support-inbox')) customElements.define('support-inbox', SupportInbox);
if (!customElements.get('support-inbox-settings')) customElements.define('support-inbox-settings', SupportInboxSettings);
// ---- desk: reports
if (!customElements.get('support-inbox-reports')) customElements.define('support-inbox-reports', SupportInboxReports);

declare global {
  interface HTMLElementTagNameMap {
    'support-inbox': SupportInbox;
    'support-inbox-settings': SupportInboxSettings;
    // ---- desk: reports
    'support-inbox-reports': SupportInboxReports;
  }
}

export { SupportInbox, SupportInboxSettings };
// ---- desk: reports
export { SupportInboxReports };
