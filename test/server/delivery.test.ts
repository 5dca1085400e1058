import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { projectRoot } from '../../server/root.js';
import type { Attachment, ChatMessage, Page } from '../../src/protocol.js';
import { upload } from './files.js';
import { json, startServer, startVisitor, type TestServer } from './helpers.js';

const dist = join(projectRoot(), 'dist');
const IMMUTABLE = 'public, max-age=31536000, immutable';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server.cleanup());

interface Raw {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body as it came over the wire: fetch would have decoded it. */
  body: Buffer;
}

function get(path: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    request(new URL(path, server.url), { headers }, (response) => {
      const parts: Buffer[] = [];
      response.on('data', (part: Buffer) => parts.push(part));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(parts) }));
      response.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

const scripts = (folder: string) => readdirSync(join(dist, folder)).filter((name) => name.endsWith('.js'));
/** What rollup named `[name]-[hash].js` (`chunkFileNames`): every chunk of the CDN, inbox and npm builds. */
const hashedChunks = () => [
  ...scripts('cdn').filter((name) => name !== 'support-chat.js').map((name) => `/cdn/${name}`),
  ...scripts('inbox-chunks').map((name) => `/dist/inbox-chunks/${name}`),
  ...scripts('npm/chunks').map((name) => `/dist/npm/chunks/${name}`),
];
/** What keeps its name from one release to the next (rollup's `entryFileNames` and `file`). */
const entries = () => ['/widget.js', '/dist/widget.js', '/cdn/support-chat.js', '/dist/inbox.js', ...scripts('npm').map((name) => `/dist/npm/${name}`)];

describe('the server delivers like a CDN', () => {
  test('scripts, pages and JSON go out gzip or brotli when the client accepts it, and decode to what is served', async () => {
    const chunk = hashedChunks().find((path) => path.startsWith('/cdn/chat-client-'));
    assert.ok(chunk, 'the build has a chat-client chunk');
    for (const [path, file] of [['/widget.js', 'widget.js'], ['/cdn/support-chat.js', 'cdn/support-chat.js'], [chunk, chunk.slice(1)]] as const) {
      const original = readFileSync(join(dist, file));
      const gzip = await get(path, { 'accept-encoding': 'gzip' });
      assert.equal(gzip.status, 200, path);
      assert.equal(gzip.headers['content-encoding'], 'gzip', path);
      assert.match(String(gzip.headers.vary), /accept-encoding/i, `${path}: caches keep one copy per encoding`);
      assert.ok(gzip.body.length < original.length / 2, `${path}: ${gzip.body.length} bytes for ${original.length}`);
      assert.deepEqual(gunzipSync(gzip.body), original, path);

      const brotli = await get(path, { 'accept-encoding': 'gzip, deflate, br' });
      assert.equal(brotli.headers['content-encoding'], 'br', path);
      assert.deepEqual(brotliDecompressSync(brotli.body), original, path);

      const plain = await get(path);
      assert.equal(plain.headers['content-encoding'], undefined, `${path}: a client that asks for nothing gets the file`);
      assert.deepEqual(plain.body, original, path);
    }

    const page = await get('/', { 'accept-encoding': 'gzip' });
    assert.equal(page.headers['content-encoding'], 'gzip');
    assert.match(gunzipSync(page.body).toString(), /^<!doctype html>/i);

    const api = await get('/api/v1/openapi.json', { 'accept-encoding': 'gzip' });
    assert.equal(api.headers['content-encoding'], 'gzip');
    assert.equal((JSON.parse(gunzipSync(api.body).toString()) as { openapi: string }).openapi.split('.')[0], '3');
  });

  test('content-hashed chunks are cached for a year; entries are kept five minutes, then revalidated', async () => {
    const chunks = hashedChunks();
    assert.ok(chunks.length > 10, `the build has its chunks: ${chunks.join(', ')}`);
    for (const path of chunks) {
      const response = await get(path);
      assert.equal(response.status, 200, path);
      assert.equal(response.headers['cache-control'], IMMUTABLE, path);
    }

    // Names that stay across releases, and a hashed chunk's source map (its mappings may change
    // when the code does not).
    const map = `${chunks[0]}.map`;
    for (const path of [...entries(), map]) {
      const response = await get(path);
      assert.equal(response.status, 200, path);
      assert.equal(response.headers['cache-control'], 'public, max-age=300', path);
      const etag = response.headers.etag;
      assert.ok(etag, `${path} has an ETag`);
      const again = await get(path, { 'if-none-match': etag, 'accept-encoding': 'gzip' });
      assert.equal(again.status, 304, `${path}: an unchanged file is revalidated, not sent again`);
      assert.equal(again.body.length, 0);
    }
  });

  test('an uploaded file goes out as stored, while the JSON beside it is compressed', async () => {
    const { token } = await startVisitor(server.url);
    // Plain text is a type that compresses well; images and PDFs are compressed already.
    const text = Buffer.from('Order 1234: the parcel arrived damaged, photos follow.\n'.repeat(80));
    const sent = await fetch(`${server.url}/api/v1/widget/uploads`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: upload(text, 'notes.txt', 'text/plain') });
    assert.equal(sent.status, 201);
    const attachment = (await sent.json()) as Attachment;

    const file = await get(attachment.url, { 'accept-encoding': 'gzip, deflate, br' });
    assert.equal(file.status, 200);
    assert.equal(file.headers['content-encoding'], undefined, 'downloads are never recompressed');
    assert.equal(file.headers['content-length'], String(text.length));
    assert.match(String(file.headers['cache-control']), /\bno-transform\b/, 'and no proxy may recompress them either');
    assert.deepEqual(file.body, text);

    const api = await get('/api/v1/openapi.json', { 'accept-encoding': 'gzip, deflate, br' });
    assert.equal(api.headers['content-encoding'], 'br', 'the same client gets compressed JSON');
  });

  test('the REST long-poll answers as soon as a message is stored, compressed', async () => {
    const session = await startVisitor(server.url);
    const messages = `${server.url}/api/v1/widget/conversation/messages`;
    await json(messages, { token: session.token, body: { clientId: 'lp-0', text: 'first' } });
    const long = 'Where is my order? It was due on Monday and the tracking page shows nothing. '.repeat(40);
    const started = Date.now();
    const waiting = get('/api/v1/widget/conversation/messages?after=1&wait=10', { authorization: `Bearer ${session.token}`, 'accept-encoding': 'gzip' });
    setTimeout(() => void json(messages, { token: session.token, body: { clientId: 'lp-1', text: long } }), 300);
    const page = await waiting;
    assert.ok(Date.now() - started < 5000, 'answered when the message arrived, not at the end of the wait');
    assert.equal(page.status, 200);
    assert.equal(page.headers['content-encoding'], 'gzip');
    assert.deepEqual((JSON.parse(gunzipSync(page.body).toString()) as Page<ChatMessage>).data.map((message) => message.text), [long]);
  });
});
