import type { Messages } from './en.js';

const messages: Messages = {
  openChat: "Abrir chat",
  closeChat: "Cerrar chat",
  title: "Soporte",
  messages: "Mensajes",
  messageInput: "Mensaje",
  placeholder: "Escribe un mensaje…",
  send: "Enviar",
  sending: "Enviando…",
  notSent: "No enviado.",
  retry: "Reintentar",
  team: "Equipo",
  typing: "{name} está escribiendo…",
  someoneTyping: "Escribiendo…",
  connecting: "Conectando…",
  reconnecting: "Sin conexión: tus mensajes se enviarán cuando vuelva la conexión.",
  online: "Estamos en línea",
  away: "No estamos disponibles: deja un mensaje y te responderemos",
  unread: "{count} mensajes sin leer",
  seen: "Visto",
  suggested: "Preguntas sugeridas",
  emailLabel: "Tu correo",
  emailSubmit: "Avisarme",
  emailSaved: "¡Gracias! Te responderemos a {email}.",
  emailInvalid: "Introduce un correo electrónico válido.",
};

export default messages;
