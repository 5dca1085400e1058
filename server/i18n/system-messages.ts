import { pickLocale, type Locale } from '../../src/i18n/locales.js';

/**
 * What the server itself writes into a conversation (`from: 'system'`), in the visitor's
 * language: their `context.locale` matched as the widget matches it, else English. The same
 * twelve locales as the widget; a test checks every one has every message.
 */
export type SystemMessage = 'handoff' | 'aiUnavailable';

export const SYSTEM_MESSAGES: Record<Locale, Record<SystemMessage, string>> = {
  en: {
    handoff: 'You are now connected with our team. Someone will answer you here.',
    aiUnavailable: 'Our assistant is unavailable right now. The team will answer you here.',
  },
  'zh-CN': {
    handoff: '已为您转接人工客服，工作人员将在这里回复您。',
    aiUnavailable: '智能助手暂时无法使用，工作人员将在这里回复您。',
  },
  'zh-TW': {
    handoff: '已為您轉接真人客服，工作人員將在這裡回覆您。',
    aiUnavailable: '智慧助理暫時無法使用，工作人員將在這裡回覆您。',
  },
  ja: {
    handoff: '担当者におつなぎしました。こちらで担当者がお答えします。',
    aiUnavailable: 'アシスタントは現在ご利用いただけません。担当者がこちらでお答えします。',
  },
  ko: {
    handoff: '상담원에게 연결되었습니다. 이곳에서 답변해 드리겠습니다.',
    aiUnavailable: '지금은 어시스턴트를 사용할 수 없습니다. 상담원이 이곳에서 답변해 드리겠습니다.',
  },
  es: {
    handoff: 'Ya estás en contacto con nuestro equipo. Alguien te responderá aquí.',
    aiUnavailable: 'Nuestro asistente no está disponible en este momento. El equipo te responderá aquí.',
  },
  fr: {
    handoff: 'Vous êtes maintenant en contact avec notre équipe. Quelqu’un vous répondra ici.',
    aiUnavailable: 'Notre assistant est indisponible pour le moment. L’équipe vous répondra ici.',
  },
  de: {
    handoff: 'Sie sind jetzt mit unserem Team verbunden. Jemand antwortet Ihnen hier.',
    aiUnavailable: 'Unser Assistent ist gerade nicht verfügbar. Das Team antwortet Ihnen hier.',
  },
  'pt-BR': {
    handoff: 'Agora você está em contato com a nossa equipe. Alguém vai responder aqui.',
    aiUnavailable: 'Nosso assistente está indisponível no momento. A equipe vai responder aqui.',
  },
  it: {
    handoff: 'Ora sei in contatto con il nostro team. Qualcuno ti risponderà qui.',
    aiUnavailable: 'Il nostro assistente non è disponibile al momento. Il team ti risponderà qui.',
  },
  ru: {
    handoff: 'Вы переключены на нашу команду. Сотрудник ответит вам здесь.',
    aiUnavailable: 'Ассистент сейчас недоступен. Наша команда ответит вам здесь.',
  },
  ar: {
    handoff: 'أنت الآن على تواصل مع فريقنا. سيرد عليك أحد أعضاء الفريق هنا.',
    aiUnavailable: 'المساعد غير متاح الآن. سيرد عليك فريقنا هنا.',
  },
};

/** `message` in the language of `locale` (a BCP-47 tag, as the visitor's browser gave it), else English. */
export function systemMessage(message: SystemMessage, locale: string | undefined): string {
  return SYSTEM_MESSAGES[pickLocale([locale])][message];
}
