import type { Messages } from './en.js';

const messages: Messages = {
  openChat: "Apri la chat",
  closeChat: "Chiudi la chat",
  title: "Assistenza",
  messages: "Messaggi",
  messageInput: "Messaggio",
  placeholder: "Scrivi un messaggio…",
  send: "Invia",
  sending: "Invio in corso…",
  notSent: "Non inviato.",
  retry: "Riprova",
  team: "Team",
  typing: "{name} sta scrivendo…",
  someoneTyping: "Sta scrivendo…",
  connecting: "Connessione…",
  reconnecting: "Offline: i tuoi messaggi verranno inviati al ritorno della connessione.",
  online: "Siamo online",
  away: "Non siamo disponibili: lascia un messaggio e ti risponderemo",
  unread: "{count} messaggi non letti",
  seen: "Visto",
  suggested: "Domande suggerite",
  emailLabel: "La tua email",
  emailSubmit: "Avvisami",
  emailSaved: "Grazie! Risponderemo a {email}.",
  emailInvalid: "Inserisci un indirizzo email valido.",
};

export default messages;
