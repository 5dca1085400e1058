// What a host's backend does for the widget's `login({ getAssertion })`: it signs, for the user
// it has signed in itself, a short-lived HS256 JWT with the channel's identity secret, and
// hands it to its own page. The chat server checks the signature, `channel`, the lifetime
// (`exp` ≤ `iat` + 300 s) and that the `jti` was never used before.
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import jwt from 'jsonwebtoken';

/**
 * An assertion that `userId` (your own stable id for the user) is signed in on your site.
 * `identitySecret` is the channel's identity secret (admin API: rotate `identity`), kept on
 * the server only; `issuer` is needed when the channel's settings name an `assertionIssuer`.
 */
export function signChatAssertion(userId, { channel, identitySecret, issuer, seconds = 120 }) {
  return jwt.sign({ channel }, identitySecret, {
    algorithm: 'HS256',
    subject: String(userId),
    expiresIn: seconds,
    jwtid: randomUUID(), // one use only: the server refuses a replay until it expires
    ...(issuer ? { issuer } : {}),
  });
}

// `SUPPORT_CHAT_CHANNEL=demo SUPPORT_CHAT_IDENTITY_SECRET=… node examples/sign-assertion.mjs USER_ID`
// prints one assertion, for trying the login by hand.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { SUPPORT_CHAT_CHANNEL, SUPPORT_CHAT_IDENTITY_SECRET, SUPPORT_CHAT_ISSUER } = process.env;
  const userId = process.argv[2];
  if (!SUPPORT_CHAT_CHANNEL || !SUPPORT_CHAT_IDENTITY_SECRET || !userId) {
    console.error('usage: SUPPORT_CHAT_CHANNEL=… SUPPORT_CHAT_IDENTITY_SECRET=… node examples/sign-assertion.mjs USER_ID');
    process.exit(2);
  }
  console.log(signChatAssertion(userId, { channel: SUPPORT_CHAT_CHANNEL, identitySecret: SUPPORT_CHAT_IDENTITY_SECRET, issuer: SUPPORT_CHAT_ISSUER }));
}
