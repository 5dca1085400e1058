import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/define.js';
import type { AgentClient } from '../../src/inbox/agent-client.js';
import { InboxClient, type InboxFeature, type InboxSession } from '../../src/inbox/inbox-client.js';
import type { ConversationSummary } from '../../src/protocol.js';
import type { SupportChat } from '../../src/support-chat.js';
import { connected } from '../browser/helpers.js';

const { url: server, agentEmail, agentPassword } = (await executeServerCommand('chat-server')) as { url: string; agentEmail: string; agentPassword: string };

/** A desk feature that records what the inbox tells it. */
class RecordingFeature implements InboxFeature {
  calls: string[] = [];
  api: AgentClient | null = null;
  start(api: AgentClient, session: InboxSession): void {
    this.api = api;
    this.calls.push(`start ${session.agent.email}`);
  }
  stop(): void {
    this.calls.push('stop');
  }
  selected(conversation: ConversationSummary | null): void {
    this.calls.push(`selected ${conversation?.id}`);
  }
}

describe('InboxClient: the inbox without its element', () => {
  beforeEach(() => sessionStorage.clear());

  it('signs in, lists a visitor’s conversation live, opens it, replies, and signs out, telling every change and every feature', async () => {
    const inbox = new InboxClient(() => server);
    let changes = 0;
    const unsubscribe = inbox.subscribe(() => changes++);
    const feature = inbox.feature(new RecordingFeature());
    inbox.restore();
    expect(inbox.session).to.equal(null);

    await inbox.signIn(agentEmail, 'wrong password');
    expect(inbox.session).to.equal(null);
    expect(inbox.error).to.not.equal('');

    await inbox.signIn(agentEmail, agentPassword);
    expect(inbox.session?.agent.email).to.equal(agentEmail);
    expect(feature.calls).to.deep.equal([`start ${agentEmail}`]);
    await waitUntil(() => inbox.connected, 'never connected', { timeout: 10_000 });

    for (const key of Object.keys(localStorage)) if (key.startsWith('support-chat:')) localStorage.removeItem(key);
    const visitor = await fixture<SupportChat>(html`<support-chat channel="e2e" server=${server}></support-chat>`);
    await connected(visitor);
    const text = `inbox-client ${Math.random()}`;
    await visitor.sendMessage(text);
    await waitUntil(() => inbox.conversations.some((item) => item.lastMessage?.text === text), 'the conversation never reached the list', { timeout: 10_000 });
    const listed = inbox.conversations.find((item) => item.lastMessage?.text === text)!;

    await inbox.select(listed.id);
    expect(inbox.selected?.id).to.equal(listed.id);
    expect(inbox.thread.map((message) => message.text)).to.include(text);
    expect(feature.calls.at(-1)).to.equal(`selected ${listed.id}`);

    const reply = new Promise<string>((resolve) =>
      visitor.addEventListener('support-chat-message', (event) => event.detail.message.from === 'agent' && resolve(event.detail.message.text)),
    );
    expect(await inbox.replies.send('Hello from the client')).to.equal(true);
    expect(inbox.thread.at(-1)?.text).to.equal('Hello from the client');
    expect(await reply).to.equal('Hello from the client');

    const before = changes;
    inbox.logout();
    expect(changes).to.be.greaterThan(before);
    expect(feature.calls.at(-1)).to.equal('stop');
    expect(inbox.session).to.equal(null);
    expect(inbox.conversations).to.deep.equal([]);
    expect(inbox.api).to.equal(null);
    unsubscribe();
    inbox.release();
  });

  it('a feature narrows the list: its query reaches the server and a live conversation it does not take stays out', async () => {
    const inbox = new InboxClient(() => server);
    const requested: string[] = [];
    inbox.feature({
      start: (api) => {
        const original = api.conversations.bind(api);
        api.conversations = (filter, handled, extra) => {
          requested.push(new URLSearchParams(extra).toString());
          return original(filter, handled, extra);
        };
      },
      stop: () => {},
      listQuery: () => ({ label: 'nobody-has-this' }),
      listed: () => false,
    });
    inbox.restore();
    await inbox.signIn(agentEmail, agentPassword);
    await waitUntil(() => requested.length > 0, 'the list was never asked for', { timeout: 10_000 });
    expect(requested[0]).to.equal('label=nobody-has-this');
    inbox.upsert({ ...(inbox.conversations[0] ?? ({} as ConversationSummary)), id: 'cv_live', status: 'open', handledBy: 'human', assignedAgentId: null } as ConversationSummary);
    expect(inbox.conversations.map((item) => item.id)).to.not.include('cv_live');
    inbox.logout();
    inbox.release();
  });
});
