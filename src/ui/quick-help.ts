import { css, html, LitElement, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import { countClick, quickHelp, type HelpSource } from '../client/help.js';
import type { QuickHelpItem } from '../protocol.js';
import type { Messages } from '../i18n/en.js';
import { HelpActionEvent } from './help-view.js';
import { enoughWords } from './panel-help.js';
import { baseStyles } from './panel.styles.js';

/** Suggestions follow the typing after this pause (one request per pause). */
const QUICK_HELP_DEBOUNCE_MS = 300;


/*
 * Quick help, a lazy chunk (DESIGN.md §11): while the visitor types a message, up to three
 * articles or FAQs that match it, above the composer. An article opens on the help screen (and
 * its pick is counted for the reports); an FAQ shows its answer here. The panel loads this when
 * the composer first holds three words; a plain chat never does.
 */
export class SupportChatQuickHelp extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      :host([hidden]) {
        display: none;
      }
      .box {
        padding: 6px 12px 0;
        border-top: 1px solid var(--sc-border);
      }
      .items {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      h3 {
        margin: 4px 8px;
        font-size: 12px;
        font-weight: 600;
        color: var(--sc-muted);
      }
      .item {
        display: block;
        width: 100%;
        padding: 6px 8px;
        border-radius: 8px;
        text-align: start;
        font-size: 14px;
      }
      .item:hover {
        background: var(--sc-bubble);
      }
      .item:focus-visible {
        outline: 3px solid var(--sc-focus);
        outline-offset: -3px;
      }
      .answer {
        margin: 0 8px 6px;
        font-size: 13px;
        white-space: pre-wrap;
      }
    `,
  ];
  static override properties: PropertyDeclarations = {
    source: { attribute: false },
    text: { attribute: false },
    strings: { attribute: false },
    items: { state: true },
    expanded: { state: true },
  };

  declare source: HelpSource;
  /** What the composer holds now. */
  declare text: string;
  declare strings: Messages;
  private items: QuickHelpItem[] = [];
  /** The FAQ whose answer shows. */
  private expanded: QuickHelpItem | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #asking: AbortController | null = null;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#timer);
    this.#asking?.abort();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('text')) return;
    clearTimeout(this.#timer);
    this.#asking?.abort();
    if (!enoughWords(this.text ?? '')) {
      this.items = [];
      this.expanded = null;
      return;
    }
    const text = this.text;
    this.#timer = setTimeout(() => void this.#ask(text), QUICK_HELP_DEBOUNCE_MS);
  }

  async #ask(text: string): Promise<void> {
    const asking = (this.#asking = new AbortController());
    try {
      this.items = await quickHelp(this.source, text, asking.signal);
      this.expanded = null;
    } catch {
      if (!asking.signal.aborted) this.items = []; // suggestions are a nicety: none rather than an error
    }
  }

  #pick(item: QuickHelpItem): void {
    if (item.kind === 'article' && item.slug) {
      countClick(this.source, item.slug);
      this.dispatchEvent(new HelpActionEvent({ action: 'open-article', value: item.slug }));
    } else {
      this.expanded = this.expanded === item ? null : item;
    }
  }

  override render() {
    if (!this.items.length) return nothing;
    const t = this.strings;
    return html`<div part="quick-help" class="box" role="region" aria-labelledby="quick-help-title">
      <h3 id="quick-help-title">${t.quickHelp}</h3>
      <ul class="items" aria-labelledby="quick-help-title">
        ${this.items.map(
          (item) => html`<li>
            <button
              part="quick-help-item"
              class="item"
              type="button"
              dir="auto"
              aria-expanded=${item.kind === 'faq' ? String(this.expanded === item) : nothing}
              @click=${() => this.#pick(item)}
            >
              ${item.title}
            </button>
            ${this.expanded === item ? html`<p class="answer" dir="auto">${item.snippet}</p>` : nothing}
          </li>`,
        )}
      </ul>
    </div>`;
  }
}

/** Registers quick help's element once (when the panel loads this chunk). */
export function defineQuickHelp(): void {
  if (!customElements.get('support-chat-quick-help')) customElements.define('support-chat-quick-help', SupportChatQuickHelp);
}

declare global {
  interface HTMLElementTagNameMap {
    'support-chat-quick-help': SupportChatQuickHelp;
  }
}
