import { ValidationError } from '../client/errors.js';
import type { AiAgent, AiAgentInput, AiPageTool } from '../protocol.js';

/** A page tool as edited: its JSON Schema as typed, and an id that follows the row. */
export interface ToolDraft {
  id: number;
  name: string;
  description: string;
  parameters: string;
}

/** What happens to the stored API key on save: it is never shown, only kept, replaced or cleared. */
export type KeyAction = 'keep' | 'replace' | 'clear';

/**
 * An AI agent as the form holds it. Plain fields are keyed by the control's name, which is the
 * API field it edits (`handoff.message`), so a server error's `param` finds its control.
 */
export interface AiDraft {
  /** null: a new agent. */
  id: string | null;
  values: Record<TextControl, string> & Record<CheckControl, boolean>;
  tools: ToolDraft[];
  /** Whether the server holds a key for this agent (`hasApiKey`). */
  hasApiKey: boolean;
  key: KeyAction;
  /** The key being typed (write-only: never filled from the server). */
  apiKey: string;
}

export const TEXT_CONTROLS = ['name', 'baseUrl', 'model', 'instructions', 'handoff.message', 'maxTokens', 'maxToolRounds'] as const;
export const CHECK_CONTROLS = ['knowledge.faqs', 'knowledge.articles', 'handoff.onRequest', 'handoff.onNoAnswer'] as const;
export type TextControl = (typeof TEXT_CONTROLS)[number];
export type CheckControl = (typeof CHECK_CONTROLS)[number];

/** Controls of a tool row: `tools.2.parameters`, as the server names them in an error. */
export const toolControl = (index: number, field: keyof Omit<ToolDraft, 'id'>) => `tools.${index}.${field}`;

let nextId = 0;
export const toolDraft = (tool: AiPageTool = { name: '', description: '', parameters: { type: 'object', properties: {} } }): ToolDraft => ({
  id: ++nextId,
  name: tool.name,
  description: tool.description,
  parameters: JSON.stringify(tool.parameters, null, 2),
});

/** The form for `agent`, or for a new one (knowledge on, the visitor may ask for a person). */
export function toAiDraft(agent: AiAgent | null): AiDraft {
  return {
    id: agent?.id ?? null,
    values: {
      name: agent?.name ?? '',
      baseUrl: agent?.baseUrl ?? '',
      model: agent?.model ?? '',
      instructions: agent?.instructions ?? '',
      'handoff.message': agent?.handoff.message ?? '',
      maxTokens: agent ? String(agent.maxTokens) : '',
      maxToolRounds: agent ? String(agent.maxToolRounds) : '',
      'knowledge.faqs': agent?.knowledge.faqs ?? true,
      'knowledge.articles': agent?.knowledge.articles ?? true,
      'handoff.onRequest': agent?.handoff.onRequest ?? true,
      'handoff.onNoAnswer': agent?.handoff.onNoAnswer ?? true,
    },
    tools: (agent?.tools ?? []).map((tool) => toolDraft(tool)),
    hasApiKey: agent?.hasApiKey ?? false,
    key: agent?.hasApiKey ? 'keep' : 'replace',
    apiKey: '',
  };
}

/** A refusal found before sending, shaped like the server's so the same code marks the field. */
const invalid = (param: string, message: string) => new ValidationError(400, { code: 'invalid_request', message, param });

/** A whole number typed in a cap field; blank: the server's default (left out). */
function cap(draft: AiDraft, control: 'maxTokens' | 'maxToolRounds', label: string): number | undefined {
  const typed = draft.values[control].trim();
  if (!typed) return undefined;
  if (!/^\d+$/.test(typed)) throw invalid(control, `${label} must be a whole number.`);
  return Number(typed);
}

/** A tool's parameters: a JSON object (a JSON Schema), else the row's field is refused here. */
function parameters(tool: ToolDraft, index: number): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(tool.parameters || '{}');
  } catch (error) {
    throw invalid(toolControl(index, 'parameters'), `Tool ${index + 1}: the parameters are not valid JSON (${(error as Error).message}).`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw invalid(toolControl(index, 'parameters'), `Tool ${index + 1}: the parameters must be a JSON object (a JSON Schema such as {"type": "object"}).`);
  }
  return parsed as Record<string, unknown>;
}

/**
 * What the admin API takes (the whole agent, for a create and an edit alike): blank endpoint or
 * model → null (the server's defaults), the key only when it is replaced (a string) or cleared
 * (null). Throws a `ValidationError` naming the control when the form itself is wrong.
 */
export function toAiInput(draft: AiDraft): AiAgentInput {
  const { values } = draft;
  const input: AiAgentInput = {
    name: values.name.trim(),
    baseUrl: values.baseUrl.trim() || null,
    model: values.model.trim() || null,
    instructions: values.instructions,
    knowledge: { faqs: values['knowledge.faqs'], articles: values['knowledge.articles'] },
    tools: draft.tools.map((tool, index) => ({ name: tool.name.trim(), description: tool.description, parameters: parameters(tool, index) })),
    handoff: { onRequest: values['handoff.onRequest'], onNoAnswer: values['handoff.onNoAnswer'], ...(values['handoff.message'].trim() ? { message: values['handoff.message'] } : {}) },
  };
  const maxTokens = cap(draft, 'maxTokens', 'Most tokens per answer');
  const maxToolRounds = cap(draft, 'maxToolRounds', 'Most tool rounds per answer');
  if (maxTokens !== undefined) input.maxTokens = maxTokens;
  if (maxToolRounds !== undefined) input.maxToolRounds = maxToolRounds;
  if (draft.key === 'replace' && draft.apiKey) input.apiKey = draft.apiKey;
  if (draft.key === 'clear') input.apiKey = null;
  return input;
}
