const PREFERENCE_KEY = 'support-inbox:notifications';

/**
 * Getting an agent's attention: a count in the tab title, and (opt-in) a system notification
 * for a visitor message the agent is not looking at.
 */
export class Attention {
  readonly #baseTitle = document.title;
  readonly #badgeTitle = document.title || 'Inbox';

  /** The agent asked for notifications and the browser allows them. */
  get enabled(): boolean {
    return typeof Notification !== 'undefined' && Notification.permission === 'granted' && localStorage.getItem(PREFERENCE_KEY) === 'on';
  }

  /** Asks the browser (once) and remembers the agent's choice. */
  async enable(): Promise<boolean> {
    if (typeof Notification === 'undefined') return false;
    const permission = Notification.permission === 'granted' ? 'granted' : await Notification.requestPermission();
    localStorage.setItem(PREFERENCE_KEY, permission === 'granted' ? 'on' : 'off');
    return permission === 'granted';
  }

  disable(): void {
    localStorage.setItem(PREFERENCE_KEY, 'off');
  }

  /** `(3) Inbox`: the number of conversations waiting for an answer. */
  badge(count: number): void {
    document.title = count > 0 ? `(${count}) ${this.#badgeTitle}` : this.#baseTitle;
  }

  notify(title: string, body: string, tag: string, onClick: () => void): void {
    if (!this.enabled) return;
    const notification = new Notification(title, { body, tag });
    notification.onclick = () => {
      window.focus();
      onClick();
      notification.close();
    };
  }

  release(): void {
    document.title = this.#baseTitle;
  }
}
