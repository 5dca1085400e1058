import type { CannedReply, Label } from '../../src/protocol.js';

/** A canned reply as the service hands it to the store: `ownerId` null for a shared one. */
export interface NewCannedReply {
  ownerId: string | null;
  shortcut: string;
  text: string;
}

export interface CannedReplyQuery {
  /** The agent whose personal replies are listed with the shared ones. */
  agentId: string;
  /** Only replies whose shortcut or text holds this (any case). */
  q?: string | undefined;
  limit: number;
}

/** Another reply of the same scope (shared, or the same agent's) already has the shortcut. */
export class ShortcutTaken extends Error {
  constructor(readonly shortcut: string) {
    super(`shortcut ${shortcut} is taken`);
    this.name = 'ShortcutTaken';
  }
}

/** Another label already has the name (in any case). */
export class LabelTaken extends Error {
  constructor(readonly labelName: string) {
    super(`label ${labelName} exists`);
    this.name = 'LabelTaken';
  }
}

/**
 * Canned replies and labels (DESIGN.md §12, migration 20), in both engines. Conversation
 * summaries carry their labels' names, sorted; `ConversationQuery.label` filters by one.
 */
export interface CannedLabelStore {
  /** The agent's personal replies and the shared ones, by shortcut (shared first on a tie). */
  listCannedReplies(query: CannedReplyQuery): Promise<{ data: CannedReply[]; hasMore: boolean }>;
  getCannedReply(id: string): Promise<CannedReply | null>;
  /** Throws `ShortcutTaken`. */
  createCannedReply(reply: NewCannedReply): Promise<CannedReply>;
  /** Null when there is no such reply; throws `ShortcutTaken`. */
  updateCannedReply(id: string, patch: Partial<Pick<NewCannedReply, 'shortcut' | 'text'>>): Promise<CannedReply | null>;
  deleteCannedReply(id: string): Promise<boolean>;

  /** By name (ASCII case folded). */
  listLabels(): Promise<Label[]>;
  /** Throws `LabelTaken`. */
  createLabel(label: Pick<Label, 'name' | 'color'>): Promise<Label>;
  /** Null when there is no such label; throws `LabelTaken`. */
  updateLabel(id: string, patch: Partial<Pick<Label, 'name' | 'color'>>): Promise<Label | null>;
  /** Removes it from every conversation too: the open conversations that carried it, or null when there was no such label. */
  deleteLabel(id: string): Promise<string[] | null>;
  /** Open conversations carrying the label (to tell the inbox of a rename). */
  openConversationsLabelled(id: string): Promise<string[]>;
  /** Replaces the conversation's labels with these (ids; one deleted meanwhile is skipped). False when there is no such conversation. */
  setConversationLabels(conversationId: string, labelIds: string[]): Promise<boolean>;
  /** The names of the conversation's labels, sorted. */
  conversationLabels(conversationId: string): Promise<string[]>;
}

/** A label name as the engines' unique index compares it: ASCII letters folded to lower case (as SQLite's `lower()`). */
export const foldLabelName = (name: string) => name.replace(/[A-Z]/g, (letter) => letter.toLowerCase());

/** Label names in the order every engine gives them: by name with ASCII case folded, then as written. */
export function sortLabelNames(names: string[]): string[] {
  const fold = foldLabelName;
  return [...names].sort((a, b) => {
    const [x, y] = [fold(a), fold(b)];
    return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
  });
}
