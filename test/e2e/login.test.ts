import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/define.js';
import type { SupportChat } from '../../src/support-chat.js';
import { connected } from '../browser/helpers.js';

const { url: server } = (await executeServerCommand('chat-server')) as { url: string };
await executeServerCommand('chat-enable-logins');
/** What the host's backend would compute and hand to its page. */
const userHash = (id: string) => executeServerCommand('chat-user-hash', { id }) as Promise<string>;
const assertionFor = (sub: string) => executeServerCommand('chat-assertion', { sub }) as Promise<string>;

describe('login() and logout()', () => {
  beforeEach(() => localStorage.clear());

  it('shutdown() signs the customer out: the next open is a new anonymous visitor, not the one login() gave', async () => {
    const el = await fixture<SupportChat>(html`<support-chat channel="e2e" server=${server}></support-chat>`);
    await el.login({ getAssertion: () => assertionFor('customer-shutdown') });
    expect(el.verified).to.be.true;
    const customerId = el.visitorId;
    await el.shutdown();
    const ready = oneEvent(el, 'support-chat-ready');
    await el.open();
    await ready;
    expect(el.verified, 'still signed in after shutdown()').to.be.false;
    expect(el.visitorId).to.not.equal(customerId);
  });

  it('a verified login keeps the anonymous conversation; logout starts a new anonymous visitor', async () => {
    const el = await fixture<SupportChat>(html`<support-chat channel="e2e" server=${server}></support-chat>`);
    await connected(el);
    const anonymousId = el.visitorId;
    const written = await el.sendMessage('written before logging in');
    expect(el.verified).to.be.false;

    await el.login({ externalUserId: 'customer-42', userHash: await userHash('customer-42') });
    expect(el.verified).to.be.true;
    expect(el.visitorId).to.not.equal(anonymousId);
    expect(el.conversationId).to.equal(written.conversationId);
    expect(el.messages.map((m) => m.text)).to.deep.equal(['written before logging in']);
    const customerId = el.visitorId;

    await el.logout();
    const ready = oneEvent(el, 'support-chat-ready');
    await el.open();
    await ready;
    expect(el.verified).to.be.false;
    expect(el.visitorId).to.not.equal(customerId);
    expect(el.messages).to.deep.equal([]);

    await el.login({ externalUserId: 'customer-42', userHash: await userHash('customer-42') });
    expect(el.visitorId, 'the same customer again').to.equal(customerId);
    expect(el.messages.map((m) => m.text)).to.deep.equal(['written before logging in']);
  });

  it('login({ getAssertion }) asks the host for a fresh assertion for every handshake', async () => {
    const el = await fixture<SupportChat>(html`<support-chat channel="e2e" server=${server}></support-chat>`);
    let asked = 0;
    await el.login({
      getAssertion: () => {
        asked += 1;
        return assertionFor('assertion-user');
      },
    });
    expect(el.verified).to.be.true;
    expect(asked).to.equal(1);
    const first = el.visitorId;
    await el.login({ getAssertion: () => assertionFor('assertion-user') });
    expect(el.visitorId).to.equal(first);

    let refused: unknown;
    await el.login({ externalUserId: 'customer-42', userHash: 'f'.repeat(64) }).catch((error: unknown) => (refused = error));
    expect((refused as { code: string }).code).to.equal('unauthorized');
  });

  it('a signed standalone link (the /c page hands it to the CDN script) signs the visitor in', async () => {
    const { installFacade } = await import('../../src/loader/facade.js');
    const link = (await executeServerCommand('chat-signed-link', { u: 'link-user', nick: 'Lin' })) as string;
    const script = document.createElement('script');
    Object.assign(script.dataset, { channel: 'e2e', server, mode: 'standalone', link });
    const teardown = new AbortController();
    installFacade({ script, load: () => import('../../src/loader/cdn-entry.js'), version: 'test', target: {}, signal: teardown.signal });
    try {
      const standalone = () => [...document.querySelectorAll('support-chat')].find((element) => element.config.mode === 'standalone');
      await waitUntil(standalone, 'no element');
      const el = standalone()!;
      await waitUntil(() => el.state === 'online', 'never connected', { timeout: 10_000 });
      expect(el.verified).to.be.true;
      const profile = await el.identify({});
      expect(profile.name).to.equal('Lin');
    } finally {
      teardown.abort();
    }
  });

  it('fingerprint: the same browser finds its conversation again after its storage was cleared', async () => {
    const first = await fixture<SupportChat>(html`<support-chat channel="e2e" server=${server} fingerprint></support-chat>`);
    const ready = oneEvent(first, 'support-chat-ready');
    await first.open();
    await ready;
    await first.sendMessage('remember this browser');
    const visitorId = first.visitorId;
    first.remove();
    localStorage.clear();
    const second = await fixture<SupportChat>(html`<support-chat channel="e2e" server=${server} fingerprint></support-chat>`);
    const readyAgain = oneEvent(second, 'support-chat-ready');
    await second.open();
    await readyAgain;
    expect(second.visitorId).to.equal(visitorId);
    expect(second.messages.map((m) => m.text)).to.deep.equal(['remember this browser']);
  });

  it('the external-user-id and user-hash attributes sign in from the first connect', async () => {
    const hash = await userHash('attr-user');
    const el = await fixture<SupportChat>(html`<support-chat channel="e2e" server=${server} external-user-id="attr-user" user-hash=${hash}></support-chat>`);
    const ready = oneEvent(el, 'support-chat-ready');
    await el.open();
    await ready;
    expect(el.verified).to.be.true;
  });
});

