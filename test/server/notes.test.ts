import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { mentionedAgents } from '../../server/services/mentions.js';
import type { Agent, AgentThreadItem, ApiError, Note, NoteMention, Page } from '../../src/protocol.js';
import { connectAgent, json, nextEvent } from './helpers.js';
import { serveEngine } from './engine-server.js';
import { agentReply, colleague, visitorSaying, writeNote } from './notes-helpers.js';
import { engines } from './store-engines.js';

/** Private notes as the team uses them (DESIGN.md §12), on every engine: writing, retrying, reading the thread, live events and mentions. */

const place = (items: AgentThreadItem[]) => items.map((item) => `${item.from}@${item.seq}:${item.text}`);

for (const engine of engines()) {
  describe(`notes: ${engine.name}`, () => {
    after(() => engine.teardown());

    test('POST …/notes: 201, then the same note (200) for a retry; another agent\'s same clientId, bad input and an unknown conversation are refused naming the field', async (t) => {
      const { url, token } = await serveEngine(t, await engine.data(t));
      const visitor = await visitorSaying(url);
      const first = await writeNote(url, token, visitor.conversationId, 'Checked the order: it left the warehouse.', 'note-1');
      assert.equal(first.status, 201);
      assert.match(first.body.id, /^nt_/);
      assert.deepEqual([first.body.from, first.body.seq, first.body.clientId, first.body.author.name, first.body.mentions, first.body.attachments], ['note', 1, 'note-1', 'Ada Agent', [], []]);
      const retry = await writeNote(url, token, visitor.conversationId, 'Checked the order: it left the warehouse.', 'note-1');
      assert.deepEqual([retry.status, retry.body.id], [200, first.body.id]);

      const other = await colleague(url, 'Grace Hopper', 'grace@test.example');
      const collision = await json<ApiError>(`${url}/api/v1/agent/conversations/${visitor.conversationId}/notes`, { token: other.token, body: { clientId: 'note-1', text: 'mine' } });
      assert.deepEqual([collision.status, collision.body.error.param], [409, 'clientId']);
      for (const [body, param] of [[{ clientId: 'n-2', text: '   ' }, 'text'], [{ clientId: 'bad id!', text: 'x' }, 'clientId'], [{ clientId: 'n-3' }, 'text'], [{ clientId: 'n-4', text: 'x', from: 'visitor' }, 'from'], [{ clientId: 'n-5', text: 'x'.repeat(8001) }, 'text']] as const) {
        const refused = await json<ApiError>(`${url}/api/v1/agent/conversations/${visitor.conversationId}/notes`, { token, body });
        assert.equal(refused.status, 400, JSON.stringify(body));
        assert.equal(refused.body.error.param, param);
      }
      // An Idempotency-Key replays the first answer, whatever the retry's clientId.
      const keyed = (clientId: string) => json<Note>(`${url}/api/v1/agent/conversations/${visitor.conversationId}/notes`, { token, body: { clientId, text: 'keyed' }, headers: { 'idempotency-key': 'note-key-1' } });
      const [once, replayed] = [await keyed('n-k1'), await keyed('n-k1')];
      assert.deepEqual([once.status, replayed.status, replayed.body.id, replayed.headers.get('idempotent-replayed')], [201, 201, once.body.id, 'true']);
      const missing = await json<ApiError>(`${url}/api/v1/agent/conversations/cv_nope/notes`, { token, body: { clientId: 'n-6', text: 'x' } });
      assert.equal(missing.status, 404);
      const anonymous = await json<ApiError>(`${url}/api/v1/agent/conversations/${visitor.conversationId}/notes`, { body: { clientId: 'n-7', text: 'x' } });
      assert.equal(anonymous.status, 401);
    });

    test('the agent\'s thread: each note after the message it followed, in GET …/messages pages (newest, after, before) and the socket\'s sync', async (t) => {
      const { url, token } = await serveEngine(t, await engine.data(t));
      const visitor = await visitorSaying(url, 'm1');
      await writeNote(url, token, visitor.conversationId, 'n1');
      await writeNote(url, token, visitor.conversationId, 'n1b');
      await agentReply(url, token, visitor.conversationId, 'm2');
      await writeNote(url, token, visitor.conversationId, 'n2');
      const thread = async (query: string) => (await json<Page<AgentThreadItem>>(`${url}/api/v1/agent/conversations/${visitor.conversationId}/messages${query}`, { token })).body;

      assert.deepEqual(place((await thread('')).data), ['visitor@1:m1', 'note@1:n1', 'note@1:n1b', 'agent@2:m2', 'note@2:n2']);
      assert.deepEqual(place((await thread('?after=1')).data), ['note@1:n1', 'note@1:n1b', 'agent@2:m2', 'note@2:n2'], 'notes written since the agent held seq 1 too');
      assert.deepEqual(place((await thread('?after=2')).data), ['note@2:n2'], 'nothing new but a note');
      assert.deepEqual(place((await thread('?before=2')).data), ['visitor@1:m1', 'note@1:n1', 'note@1:n1b']);
      const paged = await thread('?after=0&limit=1');
      assert.deepEqual([place(paged.data), paged.hasMore], [['visitor@1:m1', 'note@1:n1', 'note@1:n1b'], true], 'a page stops at its last message');
      const older = await thread('?limit=1');
      assert.deepEqual([place(older.data), older.hasMore], [['agent@2:m2', 'note@2:n2'], true]);

      const socket = await connectAgent(url, token);
      t.after(() => socket.disconnect());
      const synced = await socket.emitWithAck('sync', { conversationId: visitor.conversationId, after: 1 });
      assert.ok('data' in synced);
      assert.deepEqual(place(synced.data as AgentThreadItem[]), ['note@1:n1', 'note@1:n1b', 'agent@2:m2', 'note@2:n2']);
    });

    test('GET …/notes pages the notes in the order written; a closed conversation still takes notes', async (t) => {
      const { url, token } = await serveEngine(t, await engine.data(t));
      const visitor = await visitorSaying(url);
      await json(`${url}/api/v1/agent/conversations/${visitor.conversationId}/close`, { token, body: {} });
      for (const text of ['one', 'two', 'three']) assert.equal((await writeNote(url, token, visitor.conversationId, text)).status, 201);
      const base = `${url}/api/v1/agent/conversations/${visitor.conversationId}/notes`;
      const first = (await json<Page<Note>>(`${base}?limit=2`, { token })).body;
      assert.deepEqual([first.data.map((note) => note.text), first.hasMore], [['one', 'two'], true]);
      const rest = (await json<Page<Note>>(`${base}?limit=2&after=${first.data[1]!.id}`, { token })).body;
      assert.deepEqual([rest.data.map((note) => note.text), rest.hasMore], [['three'], false]);
      assert.equal((await json<ApiError>(`${base}?after=m_1`, { token })).body.error.param, 'after');
      assert.equal((await json(`${url}/api/v1/agent/conversations/cv_nope/notes`, { token })).status, 404);
    });

    test('/agent socket: note:send is acked with the note, every agent hears note:created, the agent named hears note:mention (no one else, not the writer)', async (t) => {
      const { url, token } = await serveEngine(t, await engine.data(t));
      const grace = await colleague(url, 'Grace Hopper', 'grace@test.example');
      const linus = await colleague(url, 'Linus', 'linus@test.example');
      const visitor = await visitorSaying(url);
      const [writer, graceSocket, linusSocket] = await Promise.all([connectAgent(url, token), connectAgent(url, grace.token), connectAgent(url, linus.token)]);
      t.after(() => [writer, graceSocket, linusSocket].forEach((socket) => socket.disconnect()));
      const mentionsHeard: Array<[string, NoteMention]> = [];
      for (const [name, socket] of [['writer', writer], ['grace', graceSocket], ['linus', linusSocket]] as const) socket.on('note:mention', (event) => mentionsHeard.push([name, event]));

      const created = nextEvent<Note>(linusSocket, 'note:created');
      const mentioned = nextEvent<NoteMention>(graceSocket, 'note:mention');
      const ack = await writer.emitWithAck('note:send', { conversationId: visitor.conversationId, clientId: 'n-live', text: '@grace hopper can you check the refund? cc @agent' });
      assert.ok('data' in ack, JSON.stringify(ack));
      assert.deepEqual((await created).id, ack.data.id);
      const event = await mentioned;
      assert.deepEqual([event.conversationId, event.note.id], [visitor.conversationId, ack.data.id]);
      const me = (await json<Page<Agent>>(`${url}/api/v1/agent/agents`, { token })).body.data.find((agent) => agent.email === 'agent@test.example')!;
      assert.deepEqual([...ack.data.mentions].sort(), [grace.agent.id, me.id].sort(), '@Name and @email-localpart');
      // A reply afterwards reaches Linus: had a mention been sent to him, it would have come before it.
      const reply = nextEvent(linusSocket, 'message:created');
      await agentReply(url, token, visitor.conversationId, 'after the note');
      await reply;
      assert.deepEqual(mentionsHeard.map(([name]) => name), ['grace']);

      const refused = await writer.emitWithAck('note:send', { conversationId: visitor.conversationId, clientId: 'n-bad', text: '' });
      assert.ok('error' in refused && refused.error.param === 'text');
    });
  });
}

