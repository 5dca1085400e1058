import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { AdminApi } from './admin-api.js';

/**
 * A part of the settings screen that loads and saves on its own (the webhooks, the AI agents): a
 * controller rendering inside the settings view's shadow root and styles. `loads` is bumped on
 * each load and when the screen leaves the page, so an older answer never overwrites a newer one.
 */
export abstract class SettingsSection<State> implements ReactiveController {
  protected readonly host: ReactiveControllerHost & HTMLElement;
  protected readonly api: () => AdminApi;
  protected loads = 0;

  constructor(host: ReactiveControllerHost & HTMLElement, api: () => AdminApi) {
    this.host = host;
    this.api = api;
    host.addController(this);
  }

  /** Requests in flight are aborted with the screen; their answers belong to no one. */
  hostDisconnected(): void {
    this.loads++;
  }

  protected set(patch: Partial<State>): void {
    Object.assign(this, patch);
    this.host.requestUpdate();
  }

  protected find<T extends HTMLElement>(selector: string): T | null {
    return this.host.shadowRoot?.querySelector<T>(selector) ?? null;
  }
}
