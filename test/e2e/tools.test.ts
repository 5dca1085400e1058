import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/define.js';
import type { SupportChatToolCallEvent } from '../../src/events.js';
import type { ToolCallResult, ToolCallRequest } from '../../src/protocol.js';
import type { SupportChat } from '../../src/support-chat.js';
import { connected } from '../browser/helpers.js';

const { url: server } = (await executeServerCommand('chat-server')) as { url: string };

type Answer = ToolCallResult | { error: { code: string; message: string } };
const callTool = (conversationId: string, request: ToolCallRequest) => executeServerCommand('chat-tool-call', { conversationId, request }) as Promise<Answer>;

describe('page tools: agent → Chromium page → agent', () => {
  let el: SupportChat;
  beforeEach(async () => {
    localStorage.clear();
    el = await fixture<SupportChat>(html`<support-chat channel="e2e" server=${server}></support-chat>`);
    await connected(el);
    await el.sendMessage('I need help with my cart');
  });

  it('the page answers a tool call with respond(); the caller gets the result', async () => {
    const seen: Array<{ name: string; args: unknown }> = [];
    el.addEventListener('support-chat-tool-call', (event: SupportChatToolCallEvent) => {
      seen.push({ name: event.detail.name, args: event.detail.args });
      if (event.detail.name === 'cart.get') event.detail.respond({ items: [{ sku: 'A-1', qty: 2 }], page: location.pathname });
    });
    const answer = (await callTool(el.conversationId!, { name: 'cart.get', args: { detail: true } })) as ToolCallResult;
    expect(answer.ok).to.equal(true);
    expect(answer.result).to.deep.equal({ items: [{ sku: 'A-1', qty: 2 }], page: location.pathname });
    expect(seen).to.deep.equal([{ name: 'cart.get', args: { detail: true } }]);
  });

  it('reject() is a result with ok: false; an async handler claims the call with preventDefault()', async () => {
    el.addEventListener('support-chat-tool-call', (event: SupportChatToolCallEvent) => {
      if (event.detail.name === 'account.delete') event.detail.reject({ code: 'not_allowed', message: 'ask the visitor first' });
      if (event.detail.name === 'geo.locate') {
        event.preventDefault();
        setTimeout(() => event.detail.respond({ city: 'Lyon' }), 300);
      }
    });
    const refused = (await callTool(el.conversationId!, { name: 'account.delete' })) as ToolCallResult;
    expect([refused.ok, refused.error]).to.deep.equal([false, { code: 'not_allowed', message: 'ask the visitor first' }]);
    const later = (await callTool(el.conversationId!, { name: 'geo.locate' })) as ToolCallResult;
    expect(later.result).to.deep.equal({ city: 'Lyon' });
    expect(later.durationMs).to.be.at.least(300);
  });

  it('no handler gives no_handler; a claimed call never answered gives timeout', async () => {
    const unhandled = (await callTool(el.conversationId!, { name: 'nobody.listens' })) as { error: { code: string } };
    expect(unhandled.error.code).to.equal('no_handler');
    el.addEventListener('support-chat-tool-call', (event: SupportChatToolCallEvent) => event.preventDefault());
    const silent = (await callTool(el.conversationId!, { name: 'claimed.but.silent', timeoutMs: 1000 })) as { error: { code: string } };
    expect(silent.error.code).to.equal('timeout');
  });
});
