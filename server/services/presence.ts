/**
 * Counts the agents connected to this node; a channel is online while any agent is.
 * `onChange` hears every flip between online and away.
 */
export class Presence {
  #agents = new Map<string, number>();
  #listeners = new Set<(online: boolean) => void>();

  onChange(listener: (online: boolean) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  agentConnected(agentId: string): void {
    const before = this.online;
    this.#agents.set(agentId, (this.#agents.get(agentId) ?? 0) + 1);
    this.#announce(before);
  }

  agentDisconnected(agentId: string): void {
    const before = this.online;
    const left = (this.#agents.get(agentId) ?? 1) - 1;
    if (left <= 0) this.#agents.delete(agentId);
    else this.#agents.set(agentId, left);
    this.#announce(before);
  }

  #announce(before: boolean): void {
    if (this.online !== before) for (const listener of this.#listeners) listener(this.online);
  }

  get online(): boolean {
    return this.#agents.size > 0;
  }
}
