import { LIMITS, type Block, type BlockReply } from '../../src/protocol.js';
import { ReplyProblem, replyText } from '../blocks.js';
import { ServiceError } from '../errors.js';
import type { Store } from '../store/store.js';

/** How far back (in messages) a visitor's answer may reach for its block. */
const REACH = 5 * LIMITS.pageSize;

/** The newest block with this id in the conversation's last `REACH` messages from the team (agents, bots, AI agents). */
async function findBlock(store: Store, conversationId: string, blockId: string): Promise<Block | null> {
  let before: number | undefined;
  for (let read = 0; read < REACH; read += LIMITS.pageSize) {
    const page = await store.listMessages(conversationId, { ...(before === undefined ? {} : { before }), limit: LIMITS.pageSize });
    for (const message of [...page.data].reverse()) {
      if (message.from === 'visitor') continue;
      const block = message.blocks?.find((candidate) => candidate.id === blockId);
      if (block) return block;
    }
    if (!page.hasMore || !page.data.length) return null;
    before = page.data[0]!.seq;
  }
  return null;
}

/**
 * The text a visitor's answer to a block is stored with (the chosen label, or a summary of a
 * form). The block must be in an earlier message of the same conversation and the value one of
 * its answers, else a 400 names `replyTo.blockId` or `replyTo.value`.
 */
export async function blockReplyText(store: Store, conversationId: string | null, reply: BlockReply): Promise<string> {
  const block = conversationId ? await findBlock(store, conversationId, reply.blockId) : null;
  if (!block) throw new ServiceError('invalid_request', 'replyTo.blockId: no such block in this conversation', { param: 'replyTo.blockId' });
  try {
    return replyText(block, reply);
  } catch (error) {
    if (error instanceof ReplyProblem) throw new ServiceError('invalid_request', `${error.param}: ${error.message}`, { param: error.param });
    throw error;
  }
}
