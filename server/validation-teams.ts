import { z } from 'zod';
import type { TransferRequest } from '../src/protocol.js';

/** Teams and transfers (DESIGN.md §12): the admin's team CRUD and the agent's transfer. */

const id = z.string().min(1).max(64).regex(/^[\w-]+$/, 'letters, digits, _ and - only');
const name = z.string().trim().min(1).max(100);
const agentIds = z.array(id).max(200);
const routing = z.enum(['round-robin', 'manual']);

export const createTeamSchema = z.strictObject({
  name,
  /** The channel's key. */
  channel: z.string().min(1).max(64),
  agentIds: agentIds.optional(),
  routing: routing.optional(),
  inbound: z.boolean().optional(),
});

/** A team stays in its channel: `channel` is not among these. */
export const updateTeamSchema = z.strictObject({
  name: name.optional(),
  agentIds: agentIds.optional(),
  routing: routing.optional(),
  inbound: z.boolean().optional(),
});

export const teamListSchema = z.strictObject({ channel: z.string().min(1).max(64).optional() });

/** Exactly one of `agentId` and `teamId`. */
export const transferSchema = z
  .strictObject({ agentId: id.optional(), teamId: id.optional() })
  .refine((body) => (body.agentId === undefined) !== (body.teamId === undefined), { message: 'give either agentId or teamId', path: ['agentId'] })
  .transform((body): TransferRequest => (body.agentId !== undefined ? { agentId: body.agentId } : { teamId: body.teamId! }));

/** How many open conversations routing gives an agent at most (0: none, while they do other work). */
export const capacity = z.number().int().min(0).max(100);
