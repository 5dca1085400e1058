import jwt from 'jsonwebtoken';

/** The claims of a verified token; the registered ones the check asked for are present. */
export type VerifiedClaims = jwt.JwtPayload & { sub: string; iat: number; exp: number };

/** What a token must carry besides a valid HS256 signature. */
export interface TokenCheck {
  /** The `aud` it must name; not checked when absent. */
  audience?: string | undefined;
  /** The `iss` it must name; not checked when absent. */
  issuer?: string | undefined;
  /** `jti` too, besides `sub`, `iat` and `exp` (which every token here needs). */
  jti?: boolean;
}

/** Why a token was refused: expired, or anything else (signature, algorithm, claims). */
export class TokenRefused extends Error {
  constructor(readonly expired: boolean) {
    super(expired ? 'token expired' : 'invalid token');
  }
}

/**
 * Every JWT the server signs or accepts is HS256 through jsonwebtoken: the algorithm is pinned
 * on verify (no `none`, no other HMAC, no public-key confusion), the audience and the issuer
 * are checked when the caller names them, and `sub`, `iat`, `exp` must be there.
 */
export function signHs256(secret: string, claims: Record<string, string>, options: { subject: string; audience: string; issuer: string; seconds: number }) {
  const now = Math.floor(Date.now() / 1000);
  const token = jwt.sign({ ...claims, iat: now }, secret, {
    algorithm: 'HS256',
    subject: options.subject,
    audience: options.audience,
    issuer: options.issuer,
    expiresIn: options.seconds,
  });
  return { token, expiresAt: new Date((now + options.seconds) * 1000) };
}

/** The token's claims, or `TokenRefused`. */
export function verifyHs256(token: string, secret: string, check: TokenCheck): VerifiedClaims {
  let payload: string | jwt.JwtPayload;
  try {
    payload = jwt.verify(token, secret, {
      algorithms: ['HS256'],
      ...(check.audience !== undefined ? { audience: check.audience } : {}),
      ...(check.issuer !== undefined ? { issuer: check.issuer } : {}),
    });
  } catch (error) {
    throw new TokenRefused(error instanceof jwt.TokenExpiredError);
  }
  // jsonwebtoken checks `exp` only when present; a token here must have it, and a subject.
  if (
    typeof payload !== 'object' ||
    typeof payload.sub !== 'string' ||
    typeof payload.iat !== 'number' ||
    typeof payload.exp !== 'number' ||
    (check.jti && typeof payload.jti !== 'string')
  ) {
    throw new TokenRefused(false);
  }
  return payload as VerifiedClaims;
}
