import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { ApiError, Attachment, ChannelConfig, ChatMessage, Page } from '../../src/protocol.js';
import { elf, gif, html, pdf, png, svgWithScript, upload } from './files.js';
import { ADMIN_TOKEN, connectAgent, connectVisitor, json, loginAgent, nextEvent, startServer, startVisitor, uploadsDir, type TestServer } from './helpers.js';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server.cleanup());

async function send(path: string, token: string, body: FormData | string, headers: Record<string, string> = {}): Promise<{ status: number; body: Attachment & ApiError; headers: Headers }> {
  const response = await fetch(`${server.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, ...headers }, body });
  return { status: response.status, body: (await response.json()) as Attachment & ApiError, headers: response.headers };
}
const visitorUpload = (token: string, body: FormData | string, headers?: Record<string, string>) => send('/api/v1/widget/uploads', token, body, headers);
const stored = () => {
  try {
    return readdirSync(uploadsDir(server.file)).sort();
  } catch {
    return [];
  }
};
const fetchFile = (attachment: Attachment) => fetch(new URL(attachment.url, server.url));

describe('uploads: what is accepted, and how it is served', () => {
  test('a real PNG declared as text, with a path for a name: sniffed, measured, stored under a generated name', async () => {
    const { token } = await startVisitor(server.url);
    const bytes = png(37, 23);
    const { status, body } = await visitorUpload(token, upload(bytes, '../../etc/passwd.png', 'text/plain'));
    assert.equal(status, 201, JSON.stringify(body));
    assert.match(body.id, /^up_/);
    assert.equal(body.contentType, 'image/png');
    assert.equal(body.fileSize, bytes.length);
    assert.deepEqual([body.width, body.height], [37, 23]);
    assert.equal(body.fileName, 'passwd.png');
    assert.ok(stored().every((name) => /^up_\w{21}$/.test(name)), `only generated names on disk: ${stored().join(', ')}`);
    assert.ok(stored().includes(body.id));

    const file = await fetchFile(body);
    assert.equal(file.status, 200);
    assert.deepEqual(Buffer.from(await file.arrayBuffer()), bytes);
    assert.equal(file.headers.get('content-type'), 'image/png');
    assert.equal(file.headers.get('x-content-type-options'), 'nosniff');
    assert.match(file.headers.get('content-security-policy') ?? '', /sandbox/);
    assert.match(file.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    assert.equal(file.headers.get('content-disposition'), 'inline; filename=passwd.png');
    assert.equal(file.headers.get('cross-origin-resource-policy'), 'cross-origin', 'host pages on other origins can show it');
  });

  test('PDF and plain text are downloaded, never shown inline; GIF dimensions come from its header', async () => {
    const { token } = await startVisitor(server.url);
    const document = await visitorUpload(token, upload(pdf(), 'invoice.pdf', 'application/pdf'));
    assert.equal(document.status, 201);
    assert.equal(document.body.contentType, 'application/pdf');
    assert.equal(document.body.width, undefined);
    const served = await fetchFile(document.body);
    assert.equal(served.headers.get('content-disposition'), 'attachment; filename=invoice.pdf');

    const text = await visitorUpload(token, upload(Buffer.from('order 1234 — déjà vu\n'), 'notes.txt', 'text/html'));
    assert.equal(text.status, 201);
    assert.equal(text.body.contentType, 'text/plain');
    const servedText = await fetchFile(text.body);
    assert.equal(servedText.headers.get('content-type'), 'text/plain; charset=utf-8');
    assert.match(servedText.headers.get('content-disposition') ?? '', /^attachment/);
    assert.equal(await servedText.text(), 'order 1234 — déjà vu\n');

    const picture = await visitorUpload(token, upload(gif(320, 200), 'anim.gif', 'image/gif'));
    assert.deepEqual([picture.body.contentType, picture.body.width, picture.body.height], ['image/gif', 320, 200]);
  });

  test('a file name in any script is kept as text and sent back RFC 5987-encoded; a path keeps only its last part', async () => {
    const { token } = await startVisitor(server.url);
    const { body } = await visitorUpload(token, upload(png(2, 2), 'résumé 📎 <img src=x onerror=alert(1)>.png', 'image/png'));
    assert.equal(body.fileName, 'résumé 📎 <img src=x onerror=alert(1)>.png');
    const served = await fetchFile(body);
    assert.match(served.headers.get('content-disposition') ?? '', /filename\*=UTF-8''r%C3%A9sum%C3%A9%20%F0%9F%93%8E%20%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E\.png/);
    const windows = await visitorUpload(token, upload(png(2, 2), 'C:\\Users\\me\\..\\shot.png\u202e', 'image/png'));
    assert.equal(windows.body.fileName, 'shot.png', 'backslash paths and bidi overrides are dropped');
  });
});

describe('uploads: abuse is refused with a 4xx naming the field, and nothing is written', () => {
  const cases: Array<[string, () => FormData | string, number, Record<string, string>?]> = [
    ['wrong magic bytes (an executable called photo.png)', () => upload(elf(), 'photo.png', 'image/png'), 415],
    ['SVG with a script', () => upload(svgWithScript(), 'logo.svg', 'image/svg+xml'), 415],
    ['SVG declared as a PNG', () => upload(svgWithScript(), 'logo.png', 'image/png'), 415],
    ['HTML declared as text', () => upload(html(), 'page.txt', 'text/plain'), 415],
    ['zero bytes', () => upload(Buffer.alloc(0), 'empty.png', 'image/png'), 400],
    ['no "file" field', () => upload(png(2, 2), 'a.png', 'image/png', 'document'), 400],
    ['JSON instead of multipart', () => JSON.stringify({ file: 'x' }), 415, { 'content-type': 'application/json' }],
    ['a multipart body without a boundary', () => 'garbage', 400, { 'content-type': 'multipart/form-data' }],
    ['two files in one request', () => {
      const form = upload(png(2, 2), 'a.png', 'image/png');
      form.append('file', new Blob([new Uint8Array(png(2, 2))]), 'b.png');
      return form;
    }, 400],
    ['a body over 10 MB (declared length)', () => upload(Buffer.alloc(10 * 1024 * 1024 + 1, 0x61), 'big.txt', 'text/plain'), 413],
  ];
  for (const [name, body, status, headers] of cases) {
    test(name, async () => {
      const { token } = await startVisitor(server.url);
      const before = stored();
      const result = await visitorUpload(token, body(), headers);
      assert.equal(result.status, status, JSON.stringify(result.body));
      assert.equal(result.body.error.param, 'file');
      assert.deepEqual(stored(), before, 'nothing new on disk');
    });
  }

  test('a streamed body over 10 MB without a Content-Length is cut off at the limit', async () => {
    const { token } = await startVisitor(server.url);
    const before = stored();
    const boundary = 'x-boundary';
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\nContent-Type: image/png\r\n\r\n`);
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    let sent = 0;
    // A stream without a known length goes out chunked: only busboy's count can stop it.
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(head);
        if (sent >= 12) {
          controller.enqueue(Buffer.from(`\r\n--${boundary}--\r\n`));
          controller.close();
          return;
        }
        sent += 1;
        controller.enqueue(chunk);
      },
    });
    const response = await fetch(`${server.url}/api/v1/widget/uploads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
      body: stream,
      duplex: 'half',
    } as RequestInit).catch((error: unknown) => error as Error);
    if (response instanceof Response) {
      assert.equal(response.status, 413);
      assert.equal(((await response.json()) as ApiError).error.param, 'file');
    } else {
      // The server answered 413 and closed before the client finished writing: an abort is fine too.
      assert.ok(sent < 12, `the server read the whole body before refusing it (${String(response)})`);
    }
    assert.deepEqual(stored(), before, 'nothing new on disk');
  });

  test('without a token, or with an agent token on the visitor route: 401', async () => {
    const anonymous = await fetch(`${server.url}/api/v1/widget/uploads`, { method: 'POST', body: upload(png(2, 2), 'a.png') });
    assert.equal(anonymous.status, 401);
    const agentToken = await loginAgent(server.url);
    assert.equal((await visitorUpload(agentToken, upload(png(2, 2), 'a.png'))).status, 401);
  });
});

describe('uploads: attached to messages, seen only by the conversation', () => {
  test('the visitor attaches an upload; the agent and the visitor get working URLs; nobody else does', async () => {
    const alice = await startVisitor(server.url);
    const mallory = await startVisitor(server.url);
    const { body: photo } = await visitorUpload(alice.token, upload(png(64, 48), 'photo.png', 'image/png'));

    // Another visitor can neither fetch a fresh URL for it nor attach it.
    assert.equal((await json(`${server.url}/api/v1/widget/uploads/${photo.id}`, { token: mallory.token })).status, 404);
    const stolen = await json<ApiError>(`${server.url}/api/v1/widget/conversation/messages`, {
      token: mallory.token,
      body: { clientId: 'steal-1', text: '', attachmentIds: [photo.id] },
    });
    assert.equal(stolen.status, 400);
    assert.equal(stolen.body.error.param, 'attachmentIds.0');

    const sent = await json<ChatMessage>(`${server.url}/api/v1/widget/conversation/messages`, {
      token: alice.token,
      body: { clientId: 'photo-1', text: 'my screen', attachmentIds: [photo.id] },
    });
    assert.equal(sent.status, 201);
    assert.equal(sent.body.attachments.length, 1);
    assert.deepEqual([sent.body.attachments[0]!.width, sent.body.attachments[0]!.height], [64, 48]);
    assert.equal((await fetchFile(sent.body.attachments[0]!)).status, 200);

    const retry = await json<ChatMessage>(`${server.url}/api/v1/widget/conversation/messages`, {
      token: alice.token,
      body: { clientId: 'photo-1', text: 'my screen', attachmentIds: [photo.id] },
    });
    assert.equal(retry.status, 200, 'a retry returns the original');
    assert.equal(retry.body.id, sent.body.id);

    const reused = await json<ApiError>(`${server.url}/api/v1/widget/conversation/messages`, {
      token: alice.token,
      body: { clientId: 'photo-2', text: 'again', attachmentIds: [photo.id] },
    });
    assert.equal(reused.status, 409);
    assert.equal(reused.body.error.param, 'attachmentIds.0');
    const history = await json<Page<ChatMessage>>(`${server.url}/api/v1/widget/conversation/messages`, { token: alice.token });
    assert.deepEqual(history.body.data.map((message) => message.clientId), ['photo-1'], 'the refused message left nothing behind');

    const agentToken = await loginAgent(server.url);
    const agentView = await json<Page<ChatMessage>>(`${server.url}/api/v1/agent/conversations/${sent.body.conversationId}/messages`, { token: agentToken });
    const seen = agentView.body.data[0]!.attachments[0]!;
    assert.equal(seen.fileName, 'photo.png');
    assert.equal((await fetchFile(seen)).status, 200);
    const fresh = await json<Attachment>(`${server.url}/api/v1/widget/uploads/${photo.id}`, { token: alice.token });
    assert.equal(fresh.status, 200);
    assert.equal((await fetchFile(fresh.body)).status, 200);
  });

  test('agents send files too: the visitor gets the message live with a working URL', async () => {
    const visitor = await startVisitor(server.url);
    await json(`${server.url}/api/v1/widget/conversation/messages`, { token: visitor.token, body: { clientId: 'hello', text: 'hello' } });
    const { socket, joined } = await connectVisitor(server.url, visitor.token);
    const agentToken = await loginAgent(server.url);
    const agent = await connectAgent(server.url, agentToken);
    try {
      const { status, body: guide } = await send('/api/v1/agent/uploads', agentToken, upload(pdf(), 'guide.pdf', 'application/pdf'));
      assert.equal(status, 201);
      const live = nextEvent<ChatMessage>(socket, 'message:created', (message) => message.from === 'agent');
      const ack = await agent.emitWithAck('message:send', { conversationId: joined.conversation!.id, clientId: 'guide-1', text: '', attachmentIds: [guide.id] });
      assert.ok('data' in ack, JSON.stringify(ack));
      const message = await live;
      assert.equal(message.attachments[0]!.fileName, 'guide.pdf');
      const file = await fetchFile(message.attachments[0]!);
      assert.equal(file.status, 200);
      assert.equal(file.headers.get('content-type'), 'application/pdf');
      assert.equal((await json(`${server.url}/api/v1/widget/uploads/${guide.id}`, { token: visitor.token })).status, 200, 'the visitor may refresh it');
    } finally {
      socket.disconnect();
      agent.disconnect();
    }
  });

  test('signed URLs: a changed signature, another id or an expired time is refused', async () => {
    const { token } = await startVisitor(server.url);
    const { body } = await visitorUpload(token, upload(png(4, 4), 'x.png', 'image/png'));
    const url = new URL(body.url, server.url);
    const tampered = new URL(url);
    const signature = url.searchParams.get('s')!;
    tampered.searchParams.set('s', `${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`);
    assert.equal((await fetch(tampered)).status, 403);
    const later = new URL(url);
    later.searchParams.set('e', String(Number(url.searchParams.get('e')) + 3600));
    assert.equal((await fetch(later)).status, 403, 'the expiry is signed');
    const other = await visitorUpload(token, upload(png(4, 4), 'y.png', 'image/png'));
    const swapped = new URL(url.pathname.replace(body.id, other.body.id) + url.search, server.url);
    assert.equal((await fetch(swapped)).status, 403, 'the id is signed');
    await assert.rejects(
      server.app.services.files.open(body.id, url.searchParams.get('e')!, url.searchParams.get('s')!, Date.now() + 2 * 3600 * 1000),
      /expired/,
    );
  });
});

describe('uploads: per-channel policy', () => {
  test('a channel can narrow the types and the size, or take no files; SVG can never be chosen', async () => {
    const admin = (path: string, body: unknown, method = 'POST') => json<ApiError>(`${server.url}/api/v1/admin${path}`, { token: ADMIN_TOKEN, body, method });
    assert.equal((await admin('/channels', { key: 'strict', name: 'Strict', settings: { uploads: { maxBytes: 2048, types: ['image/png'] } } })).status, 201);
    const svg = await admin('/channels/strict', { settings: { uploads: { maxBytes: 2048, types: ['image/svg+xml'] } } }, 'PATCH');
    assert.equal(svg.status, 400);
    assert.equal(svg.body.error.param, 'settings.uploads.types.0');

    const config = await json<ChannelConfig>(`${server.url}/api/v1/widget/channels/strict/config`);
    assert.deepEqual(config.body.uploads, { maxBytes: 2048, types: ['image/png'] });
    const { token } = await startVisitor(server.url, {}, 'strict');
    assert.equal((await visitorUpload(token, upload(pdf(), 'a.pdf', 'application/pdf'))).status, 415);
    assert.equal((await visitorUpload(token, upload(Buffer.concat([png(2, 2), Buffer.alloc(3000, 1)]), 'big.png', 'image/png'))).status, 413);
    assert.equal((await visitorUpload(token, upload(png(2, 2), 'small.png', 'image/png'))).status, 201);

    assert.equal((await admin('/channels/strict', { settings: { uploads: null } }, 'PATCH')).status, 200);
    const off = await visitorUpload(token, upload(png(2, 2), 'small.png', 'image/png'));
    assert.equal(off.status, 403);
    assert.equal(off.body.error.param, 'file');
    assert.equal((await json<ChannelConfig>(`${server.url}/api/v1/widget/channels/strict/config`)).body.uploads, null);
  });
});
