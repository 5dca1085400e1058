import { nanoid } from 'nanoid';
import type { Attachment } from '../protocol.js';

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

/**
 * The uploads in flight, in the order they were picked. Each can be cancelled (its request
 * is aborted) or, after a failure, retried from the same `File`. Files are not persisted:
 * a reload forgets an upload that had not finished, while a finished one is a message in the
 * outbox like any other.
 */
export class Uploads {
  readonly #entries = new Map<string, Entry>();
  readonly #changed: () => void;
  readonly #permanent: (error: unknown) => boolean;

  /** `permanent` tells a refusal (dropped: retrying cannot help) from a failure worth a retry. */
  constructor(changed: () => void, permanent: (error: unknown) => boolean) {
    this.#changed = changed;
    this.#permanent = permanent;
  }

  get items(): UploadItem[] {
    return [...this.#entries.values()].map((entry) => entry.item);
  }

  /** Uploads `file` with `run`; resolves with the stored attachment, rejects on failure or cancel. */
  async start(file: File, run: UploadRunner): Promise<Attachment> {
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
    return this.#run(entry, run);
  }

  /** Sends a failed upload again; resolves like `start`. */
  retry(id: string, run: UploadRunner): Promise<Attachment> | null {
    const entry = this.#entries.get(id);
    if (!entry || entry.item.status !== 'failed') return null;
    entry.abort = new AbortController();
    entry.item = { ...entry.item, status: 'uploading', progress: 0 };
    this.#changed();
    return this.#run(entry, run);
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

  async #run(entry: Entry, run: UploadRunner): Promise<Attachment> {
    try {
      const attachment = await run(
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
      if (this.#permanent(error)) this.#remove(entry.item.id);
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

  #remove(id: string): void {
    const entry = this.#entries.get(id);
    if (!entry) return;
    this.#entries.delete(id);
    if (entry.item.previewUrl) URL.revokeObjectURL(entry.item.previewUrl);
    this.#changed();
  }
}
