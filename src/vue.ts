/**
 * `<support-chat>` in Vue templates (`GlobalComponents`), for `vue-tsc --strictTemplates` and
 * the editor: `import type {} from 'support-chat/vue'` once, as Vue's guide to custom elements
 * recommends. The shape (`$props`, `$emit`) is the one that guide gives. Types only: no code.
 */
import type { EmitFn, HTMLAttributes, PublicProps } from 'vue';
import type { SupportChatEventMap } from './events.js';
import type { SupportChat } from './support-chat.js';
import type { SupportChatTemplateProperties } from './template-types.js';

type SupportChatEmits = { [Name in keyof SupportChatEventMap]: (event: SupportChatEventMap[Name]) => void };

/** What Vue's template checker reads for `<support-chat>`. */
export type SupportChatVueComponent = new () => SupportChat & {
  /** @deprecated For template type checking only: the element has no `$props`. */
  $props: Omit<HTMLAttributes, keyof SupportChatTemplateProperties> & SupportChatTemplateProperties & PublicProps;
  /** @deprecated For template type checking only: the element has no `$emit`. */
  $emit: EmitFn<SupportChatEmits>;
};

declare module 'vue' {
  interface GlobalComponents {
    'support-chat': SupportChatVueComponent;
  }
}
