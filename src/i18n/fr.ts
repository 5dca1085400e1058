import type { Messages } from './en.js';

const messages: Messages = {
  openChat: "Ouvrir la discussion",
  closeChat: "Fermer la discussion",
  title: "Assistance",
  messages: "Messages",
  messageInput: "Message",
  placeholder: "Écrivez un message…",
  send: "Envoyer",
  sending: "Envoi…",
  notSent: "Non envoyé.",
  retry: "Réessayer",
  team: "Équipe",
  typing: "{name} écrit…",
  someoneTyping: "En train d’écrire…",
  connecting: "Connexion…",
  reconnecting: "Hors ligne — vos messages partiront dès le retour de la connexion.",
  online: "Nous sommes en ligne",
  away: "Nous sommes absents — laissez un message, nous vous répondrons",
  unread: "{count} messages non lus",
  seen: "Vu",
  suggested: "Questions suggérées",
  emailLabel: "Votre e-mail",
  emailSubmit: "Me prévenir",
  emailSaved: "Merci ! Nous répondrons à {email}.",
  emailInvalid: "Saisissez une adresse e-mail valide.",
};

export default messages;
