import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { emulateMedia, executeServerCommand } from '@web/test-runner-commands';
import '../../src/define.js';
import type { AdminArticle } from '../../src/protocol.js';
import type { SupportChat } from '../../src/support-chat.js';
import { requestJson } from '../../src/transport/request.js';
import { inside, shadow } from '../browser/helpers.js';

// Help in the widget (DESIGN.md §11): the Help screen, an article rendered from its tree, back,
// quick help while typing, the methods and the event, against a real server and its articles.
const { proxyUrl: server } = (await executeServerCommand('chat-server')) as { proxyUrl: string };
const token = (await executeServerCommand('chat-admin-token')) as string;
const admin = <T>(method: string, path: string, body?: unknown) => requestJson<T>(`${server}/api/v1/admin${path}`, { method, body, token });

const CHANNEL = `e2e-help-${Date.now().toString(36)}`;
const PASSWORD = [
  'Open **Settings**, then *Security*.',
  '',
  '## Steps',
  '',
  '1. Choose `Reset password`',
  '2. Check your inbox',
  '',
  '```',
  'curl https://example.test/reset',
  '```',
  '',
  'Read [the security guide](https://example.test/security) or [this](javascript:alert(1)).',
  '',
  '![A lock](https://example.test/lock.png)',
].join('\n');
/** Script and markup where text belongs: it must show as text, never run or become elements. */
const HOSTILE = [
  '<script>window.__pwned = 1</script>',
  '',
  'Text with <img src=x onerror="window.__pwned = 2"> inline and a [link](javascript:window.__pwned=3) and ![img](data:image/png;base64,AAAA)',
  '',
  '<div onclick="window.__pwned=4">block html</div>',
].join('\n');

before(async () => {
  await emulateMedia({ reducedMotion: 'reduce' }); // axe measures contrast mid-animation otherwise
  await admin('POST', '/channels', { key: CHANNEL, name: 'Help E2E' });
  await admin('POST', `/channels/${CHANNEL}/articles`, { title: 'Reset your password', markdown: PASSWORD, locale: 'en', status: 'published', slug: 'reset-password' });
  await admin('POST', `/channels/${CHANNEL}/articles`, { title: 'Shipping times and tracking', markdown: 'Parcels ship within **two days** and you can track your parcel online.', locale: 'en', status: 'published', slug: 'shipping' });
  await admin('POST', `/channels/${CHANNEL}/articles`, { title: '<script>alert(1)</script> Hostile', markdown: HOSTILE, locale: 'en', status: 'published', slug: 'hostile' });
  await admin('POST', `/channels/${CHANNEL}/articles`, { title: 'A draft nobody sees', markdown: 'Draft text', locale: 'en', status: 'draft', slug: 'draft' });
  await admin('POST', `/channels/${CHANNEL}/faqs`, { question: 'Can I change my delivery address?', answer: 'Yes, until the parcel ships: write to us with the new address.' });
});
beforeEach(() => localStorage.clear());

const helpScreen = (root: ShadowRoot) => root.querySelector('support-chat-help');
const helpRoot = async (root: ShadowRoot) => {
  await waitUntil(() => helpScreen(root)?.shadowRoot, 'the Help screen never showed');
  return helpScreen(root)!.shadowRoot!;
};
const titles = (help: ShadowRoot) => [...help.querySelectorAll('[part="help-article"] .title')].map((node) => node.textContent);
const requests = (path: string) => performance.getEntriesByType('resource').filter((entry) => new URL(entry.name).pathname.endsWith(path)).map((entry) => new URL(entry.name));

async function opened(locale = 'en'): Promise<{ el: SupportChat; root: ShadowRoot }> {
  const el = await fixture<SupportChat>(html`<support-chat channel=${CHANNEL} server=${server} locale=${locale}></support-chat>`);
  await el.open();
  const root = await inside(el);
  await waitUntil(() => root.querySelector('[part="help-button"]'), 'no Help button for a channel with articles');
  return { el, root };
}

