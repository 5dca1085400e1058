import type { ApiError, Attachment } from '../protocol.js';
import { apiError, networkError } from '../client/errors.js';

export interface UploadRequest {
  url: string;
  file: File;
  token: string;
  locale?: string | undefined;
  /** Called with the fraction sent, 0–1. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal | undefined;
}

/**
 * One multipart upload with progress. XMLHttpRequest, not fetch: fetch reports no upload
 * progress. Rejects with an `SupportChatError` (the server's, or `network`), or an `AbortError`.
 */
export function uploadFile(request: UploadRequest): Promise<Attachment> {
  return new Promise((resolve, reject) => {
    if (request.signal?.aborted) {
      reject(new DOMException('the upload was cancelled', 'AbortError'));
      return;
    }
    const xhr = new XMLHttpRequest();
    const abort = () => xhr.abort();
    xhr.open('POST', request.url);
    xhr.responseType = 'json';
    xhr.setRequestHeader('Authorization', `Bearer ${request.token}`);
    if (request.locale) xhr.setRequestHeader('X-Locale', request.locale);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) request.onProgress?.(event.loaded / event.total);
    };
    xhr.onload = () => {
      request.signal?.removeEventListener('abort', abort);
      if (xhr.status >= 200 && xhr.status < 300) {
        request.onProgress?.(1);
        resolve(xhr.response as Attachment);
        return;
      }
      const error = (xhr.response as ApiError | null)?.error;
      reject(apiError(xhr.status, error ?? { code: 'internal', message: `HTTP ${xhr.status}` }));
    };
    xhr.onerror = () => {
      request.signal?.removeEventListener('abort', abort);
      reject(networkError('the server could not be reached'));
    };
    xhr.onabort = () => reject(new DOMException('the upload was cancelled', 'AbortError'));
    request.signal?.addEventListener('abort', abort, { once: true });
    const form = new FormData();
    form.append('file', request.file, request.file.name || 'file');
    xhr.send(form);
  });
}
