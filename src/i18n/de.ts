import type { Messages } from './en.js';

const messages: Messages = {
  openChat: "Chat öffnen",
  closeChat: "Chat schließen",
  title: "Support",
  messages: "Nachrichten",
  messageInput: "Nachricht",
  placeholder: "Nachricht schreiben…",
  send: "Senden",
  sending: "Wird gesendet…",
  notSent: "Nicht gesendet.",
  retry: "Erneut versuchen",
  team: "Team",
  typing: "{name} schreibt…",
  someoneTyping: "Schreibt…",
  connecting: "Verbinde…",
  reconnecting: "Offline – Ihre Nachrichten werden gesendet, sobald die Verbindung zurück ist.",
  online: "Wir sind online",
  away: "Wir sind gerade nicht da – hinterlassen Sie eine Nachricht, wir melden uns",
  unread: "{count} ungelesene Nachrichten",
  seen: "Gesehen",
  suggested: "Vorgeschlagene Fragen",
  emailLabel: "Ihre E-Mail",
  emailSubmit: "Benachrichtigen",
  emailSaved: "Danke! Wir antworten an {email}.",
  emailInvalid: "Bitte geben Sie eine gültige E-Mail-Adresse ein.",
};

export default messages;
