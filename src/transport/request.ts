import { apiError, networkError } from '../client/errors.js';
import type { ApiError } from '../protocol.js';

export interface JsonRequest {
  method: string;
  body?: unknown;
  token?: string | undefined;
  locale?: string | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * One JSON request to the support-chat API: bearer token, never cookies; a failure becomes an
 * `SupportChatError` carrying the server's `ErrorBody` (or `network` when nothing came back).
 */
export async function requestJson<T>(url: string, request: JsonRequest): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (request.body !== undefined) headers['Content-Type'] = 'application/json';
  if (request.token) headers.Authorization = `Bearer ${request.token}`;
  if (request.locale) headers['X-Locale'] = request.locale;
  let response: Response;
  try {
    response = await fetch(url, {
      method: request.method,
      headers,
      body: JSON.stringify(request.body), // undefined without a body
      credentials: 'omit',
      signal: request.signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw networkError('the server could not be reached');
  }
  // A body that is not JSON reads as null; an abort while it arrives stays an abort.
  const payload: unknown = await response.json().catch((error: Error) => {
    if (error.name === 'AbortError') throw error;
    return null;
  });
  if (!response.ok) {
    const error = (payload as ApiError | null)?.error;
    throw apiError(response.status, error ?? { code: 'internal', message: `HTTP ${response.status}` });
  }
  return payload as T;
}
