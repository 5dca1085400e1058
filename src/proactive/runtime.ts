import { nothing, type ReactiveControllerHost } from 'lit';
import { browserSessionStorage, browserStorage, proactiveKey, readItem, writeItem, type KeyValueStorage } from '../client/storage.js';
import { SupportChatProactiveEvent } from '../events.js';
import type { Messages } from '../i18n/en.js';
import type { ProactiveTrigger } from '../protocol.js';
import { bubbleStyles, renderBubble } from './bubble.js';
import { watchProactive } from './watch.js';

/** What the runtime needs of its element. */
export interface ProactiveHost extends ReactiveControllerHost, EventTarget {
  readonly shadowRoot: ShadowRoot | null;
  open(): Promise<void>;
}

export interface ProactiveOptions {
  channel: string;
  /** False in consent mode before the visitor opens the chat: nothing is read from or written to storage. */
  mayStore: () => boolean;
}

export interface ProactiveRuntime {
  signal(name: string): void;
  /** The bubble, or nothing. */
  render(strings: Messages): unknown;
  /** Storage became allowed (the visitor opened the chat in consent mode): what fired is remembered now. */
  flush(): void;
  release(): void;
}

const parse = (value: string | null): string[] => {
  try {
    const ids: unknown = JSON.parse(value ?? '[]');
    return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
};

/**
 * The proactive chunk: watches the page for the channel's triggers, fires the cancelable
 * `support-chat-proactive`, then shows the message in a bubble by the launcher or opens the panel,
 * and remembers what fired (per visitor or per session; in memory only until storage is allowed).
 */
export function startProactive(host: ProactiveHost, triggers: ProactiveTrigger[], { channel, mayStore }: ProactiveOptions): ProactiveRuntime {
  const key = proactiveKey(channel);
  const stores: Record<ProactiveTrigger['once'], KeyValueStorage | null> = { visitor: browserStorage(), session: browserSessionStorage() };
  /** Fired and not remembered yet (consent mode before open). */
  const unsaved: Record<ProactiveTrigger['once'], Set<string>> = { visitor: new Set(), session: new Set() };
  const remembered = (once: ProactiveTrigger['once']) => (mayStore() ? parse(readItem(stores[once], key)) : []);
  const save = () => {
    if (!mayStore()) return;
    for (const once of ['visitor', 'session'] as const) {
      if (!unsaved[once].size) continue;
      writeItem(stores[once], key, JSON.stringify([...new Set([...remembered(once), ...unsaved[once]])]));
      unsaved[once].clear();
    }
  };
  let bubble: ProactiveTrigger | null = null;
  const show = (next: ProactiveTrigger | null) => {
    bubble = next;
    host.requestUpdate();
  };

  const root = host.shadowRoot;
  const sheet = bubbleStyles.styleSheet;
  if (root && sheet && !root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];

  const skip = (id: string) => {
    const trigger = triggers.find((each) => each.id === id);
    return !trigger || remembered(trigger.once).includes(id);
  };
  const watch = watchProactive(triggers, skip, (trigger) => {
    unsaved[trigger.once].add(trigger.id);
    save();
    const event = new SupportChatProactiveEvent(trigger.id, trigger.action.message);
    host.dispatchEvent(event);
    if (event.defaultPrevented) return;
    if (trigger.action.open) void host.open();
    else show(trigger);
  });

  return {
    signal: (name) => watch.signal(name),
    render: (strings) =>
      bubble
        ? renderBubble({
            message: bubble.action.message,
            strings,
            onOpen: () => {
              show(null);
              void host.open();
            },
            onDismiss: () => show(null),
          })
        : nothing,
    flush: save,
    release() {
      watch.release();
      bubble = null;
      if (root) root.adoptedStyleSheets = root.adoptedStyleSheets.filter((each) => each !== sheet);
    },
  };
}
