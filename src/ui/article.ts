import { html, nothing, type TemplateResult } from 'lit';
import type { ArticleNode } from '../protocol.js';

/*
 * An article's body (the server's JSON tree, DESIGN.md §11) as Lit templates: every string in
 * it is bound as text or as an attribute value, never parsed as markup, so a tree cannot carry
 * script whatever it holds. Links and images keep only http(s) URLs; a node of a type not
 * listed here renders nothing. Part of the help chunk.
 */

/** Deeper trees than this are cut (a hostile tree could nest far enough to exhaust the stack). */
const MAX_DEPTH = 40;

/** `url` when it is an absolute http(s) URL, else null. */
export function httpUrl(url: unknown): string | null {
  if (typeof url !== 'string') return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** The body's headings start under the article's title (an `h3` in the panel): depth 1 → `h4`, then down to `h6`. */
function heading(depth: unknown, children: unknown) {
  const level = Math.min(6, 3 + (typeof depth === 'number' && depth >= 1 ? Math.floor(depth) : 1));
  if (level === 4) return html`<h4>${children}</h4>`;
  if (level === 5) return html`<h5>${children}</h5>`;
  return html`<h6>${children}</h6>`;
}

function renderNode(node: ArticleNode, depth: number): TemplateResult | string | typeof nothing {
  if (!node || typeof node !== 'object' || depth > MAX_DEPTH) return nothing;
  const kids = () => renderNodes((node as { children?: unknown }).children, depth + 1);
  switch (node.type) {
    case 'paragraph':
      return html`<p dir="auto">${kids()}</p>`;
    case 'heading':
      return heading(node.depth, kids());
    case 'list':
      return node.ordered ? html`<ol>${kids()}</ol>` : html`<ul>${kids()}</ul>`;
    case 'listItem':
      return html`<li dir="auto">${kids()}</li>`;
    case 'blockquote':
      return html`<blockquote>${kids()}</blockquote>`;
    case 'emphasis':
      return html`<em>${kids()}</em>`;
    case 'strong':
      return html`<strong>${kids()}</strong>`;
    case 'inlineCode':
      return html`<code>${text(node.value)}</code>`;
    case 'code':
      return html`<pre dir="ltr" tabindex="0"><code>${text(node.value)}</code></pre>`;
    case 'link': {
      const href = httpUrl(node.url);
      return href ? html`<a href=${href} target="_blank" rel="noopener noreferrer">${kids()}</a>` : html`${kids()}`;
    }
    case 'image': {
      const src = httpUrl(node.url);
      return src ? html`<img src=${src} alt=${text(node.alt)} loading="lazy" />` : text(node.alt);
    }
    case 'text':
      return text(node.value);
    case 'break':
      return html`<br />`;
    default:
      return nothing;
  }
}

/** Nodes (an article's `body`, or a node's `children`) as templates; anything but an array renders nothing. */
export function renderNodes(nodes: unknown, depth = 0): unknown[] {
  return Array.isArray(nodes) ? nodes.map((node: ArticleNode) => renderNode(node, depth)) : [];
}
