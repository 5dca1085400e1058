import type { Messages } from './en.js';

const messages: Messages = {
  openChat: "Открыть чат",
  closeChat: "Закрыть чат",
  title: "Поддержка",
  messages: "Сообщения",
  messageInput: "Сообщение",
  placeholder: "Напишите сообщение…",
  send: "Отправить",
  sending: "Отправка…",
  notSent: "Не отправлено.",
  retry: "Повторить",
  team: "Команда",
  typing: "{name} печатает…",
  someoneTyping: "Печатает…",
  connecting: "Подключение…",
  reconnecting: "Нет связи — сообщения будут отправлены, когда соединение восстановится.",
  online: "Мы в сети",
  away: "Нас сейчас нет — оставьте сообщение, и мы ответим",
  unread: "Непрочитанных сообщений: {count}",
  seen: "Просмотрено",
  suggested: "Частые вопросы",
  emailLabel: "Ваш email",
  emailSubmit: "Сообщить мне",
  emailSaved: "Спасибо! Мы ответим на {email}.",
  emailInvalid: "Введите корректный адрес электронной почты.",
};

export default messages;
