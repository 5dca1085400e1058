import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { render } from 'lit';
import '../../src/define.js';
import { en } from '../../src/i18n/en.js';
import { renderAnswerFooter } from '../../src/ui/ai.js';
import type { SupportChat } from '../../src/support-chat.js';
import { inside } from './helpers.js';

/** An AI agent in the widget, on the mock backend (`mock` + `agent`): the streamed answer, its sources, feedback, handoff. */

before(() => emulateMedia({ reducedMotion: 'reduce', colorScheme: 'light' }));
beforeEach(() => localStorage.clear());

describe('an AI agent in mock mode', () => {
  it('streams the answer as it grows (the log busy meanwhile), then shows its sources and helpful yes/no; feedback thanks; handoff hands over', async () => {
    const el = await fixture<SupportChat>(html`<support-chat channel="demo" mock agent="ai_demo" open></support-chat>`);
    await oneEvent(el, 'support-chat-ready');
    await el.sendMessage('How does mock mode work?');
    const root = await inside(el);
    const log = root.querySelector('[part="messages"]')!;
    // Intermediate states: the streaming bubble grows, and the log is busy while it does.
    const states = new Set<string>();
    await waitUntil(() => {
      const text = root.querySelector('.message.streaming .text')?.textContent ?? '';
      if (text) states.add(text);
      return states.size >= 3;
    }, 'the answer grows in several steps');
    expect(log.getAttribute('aria-busy')).to.equal('true');
    await expect(el).to.be.accessible();
    await waitUntil(() => root.querySelector('[part="feedback"]'), 'helpful yes/no under the answer');
    const answer = root.querySelector('[part="feedback"]')!;
    expect(root.querySelector('.message.streaming'), 'the stored answer replaced the stream').to.equal(null);
    expect(log.getAttribute('aria-busy')).to.equal('false');
    const links = [...root.querySelectorAll<HTMLAnchorElement>('[part="sources"] a')];
    expect(links.map((link) => [link.href, link.rel, link.target])).to.deep.equal([['https://example.com/help/mock-mode', 'noopener noreferrer', '_blank']]);
    expect(root.querySelector('[part="sources"]')!.textContent).to.contain('Getting started');
    const handoff = root.querySelector<HTMLButtonElement>('[part="handoff"]')!;
    expect(handoff.textContent).to.equal('Talk to a person');
    await expect(el).to.be.accessible();

    answer.querySelector('button')!.click(); // Yes
    await waitUntil(() => root.querySelector('[part="feedback"]')?.textContent?.includes('Thanks for telling us.'), 'thanks once answered');
    await expect(el).to.be.accessible();

    handoff.click();
    await waitUntil(() => !root.querySelector('[part="handoff"]'), 'the button goes after the handoff');
    await waitUntil(() => root.querySelector('.message.system')?.textContent?.includes('A person from the team'), 'the system message shows');
    expect(el.client!.conversation!.handledBy).to.equal('human');
    await expect(el).to.be.accessible();
  });

  it('handoff() called before the client is ready waits for it', async () => {
    const el = await fixture<SupportChat>(html`<support-chat channel="demo" mock agent="ai_demo"></support-chat>`);
    const sent = el.sendMessage('hello');
    const handed = await el.handoff();
    expect(handed.id).to.equal((await sent).conversationId);
    expect(handed.handledBy).to.equal('human');
  });
});

describe('sources under an AI answer', () => {
  it('only http(s) URLs become links (new tab, no opener, no referrer); titles are text, never markup', () => {
    const host = document.createElement('div');
    const hostile = '<img src=x onerror="window.__pwned=1">';
    render(
      renderAnswerFooter({
        t: en,
        sources: [
          { title: hostile, url: 'javascript:window.__pwned=1' },
          { title: 'Data URL', url: 'data:text/html,<b>hi</b>' },
          { title: 'Help', url: 'HTTPS://example.com/help' },
          { title: 'An article', articleSlug: 'returns' },
        ],
        given: undefined,
        onFeedback: () => {},
      }),
      host,
    );
    const links = [...host.querySelectorAll('a')];
    expect(links.map((link) => [link.textContent, link.getAttribute('href'), link.rel, link.target])).to.deep.equal([['Help', 'HTTPS://example.com/help', 'noopener noreferrer', '_blank']]);
    expect(host.querySelector('img'), 'a title is text').to.equal(null);
    expect(host.textContent).to.contain(hostile).and.contain('Data URL').and.contain('An article');
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
  });
});
