import { html, type ReactiveController } from 'lit';
import type { InvitationHost } from '../controllers/invitation-controller.js';
import type { Messages } from '../i18n/en.js';
import { bubbleStyles } from '../proactive/bubble.js';
import type { ChatMessage } from '../protocol.js';

/**
 * A conversation the team started, by the launcher while the panel is closed: who wrote and what,
 * as text, in the proactive bubble's place and style. Its click opens that conversation; so does
 * the next open of the panel, whichever way. Gone once opened or dismissed (`released` is called).
 */
export class Invitation implements ReactiveController {
  readonly #host: InvitationHost;
  readonly #message: ChatMessage;
  readonly #released: () => void;

  constructor(host: InvitationHost, message: ChatMessage, released: () => void) {
    this.#host = host;
    this.#message = message;
    this.#released = released;
    const root = host.shadowRoot;
    const sheet = bubbleStyles.styleSheet;
    if (root && sheet && !root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    host.addController(this);
    host.requestUpdate();
  }

  hostUpdated(): void {
    if (this.#host.opened) this.#open();
  }

  release(): void {
    this.#host.removeController(this);
    this.#released();
    this.#host.requestUpdate();
  }

  render(strings: Messages) {
    if (this.#host.opened) return null;
    const { author, text } = this.#message;
    return html`<div part="invitation" class="proactive" role="status" aria-label=${strings.proactiveLabel}>
      <button class="proactive-message" type="button" @click=${() => this.#open()}>${author ? html`<strong>${author.name}</strong><br />` : ''}${text}</button>
      <button class="proactive-dismiss" type="button" aria-label=${strings.proactiveDismiss} @click=${() => this.release()}>✕</button>
    </div>`;
  }

  #open(): void {
    this.release();
    void this.#host.openConversation(this.#message.conversationId);
  }
}
