import type { Attachment } from '../protocol.js';
import { fileUrl, type AttachmentView } from '../ui/attachments.js';

const REFRESH_ATTACHMENT_MS = 60_000;

export interface ThreadAttachmentsOptions {
  /** The server's origin, read when a view is made. */
  server(): string;
  /** The attachment again, with a fresh signed URL; null when it cannot be had. */
  fetch(id: string): Promise<Attachment | null>;
  /** A fresh copy of an attachment to put in the thread in place of the old one. */
  refreshed(attachment: Attachment): void;
}

/** `thread` with `fresh` in place of the attachment of the same id. */
export function withAttachment<T extends { attachments: Attachment[] }>(thread: T[], fresh: Attachment): T[] {
  return thread.map((message) =>
    message.attachments.some((attachment) => attachment.id === fresh.id)
      ? { ...message, attachments: message.attachments.map((attachment) => (attachment.id === fresh.id ? fresh : attachment)) }
      : message,
  );
}

/** How the open thread's files render in the inbox, and a new URL for one that did not load. */
export class ThreadAttachments {
  readonly #options: ThreadAttachmentsOptions;
  readonly #refreshed = new Map<string, number>();

  constructor(options: ThreadAttachmentsOptions) {
    this.#options = options;
  }

  view(): AttachmentView {
    const base = this.#options.server();
    return {
      base,
      locale: navigator.language,
      openLabel: (name) => `Open image ${name}`,
      onOpen: (attachment) => window.open(fileUrl(attachment.url, base), '_blank', 'noopener'),
      onBroken: (attachment) => void this.#refresh(attachment.id),
    };
  }

  /**
   * An image that did not load (most often an expired signed URL) gets a fresh URL, at most
   * once a minute per file: a file that is really gone must not reload forever.
   */
  async #refresh(id: string): Promise<void> {
    if (Date.now() - (this.#refreshed.get(id) ?? 0) < REFRESH_ATTACHMENT_MS) return;
    this.#refreshed.set(id, Date.now());
    const fresh = await this.#options.fetch(id);
    if (fresh) this.#options.refreshed(fresh);
  }
}
