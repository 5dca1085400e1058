import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/define.js';
import type { SupportChat } from '../../src/support-chat.js';
import { inside, launcher } from '../browser/helpers.js';

const { url: server, proxyUrl } = (await executeServerCommand('chat-server')) as { url: string; proxyUrl: string };

describe('no-launcher, config-url and ws-server reach the element and its client', () => {
  beforeEach(() => localStorage.clear());

  it('no-launcher draws no button; the page opens the chat itself', async () => {
    const el = await fixture<SupportChat>(html`<support-chat channel="demo" mock no-launcher></support-chat>`);
    expect(launcher(el), 'a launcher was drawn').to.equal(null);
    const ready = oneEvent(el, 'support-chat-ready');
    await el.open();
    await ready;
    const root = await inside(el);
    expect(root.querySelector('textarea'), 'the panel shows').to.not.equal(null);
    await expect(el).to.be.accessible();
  });

  it('config-url: the channel config comes from that URL, above what the server sends', async () => {
    const el = await fixture<SupportChat>(html`<support-chat channel="demo" mock config-url="/test/e2e/fixtures/config-url.json"></support-chat>`);
    const ready = oneEvent(el, 'support-chat-ready');
    await el.open();
    await ready;
    expect(el.config.greeting).to.equal('Hello from config-url');
    expect(el.config.primaryColor).to.equal('#0a7c4a');
    const root = await inside(el);
    await waitUntil(() => root.querySelector('.greeting')?.textContent === 'Hello from config-url', 'the greeting from config-url');
  });

  it('ws-server: the realtime link goes there while REST stays on server', async () => {
    const through = await fixture<SupportChat>(html`<support-chat channel="e2e" server=${server} ws-server=${proxyUrl} open></support-chat>`);
    await oneEvent(through, 'support-chat-ready');
    expect([through.state, through.client?.transportName]).to.deep.equal(['online', 'websocket']);
    through.remove();
    localStorage.clear();
    // Nothing listens at the realtime origin: the chat goes on over REST, on `server`.
    const unreachable = await fixture<SupportChat>(html`<support-chat channel="e2e" server=${server} ws-server="http://127.0.0.1:9" open></support-chat>`);
    await waitUntil(() => unreachable.state === 'fallback', 'never fell back to REST', { timeout: 15_000 });
    const sent = await unreachable.sendMessage('over REST while the WebSocket has nowhere to go');
    expect(sent.seq).to.equal(1);
    unreachable.remove();
  });
});
