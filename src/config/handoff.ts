import type { OptionLayer } from './resolve.js';

/**
 * What the CDN loader hands to a `<support-chat>` it created before the element's class had
 * loaded: properties set on an element that is not upgraded yet would be shadowed by the class
 * (or replaced by its field initializers), so they wait under this symbol and the element
 * takes them when it connects.
 */
export const CDN_HANDOFF = Symbol.for('support-chat.cdn-handoff');

export interface CdnHandoff {
  /** The script's `data-*` and query-string option layers. */
  cdnOptions: { data: OptionLayer; query: OptionLayer };
  /** A signed standalone link's `u`, `nick`, `t` and `s`, from the `/c` page. */
  link: Record<string, string> | null;
}

export type HandoffHolder = HTMLElement & { [CDN_HANDOFF]?: CdnHandoff };
