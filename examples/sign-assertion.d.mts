export function signChatAssertion(userId: string, options: { channel: string; identitySecret: string; issuer?: string | undefined; seconds?: number }): string;
