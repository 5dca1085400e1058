import { SupportInbox } from './support-inbox.js';
import { SupportInboxSettings } from './settings-view.js';
import { SupportInboxCanned } from './canned-picker.js';
import { SupportInboxCannedManager } from './canned-manager.js';
import { SupportInboxReports } from './reports-view.js';
import { SupportInboxVisitors } from './live-visitors-view.js';
// ---- desk: search
import { SupportInboxSearch } from './search-panel.js';

/** The inbox and its screens' elements, by tag (each defined once, even when imported twice). */
const ELEMENTS: Array<[string, CustomElementConstructor]> = [
  ['support-inbox', SupportInbox],
  ['support-inbox-settings', SupportInboxSettings],
  ['support-inbox-canned', SupportInboxCanned],
  ['support-inbox-canned-manager', SupportInboxCannedManager],
  ['support-inbox-reports', SupportInboxReports],
  ['support-inbox-visitors', SupportInboxVisitors],
  ['support-inbox-search', SupportInboxSearch],
];
for (const [tag, element] of ELEMENTS) if (!customElements.get(tag)) customElements.define(tag, element);

declare global {
  interface HTMLElementTagNameMap {
    'support-inbox': SupportInbox;
    'support-inbox-settings': SupportInboxSettings;
    'support-inbox-canned': SupportInboxCanned;
    'support-inbox-canned-manager': SupportInboxCannedManager;
    'support-inbox-reports': SupportInboxReports;
    'support-inbox-visitors': SupportInboxVisitors;
    'support-inbox-search': SupportInboxSearch;
  }
}

export { SupportInbox, SupportInboxSettings, SupportInboxCanned, SupportInboxCannedManager, SupportInboxReports, SupportInboxVisitors, SupportInboxSearch };
