/** Counts the agents connected to this node; a channel is online while any agent is. */
export class Presence {
  #agents = new Map<string, number>();

  agentConnected(agentId: string): void {
    this.#agents.set(agentId, (this.#agents.get(agentId) ?? 0) + 1);
  }

  agentDisconnected(agentId: string): void {
    const left = (this.#agents.get(agentId) ?? 1) - 1;
    if (left <= 0) this.#agents.delete(agentId);
    else this.#agents.set(agentId, left);
  }

  get online(): boolean {
    return this.#agents.size > 0;
  }
}
