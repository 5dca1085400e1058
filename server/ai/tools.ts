import type { AiAgent, Block } from '../../src/protocol.js';
import { blocksFromModel, blocksJsonSchema } from '../blocks.js';
import { ServiceError } from '../errors.js';
import type { Passage } from '../search/knowledge.js';
import type { ToolService } from '../services/tools.js';
import { passagesText } from './context.js';
import type { ModelTool, ModelToolCall } from './model-client.js';

const builtIn: ModelTool[] = [
  {
    type: 'function',
    function: {
      name: 'search_knowledge',
      description: "Searches the team's FAQs and articles; returns the best passages.",
      parameters: { type: 'object', properties: { query: { type: 'string', description: 'What to look for' } }, required: ['query'] },
    },
  },
  {
    type: 'function',
    function: {
      name: 'handoff_to_human',
      description: 'Hands the conversation to a person of the team (the visitor asks for one, or you cannot help).',
      parameters: { type: 'object', properties: { reason: { type: 'string' } } },
    },
  },
  {
    type: 'function',
    function: {
      name: 'offer_choices',
      description: 'Shows the visitor buttons to answer with (quick replies) below your answer (replaces what you offered before in this answer).',
      parameters: {
        type: 'object',
        properties: {
          options: {
            type: 'array',
            maxItems: 10,
            items: { type: 'object', properties: { label: { type: 'string' }, value: { type: 'string' } }, required: ['label', 'value'] },
          },
        },
        required: ['options'],
      },
    },
  },
  {
    type: 'function',
    function: {
      name: 'show_blocks',
      description:
        'Shows interactive blocks below your answer (replaces what you offered before in this answer): quick replies, buttons (each with a value the visitor answers with, or an http(s) url to open), a card (title, text, image, buttons) or a form (fields the visitor fills in). The visitor\'s choice or filled-in form comes back as their next message.',
      parameters: blocksJsonSchema(),
    },
  },
];

/** The tools the model is offered: the built-in ones and the agent's page tools. */
export function toolsFor(agent: AiAgent): ModelTool[] {
  const page = agent.tools.map((tool): ModelTool => ({ type: 'function', function: { name: tool.name, description: tool.description, parameters: tool.parameters } }));
  return [...builtIn, ...page];
}

/** The model called a tool it was not offered (or with arguments that are not JSON): the answer fails. */
export class UnknownTool extends Error {
  constructor(name: string) {
    super(`the model called an unknown tool "${name}"`);
    this.name = 'UnknownTool';
  }
}

/** What running one call did: the text the model gets back, and what it adds to the answer. */
export interface ToolOutcome {
  content: string;
  passages?: Passage[];
  handoff?: boolean;
  /** Blocks to show under the answer (the last set offered in an answer wins). */
  blocks?: Block[];
}

/** Where the tools act: this conversation, its channel, the visitor's page. */
export interface ToolScope {
  conversationId: string;
  agent: AiAgent;
  /** The id the answer will have (a block offered in it is named after it). */
  messageId: string;
  search(query: string): Promise<Passage[]>;
  pageTools: ToolService;
}

/**
 * Blocks the model offered, named by the server (`<messageId>-<name>`: unique in the conversation,
 * whatever the model wrote) and checked by the same rules as an agent's or a bot's blocks. A
 * refusal names the field as the model wrote it (`blocks.0.buttons.1.url`), so it can fix it.
 */
function offered(list: unknown, name: (index: number) => string, asWritten = (field: string) => field): { content: string; blocks?: Block[] } {
  const named = Array.isArray(list) ? list.map((block, index) => (block && typeof block === 'object' && !Array.isArray(block) ? { ...block, id: name(index) } : block)) : list;
  const checked = blocksFromModel(named);
  if (checked.ok) return { content: 'Shown to the visitor.', blocks: checked.blocks };
  return { content: `Not shown: ${asWritten(checked.message)}` };
}

/** Runs one call of the model's; a page tool's refusal or silence is a result the model reads, not a failure. */
export async function runTool(call: ModelToolCall, scope: ToolScope): Promise<ToolOutcome> {
  let args: unknown;
  try {
    args = call.function.arguments.trim() ? JSON.parse(call.function.arguments) : {};
  } catch {
    throw new UnknownTool(`${call.function.name} (arguments that are not JSON)`);
  }
  const name = call.function.name;
  if (name === 'search_knowledge') {
    const query = typeof (args as { query?: unknown })?.query === 'string' ? (args as { query: string }).query : '';
    const passages = await scope.search(query);
    return { content: passages.length ? passagesText(passages) : 'Nothing found.', passages };
  }
  if (name === 'handoff_to_human') return { content: 'Handed to the team.', handoff: true };
  if (name === 'offer_choices') {
    const options = (args as { options?: unknown })?.options;
    return offered([{ type: 'quick_replies', options }], () => `${scope.messageId}-choices`, (field) => field.replace(/^blocks\.0\./, ''));
  }
  if (name === 'show_blocks') return offered((args as { blocks?: unknown })?.blocks, (index) => `${scope.messageId}-${index + 1}`);
  if (!scope.agent.tools.some((tool) => tool.name === name)) throw new UnknownTool(name);
  try {
    const result = await scope.pageTools.call(scope.conversationId, { name, args });
    return { content: JSON.stringify(result.ok ? { ok: true, result: result.result } : { ok: false, error: result.error }) };
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    return { content: JSON.stringify({ ok: false, error: { code: error.code, message: error.message } }) };
  }
}
