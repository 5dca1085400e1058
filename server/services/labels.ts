import { DESK_LIMITS, type ConversationSummary, type Label, type LabelInput } from '../../src/protocol.js';
import { notFound, ServiceError } from '../errors.js';
import { foldLabelName as fold, LabelTaken } from '../store/canned-label-store.js';
import type { Store } from '../store/store.js';
import type { ChatEventBus } from './events.js';
import type { ConversationPublisher } from './publisher.js';

const taken = (name: string) => new ServiceError('conflict', `a label named ${name} exists`, { param: 'name' });

/**
 * Labels (DESIGN.md §12): admins define them (a name unique in any case, a color); agents put
 * them on conversations by name. A name no definition has is refused (`labels.N`): the set stays
 * the one the admins keep. Every change a conversation's summary shows is announced as
 * `conversation:updated` (to agents only: the visitor's copy carries no labels); a renamed or
 * recolored label itself as `label:updated`, so every open inbox draws its chips anew.
 */
export class LabelService {
  readonly #store: Store;
  readonly #publisher: ConversationPublisher;
  readonly #events: ChatEventBus;

  constructor(store: Store, publisher: ConversationPublisher, events: ChatEventBus) {
    this.#store = store;
    this.#publisher = publisher;
    this.#events = events;
  }

  list(): Promise<Label[]> {
    return this.#store.listLabels();
  }

  async create(input: LabelInput): Promise<Label> {
    if ((await this.#store.listLabels()).length >= DESK_LIMITS.labels) {
      throw new ServiceError('conflict', `${DESK_LIMITS.labels} labels at most: delete one first`, { param: 'name' });
    }
    try {
      return await this.#store.createLabel(input);
    } catch (error) {
      if (error instanceof LabelTaken) throw taken(input.name);
      throw error;
    }
  }

  /** A rename shows on every conversation carrying the label: the open ones are announced; agents hear the label itself. */
  async update(id: string, patch: Partial<LabelInput>): Promise<Label> {
    let label: Label | null;
    try {
      label = await this.#store.updateLabel(id, patch);
    } catch (error) {
      if (error instanceof LabelTaken) throw taken(error.labelName);
      throw error;
    }
    if (!label) throw notFound('label');
    if (patch.name) await this.#announce(await this.#store.openConversationsLabelled(id));
    this.#events.emit('label:updated', label);
    return label;
  }

  async remove(id: string): Promise<void> {
    const carried = await this.#store.deleteLabel(id);
    if (!carried) throw notFound('label');
    await this.#announce(carried);
  }

  /** Replaces the conversation's labels with these names (matched in any case; repeats count once). */
  async setForConversation(conversationId: string, names: string[]): Promise<ConversationSummary> {
    const byName = new Map((await this.#store.listLabels()).map((label) => [fold(label.name), label.id]));
    const ids = names.map((name, index) => {
      const id = byName.get(fold(name));
      if (!id) throw new ServiceError('invalid_request', `labels.${index}: no label is named ${name}`, { param: `labels.${index}` });
      return id;
    });
    if (!(await this.#store.setConversationLabels(conversationId, [...new Set(ids)]))) throw notFound('conversation');
    return this.#publisher.announce(conversationId);
  }

  async #announce(conversationIds: string[]): Promise<void> {
    for (const conversationId of conversationIds) await this.#publisher.announce(conversationId);
  }
}
