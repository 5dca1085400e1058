/**
 * What a framework template may put on `<support-chat>`, typed off the element's own types (the
 * option table's `SupportChatOptions` and the event map) so the JSX and Vue declarations cannot
 * drift from the element. Types only: this module has no code.
 */
import type { OptionName, SupportChatOptions } from './config/options.js';
import type { SupportChatEventMap } from './events.js';

/** `primaryColor` → `primary-color`, the rule `src/config/options.ts` names attributes by. */
type Kebab<Name extends string> = Name extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `-${Lowercase<Head>}`}${Kebab<Tail>}`
  : Name;

/** The element's properties a template sets: every option, `open` and `opened`. */
export interface SupportChatTemplateProperties extends Partial<Omit<SupportChatOptions, 'extra'>> {
  /** Opens (`true`) or closes the panel: sets `opened`, reflected as the attribute `open`. */
  open?: boolean;
  /** Whether the panel is open (attribute `open`). */
  opened?: boolean;
  /** Anything the host knows about the visitor (plan, cart, …): an object, or its JSON text. */
  extra?: Record<string, unknown> | string;
}

/** The options' kebab-case attributes (`header-title="…"`), for markup that sets attributes. */
export type SupportChatTemplateAttributes = {
  [Name in OptionName as Kebab<Name> extends Name ? never : Kebab<Name>]?: Name extends 'extra' ? string : SupportChatOptions[Name];
};

/** React 19 listens to `support-chat-message` for a prop named `onsupport-chat-message`, and so on. */
export type SupportChatEventProps = {
  [Name in keyof SupportChatEventMap as `on${Name}`]?: (event: SupportChatEventMap[Name]) => void;
};
