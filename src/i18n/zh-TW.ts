import type { Messages } from './en.js';

const messages: Messages = {
  openChat: "開啟聊天",
  closeChat: "關閉聊天",
  title: "客服",
  messages: "訊息",
  messageInput: "訊息",
  placeholder: "輸入訊息…",
  send: "傳送",
  sending: "傳送中…",
  notSent: "未傳送。",
  retry: "重試",
  team: "客服團隊",
  typing: "{name} 正在輸入…",
  someoneTyping: "正在輸入…",
  connecting: "連線中…",
  reconnecting: "已離線 — 恢復連線後會自動傳送您的訊息。",
  online: "我們在線上",
  away: "我們暫時不在 — 請留言，我們會盡快回覆",
  unread: "{count} 則未讀訊息",
  seen: "已讀",
  suggested: "常見問題",
  emailLabel: "您的電子郵件",
  emailSubmit: "通知我",
  emailSaved: "謝謝！我們會回覆到 {email}。",
  emailInvalid: "請輸入有效的電子郵件地址。",
};

export default messages;
