import { css, html, nothing, type TemplateResult } from 'lit';
import type { Attachment } from '../protocol.js';
import { fileIcon } from './icons.js';

/** The largest box a thumbnail is drawn in, CSS pixels. */
const THUMB_BOX = 220;

export interface AttachmentView {
  /** Resolves the server's (possibly root-relative) file URLs. */
  base: string;
  locale: string;
  /** "Open image {name}" */
  openLabel: (name: string) => string;
  onOpen: (attachment: Attachment) => void;
  /** The image did not load (most often an expired signed URL). */
  onBroken: (attachment: Attachment) => void;
}

/**
 * `11.7 kB`, `10 MB`, in the visitor's language. Steps of 1024, as the limits are set
 * (a 10 MB limit is 10 × 1024 × 1024 bytes and reads "10 MB").
 */
export function formatBytes(bytes: number, locale: string): string {
  const [value, unit] = bytes < 1024 ? [bytes, 'byte'] : bytes < 1024 ** 2 ? [bytes / 1024, 'kilobyte'] : [bytes / 1024 ** 2, 'megabyte'];
  try {
    return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 }).format(value);
  } catch {
    return `${Math.round(bytes / 1024)} kB`;
  }
}

/** The drawn size: the whole image inside the box, never enlarged. Known before it loads. */
export function thumbSize(width: number, height: number): { width: number; height: number } {
  const scale = Math.min(1, THUMB_BOX / width, THUMB_BOX / height);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

export const fileUrl = (url: string, base: string): string => {
  try {
    return new URL(url, base || document.baseURI).href;
  } catch {
    return url;
  }
};

export function renderAttachment(attachment: Attachment, view: AttachmentView): TemplateResult {
  const url = fileUrl(attachment.url, view.base);
  if (attachment.contentType.startsWith('image/') && attachment.width && attachment.height) {
    const size = thumbSize(attachment.width, attachment.height);
    return html`<button part="thumbnail" class="thumb" type="button" aria-label=${view.openLabel(attachment.fileName)} @click=${() => view.onOpen(attachment)}>
      <img src=${url} alt=${attachment.fileName} width=${size.width} height=${size.height} loading="lazy" decoding="async" @error=${() => view.onBroken(attachment)} />
    </button>`;
  }
  return html`<a part="file" class="file" href=${url} target="_blank" rel="noopener noreferrer" download=${attachment.fileName}>
    ${fileIcon}<span class="file-name">${attachment.fileName}</span><span class="file-size">${formatBytes(attachment.fileSize, view.locale)}</span>
  </a>`;
}

export function renderAttachments(attachments: Attachment[], view: AttachmentView): TemplateResult | typeof nothing {
  return attachments.length ? html`<div class="attachments">${attachments.map((attachment) => renderAttachment(attachment, view))}</div>` : nothing;
}

export const attachmentStyles = css`
  .attachments {
    display: flex;
    flex-direction: column;
    gap: 6px;
  }
  .attachments:not(:first-child) {
    margin-top: 6px;
  }
  .thumb {
    display: block;
    padding: 0;
    border: none;
    background: none;
    cursor: zoom-in;
    border-radius: 10px;
    overflow: hidden;
    max-width: 100%;
  }
  .thumb img {
    display: block;
    max-width: 100%;
    height: auto;
    background: var(--sc-bubble, #eee);
  }
  .file {
    display: grid;
    grid-template-columns: 20px 1fr;
    column-gap: 8px;
    align-items: center;
    padding: 8px 10px;
    border-radius: 10px;
    border: 1px solid var(--sc-border-strong, #999);
    color: inherit;
    text-decoration: none;
    max-width: 260px;
  }
  .file svg {
    width: 20px;
    height: 20px;
    grid-row: span 2;
  }
  .file-name {
    font-weight: 600;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .file-size {
    font-size: 12px;
  }
  .file:focus-visible,
  .thumb:focus-visible {
    outline: 3px solid var(--sc-focus, currentColor);
    outline-offset: 2px;
  }
`;
