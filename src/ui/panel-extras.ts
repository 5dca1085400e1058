import { css, html, nothing } from 'lit';
import { format, type Messages } from '../i18n/en.js';
import type { Attachment } from '../protocol.js';
import type { UploadItem } from '../client/chat-client.js';
import type { PanelView } from './panel-view.js';
import { fileUrl, formatBytes, thumbSize } from './attachments.js';
import { closeIcon, fileIcon } from './icons.js';

/*
 * The parts of the panel that only some visits show, loaded on demand by the panel: the notice
 * that the team closed the conversation with its rating form, the image lightbox (a click on a thumbnail,
 * preloaded when the pointer or focus reaches one), the drop target shown while files are
 * dragged over the panel, and the rows of files on their way up with the notice for a file
 * that cannot be sent (fetched as soon as the visitor picks, drops or pastes a file, alongside
 * the session's upload chunk). A plain open never fetches them.
 */

export interface Rating {
  score: number;
  comment: string;
}

/**
 * The conversation is closed: say so, and ask for a rating until one is given. A closed
 * conversation shown read-only (one the visitor went back to) shows the rating given and offers
 * a new conversation in place of the composer.
 */
export function renderEnded(view: Pick<PanelView, 'strings' | 'rating' | 'readOnly'>, onRate: (rating: Rating) => void, onStart: () => void) {
  const { strings: t, rating, readOnly } = view;
  return html`<div part="ended" class="away ended">
    <p>${readOnly ? t.closedNotice : t.ended}</p>
    ${rating ? html`<p role="status">${readOnly ? format(t.rated, { score: rating.score }) : t.rateThanks}</p>` : renderRating(t, onRate)}
    ${readOnly ? html`<button part="new-conversation" class="new" type="button" @click=${onStart}>${t.newConversation}</button>` : nothing}
  </div>`;
}

function renderRating(t: Messages, onRate: (rating: Rating) => void) {
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const score = Number(form.get('score'));
    if (score) onRate({ score, comment: String(form.get('comment') ?? '').trim() });
  };
  return html`<form class="rating" @submit=${submit}>
    <fieldset>
      <legend>${t.rateQuestion}</legend>
      ${[1, 2, 3, 4, 5].map(
        (score) => html`<label class="star"
          ><input type="radio" name="score" value=${score} required /><span aria-hidden="true">★</span
          ><span class="visually-hidden">${format(t.rateScore, { score })}</span></label
        >`,
      )}
    </fieldset>
    <input name="comment" type="text" maxlength="2000" aria-label=${t.rateComment} placeholder=${t.rateComment} />
    <button type="submit">${t.rateSubmit}</button>
  </form>`;
}

/** `base` is the server origin that a root-relative image URL is resolved against. */
export function renderLightbox(image: Attachment | null, base: string, t: Messages, onClosed: () => void) {
  const close = (event: Event) => (event.target as Element).closest('dialog')?.close();
  // Escape closes the image only, not the whole chat behind it.
  return html`<dialog
    class="lightbox"
    aria-label=${image?.fileName ?? ''}
    @keydown=${(event: KeyboardEvent) => event.key === 'Escape' && event.stopPropagation()}
    @close=${onClosed}
    @click=${(event: MouseEvent) => event.target === event.currentTarget && close(event)}
  >
    ${image
      ? html`<img src=${fileUrl(image.url, base)} alt=${image.fileName} width=${image.width ?? nothing} height=${image.height ?? nothing} />
          <button class="close-image" type="button" aria-label=${t.closeImage} @click=${close}>${closeIcon}</button>`
      : nothing}
  </dialog>`;
}

export const renderDropTarget = (t: Messages) => html`<div class="drop" aria-hidden="true"><p>${t.dropFiles}</p></div>`;

/** What the panel needs to draw an upload row and to report what the visitor does with it. */
export interface UploadView {
  t: Messages;
  locale: string;
  onRetry: (id: string) => void;
  onCancel: (id: string) => void;
}

