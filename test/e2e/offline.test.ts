import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/define.js';
import type { ChatMessage } from '../../src/protocol.js';
import type { SupportChat } from '../../src/support-chat.js';

// The element talks to the server through a proxy the test can cut (the tab's network).
const { proxyUrl: server } = (await executeServerCommand('chat-server')) as { proxyUrl: string };

describe('fault 4: the visitor tab goes offline', () => {
  beforeEach(() => localStorage.clear());
  afterEach(() => executeServerCommand('chat-offline', { offline: false }));

  it('three agent messages sent meanwhile all appear, once and in order, when it comes back', async () => {
    const el = await fixture<SupportChat>(html`<support-chat channel="e2e" server=${server} open></support-chat>`);
    await oneEvent(el, 'support-chat-ready');
    const first = await el.sendMessage('before going offline');
    const conversationId = first.conversationId;

    await executeServerCommand('chat-offline', { offline: true });
    window.dispatchEvent(new Event('offline'));
    await waitUntil(() => el.state !== 'online', 'the element never noticed it was offline', { timeout: 20_000 });
    const sent: ChatMessage[] = [];
    for (const word of ['one', 'two', 'three']) {
      sent.push((await executeServerCommand('chat-agent-send', { conversationId, clientId: `offline-${word}`, text: `while you were away: ${word}` })) as ChatMessage);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(el.messages.map((m) => m.text), 'nothing arrives while offline').to.deep.equal(['before going offline']);

    await executeServerCommand('chat-offline', { offline: false });
    window.dispatchEvent(new Event('online')); // what the browser fires when the network returns
    await waitUntil(() => el.messages.length === 4, 'the missed messages never arrived', { timeout: 20_000 });
    expect(el.messages.map((m) => [m.seq, m.text])).to.deep.equal([
      [1, 'before going offline'],
      ...sent.map((message) => [message.seq, message.text]),
    ]);
    expect(sent.map((message) => message.seq)).to.deep.equal([2, 3, 4]);
    const panel = el.shadowRoot!.querySelector('support-chat-panel')!;
    await panel.updateComplete;
    expect([...panel.shadowRoot!.querySelectorAll('[part="message"] .text')].map((node) => node.textContent)).to.deep.equal([
      'before going offline',
      'while you were away: one',
      'while you were away: two',
      'while you were away: three',
    ]);
  });
});
