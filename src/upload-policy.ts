/**
 * What files a channel may take. Part of the wire protocol (protocol.ts re-exports it all); a
 * module of its own so that code needing only the types does not bundle the values.
 */

/** File types a channel may accept. SVG, HTML and anything not listed here never are. */
export const UPLOAD_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif', 'application/pdf', 'text/plain'] as const;
export type UploadType = (typeof UPLOAD_TYPES)[number];

export interface UploadPolicy {
  /** Largest file, bytes. */
  maxBytes: number;
  /** Accepted types, sniffed from the bytes (the declared type is not trusted). */
  types: UploadType[];
}

/** A channel takes every allowed type up to 10 MB unless its settings say otherwise. */
export const DEFAULT_UPLOAD_POLICY: UploadPolicy = { maxBytes: 10 * 1024 * 1024, types: [...UPLOAD_TYPES] };
