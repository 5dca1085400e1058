import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/define.js';
import type { ChatMessage } from '../../src/protocol.js';
import type { SupportChat } from '../../src/support-chat.js';
import { connected } from '../browser/helpers.js';

const { url: server, agentName } = (await executeServerCommand('chat-server')) as { url: string; agentName: string };

describe('end to end: a visitor in Chromium and an agent on /agent', () => {
  beforeEach(() => localStorage.clear());

  it('the visitor writes, the agent replies, the reply reaches the element live', async () => {
    await executeServerCommand('chat-agent-connect');
    const el = await fixture<SupportChat>(html`<support-chat channel="e2e" server=${server}></support-chat>`);
    await connected(el);
    // The channel's appearance is remembered for the launcher the CDN loader draws next time.
    const remembered = JSON.parse(localStorage.getItem('support-chat:appearance:e2e') ?? 'null') as { primaryColor?: string } | null;
    expect(remembered?.primaryColor).to.equal(el.config.primaryColor);
    await el.open();

    // Typed and sent through the UI, as a visitor would.
    const panel = el.shadowRoot!.querySelector('support-chat-panel')!;
    await waitUntil(() => panel.shadowRoot?.querySelector('textarea'), 'the panel never loaded');
    const input = panel.shadowRoot!.querySelector('textarea')!;
    input.value = 'Where is my order?';
    panel.shadowRoot!.querySelector<HTMLButtonElement>('[part="send"]')!.click();

    const received: ChatMessage[] = [];
    el.addEventListener('support-chat-message', (event) => received.push(event.detail.message));
    const reply = (await executeServerCommand('chat-agent-reply', { to: 'Where is my order?', text: 'It ships <today>!' })) as ChatMessage;

    await waitUntil(() => received.some((m) => m.id === reply.id), 'the agent reply never arrived', { timeout: 5000 });
    const event = received.find((m) => m.id === reply.id)!;
    expect(event.from).to.equal('agent');
    expect(event.author?.name).to.equal(agentName);
    expect(received.map((m) => m.text)).to.deep.equal(['Where is my order?', 'It ships <today>!']);

    await el.updateComplete;
    await panel.updateComplete;
    const bubbles = [...panel.shadowRoot!.querySelectorAll('[part="message"] .text')].map((node) => node.textContent);
    expect(bubbles).to.deep.equal(['Where is my order?', 'It ships <today>!']);
    expect(el.messages.map((m) => m.seq)).to.deep.equal([1, 2]);

    // Read receipts: the open panel has seen the reply; the agent reads the visitor's message.
    await waitUntil(async () => ((await executeServerCommand('chat-conversation', { id: reply.conversationId })) as { visitorReadSeq: number }).visitorReadSeq === 2, 'the visitor read receipt never reached the server', { timeout: 5000 });
    await executeServerCommand('chat-agent-read', { conversationId: reply.conversationId, seq: 2 });
    await waitUntil(() => panel.shadowRoot!.querySelector('[data-seq="1"] .seen')?.textContent === 'Seen', 'no "Seen" under the visitor message', { timeout: 5000 });
  });
});
