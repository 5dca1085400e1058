/**
 * Typed listeners by event name; `on` returns the function that removes the listener (the
 * `subs` pattern of socket.io-client), so a caller keeps one list of what to release.
 */
export class Emitter<Events> {
  readonly #listeners = new Map<keyof Events, Set<(payload: never) => void>>();

  on<K extends keyof Events>(type: K, listener: (payload: Events[K]) => void): () => void {
    const listeners = this.#listeners.get(type) ?? new Set();
    this.#listeners.set(type, listeners);
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }

  /** Calls every listener of `type`; false when there was none. A throwing listener does not stop the others. */
  emit<K extends keyof Events>(type: K, payload: Events[K]): boolean {
    const listeners = this.#listeners.get(type);
    if (!listeners?.size) return false;
    for (const listener of [...listeners]) {
      try {
        (listener as (payload: Events[K]) => void)(payload);
      } catch (error) {
        queueMicrotask(() => {
          throw error; // reported as uncaught, where the page's error handling sees it
        });
      }
    }
    return true;
  }

  clear(): void {
    this.#listeners.clear();
  }
}
