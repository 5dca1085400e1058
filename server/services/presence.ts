/**
 * Whether any agent is connected: to this node, or (when several nodes share the work) to any
 * other node that said so recently. A channel is online while any agent is. `onChange` hears
 * every flip between online and away; `onLocalChange` every flip of this node's own agents,
 * which is what this node tells the others.
 */
export class Presence {
  #agents = new Map<string, number>();
  /** Other nodes that have an agent connected, and when each last said so. */
  #nodes = new Map<string, number>();
  #listeners = new Set<(online: boolean) => void>();
  #localListeners = new Set<(online: boolean) => void>();

  onChange(listener: (online: boolean) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  onLocalChange(listener: (online: boolean) => void): () => void {
    this.#localListeners.add(listener);
    return () => this.#localListeners.delete(listener);
  }

  agentConnected(agentId: string): void {
    this.#update(() => this.#agents.set(agentId, (this.#agents.get(agentId) ?? 0) + 1));
  }

  agentDisconnected(agentId: string): void {
    this.#update(() => {
      const left = (this.#agents.get(agentId) ?? 1) - 1;
      if (left <= 0) this.#agents.delete(agentId);
      else this.#agents.set(agentId, left);
    });
  }

  /** Another node says whether it has an agent connected (it repeats it while it does). */
  nodeReported(nodeId: string, online: boolean, now = Date.now()): void {
    this.#update(() => (online ? this.#nodes.set(nodeId, now) : this.#nodes.delete(nodeId)));
  }

  /** Forgets nodes silent for longer than `maxAgeMs`: a node that died says nothing more. */
  forgetSilentNodes(maxAgeMs: number, now = Date.now()): void {
    this.#update(() => {
      for (const [nodeId, seen] of this.#nodes) if (now - seen > maxAgeMs) this.#nodes.delete(nodeId);
    });
  }

  #update(change: () => void): void {
    const [online, local] = [this.online, this.local];
    change();
    if (this.local !== local) for (const listener of this.#localListeners) listener(this.local);
    if (this.online !== online) for (const listener of this.#listeners) listener(this.online);
  }

  /** An agent is connected to this node. */
  get local(): boolean {
    return this.#agents.size > 0;
  }

  get online(): boolean {
    return this.local || this.#nodes.size > 0;
  }
}
