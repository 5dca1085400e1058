import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { emulateMedia, executeServerCommand } from '@web/test-runner-commands';
import '../../src/define.js';
import type { SupportChatToolCallEvent } from '../../src/events.js';
import type { Conversation } from '../../src/protocol.js';
import type { SupportChat } from '../../src/support-chat.js';
import { inside } from '../browser/helpers.js';
import type { ModelRequest } from '../server/fake-model.js';

/** An AI agent answering in the widget, with the real server and a local fake model (test/e2e/ai-server-plugin.ts). */

const { url: server, agents, pieces: AI_PIECES } = (await executeServerCommand('ai-server')) as { url: string; agents: Record<'main' | 'other' | 'stranger', string>; pieces: string[] };
const release = (count = 1) => executeServerCommand('ai-release', { count });
const conversation = (id: string) => executeServerCommand('ai-conversation', { id }) as Promise<Conversation>;

before(() => emulateMedia({ reducedMotion: 'reduce', colorScheme: 'light' }));
beforeEach(() => localStorage.clear());

const panelRoot = async (el: SupportChat) => inside(el);

describe('an AI agent in the widget (real server, fake model)', () => {
  it('the answer reaches the widget piece by piece, then shows its sources and helpful yes/no; Yes sets resolvedByAi', async () => {
    const el = await fixture<SupportChat>(html`<support-chat channel="e2e-ai" server=${server} open></support-chat>`);
    await oneEvent(el, 'support-chat-ready');
    const sent = await el.sendMessage('What is the return policy?');
    const root = await panelRoot(el);
    const streamed = () => root.querySelector('.message.streaming .text')?.textContent ?? '';
    // Each piece is let through only once the one before has shown: every intermediate state is seen.
    for (let index = 0; index < AI_PIECES.length - 1; index++) {
      await release();
      const expected = AI_PIECES.slice(0, index + 1).join('');
      await waitUntil(() => streamed() === expected, `the answer so far: "${expected}" (shown: "${streamed()}")`);
      expect(root.querySelector('[part="messages"]')!.getAttribute('aria-busy'), 'the log is busy while the answer grows').to.equal('true');
    }
    expect(root.querySelector('[part="away"]'), 'no away form while the AI agent answers (the team is offline)').to.equal(null);
    await expect(el).to.be.accessible();
    await release();
    await waitUntil(() => root.querySelector('[part="feedback"]'), 'helpful yes/no under the stored answer');
    expect(root.querySelector('.message.streaming'), 'the stored answer replaced the stream').to.equal(null);
    const answer = el.messages.at(-1)!;
    expect(answer.text).to.equal(AI_PIECES.join(''));
    expect(answer.from).to.equal('bot');
    expect(root.querySelector('[part="sources"]')!.textContent).to.contain('What is the return policy?');
    await expect(el).to.be.accessible();

    expect((await conversation(sent.conversationId)).resolvedByAi).to.equal(false);
    root.querySelector<HTMLButtonElement>('[part="feedback"] button')!.click(); // Yes
    await waitUntil(() => root.querySelector('[part="feedback"]')!.textContent!.includes('Thanks for telling us.'), 'thanks once answered');
    await waitUntil(async () => (await conversation(sent.conversationId)).resolvedByAi, 'resolvedByAi set by the visitor’s Yes');
    await expect(el).to.be.accessible();
  });

  it('"Talk to a person" hands the conversation to the team: the button goes, the server’s system message shows', async () => {
    const el = await fixture<SupportChat>(html`<support-chat channel="e2e-ai" server=${server} open></support-chat>`);
    await oneEvent(el, 'support-chat-ready');
    const sent = await el.sendMessage('I want to talk to someone');
    await release(AI_PIECES.length);
    const root = await panelRoot(el);
    await waitUntil(() => root.querySelector('[part="handoff"]'), 'the button while the AI agent answers');
    await expect(el).to.be.accessible();
    root.querySelector<HTMLButtonElement>('[part="handoff"]')!.click();
    await waitUntil(() => !root.querySelector('[part="handoff"]'), 'the button goes');
    await waitUntil(() => root.querySelector('.message.system'), 'the system message the server wrote');
    expect((await conversation(sent.conversationId)).handledBy).to.equal('human');
    await waitUntil(() => root.querySelector('[part="away"]'), 'the team is offline: the away form once it has taken over');
    await expect(el).to.be.accessible();
  });

  it('handoff() before the element is ready waits for it, then hands over (a returning visitor on the next page)', async () => {
    const first = await fixture<SupportChat>(html`<support-chat channel="e2e-ai" server=${server}></support-chat>`);
    const sent = await first.sendMessage('hello');
    await release(AI_PIECES.length);
    first.remove();
    const next = await fixture<SupportChat>(html`<support-chat channel="e2e-ai" server=${server}></support-chat>`);
    expect(next.client, 'not started yet').to.equal(null);
    const handed = await next.handoff();
    expect([handed.id, handed.handledBy]).to.deep.equal([sent.conversationId, 'human']);
    expect((await conversation(sent.conversationId)).handledBy).to.equal('human');
  });

  it('the agent attribute picks an allowed AI agent; one the channel does not allow is refused with support-chat-error', async () => {
    const picked = await fixture<SupportChat>(html`<support-chat channel="e2e-ai" server=${server} agent=${agents.other}></support-chat>`);
    const sent = await picked.sendMessage('hello');
    expect((await conversation(sent.conversationId)).aiAgentId).to.equal(agents.other);
    await release(AI_PIECES.length);
    picked.remove();

    localStorage.clear();
    const refused = await fixture<SupportChat>(html`<support-chat channel="e2e-ai" server=${server} agent=${agents.stranger}></support-chat>`);
    const error = oneEvent(refused, 'support-chat-error');
    void refused.sendMessage('hello').catch(() => {});
    expect((await error).detail.param).to.equal('agentId');
  });

  it('a page tool the model calls runs in the page: the handler gets the model’s arguments, the model reads what respond() gave, the visitor sees the answer', async () => {
    const el = await fixture<SupportChat>(html`<support-chat channel="e2e-ai-tools" server=${server} open></support-chat>`);
    const calls: Array<{ name: string; args: unknown }> = [];
    el.addEventListener('support-chat-tool-call', (event: SupportChatToolCallEvent) => {
      calls.push({ name: event.detail.name, args: event.detail.args });
      const { orderId } = event.detail.args as { orderId: string };
      // Something only this page knows: its own path.
      if (event.detail.name === 'order_status') event.detail.respond({ orderId, status: 'shipped', page: location.pathname });
    });
    await oneEvent(el, 'support-chat-ready');
    const sent = await el.sendMessage('Where is my order?');
    const root = await panelRoot(el);
    await waitUntil(() => el.messages.some((message) => message.from === 'bot'), 'the answer');
    expect(calls).to.deep.equal([{ name: 'order_status', args: { orderId: 'A-1042' } }]);
    const answer = el.messages.find((message) => message.from === 'bot')!;
    expect([answer.conversationId, answer.text]).to.deep.equal([sent.conversationId, 'Order A-1042 is shipped.']);
    await waitUntil(() => root.querySelector('[part="feedback"]'), 'the stored answer shown');
    expect(root.querySelector('[part="messages"]')!.textContent).to.contain('Order A-1042 is shipped.');

    const [first, second] = (await executeServerCommand('ai-tool-requests')) as ModelRequest[];
    expect(first!.tools!.find((tool) => tool.function.name === 'order_status')!.function.parameters).to.deep.equal({
      type: 'object',
      properties: { orderId: { type: 'string' } },
      required: ['orderId'],
    });
    const toolTurn = second!.messages.find((message) => message.role === 'tool')!;
    expect(JSON.parse(String(toolTurn.content))).to.deep.equal({ ok: true, result: { orderId: 'A-1042', status: 'shipped', page: location.pathname } });
    await expect(el).to.be.accessible();
  });
});
