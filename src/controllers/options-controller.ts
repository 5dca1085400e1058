import type { PropertyDeclarations, ReactiveController, ReactiveControllerHost } from 'lit';
import { appearanceKey, browserStorage, writeItem } from '../client/storage.js';
import { appearanceVariables } from '../config/appearance.js';
import { OPTION_NAMES, OPTIONS, type SupportChatOptions } from '../config/options.js';
import { rememberedLayer } from '../config/remembered.js';
import { remoteLayer, resolveOptions, type InvalidOption, type OptionLayer } from '../config/resolve.js';
import { SupportChatConfigEvent, SupportChatErrorEvent } from '../events.js';
import type { ChannelConfig } from '../protocol.js';

/** Option layers the CDN loader hands to the element (below anything set on the element). */
export interface CdnOptions {
  data: OptionLayer;
  query: OptionLayer;
}

/** Lit reactive properties for every row of the option table: attribute names come from there. */
export function optionProperties(): PropertyDeclarations {
  const declarations: Record<string, PropertyDeclarations[string]> = {};
  for (const name of OPTION_NAMES) {
    const spec = OPTIONS[name];
    declarations[name] = spec.kind === 'boolean' ? { attribute: spec.attribute, type: Boolean } : { attribute: spec.attribute };
  }
  return declarations;
}

type OptionsHost = ReactiveControllerHost & HTMLElement & { readonly renderRoot: HTMLElement | DocumentFragment };

/**
 * The element's effective options: one merge, field by field, of what the host set on the
 * element > the CDN script's `data-*` > its query string > the channel's remote config (the
 * remembered one until the live one arrives) > defaults. Bad values fall back and are
 * reported once each (`support-chat-error`, `invalid_option`).
 */
export class OptionsController implements ReactiveController {
  /** The effective options (replaced, never mutated). */
  config: SupportChatOptions = resolveOptions([]);
  readonly #host: OptionsHost;
  #cdn: CdnOptions = { data: {}, query: {} };
  #remote: object | null = null;
  #stale = true;
  readonly #reported = new Set<string>();
  #variables: string[] = [];
  /** The config whose appearance variables are set, and on which root. */
  #applied: SupportChatOptions | null = null;
  #appliedTo: HTMLElement | null = null;

  constructor(host: OptionsHost) {
    this.#host = host;
    host.addController(this);
  }

  set cdn(options: CdnOptions) {
    this.#cdn = options;
    this.#stale = true;
  }

  /** The channel's live config, once it arrived. */
  get remote(): object | null {
    return this.#remote;
  }

  /** The channel's live config arrived (or went, with its client): merge again, and say so when the options changed. */
  set remote(config: object | null) {
    if (config === this.#remote) return;
    this.#remote = config;
    const before = this.config;
    this.config = this.#resolve();
    if (config && OPTION_NAMES.some((name) => JSON.stringify(before[name]) !== JSON.stringify(this.config[name]))) {
      this.#host.dispatchEvent(new SupportChatConfigEvent({ ...this.config }));
    }
    // What is not an option (the proactive triggers) is read by other controllers after the update.
    this.#host.requestUpdate();
  }

  /** Merges again before an update when an input moved (most updates are new messages, which move none). */
  refresh(changed: Map<PropertyKey, unknown>): void {
    if (!this.#stale && ![...changed.keys()].some((key) => typeof key === 'string' && key in OPTIONS)) return;
    this.config = this.#resolve();
    this.#stale = false;
  }

  /**
   * Sets the appearance variables through CSSOM, never a `style` attribute: a host page with
   * `style-src 'self'` refuses inline style attributes (Lit's styleMap writes one on first render).
   */
  hostUpdated(): void {
    const root = this.#host.renderRoot.querySelector<HTMLElement>('.root');
    // Most updates are new messages: the config (replaced, never mutated) and the root are the same.
    if (!root || (root === this.#appliedTo && this.config === this.#applied)) return;
    this.#appliedTo = root;
    this.#applied = this.config;
    const next = appearanceVariables(this.config);
    for (const name of this.#variables) if (!(name in next)) root.style.removeProperty(name);
    for (const [name, value] of Object.entries(next)) root.style.setProperty(name, value);
    this.#variables = Object.keys(next);
  }

  /** The channel's live config: merged, and remembered for the launcher the CDN loader draws on the next page (if refused, it draws from its own options). */
  applyChannelConfig(config: ChannelConfig): void {
    // In consent mode nothing is remembered (the next page could not read it before open either).
    if (!this.config.mock && !this.config.noStorageUntilOpen) writeItem(browserStorage(), appearanceKey(this.config.channel), JSON.stringify(remoteLayer(config)));
    this.remote = config;
  }

  report({ attribute, value }: Pick<InvalidOption, 'attribute' | 'value'>): void {
    const message = `${attribute}: ${JSON.stringify(value)} is not a valid value`;
    if (this.#reported.has(message)) return;
    this.#reported.add(message);
    this.#host.dispatchEvent(new SupportChatErrorEvent({ code: 'invalid_option', message, param: attribute }));
  }

  #resolve(): SupportChatOptions {
    const host: OptionLayer = {};
    for (const name of OPTION_NAMES) host[name] = (this.#host as unknown as Record<string, unknown>)[name];
    const { data, query } = this.#cdn;
    const local = resolveOptions([host, data, query]);
    // Consent mode reads nothing from storage before the visitor opens the chat.
    const remote = this.#remote ? remoteLayer(this.#remote) : local.noStorageUntilOpen ? {} : rememberedLayer(local.channel);
    const layers = [host, { ...data }, { ...query }, remote];
    // Inline SVG is accepted only from the JS property, never from markup, data-* or a URL.
    for (const layer of layers) {
      const icon = layer.buttonIcon;
      const fromProperty = layer === host && this.#host.getAttribute('button-icon') !== icon;
      if (typeof icon === 'string' && icon.trimStart().startsWith('<') && !fromProperty) {
        this.report({ attribute: 'button-icon', value: icon.slice(0, 40) });
        delete layer.buttonIcon;
      }
    }
    return resolveOptions(layers, (invalid) => this.report(invalid));
  }
}
