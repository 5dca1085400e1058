import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Secrets the server must use again later but keeps encrypted at rest (an AI agent's API key):
 * AES-256-GCM under a key derived (HKDF-SHA256) from the server's session secret, a fresh
 * 96-bit nonce each time. Stored as `v1.<nonce>.<tag>.<ciphertext>`, base64url. Whoever reads
 * the database without the session secret learns nothing; changing the secret makes the
 * stored keys unreadable (they must be set again).
 */
const VERSION = 'v1';

export class SecretBox {
  readonly #key: Buffer;

  constructor(sessionSecret: string, purpose: string) {
    this.#key = Buffer.from(hkdfSync('sha256', sessionSecret, 'support-chat sealed secrets', purpose, 32));
  }

  seal(plaintext: string): string {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, nonce);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, nonce, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
  }

  /** The plaintext, or null when the value was sealed under another secret or altered. */
  open(sealed: string): string | null {
    const [version, nonce, tag, ciphertext] = sealed.split('.');
    if (version !== VERSION || nonce === undefined || tag === undefined || ciphertext === undefined) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(nonce, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }
}
