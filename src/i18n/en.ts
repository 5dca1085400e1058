/** English, the default locale: every key another locale must provide. */
export const en = {
  openChat: 'Open chat',
  closeChat: 'Close chat',
  title: 'Support',
  messages: 'Messages',
  messageInput: 'Message',
  placeholder: 'Write a message…',
  send: 'Send',
  sending: 'Sending…',
  notSent: 'Not sent.',
  retry: 'Retry',
  you: 'You',
  team: 'Team',
  typing: '{name} is typing…',
  someoneTyping: 'Typing…',
  connecting: 'Connecting…',
  offline: 'Offline — your messages will be sent when the connection is back.',
  online: 'We are online',
} as const;

export type Messages = Record<keyof typeof en, string>;

/** Fills `{name}` style placeholders. */
export function format(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '');
}
