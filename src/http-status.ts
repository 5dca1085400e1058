import type { ErrorCode } from './protocol.js';

/**
 * The HTTP status of each code: REST answers with it, and a client that got the same error in
 * a socket acknowledgement treats it alike (a 4xx is not retried).
 */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  invalid_request: 400,
  invalid_option: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  no_handler: 422,
  timeout: 504,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
  network: 503,
};
