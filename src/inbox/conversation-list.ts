import { html, nothing, type TemplateResult } from 'lit';
import type { Agent, ChatMessage, ConversationSummary } from '../protocol.js';
import { visitorLabel } from './visitor-panel.js';

/** What a list shows of a conversation's newest message: its text, or its files. */
export function preview(message: ChatMessage | null): string {
  if (!message) return 'No messages yet';
  return message.text || message.attachments.map((attachment) => `📎 ${attachment.fileName}`).join(', ');
}

/** The visitor wrote last and no agent has read it yet. */
export const waiting = (conversation: ConversationSummary) =>
  conversation.lastMessage?.from === 'visitor' && conversation.agentReadSeq < conversation.lastSeq;

/** What a row of the conversation list needs besides its conversation. */
export interface ListItemView {
  selectedId: string | undefined;
  team: Agent[];
  onSelect(conversationId: string): void;
}

/** A row of the conversation list: who, the subject the visitor gave it, the newest message, who has it, unread. */
export function renderListItem(item: ConversationSummary, view: ListItemView): TemplateResult {
  const assignee = item.assignedAgentId ? view.team.find((member) => member.id === item.assignedAgentId)?.name : null;
  return html`<li>
    <button type="button" data-id=${item.id} aria-current=${item.id === view.selectedId ? 'true' : 'false'} @click=${() => view.onSelect(item.id)}>
      <span class="who">${visitorLabel(item.visitor)}</span>
      ${item.subject ? html`<span class="subject">${item.subject}</span>` : nothing}
      <span class="preview">${preview(item.lastMessage)}</span>
      <span class="meta">${assignee ? `→ ${assignee}` : item.status === 'open' ? 'Unassigned' : 'Closed'}</span>
      ${waiting(item) ? html`<span class="unread">unread</span>` : nothing}
    </button>
  </li>`;
}
