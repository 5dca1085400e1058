import type { HelpSource } from '../client/help.js';
import type { Messages } from '../i18n/en.js';

/*
 * The types between the panel and the help chunk (`help.ts`, `quick-help.ts`): type-only, so
 * importing them loads nothing.
 */

/** What the help screen shows: the search (with `query`) or the article `slug`. */
export interface HelpView {
  strings: Messages;
  locale: string;
  source: HelpSource;
  /** The search's text when help opened (`openHelp({query})`); the visitor types on from there. */
  query: string;
  /** The article shown, null for the search and top articles. */
  slug: string | null;
  /** Grows with every `openHelp()`: the search starts again from `query`. */
  opened: number;
}

/** What the visitor does on the help screens. */
export interface HelpActions {
  'open-article': string;
  /** "Still need help? Chat with us": to the conversation. */
  'chat-from-help': null;
}

export type HelpAction = { [K in keyof HelpActions]: { action: K; value: HelpActions[K] } }[keyof HelpActions];

/** The help chunk's one event (`help-action`), passed on by the panel as a `panel-action`. */
export class HelpActionEvent extends CustomEvent<HelpAction> {
  constructor(detail: HelpAction) {
    super('help-action', { detail, bubbles: false });
  }
}
