import { html, nothing, type TemplateResult } from 'lit';
import type { ConversationSummary, Visitor } from '../protocol.js';

/** The name an agent sees for a visitor: name, email, or a short id. */
export function visitorLabel(visitor: Visitor): string {
  return visitor.profile.name || visitor.profile.email || `Visitor ${visitor.id.slice(-6)}`;
}

export const when = (iso: string | undefined, locale: string) => {
  if (!iso) return '';
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
  } catch {
    return iso;
  }
};

const row = (term: string, value: TemplateResult | string | undefined) =>
  value ? html`<dt>${term}</dt><dd>${value}</dd>` : nothing;

/** A link an agent can open, shown as its text (visitor-supplied: never interpreted). */
const link = (url: string | undefined) => (url && /^https?:\/\//.test(url) ? html`<a href=${url} target="_blank" rel="noopener noreferrer">${url}</a>` : url);

/**
 * The side panel about the selected conversation's visitor: profile, extra fields, whether
 * the identity is verified, where they are (page, referrer, browser, language), the selected
 * conversation's attributes (the pre-chat form's answers among them), then `conversations` (all
 * of theirs, from `VisitorConversations`). Everything a visitor sent renders as text.
 */
export function renderVisitorPanel(conversation: ConversationSummary, conversations: TemplateResult): TemplateResult {
  const { visitor } = conversation;
  const { profile, context } = visitor;
  const locale = navigator.language;
  const extra = Object.entries(profile.extra ?? {});
  const attributes = Object.entries(conversation.attributes);
  return html`<aside class="visitor-panel" aria-labelledby="visitor-heading">
    <h2 id="visitor-heading">${visitorLabel(visitor)}</h2>
    <p class="identity ${visitor.verified ? 'verified' : ''}">
      ${visitor.verified ? 'Verified' : 'Not verified'}${visitor.externalUserId ? html` · <span class="external">${visitor.externalUserId}</span>` : nothing}
    </p>
    <dl>
      ${row('Email', profile.email)} ${row('Phone', profile.phone)} ${row('Page', link(context.pageUrl))}
      ${row('Referrer', link(context.referrer))} ${row('Browser', context.userAgent)} ${row('Language', context.locale)}
      ${row('Last seen', when(context.seenAt, locale))} ${row('First seen', when(visitor.createdAt, locale))}
    </dl>
    ${extra.length
      ? html`<h3>Details</h3>
          <dl>${extra.map(([key, value]) => row(key, typeof value === 'string' ? value : JSON.stringify(value)))}</dl>`
      : nothing}
    ${attributes.length
      ? html`<h3>This conversation</h3>
          <dl class="attributes">${attributes.map(([key, value]) => row(key, value))}</dl>`
      : nothing}
    ${conversations}
  </aside>`;
}
