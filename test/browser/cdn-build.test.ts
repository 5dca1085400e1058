import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import type { SupportChatFacade } from '../../src/loader/facade.js';
import type { SupportChat } from '../../src/support-chat.js';

// Its own file, so its page has no <support-chat> registered from the sources.
const instances = () => document.querySelectorAll('support-chat');

describe('the built CDN script', () => {
  it('the built dist/widget.js works from a plain <script> tag, loading its chunks', async () => {
    const response = await fetch('/dist/widget.js');
    expect(response.ok, 'dist/widget.js is missing: run `npm run build` (npm test does)').to.be.true;
    const holder = window as unknown as { SupportChat?: SupportChatFacade };
    delete holder.SupportChat;
    const script = document.createElement('script');
    script.src = '/dist/widget.js';
    script.dataset.channel = 'demo';
    script.dataset.mock = '';
    script.dataset.headerTitle = 'Built';
    document.head.append(script);
    try {
      await waitUntil(() => instances().length === 1, 'the built script created no element', { timeout: 5000 });
      const el = instances()[0] as SupportChat;
      const ready = oneEvent(el, 'support-chat-ready');
      await holder.SupportChat!.open();
      await ready;
      expect(el.config.headerTitle).to.equal('Built');
      const chunks = performance.getEntriesByType('resource').map((entry) => entry.name).filter((name) => name.includes('/dist/cdn/'));
      expect(chunks.some((name) => name.endsWith('/dist/cdn/support-chat.js'))).to.be.true;
      expect(customElements.get('support-chat-panel'), 'the panel is defined').to.exist;
      // Lazy chunks of their own: evaluated with the element, they made one long task.
      expect(chunks.some((name) => /panel-define-[\w-]+\.js$/.test(name)), 'the panel came as its own chunk').to.be.true;
      expect(chunks.some((name) => /chat-client-[\w-]+\.js$/.test(name)), 'the client came as its own chunk').to.be.true;
      // The option table, colours, locales and shell CSS came with the script, not again.
      expect(chunks.some((name) => /\/shared-[\w-]+\.js$/.test(name)), 'the modules the script shares were fetched again').to.be.false;
    } finally {
      script.remove();
      instances().forEach((element) => element.remove());
      delete holder.SupportChat;
    }
  });
});
