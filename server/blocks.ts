import { z } from 'zod';
import type { Block, BlockLink, BlockOption, BlockReply, FormBlock, FormBlockField } from '../src/protocol.js';

/**
 * Interactive messages (DESIGN.md §10): the schema of the `blocks` agents, bots and AI agents
 * send, and the checks of a visitor's `replyTo`. Everything in a block is shown to a visitor,
 * so it is bounded and every URL is http(s): a `javascript:` or `data:` URL is refused, naming
 * the field (`blocks.0.buttons.1.url`).
 */

export const BLOCK_LIMITS = {
  blocks: 5,
  /** Quick replies in one block. */
  options: 10,
  /** Buttons in a `buttons` block, and on a card. */
  buttons: 5,
  cardButtons: 3,
  fields: 10,
  selectOptions: 20,
  id: 64,
  label: 80,
  value: 200,
  title: 200,
  text: 2000,
  url: 2000,
  /** Characters of one form answer, and of a whole `replyTo.value`. */
  answer: 1000,
  replyValue: 8000,
} as const;

const blockId = z.string().min(1).max(BLOCK_LIMITS.id).regex(/^[\w-]+$/, 'letters, digits, _ and - only');
const notBlank = (max: number) => z.string().max(max).refine((text) => text.trim().length > 0, 'must not be blank');
const label = notBlank(BLOCK_LIMITS.label);
const value = z.string().min(1).max(BLOCK_LIMITS.value);
/** http(s) only: whatever else a URL may be (`javascript:`, `data:`, `file:`), a visitor never gets it. */
const webUrl = z.url({ protocol: /^https?$/, error: 'an http or https URL' }).max(BLOCK_LIMITS.url);

const option = z.strictObject({ label, value });
/** A button answers with `value` or opens `url`, never both. */
const button = z
  .strictObject({ label, value: value.optional(), url: webUrl.optional() })
  .superRefine((item, context) => {
    if ((item.value === undefined) === (item.url === undefined)) context.addIssue({ code: 'custom', message: 'a button has either a value or a url', path: ['value'] });
  })
  // One object schema rather than a union, so a bad URL is named `buttons.1.url`; the refinement makes it one of the two.
  .transform((item) => item as BlockOption | BlockLink);

/** No two items of `list` share `key`: the second is named. */
const unique =
  <Item>(key: (item: Item) => string, field: string, what: string) =>
  (list: Item[], context: z.core.$RefinementCtx) => {
    const seen = new Set<string>();
    list.forEach((item, index) => {
      const name = key(item);
      if (seen.has(name)) context.addIssue({ code: 'custom', message: `${what} ${name} is used twice`, path: [index, field] });
      seen.add(name);
    });
  };

const formField = z
  .strictObject({
    name: z.string().min(1).max(BLOCK_LIMITS.id).regex(/^[\w-]+$/, 'letters, digits, _ and - only'),
    label,
    type: z.enum(['text', 'email', 'textarea', 'select']),
    options: z.array(notBlank(BLOCK_LIMITS.label)).min(1).max(BLOCK_LIMITS.selectOptions).optional(),
    required: z.boolean().optional(),
  })
  .superRefine((field, context) => {
    if (field.type === 'select' && !field.options) context.addIssue({ code: 'custom', message: 'a select needs options', path: ['options'] });
    if (field.type !== 'select' && field.options) context.addIssue({ code: 'custom', message: 'only a select has options', path: ['options'] });
    if (field.options && new Set(field.options).size !== field.options.length) context.addIssue({ code: 'custom', message: 'options must be unique', path: ['options'] });
  });

const blockSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('quick_replies'), id: blockId, options: z.array(option).min(1).max(BLOCK_LIMITS.options).superRefine(unique((item) => item.value, 'value', 'the value')) }),
  z.strictObject({ type: z.literal('buttons'), id: blockId, buttons: z.array(button).min(1).max(BLOCK_LIMITS.buttons) }),
  z.strictObject({
    type: z.literal('card'),
    id: blockId,
    title: notBlank(BLOCK_LIMITS.title),
    text: z.string().max(BLOCK_LIMITS.text).optional(),
    imageUrl: webUrl.optional(),
    buttons: z.array(button).max(BLOCK_LIMITS.cardButtons).optional(),
  }),
  z.strictObject({
    type: z.literal('form'),
    id: blockId,
    submitLabel: label,
    fields: z.array(formField).min(1).max(BLOCK_LIMITS.fields).superRefine(unique((field) => field.name, 'name', 'the name')),
  }),
]);

/** A message's `blocks`: bounded in count, each id unique in the message. */
export const blocksSchema = z.array(blockSchema).min(1).max(BLOCK_LIMITS.blocks).superRefine(unique((block) => block.id, 'id', 'the block id'));

