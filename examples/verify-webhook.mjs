import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Checks a support-chat webhook: `header` is `X-Support-Chat-Signature` (`t=…,v1=…`), `body`
 * the raw request body as received (before any JSON parsing), `secret` the webhook's secret.
 * Refuses signatures older (or newer) than `toleranceSeconds`, so a captured request cannot be
 * replayed later.
 */
export function verifySupportChatSignature(body, header, secret, toleranceSeconds = 300, now = Date.now()) {
  const parts = Object.fromEntries(String(header ?? '').split(',').map((part) => part.split('=', 2)));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1 || Math.abs(now / 1000 - t) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
