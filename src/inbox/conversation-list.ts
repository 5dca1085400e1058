import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { Agent, ChatMessage, ConversationSummary } from '../protocol.js';
import type { InboxFilter } from './agent-client.js';
import { handedOff, HANDLED_FILTERS, renderOutcome, type HandledFilter } from './ai-outcome.js';
import { visitorLabel } from './visitor-panel.js';

const FILTERS: Array<[InboxFilter, string]> = [
  ['open', 'Open'],
  ['mine', 'Mine'],
  ['unassigned', 'Unassigned'],
  ['closed', 'Closed'],
];

/** What a list shows of a conversation's newest message: its text, or its files. */
export function preview(message: ChatMessage | null): string {
  if (!message) return 'No messages yet';
  return message.text || message.attachments.map((attachment) => `📎 ${attachment.fileName}`).join(', ');
}

/**
 * The team owes an answer no agent has read yet: the visitor wrote last, or an AI agent just
 * handed the conversation over. While an AI agent answers, nothing waits for the team.
 */
export const waiting = (conversation: ConversationSummary) =>
  conversation.agentReadSeq < conversation.lastSeq &&
  conversation.handledBy !== 'ai' &&
  (conversation.lastMessage?.from === 'visitor' || (handedOff(conversation) && conversation.lastMessage?.from === 'system'));

/** What a row of the conversation list needs besides its conversation. */
export interface ListItemView {
  selectedId: string | undefined;
  team: Agent[];
  onSelect(conversationId: string): void;
  /** What the desk's features draw in a row (labels, a queue position): text only, the row is a button. */
  rowTools?(item: ConversationSummary): unknown;
}

/** A row of the conversation list: who, the subject the visitor gave it, the newest message, who has it, the AI outcome, unread. */
export function renderListItem(item: ConversationSummary, view: ListItemView): TemplateResult {
  const assignee = item.assignedAgentId ? view.team.find((member) => member.id === item.assignedAgentId)?.name : null;
  const unread = waiting(item);
  const outcome = renderOutcome(item, true);
  return html`<li>
    <button type="button" data-id=${item.id} aria-current=${item.id === view.selectedId ? 'true' : 'false'} @click=${() => view.onSelect(item.id)}>
      <span class="who">${visitorLabel(item.visitor)}</span>
      ${item.subject ? html`<span class="subject">${item.subject}</span>` : nothing}
      <span class="preview">${preview(item.lastMessage)}</span>
      <span class="meta">${assignee ? `→ ${assignee}` : item.status === 'open' ? 'Unassigned' : 'Closed'}</span>
      ${view.rowTools?.(item)}
      ${outcome !== nothing || unread
        ? html`<span class="badges">${outcome}${unread ? html`<span class="unread">unread</span>` : nothing}</span>`
        : nothing}
    </button>
  </li>`;
}

/** The list pane: which list (open, mine, unassigned, closed), who answers (anyone, AI, team), the rows. */
export interface ListView extends ListItemView {
  filter: InboxFilter;
  handled: HandledFilter;
  conversations: ConversationSummary[];
  onFilter(filter: InboxFilter): void;
  onHandled(handled: HandledFilter): void;
  /** What the desk's features draw above the list (search, label and team filters). */
  tools: unknown[];
}

export function renderConversationList(view: ListView): TemplateResult {
  const rows = view.conversations;
  return html`<nav aria-label="Conversations">
    ${view.tools}
    <div class="filters" role="group" aria-label="Show">
      ${FILTERS.map(([filter, label]) => html`<button type="button" aria-pressed=${view.filter === filter ? 'true' : 'false'} @click=${() => view.onFilter(filter)}>${label}</button>`)}
    </div>
    <div class="filters handled-filters" role="group" aria-label="Answered by">
      ${HANDLED_FILTERS.map(([handled, label]) => html`<button type="button" aria-pressed=${view.handled === handled ? 'true' : 'false'} @click=${() => view.onHandled(handled)}>${label}</button>`)}
    </div>
    <ul class="list">
      ${repeat(rows, (item) => item.id, (item) => renderListItem(item, view))}
    </ul>
    ${rows.length ? nothing : html`<p class="empty">Nothing here.</p>`}
  </nav>`;
}