/** A visitor's `replyTo`: which block, and the answer (a form's is a JSON object as a string). */
export const replyToSchema = z.strictObject({ blockId, value: z.string().min(1).max(BLOCK_LIMITS.replyValue) });

/** The dotted path zod reports, under `prefix`. */
const fieldPath = (prefix: string, path: PropertyKey[]) => [prefix, ...path.map(String)].join('.');

/**
 * Blocks a model wrote (an AI agent's tool call): the same rules as an agent's or a bot's. The
 * error names the field, so the model can be told what to fix.
 */
export function blocksFromModel(input: unknown): { ok: true; blocks: Block[] } | { ok: false; param: string; message: string } {
  const result = blocksSchema.safeParse(input);
  if (result.success) return { ok: true, blocks: result.data as Block[] };
  const issue = result.error.issues[0]!;
  const param = fieldPath('blocks', issue.path);
  return { ok: false, param, message: `${param}: ${issue.message}` };
}

/** The blocks as a model writes them: everything but the ids, which the server gives (unique in the answer). */
const modelBlocksSchema = z.strictObject({
  // A plain union (`anyOf`), which function-calling APIs take, where the discriminated one is `oneOf`.
  blocks: z.array(z.union((blockSchema.options as readonly z.ZodObject[]).map((variant) => variant.omit({ id: true })) as unknown as [z.ZodType, ...z.ZodType[]])).min(1).max(BLOCK_LIMITS.blocks),
});

/**
 * The parameters of the model's `show_blocks` tool as JSON Schema: an object at the top (as
 * OpenAI-compatible tools require) holding `blocks` without their ids. What the model writes
 * still goes through `blocksFromModel`, once the server has named each block.
 */
export const blocksJsonSchema = (): Record<string, unknown> => {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(modelBlocksSchema, { io: 'input', unrepresentable: 'any', reused: 'inline' });
  return schema;
};

/** Why a `replyTo` does not answer its block: the field at fault and what is wrong. */
export class ReplyProblem extends Error {
  constructor(
    readonly param: 'replyTo.blockId' | 'replyTo.value',
    message: string,
  ) {
    super(message);
    this.name = 'ReplyProblem';
  }
}

const emailSchema = z.email();

/** A form's answers (`replyTo.value`), checked against its fields; the summary lists them by label. */
function answerForm(block: FormBlock, raw: string): string {
  let answers: unknown;
  try {
    answers = JSON.parse(raw);
  } catch {
    throw new ReplyProblem('replyTo.value', 'a form is answered with a JSON object of its fields');
  }
  if (answers === null || typeof answers !== 'object' || Array.isArray(answers)) throw new ReplyProblem('replyTo.value', 'a form is answered with a JSON object of its fields');
  const record = answers as Record<string, unknown>;
  const byName = new Map<string, FormBlockField>(block.fields.map((field) => [field.name, field]));
  for (const [name, answer] of Object.entries(record)) {
    if (!byName.has(name)) throw new ReplyProblem('replyTo.value', `the form has no field ${name}`);
    if (typeof answer !== 'string') throw new ReplyProblem('replyTo.value', `${name}: must be a string`);
    if (answer.length > BLOCK_LIMITS.answer) throw new ReplyProblem('replyTo.value', `${name}: at most ${BLOCK_LIMITS.answer} characters`);
  }
  const lines: string[] = [];
  for (const field of block.fields) {
    const answer = ((record[field.name] as string | undefined) ?? '').trim();
    if (!answer) {
      if (field.required) throw new ReplyProblem('replyTo.value', `${field.name}: is required`);
      continue;
    }
    if (field.type === 'email' && !emailSchema.safeParse(answer).success) throw new ReplyProblem('replyTo.value', `${field.name}: must be an email address`);
    if (field.type === 'select' && !field.options?.includes(answer)) throw new ReplyProblem('replyTo.value', `${field.name}: must be one of its options`);
    lines.push(`${field.label}: ${answer}`);
  }
  return lines.join('\n');
}

/**
 * The text a visitor's answer is stored with: the chosen option's or button's label, or a
 * summary of a form (one "Label: answer" line per answered field). Throws `ReplyProblem` when
 * `reply.value` is not one of the block's answers.
 */
export function replyText(block: Block, reply: BlockReply): string {
  if (block.type === 'form') return answerForm(block, reply.value);
  const choices = block.type === 'quick_replies' ? block.options : (block.buttons ?? []);
  const chosen = choices.find((choice) => 'value' in choice && choice.value === reply.value);
  if (!chosen) throw new ReplyProblem('replyTo.value', 'not one of the block\'s options');
  return chosen.label;
}
