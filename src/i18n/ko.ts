import type { Messages } from './en.js';

const messages: Messages = {
  openChat: "채팅 열기",
  closeChat: "채팅 닫기",
  title: "고객 지원",
  messages: "메시지",
  messageInput: "메시지",
  placeholder: "메시지를 입력하세요…",
  send: "보내기",
  sending: "보내는 중…",
  notSent: "전송되지 않았습니다.",
  retry: "다시 시도",
  team: "지원팀",
  typing: "{name}님이 입력 중…",
  someoneTyping: "입력 중…",
  connecting: "연결 중…",
  reconnecting: "오프라인 — 연결되면 메시지가 전송됩니다.",
  online: "지금 상담 가능합니다",
  away: "지금은 자리에 없습니다 — 메시지를 남겨 주시면 답변드리겠습니다",
  unread: "읽지 않은 메시지 {count}개",
  seen: "읽음",
  suggested: "자주 묻는 질문",
  emailLabel: "이메일",
  emailSubmit: "알림 받기",
  emailSaved: "감사합니다! {email}(으)로 답변드리겠습니다.",
  emailInvalid: "올바른 이메일 주소를 입력하세요.",
};

export default messages;
