import escapeHtml from 'escape-html';
import type { ArticleNode } from '../../src/protocol.js';
import { safeUrl } from './markdown.js';

/** An absolute http(s) URL, normalized, or null (the parser keeps no other; a stored tree is checked again). */
const httpUrl = (url: unknown): string | null => (typeof url === 'string' ? safeUrl(url) : null);

/** A node as stored; the renderer still checks what it reads (rows written by an older version, by hand). */
type StoredNode = Partial<Record<'value' | 'url' | 'alt' | 'lang', unknown>> & { type: string; children?: ArticleNode[]; depth?: unknown; ordered?: unknown };

/** Deeper trees are cut here (as in the widget's `ui/article.ts`): a hostile one could exhaust the stack. */
const MAX_DEPTH = 40;

const children = (node: StoredNode, depth: number): string =>
  Array.isArray(node.children) && depth + 1 < MAX_DEPTH ? node.children.map((child) => renderNode(child, depth + 1)).join('') : '';
const text = (value: unknown): string => (typeof value === 'string' ? escapeHtml(value) : '');

/** The page's own title is the only `h1`: the article's headings start at `h2`. */
const headingLevel = (depth: unknown): number => Math.min(6, Math.max(2, (typeof depth === 'number' ? Math.trunc(depth) : 1) + 1));

/**
 * One node as HTML. Every text and attribute goes through `escape-html`; element names come from
 * this switch only, never from the tree; links and images keep http(s) URLs only (a link with any
 * other URL is its text, an image its alt text). Raw HTML in the Markdown is text here too.
 */
function renderNode(input: ArticleNode, depth: number): string {
  const node = input as StoredNode;
  switch (node.type) {
    case 'text':
      return text(node.value);
    case 'paragraph':
      return `<p>${children(node, depth)}</p>`;
    case 'heading': {
      const level = headingLevel(node.depth);
      return `<h${level}>${children(node, depth)}</h${level}>`;
    }
    case 'list': {
      const tag = node.ordered === true ? 'ol' : 'ul';
      return `<${tag}>${children(node, depth)}</${tag}>`;
    }
    case 'listItem':
      return `<li>${children(node, depth)}</li>`;
    case 'blockquote':
      return `<blockquote>${children(node, depth)}</blockquote>`;
    case 'emphasis':
      return `<em>${children(node, depth)}</em>`;
    case 'strong':
      return `<strong>${children(node, depth)}</strong>`;
    case 'inlineCode':
      return `<code>${text(node.value)}</code>`;
    case 'code':
      return `<pre><code>${text(node.value)}</code></pre>`;
    case 'break':
      return '<br>';
    case 'link': {
      const href = httpUrl(node.url);
      return href ? `<a href="${escapeHtml(href)}" rel="noopener">${children(node, depth)}</a>` : children(node, depth);
    }
    case 'image': {
      const src = httpUrl(node.url);
      return src ? `<img src="${escapeHtml(src)}" alt="${text(node.alt)}" loading="lazy">` : text(node.alt);
    }
    default:
      // An unknown kind (or raw `html`): its text, escaped, and its children.
      return text(node.value) + children(node, depth);
  }
}

/** An article's body as escaped HTML. */
export function articleHtml(body: ArticleNode[]): string {
  return Array.isArray(body) ? body.map((node) => renderNode(node, 0)).join('') : '';
}
