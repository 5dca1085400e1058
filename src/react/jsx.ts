/**
 * `<support-chat>` in React's JSX (`React.JSX.IntrinsicElements`), loaded with
 * `support-chat/react`'s types (React's types are there wherever that module is used). Types only:
 * this module has no code.
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { SupportChat } from '../support-chat.js';
import type { SupportChatEventProps, SupportChatTemplateAttributes, SupportChatTemplateProperties } from '../template-types.js';

/** `<support-chat>`'s props: React's own (key, ref, className, style, …), the options, `open`, the events. */
export type SupportChatJsxProps<Attributes> = Omit<Attributes, keyof SupportChatTemplateProperties> &
  SupportChatTemplateProperties &
  SupportChatTemplateAttributes &
  SupportChatEventProps;

/** `<support-chat>` in JSX. */
export type SupportChatIntrinsicElement = SupportChatJsxProps<DetailedHTMLProps<HTMLAttributes<SupportChat>, SupportChat>>;

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'support-chat': SupportChatIntrinsicElement;
    }
  }
}