/** A file on its way up: its preview (or a card), its progress (or a retry) and a cancel button. */
export function renderUpload(upload: UploadItem, view: UploadView) {
  const { t } = view;
  const size = upload.width && upload.height ? thumbSize(upload.width, upload.height) : null;
  return html`<div part="message" class="message visitor pending upload" data-upload-id=${upload.id}>
    ${upload.previewUrl && size
      ? html`<img class="preview" src=${upload.previewUrl} alt=${upload.fileName} width=${size.width} height=${size.height} />`
      : html`<span class="file">${fileIcon}<span class="file-name">${upload.fileName}</span><span class="file-size">${formatBytes(upload.fileSize, view.locale)}</span></span>`}
    <span class="status">
      ${upload.status === 'failed'
        ? html`${t.notSent} <button type="button" @click=${() => view.onRetry(upload.id)}>${t.retry}</button>`
        : html`<progress max="1" .value=${upload.progress} aria-label=${format(t.uploading, { name: upload.fileName })}></progress>`}
      <button type="button" class="cancel-upload" @click=${() => view.onCancel(upload.id)}>${t.cancelUpload}</button>
    </span>
  </div>`;
}

/** What went wrong with the last file the visitor picked: too large (with the limit) or refused. */
export function renderFileNotice(notice: 'too-large' | 'refused', maxBytes: number, t: Messages, locale: string) {
  return html`<p class="notice error" role="alert">
    ${notice === 'too-large' ? format(t.fileTooLarge, { size: formatBytes(maxBytes, locale) }) : t.fileRefused}
  </p>`;
}

export const extrasStyles = css`
  .upload .preview {
    display: block;
    max-width: 100%;
    height: auto;
    border-radius: 10px;
    opacity: 0.7;
  }
  .upload .status {
    display: flex;
    align-items: center;
    gap: 8px;
    margin-top: 6px;
  }
  .upload progress {
    flex: 1;
    min-width: 80px;
    height: 6px;
    accent-color: var(--sc-on-primary);
  }
  .notice.error {
    color: light-dark(#b42318, #ffa198);
    font-size: 13px;
  }
  .drop {
    position: absolute;
    inset: 0;
    display: grid;
    place-items: center;
    background: color-mix(in srgb, var(--sc-surface) 88%, transparent);
    border: 3px dashed var(--sc-primary);
    border-radius: inherit;
    pointer-events: none;
    font-weight: 600;
  }
  .ended .new {
    width: 100%;
    margin-top: 10px;
    padding: 9px 12px;
    font-weight: 600;
  }
  .rating {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    align-items: center;
  }
  .rating fieldset {
    border: none;
    margin: 0;
    padding: 0;
    display: flex;
    gap: 2px;
    flex-basis: 100%;
  }
  .rating legend {
    padding: 0;
    margin-bottom: 4px;
  }
  .star {
    position: relative;
    cursor: pointer;
    font-size: 22px;
    color: var(--sc-border-strong);
  }
  .star input {
    position: absolute;
    opacity: 0;
    inset: 0;
  }
  .star:has(input:checked),
  .star:has(~ .star input:checked),
  .star:has(input:focus-visible) {
    color: #f5a524;
  }
  .star:has(input:focus-visible) {
    outline: 2px solid var(--sc-focus);
  }
  .lightbox {
    border: none;
    padding: 0;
    background: transparent;
    max-width: 94vw;
    max-height: 94vh;
    overflow: visible;
  }
  .lightbox::backdrop {
    background: rgb(0 0 0 / 0.75);
  }
  .lightbox img {
    display: block;
    max-width: 94vw;
    max-height: 88vh;
    width: auto;
    height: auto;
    border-radius: 6px;
  }
  .close-image {
    position: absolute;
    inset-block-start: -14px;
    inset-inline-end: -14px;
    width: 36px;
    height: 36px;
    border-radius: 50%;
    border: none;
    background: #fff;
    color: #111;
    cursor: pointer;
    display: grid;
    place-items: center;
  }
  .close-image svg {
    width: 18px;
    height: 18px;
  }
`;
