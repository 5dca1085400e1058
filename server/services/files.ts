import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DEFAULT_UPLOAD_POLICY, type Attachment, type ChatMessage, type ConversationSummary, type UploadPolicy } from '../../src/protocol.js';
import type { AgentClaims, VisitorClaims } from '../auth/tokens.js';
import { notFound, ServiceError } from '../errors.js';
import { newId } from '../ids.js';
import type { RateLimits } from '../limits/rate-limits.js';
import type { Channel, Store, StoredAttachment, UploadRecord } from '../store/store.js';
import type { ReceivedFile } from '../uploads/multipart.js';
import { settingsOf } from './channels.js';
import { sniff } from '../uploads/sniff.js';
import type { FileStorage } from '../uploads/storage.js';


/**
 * URLs expire at the end of the next half-hour window, so the same file has the same URL
 * (cacheable) for a while and every URL dies within an hour. Clients ask for a fresh one
 * when an old one is refused.
 */
const URL_WINDOW_SECONDS = 30 * 60;

export type Uploader = { visitor: VisitorClaims } | { agent: AgentClaims };

export interface FileOptions {
  /** Signs file URLs; derived from the session secret. */
  secret: string;
  /** Absolute origin for file URLs (PUBLIC_URL); root-relative paths when unset. */
  publicUrl?: string | undefined;
}

/**
 * Uploads and the signed URLs they are served from. Bytes are checked (size, sniffed type,
 * dimensions) before they are stored; a URL is only ever handed to the conversation's
 * visitor and to agents, inside the messages they may read.
 */
export class FileService {
  readonly #store: Store;
  readonly #storage: FileStorage;
  readonly #limits: RateLimits;
  readonly #key: Buffer;
  readonly #base: string;

  constructor(store: Store, storage: FileStorage, limits: RateLimits, options: FileOptions) {
    this.#store = store;
    this.#storage = storage;
    this.#limits = limits;
    this.#key = createHmac('sha256', options.secret).update('support-chat file urls').digest();
    this.#base = options.publicUrl ?? '';
  }

  /** The size limit to read a request with, checked before the body is read. */
  async limitFor(uploader: Uploader): Promise<{ policy: UploadPolicy; channel: Channel | null }> {
    // Agents are not bound to one channel: their uploads follow the default policy.
    if ('agent' in uploader) return { policy: DEFAULT_UPLOAD_POLICY, channel: null };
    const channel = await this.#store.getChannel(uploader.visitor.channelKey);
    if (!channel) throw notFound('channel');
    await this.#limits.consume('upload', uploader.visitor.visitorId, channel.settings.limits?.uploadsPerMinute);
    // The admin API only stores allowed types and sizes (validation.ts): no need to re-check.
    const policy = settingsOf(channel).uploads;
    if (!policy || policy.types.length === 0) throw new ServiceError('forbidden', 'this channel does not accept files', { param: 'file' });
    return { policy, channel };
  }

  /** Sniffs and stores a received file; returns it as an attachment with a signed URL. */
  async store(uploader: Uploader, target: { policy: UploadPolicy; channel: Channel | null }, file: ReceivedFile): Promise<Attachment> {
    const sniffed = await sniff(file.bytes, target.policy.types);
    const id = newId('up');
    const record: UploadRecord = {
      id,
      fileName: file.fileName,
      fileSize: file.bytes.length,
      ...sniffed,
      channelId: target.channel?.id ?? null,
      visitorId: 'visitor' in uploader ? uploader.visitor.visitorId : null,
      agentId: 'agent' in uploader ? uploader.agent.agentId : null,
      conversationId: null,
      messageId: null,
      storageKey: id,
      createdAt: new Date().toISOString(),
    };
    await this.#storage.put(record.storageKey, file.bytes);
    try {
      await this.#store.createUpload(record);
    } catch (error) {
      await this.#storage.delete(record.storageKey);
      throw error;
    }
    return this.#sign(stored(record));
  }

