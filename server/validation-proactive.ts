import { z } from 'zod';
import { LIMITS } from '../src/protocol.js';

/**
 * A channel's proactive triggers (validation.ts holds the rest of the settings). `urlMatches` is a
 * glob, not a regular expression: `*` is the only wildcard, so an operator cannot write a pattern
 * that backtracks catastrophically in a visitor's browser (the widget matches it in linear passes),
 * and the pattern's length and number of stars are bounded. It imports nothing from validation.ts,
 * which imports it.
 */

const MAX_STARS = 8;

const urlPattern = z
  .string()
  .min(1)
  .max(LIMITS.proactiveUrlPattern)
  .refine((pattern) => !/\s/.test(pattern), 'no spaces')
  .refine((pattern) => pattern.split('*').length - 1 <= MAX_STARS, `${MAX_STARS} * at most`)
  .refine((pattern) => pattern.startsWith('/') || /^https?:\/\//.test(pattern) || pattern.startsWith('*'), 'a path (/pricing*), an http(s) URL or a pattern starting with *');

const whenSchema = z
  .strictObject({
    urlMatches: urlPattern.optional(),
    afterSeconds: z.number().int().min(1).max(3600).optional(),
    exitIntent: z.literal(true).optional(),
    rageClicks: z.number().int().min(3).max(10).optional(),
    signal: z.string().regex(/^[\w.:-]{1,64}$/, 'letters, digits, _ . : and - (64 at most)').optional(),
  })
  .refine((when) => Object.keys(when).length > 0, 'at least one condition');

const triggerSchema = z.strictObject({
  id: z.string().regex(/^[\w-]{1,64}$/, 'letters, digits, _ and - (64 at most)'),
  when: whenSchema,
  once: z.enum(['visitor', 'session']),
  action: z.strictObject({ message: z.string().max(LIMITS.proactiveMessage).refine((text) => text.trim().length > 0, 'must not be blank'), open: z.boolean().optional() }),
});

/** The list, with unique ids. */
export const proactiveSchema = z
  .array(triggerSchema)
  .max(LIMITS.proactiveTriggers)
  .superRefine((triggers, context) => {
    const seen = new Set<string>();
    triggers.forEach((trigger, index) => {
      if (seen.has(trigger.id)) context.addIssue({ code: 'custom', message: `the id ${trigger.id} is used twice`, path: [index, 'id'] });
      seen.add(trigger.id);
    });
  });
