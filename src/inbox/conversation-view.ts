import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { Agent, AgentThreadItem, ChatMessage, ConversationSummary } from '../protocol.js';
import { renderAttachments, type AttachmentView } from '../ui/attachments.js';
import { isAiAnswer, renderAiAnswer, renderOutcome } from './ai-outcome.js';
import { answersIn, renderAnswered, renderChoicesComposer, renderOffered } from './message-blocks.js';
import { SHORTCUTS } from './shortcuts.js';
import { visitorLabel } from './visitor-panel.js';
// ---- desk: notes
import { isNote, renderNote } from './notes.js';

/** A file the agent is sending, until its message is stored. */
export interface ReplyUpload {
  id: string;
  conversationId: string;
  fileName: string;
  progress: number;
  abort: AbortController;
}

/** What the conversation pane shows and what it reports back. */
export interface ConversationView {
  conversation: ConversationSummary;
  /** The messages, and the private notes among them. */
  thread: AgentThreadItem[];
  team: Agent[];
  visitorTyping: boolean;
  error: string;
  uploads: ReplyUpload[];
  /** Someone else answered while the agent was writing ('' when not). */
  replyNotice: string;
  attachments: AttachmentView;
  onAssign(agentId: string | null): void;
  onStatus(action: 'close' | 'reopen'): void;
  onReply(event: SubmitEvent): void;
  onReplyKeydown(event: KeyboardEvent): void;
  onReplyInput(): void;
  onAttach(event: Event): void;
  onDismissNotice(): void;
  /** What the desk's features draw in the conversation's bar (labels, transfer) and in the reply form (note toggle, canned replies). */
  tools: unknown[];
  composerTools: unknown[];
  /** The composer's "Add choices" is on. */
  choicesOpen: boolean;
  onToggleChoices(open: boolean): void;
}

/** The seq of the newest agent message the visitor has seen (0 when none). */
function seenByVisitor(conversation: ConversationSummary, thread: ChatMessage[]): number {
  let marker = 0;
  for (const message of thread) if (message.from !== 'visitor' && message.seq <= conversation.visitorReadSeq) marker = message.seq;
  return marker;
}

/** One message of the thread: an AI answer adds its sources and the visitor's feedback; a system message (a handoff) stands out. */
function renderMessage(message: ChatMessage, view: ConversationView, who: string, seenSeq: number, answers: ReturnType<typeof answersIn>, messages: ChatMessage[]): TemplateResult {
  const ai = isAiAnswer(message, view.conversation);
  const author = message.from === 'visitor' ? who : message.from === 'system' ? 'System' : message.author?.name ?? message.from;
  return html`<div class="message ${message.from} ${ai ? 'ai' : ''}" data-message-id=${message.id}>
    <span class="meta">${author}${ai ? html` <span class="ai-tag">AI</span>` : nothing}</span>
    ${renderAnswered(message, messages)}
    ${message.text ? html`<span class="text">${message.text}</span>` : nothing}
    ${renderAttachments(message.attachments, view.attachments)}
    ${renderOffered(message, answers)}
    ${ai ? renderAiAnswer(message) : nothing}
    ${message.seq === seenSeq ? html`<span class="meta seen">Seen by the visitor</span>` : nothing}
  </div>`;
}

/** The selected conversation: its bar (status, rating, the AI outcome, assignment), the thread and the reply form. */
export function renderConversation(view: ConversationView): TemplateResult {
  const { conversation: selected } = view;
  const who = visitorLabel(selected.visitor);
  const messages = view.thread.filter((item): item is ChatMessage => !isNote(item));
  const seenSeq = seenByVisitor(selected, messages);
  const answers = answersIn(messages);
  return html`<div class="thread-bar">
      <span>${selected.status === 'closed' ? 'Closed' : 'Open'}${selected.rating
        ? html` · rated ${selected.rating.score}/5${selected.rating.comment ? html` — “${selected.rating.comment}”` : nothing}`
        : nothing}
        ${renderOutcome(selected)}</span>
      <label class="assign">Assigned to
        <select @change=${(event: Event) => view.onAssign((event.target as HTMLSelectElement).value || null)}>
          <option value="" ?selected=${!selected.assignedAgentId}>Nobody</option>
          ${view.team.filter((member) => !member.disabled).map((member) => html`<option value=${member.id} ?selected=${member.id === selected.assignedAgentId}>${member.name}</option>`)}
        </select>
      </label>
      <button class="link-button" type="button" @click=${() => view.onStatus(selected.status === 'closed' ? 'reopen' : 'close')}>
        ${selected.status === 'closed' ? 'Reopen' : 'Close conversation'}
      </button>
      ${view.tools}
    </div>
    <div class="messages" role="log" aria-label="Messages with ${who}" tabindex="0">
      ${repeat(view.thread, (item) => item.id, (item) => (isNote(item) ? renderNote(item) : renderMessage(item, view, who, seenSeq, answers, messages)))}
    </div>
    ${view.visitorTyping ? html`<p class="typing">${who} is typing…</p>` : nothing}
    ${view.error ? html`<p class="error" role="alert">${view.error}</p>` : nothing}
    ${view.uploads
      .filter((upload) => upload.conversationId === selected.id)
      .map(
        (upload) => html`<p class="uploading">
          <progress max="1" .value=${upload.progress} aria-label="Uploading ${upload.fileName}"></progress>
          <span>${upload.fileName}</span>
          <button class="link-button" type="button" @click=${() => upload.abort.abort()}>Cancel upload</button>
        </p>`,
      )}
    <div class="reply-notice">
      <p role="status">${view.replyNotice}</p>
      ${view.replyNotice ? html`<button class="link-button" type="button" @click=${view.onDismissNotice}>Dismiss</button>` : nothing}
    </div>
    <form class="reply" @submit=${view.onReply}>
      <textarea aria-label="Reply" rows="2" placeholder="Reply…  (r)" maxlength="8000" @keydown=${view.onReplyKeydown} @input=${view.onReplyInput}></textarea>
      <label class="attach-file">Attach<input type="file" multiple @change=${view.onAttach} /></label>
      <button class="primary" type="submit">Send</button>
      ${renderChoicesComposer(view.choicesOpen, view.onToggleChoices)}
      ${view.composerTools}
    </form>`;
}

/** The keyboard shortcut list (`?`). */
export function renderShortcuts(): TemplateResult {
  return html`<dialog class="shortcuts" aria-labelledby="shortcuts-heading">
    <h2 id="shortcuts-heading">Keyboard shortcuts</h2>
    <dl>${SHORTCUTS.map(([keys, label]) => html`<dt><kbd>${keys}</kbd></dt><dd>${label}</dd>`)}</dl>
    <form method="dialog"><button class="primary" type="submit">Close</button></form>
  </dialog>`;
}
