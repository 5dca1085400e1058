import { SupportInbox } from './support-inbox.js';
import { SupportInboxSettings } from './settings-view.js';
import { SupportInboxCanned } from './canned-picker.js';
import { SupportInboxCannedManager } from './canned-manager.js';
// ---- desk: reports
import { SupportInboxReports } from './reports-view.js';

if (!customElements.get('support-inbox')) customElements.define('support-inbox', SupportInbox);
if (!customElements.get('support-inbox-settings')) customElements.define('support-inbox-settings', SupportInboxSettings);
if (!customElements.get('support-inbox-canned')) customElements.define('support-inbox-canned', SupportInboxCanned);
if (!customElements.get('support-inbox-canned-manager')) customElements.define('support-inbox-canned-manager', SupportInboxCannedManager);
// ---- desk: reports
if (!customElements.get('support-inbox-reports')) customElements.define('support-inbox-reports', SupportInboxReports);

declare global {
  interface HTMLElementTagNameMap {
    'support-inbox': SupportInbox;
    'support-inbox-settings': SupportInboxSettings;
    'support-inbox-canned': SupportInboxCanned;
    'support-inbox-canned-manager': SupportInboxCannedManager;
    // ---- desk: reports
    'support-inbox-reports': SupportInboxReports;
  }
}

export { SupportInbox, SupportInboxSettings, SupportInboxCanned, SupportInboxCannedManager };
// ---- desk: reports
export { SupportInboxReports };
