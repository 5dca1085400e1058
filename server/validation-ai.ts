import { z } from 'zod';
import { boundedJson, conversationId, notBlank } from './validation.js';

/**
 * Request schemas for AI agents, handoff and feedback (validation.ts holds the rest): the
 * same action is validated the same way whichever transport carries it. Objects are strict.
 */

/** Names the model sees for the server's own tools: a page tool may not take them. */
export const BUILT_IN_TOOLS = ['search_knowledge', 'handoff_to_human', 'offer_choices', 'show_blocks'] as const;

const pageTool = z.strictObject({
  name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'letters, digits, _ and - (64 at most)')
    .refine((name) => !(BUILT_IN_TOOLS as readonly string[]).includes(name), `${BUILT_IN_TOOLS.join(', ')} are the server's own tools`),
  description: z.string().max(1000),
  parameters: boundedJson(z.record(z.string(), z.unknown()), 'parameters', 8000),
});
const pageTools = z.array(pageTool).max(32).superRefine((tools, context) => {
  const seen = new Set<string>();
  tools.forEach((tool, index) => {
    if (seen.has(tool.name)) context.addIssue({ code: 'custom', message: `the tool ${tool.name} is named twice`, path: [index, 'name'] });
    seen.add(tool.name);
  });
});

/** http(s) only; whether it may be private is the service's rule (AI_ALLOW_PRIVATE). */
const baseUrl = z.url({ protocol: /^https?$/ }).max(2000);

const aiAgentFields = {
  name: notBlank(200),
  baseUrl: baseUrl.nullable(),
  model: z.string().min(1).max(200).nullable(),
  /** Stored encrypted, never returned; null clears it. */
  apiKey: z.string().min(1).max(4000).nullable(),
  instructions: z.string().max(20_000),
  knowledge: z.strictObject({ faqs: z.boolean().optional(), articles: z.boolean().optional() }),
  tools: pageTools,
  handoff: z.strictObject({ onRequest: z.boolean().optional(), onNoAnswer: z.boolean().optional(), message: z.string().max(1000).optional() }),
  maxTokens: z.number().int().min(16).max(32_768),
  maxToolRounds: z.number().int().min(0).max(16),
};

export const createAiAgentSchema = z.strictObject({
  ...aiAgentFields,
  baseUrl: aiAgentFields.baseUrl.optional(),
  model: aiAgentFields.model.optional(),
  apiKey: aiAgentFields.apiKey.optional(),
  instructions: aiAgentFields.instructions.optional(),
  knowledge: aiAgentFields.knowledge.optional(),
  tools: aiAgentFields.tools.optional(),
  handoff: aiAgentFields.handoff.optional(),
  maxTokens: aiAgentFields.maxTokens.optional(),
  maxToolRounds: aiAgentFields.maxToolRounds.optional(),
});
export const updateAiAgentSchema = createAiAgentSchema.partial();

/** `POST …/handoff` takes nothing; the socket's `handoff` may name its conversation. */
export const handoffSocketSchema = z.strictObject({ conversationId: conversationId.optional() });
export const feedbackSchema = z.strictObject({ messageId: z.string().min(1).max(64), helpful: z.boolean() });
export const feedbackSocketSchema = feedbackSchema.extend({ conversationId: conversationId.optional() });
