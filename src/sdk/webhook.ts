import type { ChatMessage, Conversation, ConversationSummary, ToolCallResult, WebhookPayload } from '../protocol.js';

/**
 * `support-chat/webhook`: checks the `X-Support-Chat-Signature` of a webhook request
 * (`t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + raw body)>`) with Web Crypto only, so
 * it runs in Node ≥ 20, Deno, Bun and workers alike.
 */

/** A webhook request's body, by event type. */
export type WebhookEvent =
  | (WebhookPayload<{ message: ChatMessage; conversation: Conversation }> & { type: 'message.created' })
  | (WebhookPayload<{ conversation: ConversationSummary }> & { type: 'conversation.created' | 'conversation.closed' })
  | (WebhookPayload<{ toolCall: ToolCallResult }> & { type: 'tool.result' });

export type WebhookSignatureProblem = 'missing' | 'malformed' | 'expired' | 'mismatch';

/** The request is not one the server signed with this secret, or not recently: answer it with a 4xx. */
export class WebhookSignatureError extends Error {
  override name = 'WebhookSignatureError';
  readonly reason: WebhookSignatureProblem;

  constructor(reason: WebhookSignatureProblem, message: string) {
    super(message);
    this.reason = reason;
  }
}

export interface VerifyOptions {
  /** How far the signature's time may be from now, seconds (300 by default): an older request is a replay. */
  toleranceSeconds?: number;
  /** Now, in milliseconds (tests). */
  now?: number;
}

const encoder = new TextEncoder();

/**
 * Verifies a webhook request and returns its event. `rawBody` is the body exactly as received
 * (before any JSON parsing: a re-serialized body does not match), `signatureHeader` the
 * `X-Support-Chat-Signature` header, `secret` the webhook's signing secret (`whsec_…`).
 * Throws `WebhookSignatureError` when the header is missing or malformed, too old (or too far
 * ahead), or made with another secret or over another body.
 */
export async function verifyWebhook(
  rawBody: string | Uint8Array | ArrayBuffer,
  signatureHeader: string | readonly string[] | null | undefined,
  secret: string,
  options: VerifyOptions = {},
): Promise<WebhookEvent> {
  const header = Array.isArray(signatureHeader) ? signatureHeader.join(',') : (signatureHeader as string | null | undefined);
  if (!header) throw new WebhookSignatureError('missing', 'no X-Support-Chat-Signature header');
  const fields = header.split(',').map((part) => part.trim().split('='));
  const t = fields.find(([name]) => name === 't')?.[1];
  const signatures = fields.filter(([name, value]) => name === 'v1' && value !== undefined && /^[0-9a-f]{64}$/i.test(value)).map(([, value]) => hexBytes(value!));
  if (!t || !/^\d{1,12}$/.test(t) || !signatures.length) throw new WebhookSignatureError('malformed', 'the signature header is not `t=…,v1=…`');
  const tolerance = options.toleranceSeconds ?? 300;
  const age = (options.now ?? Date.now()) / 1000 - Number(t);
  if (Math.abs(age) > tolerance) throw new WebhookSignatureError('expired', `signed ${Math.round(age)} s from now, beyond the ${tolerance} s tolerance`);

  const body = typeof rawBody === 'string' ? encoder.encode(rawBody) : rawBody instanceof Uint8Array ? rawBody : new Uint8Array(rawBody);
  const signed = concat(encoder.encode(`${t}.`), body);
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  // `verify` compares in constant time, unlike comparing hex strings.
  const results = await Promise.all(signatures.map((signature) => crypto.subtle.verify('HMAC', key, signature, signed)));
  if (!results.includes(true)) throw new WebhookSignatureError('mismatch', 'the signature does not match this secret and body');
  return JSON.parse(new TextDecoder().decode(body)) as WebhookEvent;
}

function hexBytes(hex: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(hex.length / 2);
  for (let index = 0; index < bytes.length; index++) bytes[index] = Number.parseInt(hex.slice(index * 2, index * 2 + 2), 16);
  return bytes;
}

function concat(head: Uint8Array, tail: Uint8Array): Uint8Array<ArrayBuffer> {
  const joined = new Uint8Array(head.length + tail.length);
  joined.set(head);
  joined.set(tail, head.length);
  return joined;
}
