/** Socket.IO room names, in one place. */
export const rooms = {
  /** Every socket of one visitor (all tabs, all devices). */
  visitor: (visitorId: string) => `visitor:${visitorId}`,
  /** Every connected agent. */
  agents: 'agents',
} as const;
