import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/define.js';
import type { ChatMessage } from '../../src/protocol.js';
import type { SupportChat } from '../../src/support-chat.js';
import { connected } from '../browser/helpers.js';

const { url: server } = (await executeServerCommand('chat-server')) as { url: string };

/** A second "tab": a same-origin frame (it shares localStorage and gets storage events). */
async function secondTab(): Promise<{ frame: HTMLIFrameElement; chat: SupportChat }> {
  const frame = document.createElement('iframe');
  frame.srcdoc = `<!doctype html><script type="module">import '${new URL('../../src/define.ts', import.meta.url).pathname}';</script>
    <support-chat channel="e2e" server="${server}"></support-chat>`;
  document.body.append(frame);
  await waitUntil(() => frame.contentWindow?.customElements?.get('support-chat'), 'the second tab never loaded', { timeout: 10_000 });
  const chat = frame.contentDocument!.querySelector('support-chat') as SupportChat;
  return { frame, chat };
}

describe('one visitor in two tabs', () => {
  beforeEach(() => localStorage.clear());

  it('shares one conversation; a send in one shows in the other; reading in one clears the badge in both', async () => {
    const first = await fixture<SupportChat>(html`<support-chat channel="e2e" server=${server}></support-chat>`);
    await connected(first);
    // A visitor with a conversation: the second tab connects by itself (an idle page connects only such a visitor).
    await first.sendMessage('the first message starts the conversation');
    const { frame, chat: second } = await secondTab();
    try {
      await waitUntil(() => second.state === 'online', 'the second tab never connected', { timeout: 10_000 });
      expect(second.visitorId).to.equal(first.visitorId);

      const heardInSecond: ChatMessage[] = [];
      second.addEventListener('support-chat-message', (event) => heardInSecond.push(event.detail.message));
      const sent = await first.sendMessage('written in the first tab');
      await waitUntil(() => heardInSecond.some((m) => m.id === sent.id), 'the second tab never showed it');
      expect(second.conversationId).to.equal(first.conversationId);

      await executeServerCommand('chat-agent-send', { conversationId: sent.conversationId, clientId: 'two-tabs', text: 'an answer for both tabs' });
      await waitUntil(() => first.unreadCount === 1 && second.unreadCount === 1, 'both tabs count the answer as unread');

      const cleared = oneEvent(second, 'support-chat-unread');
      await first.open(); // the visitor reads it in the first tab
      expect((await cleared).detail.count).to.equal(0);
      expect(second.unreadCount).to.equal(0);
      await second.updateComplete;
      expect(second.shadowRoot!.querySelector('[part="badge"]')).to.equal(null);
    } finally {
      frame.remove();
    }
  });
});
