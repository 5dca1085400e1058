/** Socket.IO room names, in one place. */
export const rooms = {
  /** Every socket of one visitor (all tabs, all devices). */
  visitor: (visitorId: string) => `visitor:${visitorId}`,
  /** Every socket of one agent. */
  agent: (agentId: string) => `agent:${agentId}`,
  /** Every connected agent. */
  agents: 'agents',
} as const;
