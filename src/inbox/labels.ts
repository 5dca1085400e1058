import type { ConversationSummary, Label, LabelInput, Page } from '../protocol.js';
import { requestJson } from '../transport/api.js';
import { DeskFeature } from './desk-feature.js';
import { renderLabelChips, renderLabelFilter, renderLabelTools } from './labels-view.js';

/** Names compare as the server's unique index does: ASCII letters folded. */
export const sameLabel = (a: string, b: string) => a.replace(/[A-Z]/g, (c) => c.toLowerCase()) === b.replace(/[A-Z]/g, (c) => c.toLowerCase());

/**
 * Labels in the inbox: the definitions (loaded at sign-in, again when a conversation names one
 * not known yet, as after a rename), chips on rows and in the conversation's bar, the editor
 * (`l`) that puts labels on the open conversation, the list's label filter, and for admins a
 * way to define a label. The conversation's new labels come back as its summary (and to other
 * agents as `conversation:updated`).
 */
export class Labels extends DeskFeature {
  definitions: Label[] = [];
  /** The label the list is narrowed to ('' for none). */
  filter = '';
  /** The open conversation's label editor is shown. */
  editorOpen = false;
  #loading: Promise<void> | null = null;
  /** Names asked for and not found after a reload (a stale row): not asked again. */
  readonly #unknown = new Set<string>();
  /** Label changes run one after another, each on the labels the one before left. */
  #changes: Promise<void> = Promise.resolve();

  protected override started(): void {
    // An admin renamed or recolored a label: its chips follow at once.
    this.listen('label:updated', (label) => {
      const known = this.definitions.some((item) => item.id === label.id);
      this.definitions = known ? this.definitions.map((item) => (item.id === label.id ? label : item)) : [...this.definitions, label];
      this.inbox.changed();
    });
    void this.load();
  }

  protected override stopped(): void {
    this.definitions = [];
    this.#unknown.clear();
    this.filter = '';
    this.editorOpen = false;
  }

  selected(): void {
    this.editorOpen = false;
  }

  get isAdmin(): boolean {
    return this.session?.agent.role === 'admin';
  }

  load(): Promise<void> {
    this.#loading ??= (async () => {
      try {
        const page = await this.api?.request<Page<Label>>('GET', '/labels');
        if (page) this.definitions = page.data;
        this.inbox.changed();
      } catch (error) {
        this.inbox.fail(error);
      } finally {
        this.#loading = null;
      }
    })();
    return this.#loading;
  }

  /** The label's definition; an unknown name (defined or renamed meanwhile) loads the definitions again, once. */
  definition(name: string): Label | undefined {
    const found = this.definitions.find((label) => sameLabel(label.name, name));
    if (!found && this.api && !this.#loading && !this.#unknown.has(name)) {
      this.#unknown.add(name);
      void this.load();
    }
    return found;
  }

  listQuery(): Record<string, string> {
    return this.filter ? { label: this.filter } : {};
  }

  listed(conversation: ConversationSummary): boolean {
    return !this.filter || conversation.labels.some((name) => sameLabel(name, this.filter));
  }

  setFilter(name: string): void {
    this.filter = name;
    this.inbox.refreshList();
  }

  toggleEditor(open = !this.editorOpen): void {
    this.editorOpen = open;
    this.inbox.changed();
  }

  /** Puts the label on the conversation, or takes it off (after any change still on its way). */
  toggle(conversation: ConversationSummary, name: string, on: boolean): Promise<void> {
    this.#changes = this.#changes.then(() => this.#apply(conversation, name, on));
    return this.#changes;
  }

  async #apply(conversation: ConversationSummary, name: string, on: boolean): Promise<void> {
    const current = (this.inbox.selected?.id === conversation.id ? this.inbox.selected : conversation).labels;
    const labels = on ? [...current, name] : current.filter((label) => !sameLabel(label, name));
    try {
      const updated = await this.api?.request<ConversationSummary>('PUT', `/conversations/${encodeURIComponent(conversation.id)}/labels`, { labels });
      if (updated) this.inbox.upsert(updated, false);
    } catch (error) {
      this.inbox.fail(error);
    }
  }

  /** An admin defines a label (the admin API) and puts it on the open conversation. */
  async define(input: LabelInput, conversation: ConversationSummary): Promise<void> {
    const api = this.api;
    if (!api) return;
    try {
      const label = await requestJson<Label>(`${api.server}/api/v1/admin/labels`, { method: 'POST', token: api.token, body: input });
      await this.load();
      await this.toggle(conversation, label.name, true);
    } catch (error) {
      this.inbox.fail(error);
    }
  }

  shortcut(action: string, root: ShadowRoot): boolean {
    if (action !== 'labels') return false;
    if (!this.inbox.selected) return true;
    this.toggleEditor(true);
    // After the editor is drawn: Lit renders in a microtask, before this task.
    setTimeout(() => root.querySelector<HTMLElement>('.label-editor input, .label-editor button')?.focus());
    return true;
  }

  listTools() {
    return renderLabelFilter(this);
  }

  rowTools(conversation: ConversationSummary) {
    return renderLabelChips(this, conversation.labels);
  }

  conversationTools(conversation: ConversationSummary) {
    return renderLabelTools(this, conversation);
  }
}