describe('mentions', () => {
  const team: Agent[] = [
    { id: 'ag_ada', email: 'ada.l@shop.example', name: 'Ada Lovelace', role: 'agent', kind: 'human', disabled: false, invited: false, capacity: 5 },
    { id: 'ag_al', email: 'al@shop.example', name: 'Al', role: 'agent', kind: 'human', disabled: false, invited: false, capacity: 5 },
    { id: 'ag_bot', email: 'bot@shop.example', name: 'Robo', role: 'agent', kind: 'bot', disabled: false, invited: false, capacity: 5 },
    { id: 'ag_gone', email: 'gone@shop.example', name: 'Gone', role: 'agent', kind: 'human', disabled: true, invited: false, capacity: 5 },
  ];
  test('@Name (any case, spaces included) or @email-localpart names a person; addresses, longer handles, bots and disabled agents do not', () => {
    assert.deepEqual(mentionedAgents('@ada lovelace please look', team), ['ag_ada']);
    assert.deepEqual(mentionedAgents('ask @ada.l, then @Al.', team), ['ag_ada', 'ag_al']);
    assert.deepEqual(mentionedAgents('mail al@shop.example or @alex or @al_x or @ada.lx', team), []);
    assert.deepEqual(mentionedAgents('@Robo @gone', team), []);
    assert.deepEqual(mentionedAgents('(@al)', team), ['ag_al']);
  });
});
