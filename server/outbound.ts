import { lookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { ServiceError } from './errors.js';

/**
 * Requests the server makes on an operator's behalf (webhooks, AI endpoints set through the
 * API) reach public addresses only (DESIGN.md §5) unless the operator allows private ones
 * (WEBHOOKS_ALLOW_PRIVATE=1, AI_ALLOW_PRIVATE=1). A name is judged by every address it resolves to, and the
 * connection goes to an address that was judged, so a second resolution cannot rebind it.
 */
export class OutboundRefused extends Error {
  constructor(host: string) {
    super(`${host} is not a public address`);
    this.name = 'OutboundRefused';
  }
}

/**
 * Public unicast only: ipaddr.js names every special range (loopback, link-local, private,
 * unique-local, multicast, carrier-grade NAT, reserved, NAT64, 6to4, …); an IPv4-mapped IPv6
 * address is judged as the IPv4 address it carries.
 */
export function isPublicAddress(address: string): boolean {
  return ipaddr.isValid(address) && ipaddr.process(address).range() === 'unicast';
}

/** `dns.lookup` for `net.connect`, refusing a name with any address that is not public. */
export const publicLookup = ((hostname: string, options: LookupAllOptions, callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void) => {
  lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    if (!addresses.length || !addresses.every((entry) => isPublicAddress(entry.address))) return callback(new OutboundRefused(hostname), []);
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
}) as LookupFunction;

const bare = (hostname: string) => hostname.replace(/^\[|\]$/g, '');

/**
 * Throws `OutboundRefused` unless every address `url`'s host stands for is public. A name that
 * does not resolve now passes: it is judged again when a request is made.
 */
export async function assertPublicUrl(url: string): Promise<void> {
  const host = bare(new URL(url).hostname);
  if (isIP(host)) {
    if (!isPublicAddress(host)) throw new OutboundRefused(host);
    return;
  }
  const addresses = await new Promise<LookupAddress[]>((resolve) => lookup(host, { all: true }, (error, found) => resolve(error ? [] : found)));
  if (addresses.some((entry) => !isPublicAddress(entry.address))) throw new OutboundRefused(host);
}

/** An outbound POST: who may be reached and when to give up. */
export interface OutboundPost {
  headers: Record<string, string>;
  body: string;
  signal: AbortSignal;
  allowPrivate: boolean;
}

/** `assertPublicUrl` for a URL an admin sends: a 400 naming `param`, and the setting (`optIn`) that would allow it. */
export async function requirePublicUrl(url: string, param: string, optIn: string): Promise<void> {
  try {
    await assertPublicUrl(url);
  } catch (error) {
    if (!(error instanceof OutboundRefused)) throw error;
    throw new ServiceError('invalid_request', `${param}: must reach a public address (${optIn} allows private ones)`, { param });
  }
}

/** An outbound POST: who may be reached and when to give up. */
export interface OutboundPost {
  headers: Record<string, string>;
  body: string;
  signal: AbortSignal;
  allowPrivate: boolean;
}

/**
 * POSTs `body` to `url` and resolves with the response, its body still to read (an AI
 * endpoint's stream). No redirect is followed: a 3xx is the answer. Without `allowPrivate`, a
 * host that is not public fails with `OutboundRefused` before any connection is made.
 */
export function requestOutbound(url: string, options: OutboundPost): Promise<IncomingMessage> {
  const target = new URL(url);
  const host = bare(target.hostname);
  if (!options.allowPrivate && isIP(host) && !isPublicAddress(host)) return Promise.reject(new OutboundRefused(host));
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = request(target, {
      method: 'POST',
      headers: { ...options.headers, 'Content-Length': String(Buffer.byteLength(options.body)) },
      signal: options.signal,
      ...(options.allowPrivate ? {} : { lookup: publicLookup }),
    });
    outgoing.once('response', resolve);
    outgoing.once('error', reject);
    outgoing.end(options.body);
  });
}

/** POSTs `body` to `url` (as `requestOutbound`) and resolves with the response status; the body is discarded. */
export async function postOutbound(url: string, options: OutboundPost): Promise<number> {
  const response = await requestOutbound(url, options);
  response.resume();
  return response.statusCode ?? 0;
}
