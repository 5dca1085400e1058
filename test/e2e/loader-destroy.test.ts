import { expect, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { installFacade } from '../../src/loader/facade.js';
import type { SupportChat } from '../../src/support-chat.js';

const { url: server } = (await executeServerCommand('chat-server')) as { url: string };

describe('the CDN facade against the real server', () => {
  beforeEach(() => localStorage.clear());

  it('destroy() keeps the visitor: the next init finds the same visitor and conversation', async () => {
    const teardown = new AbortController();
    const script = document.createElement('script');
    Object.assign(script.dataset, { channel: 'e2e', server });
    const facade = installFacade({ script, load: () => import('../../src/loader/cdn-entry.js'), version: 'test', target: {}, signal: teardown.signal });
    try {
      const ready = { first: 0, second: 0 };
      const el = (await facade.init({ onReady: () => (ready.first += 1) })) as SupportChat;
      // A send is intent: a new visitor connects then. The next init finds a visitor with a
      // conversation, which connects by itself.
      const sent = (await facade.sendMessage('written before destroy')) as { conversationId: string };
      await waitUntil(() => ready.first === 1, 'never ready', { timeout: 10_000 });
      const visitorId = el.visitorId;
      expect(visitorId).to.be.a('string');

      await facade.destroy();
      expect(el.isConnected).to.be.false;
      const again = (await facade.init({ onReady: () => (ready.second += 1) })) as SupportChat;
      await waitUntil(() => ready.second === 1, 'never ready again', { timeout: 10_000 });
      expect(again).to.not.equal(el);
      expect(again.visitorId).to.equal(visitorId);
      expect(again.conversationId).to.equal(sent.conversationId);
      expect(again.messages.map((message) => message.text)).to.deep.equal(['written before destroy']);
      expect(ready.first, 'the destroyed widget\'s callback stays quiet').to.equal(1);
    } finally {
      teardown.abort();
    }
  });
});
