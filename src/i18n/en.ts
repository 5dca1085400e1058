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
  team: 'Team',
  typing: '{name} is typing…',
  someoneTyping: 'Typing…',
  connecting: 'Connecting…',
  reconnecting: 'Offline — your messages will be sent when the connection is back.',
  online: 'We are online',
  away: 'We are away — leave a message and we will get back to you',
  unread: '{count} unread messages',
  seen: 'Seen',
  suggested: 'Suggested questions',
  emailLabel: 'Your email',
  emailSubmit: 'Notify me',
  emailSaved: 'Thanks! We will reply to {email}.',
  emailInvalid: 'Please enter a valid email address.',
  ended: "This conversation has ended. Write again anytime.",
  rateQuestion: "How was it?",
  rateScore: "{score} of 5",
  rateComment: "Comment (optional)",
  rateSubmit: "Send rating",
  rateThanks: "Thanks for your feedback!",
  attach: "Attach a file",
  dropFiles: "Drop files to send",
  uploading: "Uploading {name}",
  cancelUpload: "Cancel upload",
  openImage: "Open image {name}",
  closeImage: "Close image",
  fileTooLarge: "Files up to {size} can be sent.",
  fileRefused: "This kind of file cannot be sent.",
  preChatTitle: "Before we start",
  preChatIntro: "Tell us a little about you so we can help faster.",
  preChatRequiredNote: "Fields marked * are required.",
  preChatChoose: "Choose…",
  preChatPolicy: "Read the policy",
  preChatSubmit: "Start chat",
  preChatMissing: "Please fill in this field.",
  preChatConsent: "Please tick this box to continue.",
  preChatPhone: "Please enter a valid phone number.",
  preChatFailed: "Your answers could not be saved. Please try again.",
} as const;

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;

/** Fills `{name}` style placeholders. */
export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? ''));
}
