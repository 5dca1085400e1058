import { createHmac, timingSafeEqual } from 'node:crypto';

/** `hex(HMAC-SHA256(linkSecret, KEY + "\n" + t + "\n" + u + "\n" + nick))` (DESIGN.md §5). */
export function linkSignature(secret: string, key: string, t: number, u: string, nick: string): string {
  return createHmac('sha256', secret).update(`${key}\n${t}\n${u}\n${nick}`).digest('hex');
}

/** Whether a link's signature matches and its time is inside the TTL (with a minute of clock skew). */
export function linkValid(secret: string, key: string, link: { t: number; u: string; nick: string; s: string }, ttlSeconds: number, now = Date.now()): boolean {
  const expected = Buffer.from(linkSignature(secret, key, link.t, link.u, link.nick), 'hex');
  const given = /^[0-9a-f]{64}$/i.test(link.s) ? Buffer.from(link.s, 'hex') : Buffer.alloc(0);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
  const seconds = Math.floor(now / 1000);
  return link.t <= seconds + 60 && seconds - link.t <= ttlSeconds;
}
