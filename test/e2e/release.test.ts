import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { ChatClient } from '../../src/client/chat-client.js';
import '../../src/define.js';
import type { SupportChat } from '../../src/support-chat.js';

const { url: server } = (await executeServerCommand('chat-server')) as { url: string };
/** The prototype the heap count looks for (test/browser/heap-plugin.ts). */
(window as unknown as Record<string, object>).__chatClientPrototype = ChatClient.prototype;
const liveClients = () => executeServerCommand('live-instances', { global: '__chatClientPrototype' }) as Promise<number>;

describe('nothing of a released client stays reachable', () => {
  it('20 logins and logouts, each with 40 messages, then a shutdown: no client stays reachable', async () => {
    localStorage.clear();
    await executeServerCommand('chat-enable-logins');
    const el = await fixture<SupportChat>(html`<support-chat channel="e2e" server=${server} open></support-chat>`);
    await oneEvent(el, 'support-chat-ready');
    const texts = Array.from({ length: 40 }, (_, i) => `reply ${i} ${'x'.repeat(200)}`);
    for (let round = 0; round < 20; round++) {
      const externalUserId = `leak-${round}-${Date.now()}`;
      const userHash = (await executeServerCommand('chat-user-hash', { id: externalUserId })) as string;
      await el.login({ externalUserId, userHash });
      const sent = await el.sendMessage(`round ${round}`);
      await executeServerCommand('chat-agent-send-many', { conversationId: sent.conversationId, texts });
      await new Promise<void>((resolve) => {
        const check = () => (el.messages.length > texts.length ? resolve() : setTimeout(check, 50));
        check();
      });
      await el.logout();
    }
    await el.shutdown();
    expect(el.client, 'shutdown released the client').to.equal(null);
    expect(await liveClients(), 'ChatClient instances still reachable').to.equal(0);
    el.remove();
  });

  it('removing the element releases its client', async () => {
    const el = await fixture<SupportChat>(html`<support-chat channel="e2e" server=${server} open></support-chat>`);
    await oneEvent(el, 'support-chat-ready');
    expect(await liveClients()).to.equal(1);
    el.remove();
    expect(await liveClients(), 'the removed element kept its client').to.equal(0);
  });
});
