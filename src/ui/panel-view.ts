import type { FaqChip } from '../transport/api.js';
import type { PendingMessage, PreChatAnswers, StreamingMessage, UploadItem } from '../client/chat-client.js';
import type { Messages } from '../i18n/en.js';
import type { ChatMessage, ConnectionState, PreChatField } from '../protocol.js';
import type { BlockAnswer } from './blocks.js';
import type { HelpSource } from '../client/help.js';
import type { ConversationsView } from './conversations.js';
import type { HelpView } from './help-view.js';

/** Why the last picked file was refused, shown under the log. */
export type FileNotice = '' | 'too-large' | 'refused';

/** Everything the panel shows: one object from <support-chat>, built in its render. */
export interface PanelView {
  strings: Messages;
  locale: string;
  heading: string;
  subtitle: string;
  greeting: string;
  /** Launcher mode: the panel has a close button. */
  closable: boolean;
  state: ConnectionState;
  /** Whether the team is online; null until the channel config is known. */
  online: boolean | null;
  /** Who on the team is typing ('' when unnamed), null when nobody. */
  typingName: string | null;
  messages: ChatMessage[];
  pending: PendingMessage[];
  /** The highest `seq` the team has seen: "Seen" goes under the newest visitor message up to it. */
  seenSeq: number;
  /** Suggested questions, shown as chips while the conversation is empty. */
  faqs: FaqChip[];
  /** The conversation was closed: the panel offers a rating until one is given. */
  ended: boolean;
  rating: { score: number } | null;
  /** Shown while the team is away, above the email capture. */
  offlineMessage: string;
  /** The email the visitor left (or the host set): the capture form then thanks instead of asking. */
  email: string;
  emailError: boolean;
  /** Files on their way up. */
  uploads: UploadItem[];
  /** The accepted types for the file picker; empty when the channel takes no files. */
  accept: string[];
  /** The channel's largest file, for the "too large" notice. */
  maxBytes: number;
  fileNotice: FileNotice;
  /** The server origin that root-relative file URLs are resolved against. */
  fileBase: string;
  /** The pre-chat form's questions still to ask: while there are any, the form stands in for the composer. */
  preChat: PreChatField[];
  /** The last pre-chat answers could not be saved. */
  preChatFailed: boolean;
  // The visitor's conversations (several per visitor): the header leads to the list, the list to a thread.
  /** What the panel shows: a conversation's thread, or the list of the visitor's conversations. */
  screen: 'thread' | 'list';
  /** Whether the header offers the list (once the chat has a client to ask). */
  listable: boolean;
  /** Team messages unread in the conversations not shown (a badge on the header's list button). */
  unreadElsewhere: number;
  /** A closed conversation shown read-only: no composer, its rating (or the form) and "New conversation". */
  readOnly: boolean;
  /** The list, while it shows (its chunk loads then). */
  list: ConversationsView | null;
  // An AI agent answering (DESIGN.md §10).
  /** Answers being written in the shown conversation: their text so far. */
  streaming: StreamingMessage[];
  /** The AI agent's name (on streaming answers); '' when the channel has none. */
  aiName: string;
  /** The AI answers among `messages`, by id, with what the visitor said of each (null: nothing yet): sources and helpful yes/no go under them. */
  aiAnswers: Map<string, boolean | null>;
  /** An AI agent answers (the conversation's, or a new one's): the away form waits until the team takes over. */
  aiHandles: boolean;
  /** Offer "Talk to a person": an AI agent handles the conversation and the channel lets the visitor ask. */
  handoff: boolean;
  // Help articles (DESIGN.md §11).
  /** The Help screen (search or an article), while it shows in place of the thread or the list (its chunk loads then). */
  help: HelpView | null;
  /** Where the channel's articles come from; null when it has none: no Help button, no quick help. */
  helpSource: HelpSource | null;
}

/** What the visitor does in the panel, by action, with what it carries. */
export interface PanelActions {
  send: string;
  /** A failed message's `clientId`. */
  retry: string;
  close: null;
  typing: boolean;
  files: File[];
  'cancel-upload': string;
  'retry-upload': string;
  /** An attachment whose signed URL expired. */
  'attachment-broken': string;
  rate: { score: number; comment: string };
  email: string;
  /** The pre-chat form's answers, checked. */
  'pre-chat': PreChatAnswers;
  'show-conversations': null;
  /** A conversation's id, picked in the list: show its thread. */
  'open-conversation': string;
  'start-conversation': null;
  /** Older conversations than the list shows. */
  'more-conversations': null;
  /** From the list back to the thread. */
  back: null;
  /** A tapped choice or a submitted form: the visitor's answer to a block. */
  answer: BlockAnswer;
  /** "Talk to a person". */
  handoff: null;
  /** Helpful yes/no under an AI answer. */
  feedback: { messageId: string; helpful: boolean };
  /** The header's Help button. */
  'show-help': null;
  /** An article's slug, picked on the Help screen or in quick help. */
  'open-article': string;
  /** "Chat with us" under help: back to the conversation. */
  'chat-from-help': null;
}

export type PanelAction = { [K in keyof PanelActions]: { action: K; value: PanelActions[K] } }[keyof PanelActions];

/** The panel's one event (`panel-action`): <support-chat> switches on `detail.action`. */
export class PanelActionEvent extends CustomEvent<PanelAction> {
  constructor(detail: PanelAction) {
    super('panel-action', { detail });
  }
}
