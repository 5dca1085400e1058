import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { emulateMedia, executeServerCommand } from '@web/test-runner-commands';
import '../../src/define.js';
import type { SupportChat } from '../../src/support-chat.js';
import { inside } from './helpers.js';

const { url: server } = (await executeServerCommand('chat-server')) as { url: string };

before(() => emulateMedia({ reducedMotion: 'reduce', colorScheme: 'light' }));
beforeEach(() => localStorage.clear());

describe('the outbox', () => {
  it('keeps unsent messages across a reload and delivers them once, in order', async () => {
    const offline = await fixture<SupportChat>(html`<support-chat channel="e2e" server="http://127.0.0.1:9" open></support-chat>`);
    const sends = ['first, written offline', 'second, written offline'].map((text) => offline.sendMessage(text));
    sends.forEach((sending) => sending.catch(() => {})); // the page "reloads" before they are confirmed
    const root = await inside(offline);
    await waitUntil(() => root.querySelectorAll('.pending').length === 2, 'not shown as pending');
    const stored = JSON.parse(localStorage.getItem('support-chat:e2e:outbox') ?? '[]') as Array<{ text: string }>;
    expect(stored.map((item) => item.text)).to.deep.equal(['first, written offline', 'second, written offline']);
    offline.remove();

    const online = await fixture<SupportChat>(html`<support-chat channel="e2e" server=${server} open></support-chat>`);
    await oneEvent(online, 'support-chat-ready');
    await waitUntil(() => online.messages.length === 2, 'the queued messages were not delivered', { timeout: 5000 });
    expect(online.messages.map((message) => [message.seq, message.text])).to.deep.equal([
      [1, 'first, written offline'],
      [2, 'second, written offline'],
    ]);
    expect(localStorage.getItem('support-chat:e2e:outbox')).to.equal(null);
    const panel = await inside(online);
    await waitUntil(() => !panel.querySelector('.pending'), 'still pending');
  });

  it('a refused message shows a retry affordance and fires support-chat-error', async () => {
    const el = await fixture<SupportChat>(html`<support-chat channel="e2e" server=${server} open></support-chat>`);
    await oneEvent(el, 'support-chat-ready');
    const error = oneEvent(el, 'support-chat-error');
    let refused: unknown;
    await el.sendMessage('x'.repeat(9000)).catch((caught: unknown) => (refused = caught));
    expect((refused as { code: string }).code).to.equal('invalid_request');
    expect((await error).detail.param).to.equal('text');
    const root = await inside(el);
    await waitUntil(() => root.querySelector('.pending .status button'), 'no retry button');
    expect(root.querySelector('.pending .status')!.textContent).to.contain('Not sent.');
    await el.sendMessage('the next one still goes');
    expect(el.messages.map((message) => message.text)).to.deep.equal(['the next one still goes']);
  });
});
