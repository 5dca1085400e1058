import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { AdminApi, AdminFaq } from './admin-api.js';
import { showFailure, type Status } from './settings-form.js';

/**
 * The FAQs part of the settings screen: lists the channel's FAQs, adds and deletes them.
 * A controller, not an element: it renders inside the settings view's shadow root and styles.
 */
export class FaqEditor implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #api: () => AdminApi;
  #channel = '';
  faqs: AdminFaq[] = [];
  status: Status | null = null;
  /** The name of the control the server refused, marked `aria-invalid`. */
  invalid = '';

  constructor(host: ReactiveControllerHost & HTMLElement, api: () => AdminApi) {
    this.#host = host;
    this.#api = api;
    host.addController(this);
  }

  /** An answer still on its way when the screen is removed belongs to no channel any more. */
  hostDisconnected(): void {
    this.#channel = '';
  }

  #set(patch: Partial<Pick<FaqEditor, 'faqs' | 'status' | 'invalid'>>): void {
    Object.assign(this, patch);
    this.#host.requestUpdate();
  }

  /** Shows the FAQs of `channel` (and forgets the previous channel's). */
  async load(channel: string): Promise<void> {
    this.#channel = channel;
    this.#set({ faqs: [], status: null, invalid: '' });
    try {
      const faqs = (await this.#api().faqs(channel)).data;
      if (channel === this.#channel) this.#set({ faqs });
    } catch (error) {
      if (channel === this.#channel) void this.#fail(error, null);
    }
  }

  async #add(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const channel = this.#channel;
    const fields = new FormData(form);
    this.#set({ status: null, invalid: '' });
    try {
      const faq = await this.#api().addFaq(channel, { question: String(fields.get('question')), answer: String(fields.get('answer')) });
      if (channel !== this.#channel) return;
      form.reset();
      this.#set({ faqs: [...this.faqs, faq], status: { message: 'FAQ added', error: false } });
    } catch (error) {
      void this.#fail(error, form);
    }
  }

  async #delete(faq: AdminFaq, form: HTMLFormElement | null): Promise<void> {
    const channel = this.#channel;
    this.#set({ status: null });
    try {
      await this.#api().deleteFaq(channel, faq.id);
      if (channel !== this.#channel) return;
      this.#set({ faqs: this.faqs.filter((item) => item.id !== faq.id), status: { message: 'FAQ deleted', error: false } });
      // The pressed button is gone: keep the keyboard in the FAQ section.
      form?.querySelector('input')?.focus();
    } catch (error) {
      void this.#fail(error, null);
    }
  }

  /** The server's message in the status line; the field it names is marked and focused. */
  #fail(error: unknown, form: HTMLFormElement | null): Promise<void> {
    return showFailure(error, form, this.#host, (patch) => this.#set(patch));
  }


  #onInput(event: Event): void {
    if ((event.target as HTMLInputElement).name === this.invalid) this.#set({ invalid: '' });
  }

  /** A refused control is marked, and described by the status line that says why. */
  #mark(name: string) {
    return this.invalid === name ? { invalid: 'true', describedBy: 'faq-status' } : { invalid: nothing, describedBy: nothing };
  }

  render() {
    const form = () => this.#host.shadowRoot?.querySelector<HTMLFormElement>('.faq-form') ?? null;
    const question = this.#mark('question');
    const answer = this.#mark('answer');
    return html`<section class="faqs" aria-labelledby="faqs-title">
      <h3 id="faqs-title">FAQs</h3>
      <p class="hint">Suggested questions in an empty conversation; a visitor who picks one gets its answer at once.</p>
      ${this.faqs.length
        ? html`<ul class="faq-list">${repeat(this.faqs, (faq) => faq.id, (faq) => html`<li>
            <div><p class="question">${faq.question}</p><p class="answer">${faq.answer}</p></div>
            <button class="link-button" type="button" aria-label="Delete FAQ: ${faq.question}" @click=${() => void this.#delete(faq, form())}>Delete</button>
          </li>`)}</ul>`
        : html`<p class="empty">No FAQs yet.</p>`}
      <form class="faq-form" @submit=${(event: SubmitEvent) => void this.#add(event)} @input=${(event: Event) => this.#onInput(event)}>
        <label>Question <input name="question" maxlength="200" required aria-invalid=${question.invalid} aria-describedby=${question.describedBy} /></label>
        <label>Answer <textarea name="answer" rows="3" maxlength="4000" required aria-invalid=${answer.invalid} aria-describedby=${answer.describedBy}></textarea></label>
        <div class="actions">
          <button type="submit">Add FAQ</button>
          <p id="faq-status" class=${this.status?.error ? 'status error' : 'status'} role="status">${this.status?.message ?? ''}</p>
        </div>
      </form>
    </section>`;
  }
}
