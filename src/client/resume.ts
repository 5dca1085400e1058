import { LIMITS, type SessionJoined } from '../protocol.js';
import type { ChannelConfigLoader } from './channel-config.js';
import type { Conversations } from './conversations.js';
import type { CurrentConversation } from './current-conversation.js';
import type { Delivery } from './delivery.js';
import type { ReadPolicy } from './read-policy.js';

export interface ResumeHost {
  channel: ChannelConfigLoader;
  conversations: Conversations;
  current: CurrentConversation;
  read: ReadPolicy;
  delivery: Delivery;
  /** Asks the server for the visitor's newest conversations (their summaries join the ones held). */
  list(limit: number): Promise<unknown>;
}

/**
 * Where the client picks up after a gap (DESIGN.md §4: every receiver resumes by `seq`): a join
 * brings the shown conversation after its last `seq` and the visitor's summaries, which say what
 * every other conversation held missed; a resync (the page came back, the server asked) asks for
 * the same without reconnecting.
 */
export class Resume {
  readonly #host: ResumeHost;

  constructor(host: ResumeHost) {
    this.#host = host;
  }

  /** A join: the config, the summaries, the conversation joined and its messages (the first join's are history: not announced), then the others that moved. */
  joined(payload: SessionJoined, first: boolean): void {
    const { channel, conversations, current, read, delivery } = this.#host;
    channel.apply(payload.config);
    read.announcing(() => {
      conversations.listed(payload.conversations ?? []);
      if (payload.conversation) conversations.described(payload.conversation);
    });
    if (payload.conversation) current.joined(payload.conversation);
    delivery.receive(payload.messages, !first);
    void delivery.resume(conversations.moved(current.id));
    // Suggestions are a nicety for an empty conversation: the chat works without them.
    if (first && !current.log?.messages.length) channel.loadFaqs();
  }

  /** A resync: the shown conversation after its last `seq`, then the others the server's list says moved. */
  async catchUp(): Promise<void> {
    const { conversations, current, delivery } = this.#host;
    await delivery.resume([{ id: current.id ?? undefined, after: current.log?.lastSeq ?? 0 }]);
    await this.#host.list(LIMITS.conversationsOnJoin).catch(() => {}); // the next join tells the same
    await delivery.resume(conversations.moved(current.id));
  }
}