  /**
   * The uploads a new message names, checked to be the sender's own. Whether one already
   * belongs to another message is settled by the store, inside the message's transaction.
   */
  async attachable(uploader: Uploader, ids: readonly string[] | undefined): Promise<StoredAttachment[]> {
    if (!ids?.length) return [];
    if (new Set(ids).size !== ids.length) throw new ServiceError('invalid_request', 'the same upload is named twice', { param: 'attachmentIds' });
    return Promise.all(
      ids.map(async (id, index) => {
        const upload = await this.#store.getUpload(id);
        const own = upload && ('visitor' in uploader ? upload.visitorId === uploader.visitor.visitorId : upload.agentId === uploader.agent.agentId);
        if (!upload || !own) throw new ServiceError('invalid_request', 'no such upload of yours', { param: `attachmentIds.${index}` });
        return stored(upload);
      }),
    );
  }

  /** A fresh URL for a file the visitor may see: their own upload, or one in their conversation. */
  async forVisitor(visitor: VisitorClaims, id: string): Promise<Attachment> {
    const upload = await this.#store.getUpload(id);
    if (upload && upload.visitorId !== visitor.visitorId) {
      const conversation = upload.conversationId ? await this.#store.getConversation(upload.conversationId) : null;
      if (conversation?.visitorId !== visitor.visitorId) throw notFound('upload');
    }
    if (!upload) throw notFound('upload');
    return this.#sign(stored(upload));
  }

  /** A fresh URL for an agent: every conversation is open to every agent. */
  async forAgent(id: string): Promise<Attachment> {
    const upload = await this.#store.getUpload(id);
    if (!upload) throw notFound('upload');
    return this.#sign(stored(upload));
  }

  /** The file behind a signed URL, or a 403 when the signature is wrong or has expired. */
  async open(id: string, expires: string, signature: string, now = Date.now()): Promise<{ upload: UploadRecord; stream: Readable; size: number }> {
    const e = Number(expires);
    const expected = this.#signature(id, e);
    const given = Buffer.from(String(signature));
    if (!Number.isInteger(e) || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new ServiceError('forbidden', 'the file link is not valid', { param: 's' });
    }
    if (e * 1000 < now) throw new ServiceError('forbidden', 'the file link has expired: ask for a fresh one', { param: 'e' });
    const upload = await this.#store.getUpload(id);
    const file = upload && (await this.#storage.get(upload.storageKey));
    if (!upload || !file) throw notFound('file');
    return { upload, ...file };
  }

  /** A message as served: each attachment with a fresh signed URL. */
  present(message: ChatMessage): ChatMessage {
    if (!message.attachments.length) return message;
    return { ...message, attachments: message.attachments.map((attachment) => this.#sign(attachment)) };
  }

  presentSummary(summary: ConversationSummary): ConversationSummary {
    return summary.lastMessage ? { ...summary, lastMessage: this.present(summary.lastMessage) } : summary;
  }

  #sign(attachment: StoredAttachment): Attachment {
    const { id, fileName, fileSize, contentType, width, height } = attachment;
    const e = (Math.floor(Date.now() / 1000 / URL_WINDOW_SECONDS) + 2) * URL_WINDOW_SECONDS;
    const s = this.#signature(id, e).toString();
    const url = `${this.#base}/files/${id}/${encodeURIComponent(fileName)}?e=${e}&s=${s}`;
    return { id, url, fileName, fileSize, contentType, ...(width && height ? { width, height } : {}) };
  }

  #signature(id: string, expires: number): Buffer {
    return Buffer.from(createHmac('sha256', this.#key).update(`${id}\n${expires}`).digest('base64url'));
  }
}

function stored({ id, fileName, fileSize, contentType, width, height }: StoredAttachment): StoredAttachment {
  return { id, fileName, fileSize, contentType, ...(width && height ? { width, height } : {}) };
}
