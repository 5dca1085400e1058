import { html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { SUPPORTED_LOCALES } from '../i18n/locales.js';
import type { AdminArticle } from '../protocol.js';
import { renderArticleForm, type ArticleDraft, type ArticleFormView, type ArticlePreview } from './settings-articles-form.js';
import { showFailure, type Status } from './settings-form.js';
import { SettingsSection } from './settings-section.js';

type State = Pick<ArticleEditor, 'articles' | 'locale' | 'draft' | 'preview' | 'status' | 'invalid' | 'confirming' | 'saving'>;

/** How long typing rests before the preview asks the server for the new tree. */
const PREVIEW_DELAY_MS = 300;
const EMPTY_PREVIEW: ArticlePreview = { body: null, error: '', pending: false };

const toDraft = (article: AdminArticle | null, locale: string): ArticleDraft =>
  article
    ? { saved: { slug: article.slug, locale: article.locale }, title: article.title, slug: article.slug, locale: article.locale, status: article.status, markdown: article.markdown }
    : { saved: null, title: '', slug: '', locale: locale || 'en', status: 'draft', markdown: '' };

const key = (article: { slug: string; locale: string }) => `${article.locale}/${article.slug}`;

/**
 * The help articles of the channel on the settings screen: a list per locale, a form to write
 * one in Markdown (draft or published) beside a live preview of the tree the server makes of it,
 * and deletion (asked first, in the row). A controller rendering inside the settings view.
 */
export class ArticleEditor extends SettingsSection<State> {
  #channel = '';
  /** The preview request in flight: a newer keystroke aborts it. */
  #previewing: AbortController | null = null;
  #previewTimer: ReturnType<typeof setTimeout> | undefined;
  articles: AdminArticle[] = [];
  /** The locale listed ('' = all). */
  locale = '';
  draft: ArticleDraft | null = null;
  preview: ArticlePreview = EMPTY_PREVIEW;
  status: Status | null = null;
  /** The name of the control the server refused, marked `aria-invalid`. */
  invalid = '';
  /** The article (`locale/slug`) whose Delete waits for its confirmation. */
  confirming = '';
  saving = false;

  override hostDisconnected(): void {
    super.hostDisconnected();
    this.#stopPreview();
  }

  /** Shows the articles of `channel` (and forgets the previous channel's, with any unsaved article). */
  async load(channel: string, locale = ''): Promise<void> {
    const load = ++this.loads;
    if (channel !== this.#channel) this.#close();
    this.#channel = channel;
    this.set({ articles: [], locale, status: null, confirming: '' });
    try {
      const articles = (await this.api().articles(channel, locale)).data;
      if (load === this.loads) this.set({ articles });
    } catch (error) {
      if (load === this.loads) void this.#fail(error);
    }
  }

  #stopPreview(): void {
    clearTimeout(this.#previewTimer);
    this.#previewing?.abort();
    this.#previewing = null;
  }

  #close(): void {
    this.#stopPreview();
    this.set({ draft: null, preview: EMPTY_PREVIEW, invalid: '' });
  }

  async #open(article: AdminArticle | null): Promise<void> {
    this.#stopPreview();
    // An article opens with the tree the server stored; a new one has none yet.
    this.set({ draft: toDraft(article, this.locale), preview: { ...EMPTY_PREVIEW, body: article?.body ?? null }, status: null, invalid: '', confirming: '' });
    await this.host.updateComplete;
    this.find<HTMLInputElement>('.article-form [name="title"]')?.focus();
  }

  async #cancel(): Promise<void> {
    const saved = this.draft?.saved;
    this.#close();
    await this.host.updateComplete;
    this.find<HTMLElement>(saved ? `[data-article="${key(saved)}"] .edit` : '.new-article')?.focus();
  }

  #onInput(event: Event): void {
    const control = event.target as HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
    const draft = this.draft;
    if (!draft || !(control.name in draft) || control.name === 'saved') return;
    this.set({ draft: { ...draft, [control.name]: control.value }, ...(control.name === this.invalid ? { invalid: '' } : {}) });
    if (control.name === 'markdown' && event.type === 'input') this.#schedulePreview();
  }

  #schedulePreview(): void {
    this.#stopPreview();
    this.#previewTimer = setTimeout(() => void this.#updatePreview(), PREVIEW_DELAY_MS);
  }

  async #updatePreview(): Promise<void> {
    const markdown = this.draft?.markdown ?? '';
    const previewing = new AbortController();
    this.#previewing = previewing;
    this.set({ preview: { ...this.preview, pending: true } });
    try {
      const { body } = await this.api().previewArticle(markdown, previewing.signal);
      if (this.#previewing === previewing) this.set({ preview: { body, error: '', pending: false } });
    } catch (error) {
      if (this.#previewing === previewing && (error as Error).name !== 'AbortError') {
        this.set({ preview: { ...this.preview, error: (error as Error).message, pending: false } });
      }
    }
  }

  async #save(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const draft = this.draft;
    const channel = this.#channel;
    if (!draft || this.saving) return;
    this.set({ saving: true, status: null, invalid: '' });
    const fields = { title: draft.title, markdown: draft.markdown, locale: draft.locale.trim(), status: draft.status };
    const slug = draft.slug.trim();
    try {
      const saved = draft.saved
        ? await this.api().updateArticle(channel, draft.saved, { ...fields, ...(slug !== draft.saved.slug ? { slug } : {}) })
        : await this.api().createArticle(channel, { ...fields, ...(slug ? { slug } : {}) });
      if (channel !== this.#channel) return;
      const others = this.articles.filter((item) => !draft.saved || key(item) !== key(draft.saved));
      const listed = !this.locale || saved.locale === this.locale;
      this.#stopPreview();
      this.set({
        articles: listed ? [saved, ...others] : others,
        draft: null,
        preview: EMPTY_PREVIEW,
        status: { message: `${draft.saved ? 'Saved' : 'Created'} “${saved.title}” (${saved.status === 'published' ? 'published' : 'draft'})`, error: false },
      });
      await this.host.updateComplete;
      this.find<HTMLElement>(listed ? `[data-article="${key(saved)}"] .edit` : '.new-article')?.focus();
    } catch (error) {
      void this.#fail(error);
    } finally {
      this.set({ saving: false });
    }
  }

  async #confirm(article: AdminArticle | null): Promise<void> {
    const previous = this.confirming;
    this.set({ confirming: article ? key(article) : '' });
    await this.host.updateComplete;
    this.find<HTMLElement>(article ? `[data-article="${key(article)}"] .cancel` : `[data-article="${previous}"] .delete`)?.focus();
  }

  async #delete(article: AdminArticle): Promise<void> {
    const channel = this.#channel;
    this.set({ status: null });
    try {
      await this.api().deleteArticle(channel, article);
      if (channel !== this.#channel) return;
      if (this.draft?.saved && key(this.draft.saved) === key(article)) this.#close();
      this.set({ articles: this.articles.filter((item) => key(item) !== key(article)), confirming: '', status: { message: `Deleted “${article.title}”`, error: false } });
      await this.host.updateComplete;
      this.find<HTMLElement>('.new-article')?.focus();
    } catch (error) {
      this.set({ confirming: '' });
      await this.#fail(error);
      this.find<HTMLElement>(`[data-article="${key(article)}"] .delete`)?.focus();
    }
  }

  #fail(error: unknown): Promise<void> {
    return showFailure(error, this.find<HTMLFormElement>('.article-form'), this.host, (patch) => this.set(patch));
  }

  #mark(name: string): ReturnType<ArticleFormView['mark']> {
    return this.invalid === name ? { invalid: 'true', describedBy: 'article-status' } : { invalid: nothing, describedBy: nothing };
  }

  #renderArticle(article: AdminArticle) {
    const id = `article-${article.id}`;
    const updated = new Date(article.updatedAt).toLocaleString();
    return html`<li data-article=${key(article)}>
      <div>
        <p class="article-name" id=${id} lang=${article.locale}>${article.title}</p>
        <p class="hint"><span class=${`badge ${article.status}`}>${article.status === 'published' ? 'Published' : 'Draft'}</span>
          ${article.locale} · /${article.slug} · updated ${updated}</p>
      </div>
      ${this.confirming === key(article)
        ? html`<div class="row-actions confirm" role="group" aria-labelledby="confirm-${id} ${id}">
            <p id="confirm-${id}">Delete this article? Links to it stop working.</p>
            <button type="button" class="danger confirm-delete" @click=${() => void this.#delete(article)}>Delete article</button>
            <button type="button" class="cancel" @click=${() => void this.#confirm(null)}>Cancel</button>
          </div>`
        : html`<div class="row-actions">
            <button type="button" class="edit" aria-describedby=${id} @click=${() => void this.#open(article)}>Edit</button>
            <button type="button" class="delete" aria-describedby=${id} @click=${() => void this.#confirm(article)}>Delete</button>
          </div>`}
    </li>`;
  }

  render() {
    // The widget's languages, and any other an article is written in.
    const locales = [...new Set([...SUPPORTED_LOCALES, ...this.articles.map((article) => article.locale), ...(this.locale ? [this.locale] : [])])];
    return html`<section class="articles" aria-labelledby="articles-title">
      <h3 id="articles-title">Articles</h3>
      <p class="hint">Help articles in the widget’s help view and on the public help pages (/help/${this.#channel}). Drafts are seen only here.</p>
      <label class="pick">Language
        <select class="article-locale" @change=${(event: Event) => void this.load(this.#channel, (event.target as HTMLSelectElement).value)}>
          <option value="" ?selected=${!this.locale}>All languages</option>
          ${locales.map((locale) => html`<option value=${locale} ?selected=${locale === this.locale}>${locale}</option>`)}
        </select></label>
      <p id="article-status" class=${this.status?.error ? 'status error' : 'status'} role="status">${this.status?.message ?? ''}</p>
      ${this.articles.length
        ? html`<ul class="article-list">${repeat(this.articles, key, (article) => this.#renderArticle(article))}</ul>`
        : html`<p class="empty">No articles${this.locale ? ` in ${this.locale}` : ''} yet.</p>`}
      ${this.draft
        ? renderArticleForm({
            draft: this.draft,
            preview: this.preview,
            saving: this.saving,
            mark: (name) => this.#mark(name),
            onInput: (event) => this.#onInput(event),
            onSubmit: (event) => void this.#save(event),
            onCancel: () => void this.#cancel(),
          })
        : html`<div class="actions"><button type="button" class="new-article" @click=${() => void this.#open(null)}>New article</button></div>`}
    </section>`;
  }
}