describe('while the team is away', () => {
  it('shows the offline message and asks for an email, which joins the visitor profile', async () => {
    localStorage.clear();
    const el = await fixture<SupportChat>(html`<support-chat channel="e2e-away" server=${server} open></support-chat>`);
    await oneEvent(el, 'support-chat-ready');
    const panel = el.shadowRoot!.querySelector('support-chat-panel')!;
    await waitUntil(() => panel.shadowRoot?.querySelector('[part="away"]'), 'no away notice');
    const root = panel.shadowRoot!;
    expect(root.querySelector('[part="away"] p')!.textContent).to.contain('We are away');
    await expect(el).to.be.accessible();

    const input = root.querySelector<HTMLInputElement>('[part="email"]')!;
    input.value = 'not-an-email';
    root.querySelector<HTMLButtonElement>('.email button')!.click();
    await waitUntil(() => root.querySelector('.email .error'), 'no validation message');
    root.querySelector<HTMLInputElement>('[part="email"]')!.value = 'visitor@example.com';
    root.querySelector<HTMLButtonElement>('.email button')!.click();
    await waitUntil(() => root.querySelector('[part="away"] [role="status"]')?.textContent === 'Thanks! We will reply to visitor@example.com.', 'no thanks');
    const visitor = (await executeServerCommand('chat-visitor', { id: el.visitorId })) as { profile: { email?: string } };
    expect(visitor.profile.email).to.equal('visitor@example.com');
  });
});

describe('closing and rating', () => {
  it('the agent closes; the visitor rates; the next message starts a new conversation', async () => {
    localStorage.clear();
    const el = await fixture<SupportChat>(html`<support-chat channel="e2e" server=${server} open></support-chat>`);
    await oneEvent(el, 'support-chat-ready');
    const first = await el.sendMessage('thanks, that solved it');
    await executeServerCommand('chat-close', { id: first.conversationId });
    const panel = el.shadowRoot!.querySelector('support-chat-panel')!;
    // The rating form is loaded on demand, after the close.
    await waitUntil(() => panel.shadowRoot?.querySelector('[part="ended"] .rating'), 'the visitor never saw the close');
    const root = panel.shadowRoot!;
    expect(getComputedStyle(root.querySelector('.visually-hidden')!).width, 'the rating styles were added').to.equal('1px');
    // Colors are measured once the panel has faded in (a fast run gets here inside its 0.18 s rise).
    await Promise.all(el.shadowRoot!.getAnimations().map((animation) => animation.finished));
    await expect(el).to.be.accessible();

    root.querySelectorAll<HTMLInputElement>('.rating input[name="score"]')[3]!.click();
    root.querySelector<HTMLInputElement>('.rating input[name="comment"]')!.value = 'Fast <i>and</i> friendly';
    root.querySelector<HTMLButtonElement>('.rating button[type="submit"]')!.click();
    await waitUntil(() => root.querySelector('[part="ended"] [role="status"]')?.textContent === 'Thanks for your feedback!', 'no thanks after rating');
    const stored = (await executeServerCommand('chat-conversation', { id: first.conversationId })) as { rating: { score: number; comment?: string } };
    expect(stored.rating).to.deep.equal({ score: 4, comment: 'Fast <i>and</i> friendly' });

    const next = await el.sendMessage('one more question');
    expect(next.conversationId).to.not.equal(first.conversationId);
    expect(next.seq).to.equal(1);
    await waitUntil(() => !root.querySelector('[part="ended"]'), 'the ended notice stayed');
    expect(el.conversationId).to.equal(next.conversationId);
    expect(el.messages.map((m) => m.text)).to.deep.equal(['one more question']);
  });
});
