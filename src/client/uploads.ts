import { nanoid } from 'nanoid';
import type { Attachment, ChatMessage, UploadPolicy } from '../protocol.js';
import { apiError, SupportChatError } from './errors.js';

/** A file on its way to the server, shown in the log with its progress until it is sent. */
export interface UploadItem {
  id: string;
  fileName: string;
  fileSize: number;
  contentType: string;
  /** A `blob:` URL of the file itself, for an image preview while it uploads. */
  previewUrl?: string;
  width?: number;
  height?: number;
  /** Sent so far, 0–1. */
  progress: number;
  status: 'uploading' | 'failed';
}

interface Entry {
  item: UploadItem;
  file: File;
  abort: AbortController;
}

export type UploadRunner = (file: File, onProgress: (fraction: number) => void, signal: AbortSignal) => Promise<Attachment>;

/** What the upload flow needs of its `ChatSession`. */
export interface UploadHost {
  /** The list of uploads changed (progress, failure, done). */
  changed(items: UploadItem[]): void;
  /** A refusal or failure to announce (`support-chat-error`). */
  error(error: unknown): void;
  /** The channel's upload policy: `null` takes no files, `undefined` is not known yet. */
  policy(): UploadPolicy | null | undefined;
  run: UploadRunner;
  /** Sends the uploaded file as a message, through the outbox. */
  send(attachment: Attachment): Promise<ChatMessage>;
}

const isRefusal = (error: unknown) => error instanceof SupportChatError && error.permanent;

/**
 * The uploads in flight, in the order they were picked. Each can be cancelled (its request
 * is aborted) or, after a failure, retried from the same `File`. Files are not persisted:
 * a reload forgets an upload that had not finished, while a finished one is a message in the
 * outbox like any other. A chunk of its own: most conversations never send a file.
 */
export class Uploads {
  readonly #entries = new Map<string, Entry>();
  readonly #host: UploadHost;

  constructor(host: UploadHost) {
    this.#host = host;
  }

  get items(): UploadItem[] {
    return [...this.#entries.values()].map((entry) => entry.item);
  }

  /**
   * Uploads `file` (shown with its progress, cancelable), then sends it as a message. A file
   * the channel cannot take is refused here, before upload.
   */
  async send(file: File): Promise<ChatMessage> {
    const policy = this.#host.policy();
    const refusal =
      policy === null
        ? apiError(403, { code: 'forbidden', message: 'this channel does not accept files', param: 'file' })
        : !file.size
          ? apiError(400, { code: 'invalid_request', message: 'the file is empty', param: 'file' })
          : policy && file.size > policy.maxBytes
            ? apiError(413, { code: 'payload_too_large', message: `the file is larger than ${policy.maxBytes} bytes`, param: 'file' })
            : null;
    if (refusal) {
      this.#host.error(refusal);
      throw refusal;
    }
    return this.#sent(this.#start(file));
  }

  /** Uploads a failed file again, then sends it. */
  retry(id: string): void {
    const entry = this.#entries.get(id);
    if (!entry || entry.item.status !== 'failed') return;
    entry.abort = new AbortController();
    entry.item = { ...entry.item, status: 'uploading', progress: 0 };
    this.#changed();
    this.#sent(this.#run(entry)).catch(() => {});
  }

  async #sent(upload: Promise<Attachment>): Promise<ChatMessage> {
    let attachment: Attachment;
    try {
      attachment = await upload;
    } catch (error) {
      if ((error as Error).name !== 'AbortError') this.#host.error(error);
      throw error;
    }
    return this.#host.send(attachment);
  }

  /** Resolves with the stored attachment, rejects on failure or cancel. */
  async #start(file: File): Promise<Attachment> {
    const item: UploadItem = {
      id: nanoid(),
      fileName: file.name || 'file',
      fileSize: file.size,
      contentType: file.type,
      progress: 0,
      status: 'uploading',
    };
    const entry: Entry = { item, file, abort: new AbortController() };
    this.#entries.set(item.id, entry);
    if (file.type.startsWith('image/')) await this.#preview(entry);
    this.#changed();
    return this.#run(entry);
  }

  /** Stops an upload (or dismisses a failed one): the request is aborted, the file forgotten. */
  cancel(id: string): void {
    const entry = this.#entries.get(id);
    if (!entry) return;
    entry.abort.abort();
    this.#remove(id);
  }

  /** Aborts everything (the session stops). */
  clear(): void {
    for (const id of [...this.#entries.keys()]) this.cancel(id);
  }

  async #run(entry: Entry): Promise<Attachment> {
    try {
      const attachment = await this.#host.run(
        entry.file,
        (progress) => {
          if (entry.item.status !== 'uploading') return;
          entry.item = { ...entry.item, progress };
          this.#changed();
        },
        entry.abort.signal,
      );
      this.#remove(entry.item.id);
      return attachment;
    } catch (error) {
      // A refusal is dropped (retrying cannot help); another failure waits for a retry.
      if (isRefusal(error)) this.#remove(entry.item.id);
      else if (this.#entries.has(entry.item.id) && !entry.abort.signal.aborted) {
        entry.item = { ...entry.item, status: 'failed' };
        this.#changed();
      }
      throw error;
    }
  }

  /** Measures the image in the browser so its placeholder has the final size from the start. */
  async #preview(entry: Entry): Promise<void> {
    try {
      const bitmap = await createImageBitmap(entry.file);
      entry.item = { ...entry.item, width: bitmap.width, height: bitmap.height, previewUrl: URL.createObjectURL(entry.file) };
      bitmap.close();
    } catch {
      // not decodable here: shown as a file card; the server decides whether it is an image
    }
  }

  #changed(): void {
    this.#host.changed(this.items);
  }

  #remove(id: string): void {
    const entry = this.#entries.get(id);
    if (!entry) return;
    this.#entries.delete(id);
    if (entry.item.previewUrl) URL.revokeObjectURL(entry.item.previewUrl);
    this.#changed();
  }
}
