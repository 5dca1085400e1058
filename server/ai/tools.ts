import type { AiAgent, BlockOption, QuickRepliesBlock } from '../../src/protocol.js';
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
      description: 'Shows the visitor buttons to answer with (quick replies) below your answer.',
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
  block?: QuickRepliesBlock;
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

const LABEL_MAX = 80;
const VALUE_MAX = 200;

/** The options as a quick-replies block, after a shape check (strings, not empty, bounded); null when none is left. */
function choices(args: unknown, id: string): QuickRepliesBlock | null {
  const given = (args as { options?: unknown })?.options;
  if (!Array.isArray(given)) return null;
  const options: BlockOption[] = given
    .filter((option): option is BlockOption => typeof option?.label === 'string' && typeof option?.value === 'string' && option.label.trim() !== '' && option.value !== '')
    .slice(0, 10)
    .map((option) => ({ label: option.label.trim().slice(0, LABEL_MAX), value: option.value.slice(0, VALUE_MAX) }));
  return options.length ? { type: 'quick_replies', id, options } : null;
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
    const block = choices(args, `${scope.messageId}-choices`);
    return block ? { content: 'The choices are shown.', block } : { content: 'No valid options: each needs a label and a value.' };
  }
  if (!scope.agent.tools.some((tool) => tool.name === name)) throw new UnknownTool(name);
  try {
    const result = await scope.pageTools.call(scope.conversationId, { name, args });
    return { content: JSON.stringify(result.ok ? { ok: true, result: result.result } : { ok: false, error: result.error }) };
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    return { content: JSON.stringify({ ok: false, error: { code: error.code, message: error.message } }) };
  }
}
