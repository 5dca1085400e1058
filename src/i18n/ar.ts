import type { Messages } from './en.js';

const messages: Messages = {
  openChat: "فتح المحادثة",
  closeChat: "إغلاق المحادثة",
  title: "الدعم",
  messages: "الرسائل",
  messageInput: "الرسالة",
  placeholder: "اكتب رسالة…",
  send: "إرسال",
  sending: "جارٍ الإرسال…",
  notSent: "لم تُرسل.",
  retry: "إعادة المحاولة",
  team: "الفريق",
  typing: "{name} يكتب…",
  someoneTyping: "يكتب…",
  connecting: "جارٍ الاتصال…",
  reconnecting: "غير متصل — سيتم إرسال رسائلك عند عودة الاتصال.",
  online: "نحن متصلون الآن",
  away: "نحن غير متاحين الآن — اترك رسالة وسنرد عليك",
  unread: "{count} رسائل غير مقروءة",
  seen: "تمت المشاهدة",
  suggested: "أسئلة مقترحة",
  emailLabel: "بريدك الإلكتروني",
  emailSubmit: "أبلغني",
  emailSaved: "شكرًا! سنرد على {email}.",
  emailInvalid: "أدخل عنوان بريد إلكتروني صالحًا.",
};

export default messages;
