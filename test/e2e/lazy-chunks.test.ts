import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/define.js';
import type { SupportChat } from '../../src/support-chat.js';

// Its own file, so its page has imported nothing else: what a plain open loads is what it needs.
const { proxyUrl: server } = (await executeServerCommand('chat-server')) as { proxyUrl: string };
const fetched = (path: string) => performance.getEntriesByType('resource').some((entry) => new URL(entry.name).pathname.endsWith(path));

describe('what a plain open loads', () => {
  it('an English visitor on a healthy WebSocket fetches neither the REST fallback nor the locale loader', async () => {
    localStorage.clear();
    const el = await fixture<SupportChat>(html`<support-chat channel="e2e" server=${server} locale="en" open></support-chat>`);
    await oneEvent(el, 'support-chat-ready');
    await waitUntil(() => el.state === 'online', 'never online', { timeout: 10_000 });
    await el.sendMessage('hello over the WebSocket');
    expect(fetched('/src/client/chat-client.ts'), 'the client module was fetched (the check sees module loads)').to.be.true;
    expect(fetched('/src/transport/rest.ts'), 'the REST fallback was fetched').to.be.false;
    expect(fetched('/src/i18n/index.ts'), 'the locale loader was fetched').to.be.false;
    expect(fetched('/src/ui/conversations.ts'), 'the conversations list was fetched').to.be.false;
    expect(fetched('/src/ui/blocks.ts'), 'the interactive messages were fetched').to.be.false;
    expect(fetched('/src/ui/ai.ts'), 'the AI agent\'s parts were fetched for a channel without one').to.be.false;
    expect(fetched('/src/ui/help.ts'), 'the Help screen was fetched').to.be.false;
    expect(fetched('/src/ui/quick-help.ts'), 'quick help was fetched').to.be.false;
    expect(fetched('/src/client/help.ts'), 'the articles\' requests were fetched').to.be.false;
    expect(fetched('/src/proactive/runtime.ts'), 'the proactive triggers were fetched for a channel without any').to.be.false;
    // The list's chunk comes when the visitor asks for the list (after the check above, in the same page).
    await el.showConversations();
    await waitUntil(() => fetched('/src/ui/conversations.ts'), 'the list never loaded its chunk');
  });
});