describe('help in the widget', () => {
  it('the header’s Help button shows the top published articles (no drafts); typing searches; an article renders; back returns', async () => {
    const { el, root } = await opened();
    root.querySelector<HTMLButtonElement>('[part="help-button"]')!.click();
    const help = await helpRoot(root);
    await waitUntil(() => titles(help).length === 3, 'the top articles never showed');
    expect(titles(help)).to.have.members(['Reset your password', 'Shipping times and tracking', '<script>alert(1)</script> Hostile']);
    expect(root.querySelector('.thread')!.hasAttribute('hidden'), 'the thread hides behind help').to.be.true;
    await waitUntil(() => help.activeElement === help.querySelector('[part="help-search"]'), 'the search box never took the focus');
    await expect(el).to.be.accessible();

    const search = help.querySelector<HTMLInputElement>('[part="help-search"]')!;
    search.value = 'parcel track';
    search.dispatchEvent(new InputEvent('input'));
    await waitUntil(() => titles(help).join() === 'Shipping times and tracking', 'the search never answered');
    expect(help.querySelector('.snippet')?.textContent, 'a snippet under the match').to.match(/parcel/i);

    const shown = oneEvent(el, 'support-chat-article');
    help.querySelector<HTMLButtonElement>('[part="help-article"]')!.click();
    expect((await shown).detail).to.deep.equal({ slug: 'shipping' });
    await waitUntil(() => help.querySelector('[part="article"] h3')?.textContent === 'Shipping times and tracking', 'the article never showed');
    expect(help.querySelector('[part="article"] strong')?.textContent).to.equal('two days');
    await expect(el).to.be.accessible();

    root.querySelector<HTMLButtonElement>('[part="back-button"]')!.click();
    await waitUntil(() => help.querySelector<HTMLInputElement>('[part="help-search"]')?.value === 'parcel track', 'back did not return to the search');
    root.querySelector<HTMLButtonElement>('[part="back-button"]')!.click();
    await waitUntil(() => !helpScreen(root) && !root.querySelector('.thread')!.hasAttribute('hidden'), 'back did not return to the chat');
  });

  it('renders the tree with our templates: headings, lists, code, http(s) links in a new tab, images; a javascript: link stays text', async () => {
    const { el, root } = await opened();
    await el.openArticle('reset-password');
    const help = await helpRoot(root);
    await waitUntil(() => help.querySelector('[part="article"] h4'), 'the article never rendered');
    const article = help.querySelector('[part="article"]')!;
    expect(article.querySelector('h4')!.textContent).to.equal('Steps');
    expect([...article.querySelectorAll('ol > li')].map((li) => li.textContent)).to.deep.equal(['Choose Reset password', 'Check your inbox']);
    expect(article.querySelector('li code')!.textContent).to.equal('Reset password');
    expect(article.querySelector('pre code')!.textContent).to.contain('curl https://example.test/reset');
    const links = [...article.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).to.deep.equal(['https://example.test/security']);
    expect(links[0]!.target).to.equal('_blank');
    expect(links[0]!.rel).to.contain('noopener');
    expect(article.textContent, 'the refused link keeps its words').to.contain('this');
    expect(article.querySelector('img')!.getAttribute('src')).to.equal('https://example.test/lock.png');
    expect(article.querySelector('img')!.alt).to.equal('A lock');
    await expect(el).to.be.accessible({ ignoredRules: ['image-alt'] }); // the remote image may not load; its alt is checked above
  });

  it('hostile content renders as text: no script, no handler, no javascript: or data: URL', async () => {
    const { el, root } = await opened();
    await el.openArticle('hostile');
    const help = await helpRoot(root);
    await waitUntil(() => help.querySelector('[part="article"] h3'), 'the article never rendered');
    const article = help.querySelector('[part="article"]')!;
    expect(article.querySelector('h3')!.textContent).to.equal('<script>alert(1)</script> Hostile');
    expect(article.querySelectorAll('script, div, [onerror], [onclick]')).to.have.length(0);
    expect([...article.querySelectorAll('a, img')].map((node) => node.getAttribute('href') ?? node.getAttribute('src'))).to.deep.equal([]);
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
    await expect(el).to.be.accessible();
  });

  it('quick help: nothing is asked under three words; then up to three matches above the composer; an article opens and its pick is counted', async () => {
    const { el, root } = await opened();
    const input = root.querySelector('textarea')!;
    const type = (text: string) => {
      input.value = text;
      input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    };
    type('reset');
    type('reset my');
    type('how reset my password');
    const quick = () => root.querySelector('support-chat-quick-help')?.shadowRoot;
    await waitUntil(() => quick()?.querySelector('[part="quick-help-item"]'), 'quick help never showed');
    expect(requests('/quickhelp').map((url) => url.searchParams.get('q')), 'only three words or more were asked').to.deep.equal(['how reset my password']);
    const items = [...quick()!.querySelectorAll<HTMLButtonElement>('[part="quick-help-item"]')];
    expect(items.length).to.be.within(1, 3);
    await expect(el).to.be.accessible();

    const shown = oneEvent(el, 'support-chat-article');
    items.find((item) => item.textContent!.includes('Reset your password'))!.click();
    expect((await shown).detail).to.deep.equal({ slug: 'reset-password' });
    const help = await helpRoot(root);
    await waitUntil(() => help.querySelector('[part="article"] h3')?.textContent === 'Reset your password', 'the article never opened');
    await waitUntil(async () => (await admin<AdminArticle>('GET', `/channels/${CHANNEL}/articles/reset-password?locale=en`)).clicks === 1, 'the pick was never counted');
    // "Chat with us" goes back to the conversation, the composer focused.
    help.querySelector<HTMLButtonElement>('[part="help-chat"]')!.click();
    await waitUntil(() => !helpScreen(root) && root.activeElement === input, 'Chat with us did not return to the composer');
  });

  it('quick help shows an FAQ’s answer in place', async () => {
    const { root } = await opened();
    const input = root.querySelector('textarea')!;
    input.value = 'change my delivery address';
    input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    const quick = () => root.querySelector('support-chat-quick-help')?.shadowRoot;
    await waitUntil(() => [...(quick()?.querySelectorAll<HTMLButtonElement>('[part="quick-help-item"]') ?? [])].some((item) => item.textContent!.includes('delivery address')), 'the FAQ never showed');
    const faq = [...quick()!.querySelectorAll<HTMLButtonElement>('[part="quick-help-item"]')].find((item) => item.textContent!.includes('delivery address'))!;
    faq.click();
    await waitUntil(() => quick()!.querySelector('.answer'), 'the answer never showed');
    expect(faq.getAttribute('aria-expanded')).to.equal('true');
  });

  it('openHelp({query}) opens the panel on the search; a bad slug or query is refused naming it', async () => {
    const el = await fixture<SupportChat>(html`<support-chat channel=${CHANNEL} server=${server} locale="en"></support-chat>`);
    await el.openHelp({ query: 'password' });
    expect(el.opened).to.be.true;
    const root = await inside(el);
    const help = await helpRoot(root);
    expect(help.querySelector<HTMLInputElement>('[part="help-search"]')!.value).to.equal('password');
    await waitUntil(() => titles(help).join() === 'Reset your password', 'the query was never searched');
    let refused: { code?: string; param?: string } = {};
    await el.openArticle('').catch((error: typeof refused) => (refused = error));
    expect(refused).to.include({ code: 'invalid_request', param: 'slug' });
    await el.openHelp({ query: 42 as unknown as string }).catch((error: typeof refused) => (refused = error));
    expect(refused).to.include({ code: 'invalid_request', param: 'query' });
  });

  it('a channel without published articles shows no Help button', async () => {
    const el = await fixture<SupportChat>(html`<support-chat channel="e2e" server=${server} locale="en"></support-chat>`);
    await el.open();
    const root = await inside(el);
    await waitUntil(() => el.client?.config, 'the config never arrived');
    await el.updateComplete;
    expect(root.querySelector('[part="help-button"]')).to.equal(null);
    expect(shadow(el).querySelector('[part="panel"]')).to.exist;
  });
});
