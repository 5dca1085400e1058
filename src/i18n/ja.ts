import type { Messages } from './en.js';

const messages: Messages = {
  openChat: "チャットを開く",
  closeChat: "チャットを閉じる",
  title: "サポート",
  messages: "メッセージ",
  messageInput: "メッセージ",
  placeholder: "メッセージを入力…",
  send: "送信",
  sending: "送信中…",
  notSent: "送信できませんでした。",
  retry: "再試行",
  team: "サポートチーム",
  typing: "{name} が入力中…",
  someoneTyping: "入力中…",
  connecting: "接続中…",
  reconnecting: "オフラインです — 接続が戻るとメッセージを送信します。",
  online: "オンライン対応中",
  away: "ただいま不在です — メッセージを残していただければ折り返します",
  unread: "未読メッセージ {count} 件",
  seen: "既読",
  suggested: "よくある質問",
  emailLabel: "メールアドレス",
  emailSubmit: "通知を受け取る",
  emailSaved: "ありがとうございます。{email} にご返信します。",
  emailInvalid: "有効なメールアドレスを入力してください。",
};

export default messages;
