import { html, nothing, type TemplateResult } from 'lit';
import type { ChatMessage, Conversation, MessageSource } from '../protocol.js';

/** Who answers, as the list may be narrowed to: everyone, the AI agents' conversations, the team's. */
export type HandledFilter = 'all' | 'ai' | 'team';

export const HANDLED_FILTERS: Array<[HandledFilter, string]> = [
  ['all', 'Anyone'],
  ['ai', 'AI'],
  ['team', 'Team'],
];

/** Whether the list narrowed to `filter` shows `conversation`. */
export function handledBy(conversation: Conversation, filter: HandledFilter): boolean {
  if (filter === 'ai') return conversation.handledBy === 'ai';
  if (filter === 'team') return conversation.handledBy !== 'ai';
  return true;
}

/** An AI agent answered first, then the team took over (a handoff: by the model, the visitor or no answer). */
export const handedOff = (conversation: Conversation) => conversation.handledBy === 'human' && conversation.aiAgentId !== null;

/**
 * The honest outcome of a conversation an AI agent took part in; null for the team's own.
 * "Resolved" only when the visitor said an answer helped: never assumed from silence. A handoff
 * comes first (the team has to act), even after an answer the visitor found helpful.
 */
export function aiOutcome(conversation: Conversation): { label: string; kind: 'resolved' | 'handoff' | 'answering' } | null {
  if (handedOff(conversation)) {
    return { label: conversation.resolvedByAi ? 'Handed off to the team (an AI answer had helped)' : 'Handed off to the team', kind: 'handoff' };
  }
  if (conversation.resolvedByAi) return { label: 'Resolved by AI (confirmed by the visitor)', kind: 'resolved' };
  if (conversation.handledBy === 'ai') return { label: 'AI answering', kind: 'answering' };
  return null;
}

/** The outcome as a small badge (the list row and the conversation's bar). */
export function renderOutcome(conversation: Conversation, compact = false): TemplateResult | typeof nothing {
  const outcome = aiOutcome(conversation);
  if (!outcome) return nothing;
  const label = compact ? { resolved: 'Resolved by AI', handoff: 'Handed off', answering: 'AI' }[outcome.kind] : outcome.label;
  return html`<span class="ai-badge ${outcome.kind}" title=${outcome.label}>${label}</span>`;
}

/** An answer written by the conversation's AI agent (a bot message with sources, or by its author). */
export function isAiAnswer(message: ChatMessage, conversation: Conversation): boolean {
  return message.from === 'bot' && (message.sources !== undefined || (conversation.aiAgentId !== null && message.author?.id === conversation.aiAgentId));
}

/** A source opens only when it is an http(s) link; otherwise it is its title, as text. */
function source(item: MessageSource): TemplateResult {
  const url = item.url && /^https?:\/\//i.test(item.url) ? item.url : null;
  return html`<li>${url ? html`<a href=${url} target="_blank" rel="noopener noreferrer">${item.title}</a>` : item.title}</li>`;
}

/** Under an AI answer: what it was based on, and whether the visitor found it helpful. */
export function renderAiAnswer(message: ChatMessage): TemplateResult {
  const { feedback } = message;
  const sources = message.sources ?? [];
  return html`${sources.length
      ? html`<div class="sources"><span class="meta">Sources</span><ul>${sources.map(source)}</ul></div>`
      : nothing}
    ${feedback
      ? html`<span class="feedback ${feedback.helpful ? 'helpful' : 'unhelpful'}">Visitor: ${feedback.helpful ? 'helpful' : 'not helpful'}</span>`
      : nothing}`;
}
