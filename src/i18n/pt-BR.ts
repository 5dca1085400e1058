import type { Messages } from './en.js';

const messages: Messages = {
  openChat: "Abrir chat",
  closeChat: "Fechar chat",
  title: "Suporte",
  messages: "Mensagens",
  messageInput: "Mensagem",
  placeholder: "Escreva uma mensagem…",
  send: "Enviar",
  sending: "Enviando…",
  notSent: "Não enviada.",
  retry: "Tentar novamente",
  team: "Equipe",
  typing: "{name} está digitando…",
  someoneTyping: "Digitando…",
  connecting: "Conectando…",
  reconnecting: "Sem conexão — suas mensagens serão enviadas quando a conexão voltar.",
  online: "Estamos online",
  away: "Estamos ausentes — deixe uma mensagem e responderemos",
  unread: "{count} mensagens não lidas",
  seen: "Visto",
  suggested: "Perguntas sugeridas",
  emailLabel: "Seu e-mail",
  emailSubmit: "Avise-me",
  emailSaved: "Obrigado! Responderemos para {email}.",
  emailInvalid: "Digite um e-mail válido.",
};

export default messages;
