import type { ChannelConfig, PreChatField, PreChatFieldType, VisitorProfile } from '../protocol.js';
import { ValidationError } from './errors.js';

/** The visitor's answers by field key: text for most fields, whether it was ticked for a consent. */
export type PreChatAnswers = Record<string, string | boolean>;

/** Why an answer cannot be sent, by field key: left empty, or not an email or a phone number. */
export type PreChatProblem = 'missing' | 'email' | 'phone';

/** The profile field a `name`, `email` or `phone` answer fills; the other types become attributes. */
export const PROFILE_FIELD: Partial<Record<PreChatFieldType, 'name' | 'email' | 'phone'>> = { name: 'name', email: 'email', phone: 'phone' };

/** The form's fields the visitor is still to be asked: a field the host passed (`nickname`, `email`, `phone`, an `extra` key) is not. */
export function fieldsToAsk(fields: PreChatField[], given: VisitorProfile): PreChatField[] {
  return fields.filter((field) => {
    const profileField = PROFILE_FIELD[field.type];
    if (profileField && given[profileField]) return false;
    return !(given.extra && Object.hasOwn(given.extra, field.key));
  });
}

export interface PreChatHost {
  config(): ChannelConfig | null;
  /** What the host page passed (`nickname` as `name`, `email`, `phone`, `extra`). */
  given(): VisitorProfile;
  /** Whether the conversation shown has no message yet, sent or waiting: its first one is still to come. */
  fresh(): boolean;
  identify(profile: VisitorProfile): Promise<VisitorProfile>;
  changed(): void;
}

/**
 * The channel's pre-chat form on the client: which questions to ask before the first message
 * of a new conversation, and the answers until that message goes. Profile answers go through
 * `identify` at once (and are not asked again); the others wait here and ride on the next send
 * as its `attributes`, kept with it in the outbox.
 */
export class PreChat {
  readonly #host: PreChatHost;
  /** Answered and not sent yet; null while unanswered. */
  #attributes: Record<string, string> | null = null;
  /** Profile answers given in this session, never asked again. */
  #answered: VisitorProfile = {};

  constructor(host: PreChatHost) {
    this.#host = host;
  }

  /** The questions to ask now: none unless the channel has a form, the next message starts a conversation and it was not answered yet. */
  get fields(): PreChatField[] {
    const form = this.#host.config()?.preChat;
    if (!form || this.#attributes || !this.#host.fresh()) return [];
    const given = this.#host.given();
    return fieldsToAsk(form.fields, { ...given, ...this.#answered, extra: given.extra ?? {} });
  }

  /**
   * Takes the visitor's answers: refused (`ValidationError` naming the first field at fault)
   * when a required one is missing or malformed; the profile fields are stored now.
   */
  async submit(answers: PreChatAnswers): Promise<void> {
    const fields = this.fields;
    // Checked and split in a chunk of their own, shared with the form: a chat without a form never loads them.
    const { answerProblems, splitAnswers } = await import('./pre-chat-answers.js');
    const [key, problem] = Object.entries(answerProblems(fields, answers))[0] ?? [];
    if (key) throw new ValidationError(400, { code: 'invalid_request', message: `${key}: ${problem}`, param: key });
    const { profile, attributes } = splitAnswers(fields, answers);
    if (Object.keys(profile).length) await this.#host.identify(profile);
    this.#answered = { ...this.#answered, ...profile };
    this.#attributes = attributes;
    this.#host.changed();
  }

  /** The answers for the send being queued (once): they become the conversation's attributes. */
  take(): Record<string, string> | undefined {
    const attributes = this.#attributes;
    this.#attributes = null;
    return attributes && Object.keys(attributes).length ? attributes : undefined;
  }
}
