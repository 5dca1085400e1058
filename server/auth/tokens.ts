import { ServiceError } from '../errors.js';
import { signHs256, TokenRefused, verifyHs256 } from './jwt.js';

/** Who a visitor token speaks for. */
export interface VisitorClaims {
  visitorId: string;
  channelKey: string;
}
/** Who an agent token speaks for. */
export interface AgentClaims {
  agentId: string;
  role: 'agent' | 'admin';
}

export const VISITOR_TOKEN_SECONDS = 30 * 60;
export const AGENT_TOKEN_SECONDS = 12 * 60 * 60;
const ISSUER = 'support-chat';

/**
 * Signs and checks the server's own HS256 tokens. The algorithm is pinned on verify, and
 * each token names its audience, so a visitor token never passes as an agent's.
 */
export class TokenSigner {
  readonly #secret: string;

  constructor(secret: string) {
    if (secret.length < 32) throw new Error('SESSION_SECRET must be at least 32 characters');
    this.#secret = secret;
  }

  async signVisitor(claims: VisitorClaims): Promise<{ token: string; expiresAt: Date }> {
    return this.#sign({ ch: claims.channelKey }, claims.visitorId, 'visitor', VISITOR_TOKEN_SECONDS);
  }

  async verifyVisitor(token: unknown): Promise<VisitorClaims> {
    const payload = this.#verify(token, 'visitor');
    if (typeof payload.ch !== 'string') throw unauthorized();
    return { visitorId: payload.sub, channelKey: payload.ch };
  }

  async signAgent(claims: AgentClaims): Promise<{ token: string; expiresAt: Date }> {
    return this.#sign({ role: claims.role }, claims.agentId, 'agent', AGENT_TOKEN_SECONDS);
  }

  async verifyAgent(token: unknown): Promise<AgentClaims> {
    const payload = this.#verify(token, 'agent');
    if (payload.role !== 'agent' && payload.role !== 'admin') throw unauthorized();
    return { agentId: payload.sub, role: payload.role };
  }

  #sign(claims: Record<string, string>, subject: string, audience: string, seconds: number) {
    return signHs256(this.#secret, claims, { subject, audience, issuer: ISSUER, seconds });
  }

  #verify(token: unknown, audience: string) {
    if (typeof token !== 'string' || token.length === 0 || token.length > 4096) throw unauthorized();
    try {
      return verifyHs256(token, this.#secret, { audience, issuer: ISSUER });
    } catch (error) {
      if (error instanceof TokenRefused && error.expired) throw new ServiceError('unauthorized', 'token expired');
      throw unauthorized();
    }
  }
}

function unauthorized(): ServiceError {
  return new ServiceError('unauthorized', 'missing or invalid token');
}

/** The bearer token of an `Authorization` header, or undefined. */
export function bearer(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}
