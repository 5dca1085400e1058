export function verifySupportChatSignature(body: string, header: string | string[] | undefined, secret: string, toleranceSeconds?: number, now?: number): boolean;
