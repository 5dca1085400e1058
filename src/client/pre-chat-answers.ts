import { LIMITS, type PreChatField, type PreChatFieldType, type VisitorProfile } from '../protocol.js';
import { PROFILE_FIELD, type PreChatAnswers, type PreChatProblem } from './pre-chat.js';

/*
 * The pre-chat answers checked and sorted: the form checks them as the visitor types, the
 * client again before it takes them. Loaded with the form, never by a chat without one.
 */

/** Longest answer per field type (the server's profile limits; an attribute value otherwise). */
export function answerLength(type: PreChatFieldType): number {
  return { name: 200, email: 320, phone: 50 }[type as 'name'] ?? LIMITS.attributeValue;
}

// As loose as the server's check allows: it wants a top-level domain of two letters or more.
const EMAIL = /^[^\s@]+@[^\s@]+\.[A-Za-z]{2,}$/;
const PHONE = /^\+?[\d\s().-]{4,}$/;

/** A consent's policy page when it is http(s) (the server refuses anything else; checked again before it becomes a link). */
export function policyUrl(field: PreChatField): string | null {
  try {
    return field.url && /^https?:$/.test(new URL(field.url).protocol) ? field.url : null;
  } catch {
    return null;
  }
}

/** What stops `answers` from being sent, by field key (empty when they can go). */
export function answerProblems(fields: PreChatField[], answers: PreChatAnswers): Record<string, PreChatProblem> {
  const problems: Record<string, PreChatProblem> = {};
  for (const field of fields) {
    const answer = answers[field.key];
    const text = typeof answer === 'string' ? answer.trim() : '';
    if (field.type === 'consent' ? field.required && answer !== true : field.required && !text) problems[field.key] = 'missing';
    else if (text && field.type === 'email' && !EMAIL.test(text)) problems[field.key] = 'email';
    else if (text && field.type === 'phone' && !PHONE.test(text)) problems[field.key] = 'phone';
  }
  return problems;
}

/** Where each answer goes: the profile (`name`, `email`, `phone`), or the conversation's attributes (a consent as the time it was given). */
export function splitAnswers(fields: PreChatField[], answers: PreChatAnswers, now = new Date()): { profile: VisitorProfile; attributes: Record<string, string> } {
  const profile: VisitorProfile = {};
  const attributes: Record<string, string> = {};
  for (const field of fields) {
    const answer = answers[field.key];
    const profileField = PROFILE_FIELD[field.type];
    if (field.type === 'consent') {
      if (answer === true) attributes[field.key] = now.toISOString();
    } else if (typeof answer === 'string' && answer.trim()) {
      const text = answer.trim().slice(0, answerLength(field.type));
      if (profileField) profile[profileField] = text;
      else attributes[field.key] = text;
    }
  }
  return { profile, attributes };
}
