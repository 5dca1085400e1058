import type { Attachment, ChatMessage, UploadPolicy } from '../protocol.js';
import type { SessionApi } from '../transport/api.js';
import type { Emitter } from './emitter.js';
import { networkError } from './errors.js';
import { reportTo, type ChatClientEvents } from './events.js';
import type { UploadItem, Uploads } from './uploads.js';

/** An expired file URL is asked for again at most this often (a broken image must not loop). */
const REFRESH_ATTACHMENT_MS = 60_000;

export interface AttachmentsHost {
  api: SessionApi;
  events: Emitter<ChatClientEvents>;
  signal: AbortSignal;
  token(): Promise<string>;
  /** The channel's upload policy: `null` takes no files, `undefined` is not known yet. */
  policy(): UploadPolicy | null | undefined;
  /** Sends an uploaded file as a message, through the outbox. */
  send(attachment: Attachment): Promise<ChatMessage>;
  /** Puts a fresh copy of an attachment in the messages that show it. */
  replace(fresh: Attachment): void;
}

/**
 * The visitor's files: the upload flow (a chunk of its own, loaded with the first file: most
 * conversations never send one) and fresh URLs for attachments whose signed URL expired.
 */
export class Attachments {
  /** Files on their way up (progress, cancel), before they become messages. */
  items: UploadItem[] = [];
  readonly #host: AttachmentsHost;
  readonly #refreshed = new Map<string, number>();
  #uploads: Promise<Uploads> | undefined;

  constructor(host: AttachmentsHost) {
    this.#host = host;
  }

  /** Uploads `file`, then sends it through the outbox; a file the channel cannot take is refused before upload. */
  async send(file: File): Promise<ChatMessage> {
    const host = this.#host;
    const loading = (this.#uploads ??= import('./uploads.js').then(
      ({ Uploads }) =>
        new Uploads({
          changed: (items) => {
            this.items = items;
            host.events.emit('change', undefined);
          },
          error: (error) => reportTo(host.events, error),
          policy: () => host.policy(),
          run: async (file, onProgress, signal) => host.api.upload(await host.token(), file, onProgress, AbortSignal.any([signal, host.signal])),
          send: (attachment) => host.send(attachment),
        }),
    ));
    const uploads = await loading.catch(() => {
      // The chunk did not arrive (network): the next file tries to load it again.
      if (this.#uploads === loading) this.#uploads = undefined;
      throw reportTo(host.events, networkError('the upload could not start', 'file'));
    });
    return uploads.send(file);
  }

  /** Stops an upload in progress, or dismisses a failed one. */
  cancel(id: string): void {
    void this.#uploads?.then((uploads) => uploads.cancel(id));
  }

  /** Uploads a failed file again. */
  retry(id: string): void {
    void this.#uploads?.then((uploads) => uploads.retry(id));
  }

  /** Fetches a fresh URL for an attachment whose signed URL expired. */
  async refresh(id: string): Promise<void> {
    const now = Date.now();
    if (now - (this.#refreshed.get(id) ?? 0) < REFRESH_ATTACHMENT_MS) return;
    this.#refreshed.set(id, now);
    const fresh = await this.#host.api.attachment(await this.#host.token(), id).catch(() => null);
    if (!fresh) return;
    this.#host.replace(fresh);
    this.#host.events.emit('change', undefined);
  }

  /** Aborts every upload in flight (the client stops). */
  clear(): void {
    void this.#uploads?.then((uploads) => uploads.clear());
  }
}
