import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { SupportChatMessageEvent } from '../events.js';
import type { Messages } from '../i18n/en.js';
import type { Invitation } from '../ui/invitation.js';

export type InvitationHost = ReactiveControllerHost & EventTarget & { readonly opened: boolean; readonly shadowRoot: ShadowRoot | null; openConversation(id: string): Promise<void> };

/**
 * A conversation the team started (its first message is an agent's: an agent invited the visitor
 * from the inbox's live visitors) shows by the launcher while the panel is closed: the lazy
 * `invitation` chunk does the rest (ui/invitation.ts), so a plain chat never loads it.
 */
export class InvitationController implements ReactiveController {
  readonly #host: InvitationHost;
  #invitation: Invitation | null = null;
  readonly #onMessage = ({ detail: { message } }: SupportChatMessageEvent) => {
    if (message.seq === 1 && message.from === 'agent' && !this.#host.opened) {
      void import('../ui/invitation.js').then(({ Invitation }) => {
        this.#invitation?.release();
        this.#invitation = new Invitation(this.#host, message, () => (this.#invitation = null));
      });
    }
  };

  constructor(host: InvitationHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    this.#host.addEventListener('support-chat-message', this.#onMessage as EventListener);
  }

  hostDisconnected(): void {
    this.#host.removeEventListener('support-chat-message', this.#onMessage as EventListener);
    this.#invitation?.release();
  }

  /** The team's message by the launcher; null when there is none (the proactive bubble may show then). */
  render(strings: Messages): unknown {
    return this.#invitation?.render(strings) ?? null;
  }
}
