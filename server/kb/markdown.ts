import type { Nodes, Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import type { ArticleNode } from '../../src/protocol.js';

/**
 * An article's Markdown becomes a small tree of the nodes `ArticleNode` lists, and nothing else
 * (DESIGN.md §11): raw HTML is dropped whole, a link whose URL is not http(s) (`javascript:`,
 * `data:`, relative) keeps only its text, an image not served over http(s) keeps only its alt
 * text. Whoever renders the tree uses their own templates and writes every value as text.
 */

/** Nesting deeper than this is flattened to its text: no renderer has to recurse further. */
const MAX_DEPTH = 24;

/** The URL, normalized, when it is absolute http(s); otherwise null. */
export function safeUrl(url: string): string | null {
  if (!URL.canParse(url)) return null;
  const parsed = new URL(url);
  return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
}

type Definitions = Map<string, string>;

function collectDefinitions(node: Nodes, into: Definitions): Definitions {
  if (node.type === 'definition') {
    if (!into.has(node.identifier)) into.set(node.identifier, node.url);
  } else if ('children' in node) {
    for (const child of node.children) collectDefinitions(child, into);
  }
  return into;
}

const text = (value: string): ArticleNode[] => (value ? [{ type: 'text', value }] : []);

function convert(node: Nodes, definitions: Definitions, depth: number): ArticleNode[] {
  const children = (): ArticleNode[] => {
    if (!('children' in node)) return [];
    const converted = node.children.flatMap((child) => convert(child, definitions, depth + 1));
    return depth >= MAX_DEPTH ? text(converted.map(inlineText).join('')) : converted;
  };
  switch (node.type) {
    case 'root':
      return children();
    case 'paragraph':
    case 'blockquote':
    case 'emphasis':
    case 'strong':
    case 'listItem':
      return [{ type: node.type, children: children() }];
    case 'heading':
      return [{ type: 'heading', depth: node.depth, children: children() }];
    case 'list':
      return [{ type: 'list', ordered: node.ordered === true, children: children() }];
    case 'text':
      return text(node.value);
    case 'inlineCode':
      return [{ type: 'inlineCode', value: node.value }];
    case 'code':
      return [{ type: 'code', value: node.value, ...(node.lang ? { lang: node.lang } : {}) }];
    case 'break':
      return [{ type: 'break' }];
    case 'link':
    case 'linkReference': {
      const url = safeUrl(node.type === 'link' ? node.url : (definitions.get(node.identifier) ?? ''));
      return url ? [{ type: 'link', url, children: children() }] : children();
    }
    case 'image':
    case 'imageReference': {
      const url = safeUrl(node.type === 'image' ? node.url : (definitions.get(node.identifier) ?? ''));
      return url ? [{ type: 'image', url, alt: node.alt ?? '' }] : text(node.alt ?? '');
    }
    default:
      // html, definition, thematicBreak and whatever an extension might add: not part of the tree.
      return [];
  }
}

/** The article tree of `markdown` (CommonMark, no extensions). */
export function parseArticle(markdown: string): ArticleNode[] {
  const root: Root = fromMarkdown(markdown);
  return convert(root, collectDefinitions(root, new Map()), 0);
}

/** A node's text as a reader sees it (alt text for images). */
function inlineText(node: ArticleNode): string {
  switch (node.type) {
    case 'text':
    case 'inlineCode':
    case 'code':
      return node.value;
    case 'image':
      return node.alt;
    case 'break':
      return ' ';
    default:
      return node.children.map(inlineText).join('');
  }
}

/** The tree's plain text, one block a line: what the search index and snippets read. */
export function articleText(nodes: ArticleNode[]): string {
  const blocks = (node: ArticleNode): string[] => {
    if (node.type === 'list' || node.type === 'listItem' || node.type === 'blockquote') return node.children.flatMap(blocks);
    return [inlineText(node)];
  };
  return nodes.flatMap(blocks).filter(Boolean).join('\n');
}
