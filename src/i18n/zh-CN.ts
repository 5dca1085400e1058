import type { Messages } from './en.js';

const messages: Messages = {
  openChat: "打开聊天",
  closeChat: "关闭聊天",
  title: "客服",
  messages: "消息",
  messageInput: "消息",
  placeholder: "输入消息…",
  send: "发送",
  sending: "发送中…",
  notSent: "未发送。",
  retry: "重试",
  team: "客服团队",
  typing: "{name} 正在输入…",
  someoneTyping: "正在输入…",
  connecting: "连接中…",
  reconnecting: "已离线 — 恢复连接后会自动发送您的消息。",
  online: "我们在线",
  away: "我们暂时不在 — 请留言，我们会尽快回复",
  unread: "{count} 条未读消息",
  seen: "已读",
  suggested: "常见问题",
  emailLabel: "您的邮箱",
  emailSubmit: "通知我",
  emailSaved: "谢谢！我们会回复到 {email}。",
  emailInvalid: "请输入有效的邮箱地址。",
};

export default messages;
