import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Compares two secrets in constant time, whatever their lengths. */
export function secretsEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** A new random secret (256 bits, base64url): channel secrets, bot tokens, invite tokens. */
export const newSecret = (): string => randomBytes(32).toString('base64url');
