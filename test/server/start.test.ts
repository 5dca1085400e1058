import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { projectRoot } from '../../server/root.js';
import { json, tempDataFile } from './helpers.js';
import { scratchDatabase } from './store-engines.js';

const root = projectRoot();
const entry = `${root}/server/build/server/index.js`;
/** The server package's command, as npm links it into the repository's node_modules. */
const command = `${root}/node_modules/.bin/support-chat-server`;

/**
 * Starts the built server as `npm start` does (or by the `support-chat-server` command), and
 * collects what it prints until the URLs are out.
 */
async function startBuilt(env: Record<string, string>, script = entry): Promise<{ child: ChildProcess; output: string; base: string }> {
  assert.ok(existsSync(entry), 'server/build/server/index.js is missing: run `npm run build` first (npm test does)');
  assert.ok(existsSync(`${root}/dist/widget.js`), 'dist/widget.js is missing: run `npm run build` first');
  const child = spawn(process.execPath, [script], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URLs printed:\n${output}`)), 20_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Agent inbox\s+(http:\/\/\S+)\/inbox/.exec(output);
      if (match && output.includes('CDN script')) {
        clearTimeout(timer);
        setTimeout(() => resolve(match[1]!), 50); // let the password lines arrive too
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return { child, output, base };
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

describe('the built server (npm start)', () => {
  const data = tempDataFile();
  after(() => data.remove());
  const dataDir = data.file.replace(/\/[^/]+$/, '');

  test('first start seeds a demo channel and agent, prints the URLs and a generated password once', async () => {
    const { child, output, base } = await startBuilt({ DATA_DIR: dataDir, DEMO_AGENT_EMAIL: 'demo@test.example', ADMIN_TOKEN: 'an-admin-token-0123456789' });
    try {
      for (const label of ['Demo page', 'Agent inbox', 'Standalone chat', 'Help pages', 'CDN script']) assert.match(output, new RegExp(label));
      assert.match(output, /\/c\?k=demo/);
      assert.match(output, /\/help\/demo/);
      const password = /Password\s+(\S+)\s+\(generated/.exec(output)?.[1];
      assert.ok(password, `no generated password in:\n${output}`);

      const login = await json<{ token: string }>(`${base}/api/v1/agent/login`, { body: { email: 'demo@test.example', password } });
      assert.equal(login.status, 200, 'the printed password works');
      const channels = await json<{ data: Array<{ key: string }> }>(`${base}/api/v1/admin/channels`, { token: 'an-admin-token-0123456789' });
      assert.equal(channels.status, 200);
      assert.deepEqual(channels.body.data.map((c) => c.key), ['demo']);

      // The desk's demo: labels, shared canned replies, a team, and two conversations with notes.
      const agentGet = <T>(path: string) => json<T>(`${base}/api/v1/agent${path}`, { token: login.body.token });
      assert.deepEqual((await agentGet<{ data: Array<{ name: string }> }>('/labels')).body.data.map((label) => label.name), ['billing', 'bug', 'vip']);
      assert.deepEqual((await agentGet<{ data: Array<{ shortcut: string }> }>('/canned')).body.data.map((reply) => reply.shortcut), ['hello', 'refund', 'thanks']);
      assert.deepEqual((await agentGet<{ data: Array<{ name: string }> }>('/teams')).body.data.map((team) => team.name), ['Front desk']);
      const open = (await agentGet<{ data: Array<{ id: string; labels: string[] }> }>('/conversations?status=open')).body.data;
      assert.deepEqual(open.map((item) => item.labels), [['bug']]);
      const rated = (await agentGet<{ data: Array<{ rating: { score: number } | null; labels: string[] }> }>('/conversations?status=closed')).body.data;
      assert.deepEqual(rated.map((item) => [item.rating?.score, item.labels]), [[5, ['billing', 'vip']]]);
      const thread = (await agentGet<{ data: Array<{ from: string }> }>(`/conversations/${open[0]!.id}/messages`)).body.data;
      assert.deepEqual(thread.map((item) => item.from), ['visitor', 'agent', 'note']);

      for (const [path, type] of [['/', 'text/html'], ['/inbox', 'text/html'], ['/c?k=demo', 'text/html'], ['/help/demo', 'text/html'], ['/widget.js', 'javascript'], ['/dist/inbox.js', 'javascript']] as const) {
        const response = await fetch(base + path);
        assert.equal(response.status, 200, path);
        assert.match(response.headers.get('content-type') ?? '', new RegExp(type), path);
        assert.equal(response.headers.get('x-content-type-options'), 'nosniff', path);
      }
      const strict = await fetch(`${base}/demo/csp.html`);
      assert.equal(
        strict.headers.get('content-security-policy'),
        "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' ws:; img-src 'self' data: blob:",
      );
      const page = await (await fetch(`${base}/c?k=demo`)).text();
      assert.match(page, /data-channel="demo"/);
      assert.match(page, /data-mode="standalone"/);
      const hostile = await fetch(`${base}/c?k=${encodeURIComponent('"><script>alert(1)</script>')}`);
      assert.equal(hostile.status, 400);
      assert.doesNotMatch(await hostile.text(), /<script>alert/);
    } finally {
      await stop(child);
    }

    const again = await startBuilt({ DATA_DIR: dataDir, DEMO_AGENT_EMAIL: 'demo@test.example' });
    try {
      assert.doesNotMatch(again.output, /Password/, 'the password is shown once, on the first start only');
      const config = await json<{ channel: string }>(`${again.base}/api/v1/widget/channels/demo/config`);
      assert.equal(config.body.channel, 'demo');
    } finally {
      await stop(again.child);
    }
  });

  test('DEMO_AGENT_PASSWORD chooses the password and is never printed (started by `support-chat-server`)', async () => {
    assert.ok(existsSync(command), 'node_modules/.bin/support-chat-server is missing: run `npm install` (the server workspace links it)');
    const fresh = tempDataFile();
    const { child, output, base } = await startBuilt({
      DATA_DIR: fresh.file.replace(/\/[^/]+$/, ''),
      DEMO_AGENT_PASSWORD: 'chosen-password-42',
    }, command);
    try {
      assert.doesNotMatch(output, /chosen-password-42/);
      assert.match(output, /from DEMO_AGENT_PASSWORD/);
      const login = await json(`${base}/api/v1/agent/login`, { body: { email: 'agent@example.com', password: 'chosen-password-42' } });
      assert.equal(login.status, 200);
    } finally {
      await stop(child);
      fresh.remove();
    }
  });
});

/** With TEST_DATABASE_URL (as .ci/run sets it): the same server on PostgreSQL, by DATABASE_URL. */
describe('the built server on PostgreSQL (DATABASE_URL)', { skip: !process.env.TEST_DATABASE_URL && 'TEST_DATABASE_URL is not set' }, () => {
  const database = scratchDatabase(process.env.TEST_DATABASE_URL ?? '', 'support_chat_start');
  const databaseUrl = () => database.url;
  before(() => database.create());
  after(() => database.drop());

  test('migrates, seeds, serves a conversation, and keeps it across a restart', async () => {
    const data = tempDataFile();
    const env = { DATA_DIR: data.file.replace(/\/[^/]+$/, ''), DATABASE_URL: databaseUrl(), DEMO_AGENT_PASSWORD: 'postgres-demo-password' };
    const first = await startBuilt(env);
    let conversationId: string;
    try {
      assert.match(first.output, /data in PostgreSQL/);
      const session = await json<{ token: string }>(`${first.base}/api/v1/widget/channels/demo/session`, { body: {} });
      assert.equal(session.status, 201);
      const sent = await json<{ seq: number; conversationId: string }>(`${first.base}/api/v1/widget/conversation/messages`, { token: session.body.token, body: { clientId: 'pg-1', text: 'stored in PostgreSQL' } });
      assert.equal(sent.status, 201);
      assert.equal(sent.body.seq, 1);
      conversationId = sent.body.conversationId;
    } finally {
      await stop(first.child);
    }
    const again = await startBuilt(env);
    try {
      assert.doesNotMatch(again.output, /Password/, 'seeded once');
      const login = await json<{ token: string }>(`${again.base}/api/v1/agent/login`, { body: { email: 'agent@example.com', password: 'postgres-demo-password' } });
      const history = await json<{ data: Array<{ text: string }> }>(`${again.base}/api/v1/agent/conversations/${conversationId}/messages`, { token: login.body.token });
      assert.deepEqual(history.body.data.map((message) => message.text), ['stored in PostgreSQL']);
    } finally {
      await stop(again.child);
      data.remove();
    }
  });
});

