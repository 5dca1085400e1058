import { html, type TemplateResult } from 'lit';
import type { InboxClient } from './inbox-client.js';

/** The inbox's screens: the conversations, and each one the top bar opens. */
export type InboxView = 'conversations' | 'settings' | 'reports';

/** A screen the top bar opens in place of the open conversation (the list stays beside it). */
export interface InboxScreen {
  view: Exclude<InboxView, 'conversations'>;
  label: string;
  /** Only admins see it. */
  admin?: boolean;
  render(inbox: InboxClient, server: string): TemplateResult;
}

/** The top bar's screens, in its order. A desk feature's screen is one entry here. */
export const SCREENS: InboxScreen[] = [
  {
    view: 'settings',
    label: 'Settings',
    admin: true,
    render: (inbox, server) => html`<support-inbox-settings .server=${server} .token=${inbox.session!.token}></support-inbox-settings>`,
  },
  // ---- desk: reports
  { view: 'reports', label: 'Reports', render: (inbox) => html`<support-inbox-reports .view=${inbox.reports.view()}></support-inbox-reports>` },
];
