import { html, nothing } from 'lit';
import type { ArticleNode, ArticleStatus } from '../protocol.js';
import { renderNodes } from '../ui/article.js';

/** The article being written: a new one when `saved` is null, else the slug and locale it is saved under. */
export interface ArticleDraft {
  saved: { slug: string; locale: string } | null;
  title: string;
  slug: string;
  locale: string;
  status: ArticleStatus;
  markdown: string;
}

/** The preview: the tree the server made of the Markdown (null before the first answer), or why it could not. */
export interface ArticlePreview {
  body: ArticleNode[] | null;
  error: string;
  pending: boolean;
}

/** What the form shows and the events it sends up. */
export interface ArticleFormView {
  draft: ArticleDraft;
  preview: ArticlePreview;
  saving: boolean;
  mark(name: string): { invalid: 'true' | typeof nothing; describedBy: string | typeof nothing };
  onInput(event: Event): void;
  onSubmit(event: SubmitEvent): void;
  onCancel(): void;
}

/** The draft's language as a `lang` value, while what is typed is a language tag (nothing otherwise). */
function langOf(locale: string): string | typeof nothing {
  try {
    return Intl.getCanonicalLocales(locale.trim())[0] ?? nothing;
  } catch {
    return nothing;
  }
}

/**
 * The article form beside its preview. The preview renders the server's tree with the widget's
 * own templates (`ui/article.ts`): what a visitor will see, as text and our elements only.
 */
export function renderArticleForm(view: ArticleFormView) {
  const { draft, preview } = view;
  const field = (name: keyof Omit<ArticleDraft, 'saved' | 'status'>, label: string, options: { maxlength: number; hint?: string; code?: boolean }) => {
    const mark = view.mark(name);
    const describedBy = [mark.describedBy === nothing ? '' : mark.describedBy, options.hint ? `article-${name}-hint` : ''].filter(Boolean).join(' ');
    return html`<label>${label}
      <input name=${name} .value=${draft[name]} maxlength=${options.maxlength} spellcheck=${options.code ? 'false' : nothing}
        aria-invalid=${mark.invalid} aria-describedby=${describedBy || nothing} /></label>
      ${options.hint ? html`<p id="article-${name}-hint" class="hint">${options.hint}</p>` : nothing}`;
  };
  const markdown = view.mark('markdown');
  const status = view.mark('status');
  return html`<div class="article-editor">
    <form class="article-form" aria-labelledby="article-form-title" @submit=${view.onSubmit} @input=${view.onInput} @change=${view.onInput}>
      <h4 id="article-form-title">${draft.saved ? `Edit “${draft.title || draft.saved.slug}”` : 'New article'}</h4>
      ${field('title', 'Title', { maxlength: 200 })}
      <div class="article-row">
        <div>${field('locale', 'Language', { maxlength: 35, hint: 'A language tag: en, fr, pt-BR…', code: true })}</div>
        <div>${field('slug', 'Address (slug)', { maxlength: 80, hint: draft.saved ? 'Changing it breaks links to the old address.' : 'Empty: made from the title.', code: true })}</div>
        <label>Status
          <select name="status" .value=${draft.status} aria-invalid=${status.invalid} aria-describedby=${status.describedBy}>
            <option value="draft" ?selected=${draft.status === 'draft'}>Draft (not shown to visitors)</option>
            <option value="published" ?selected=${draft.status === 'published'}>Published</option>
          </select></label>
      </div>
      <label>Text (Markdown)
        <textarea name="markdown" rows="14" .value=${draft.markdown} aria-invalid=${markdown.invalid}
          aria-describedby=${markdown.describedBy === nothing ? 'article-markdown-hint' : `${markdown.describedBy} article-markdown-hint`}></textarea></label>
      <p id="article-markdown-hint" class="hint">Headings, lists, **bold**, *italic*, \`code\`, [links](https://…) and ![images](https://…). HTML is left out.</p>
      <div class="actions">
        <button class="primary" type="submit">${view.saving ? 'Saving…' : draft.saved ? 'Save article' : 'Create article'}</button>
        <button type="button" class="cancel-article" @click=${view.onCancel}>Cancel</button>
      </div>
    </form>
    <section class="article-preview" aria-labelledby="article-preview-title" aria-busy=${preview.pending ? 'true' : 'false'}>
      <h4 id="article-preview-title">Article preview</h4>
      ${preview.error ? html`<p class="status error">The preview could not be updated: ${preview.error}</p>` : nothing}
      <article class="article-body" lang=${langOf(draft.locale)}>
        <p class="article-title">${draft.title}</p>
        ${preview.body?.length ? renderNodes(preview.body) : html`<p class="empty">Nothing to show yet.</p>`}
      </article>
    </section>
  </div>`;
}
