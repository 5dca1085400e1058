/**
 * The opt-in `fingerprint` (identity layer 2): a SHA-256 of a few low-entropy signals, so a
 * returning visitor whose storage was cleared can find their conversation again. The signals
 * never leave the browser, only the digest; null where Web Crypto is unavailable (insecure origin).
 */
export async function browserFingerprint(): Promise<string | null> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle || typeof navigator === 'undefined') return null;
  const signals = [
    navigator.userAgent,
    navigator.language,
    Intl.DateTimeFormat().resolvedOptions().timeZone,
    `${screen.width}x${screen.height}x${screen.colorDepth}`,
    String(navigator.hardwareConcurrency ?? ''),
  ].join('|');
  const digest = await subtle.digest('SHA-256', new TextEncoder().encode(signals));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}
