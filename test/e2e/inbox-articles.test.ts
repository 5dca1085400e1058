import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/inbox/define.js';
import type { SupportInboxSettings } from '../../src/inbox/settings-view.js';
import type { AdminArticle, Page } from '../../src/protocol.js';
import { requestJson } from '../../src/transport/api.js';

const { url: server } = (await executeServerCommand('chat-server')) as { url: string };
const token = (await executeServerCommand('chat-admin-token')) as string;
const admin = <T>(method: string, path: string, body?: unknown) => requestJson<T>(`${server}/api/v1/admin${path}`, { method, body, token });
/** This file's articles only: other files share the server and its `e2e` channel. */
const PREFIX = 'Articles-test';
const mine = async () => (await admin<Page<AdminArticle>>('GET', '/channels/e2e/articles?limit=100')).data.filter((article) => article.title.startsWith(PREFIX));

const root = (el: SupportInboxSettings) => el.shadowRoot!;
const $ = <T extends HTMLElement = HTMLElement>(el: SupportInboxSettings, selector: string) => root(el).querySelector<T>(selector)!;
const field = <T extends HTMLElement = HTMLInputElement>(el: SupportInboxSettings, name: string) => $<T>(el, `.article-form [name="${name}"]`);
const status = (el: SupportInboxSettings) => $(el, '#article-status').textContent!.trim();
const preview = (el: SupportInboxSettings) => $(el, '.article-preview .article-body');
const row = (el: SupportInboxSettings, title: string) =>
  [...root(el).querySelectorAll<HTMLElement>('.article-list > li')].find((item) => item.querySelector('.article-name')?.textContent === title);

function type(target: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, value: string): void {
  target.value = value;
  target.dispatchEvent(new Event(target instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true, composed: true }));
}

async function settings(): Promise<SupportInboxSettings> {
  const el = await fixture<SupportInboxSettings>(html`<support-inbox-settings server=${server} .token=${token}></support-inbox-settings>`);
  await waitUntil(() => root(el).querySelector('select option[value="e2e"]') && root(el).querySelector('.new-article'), 'the settings never loaded', { timeout: 5000 });
  const select = $<HTMLSelectElement>(el, '.bar select');
  select.value = 'e2e';
  select.dispatchEvent(new Event('change'));
  await el.updateComplete;
  return el;
}

const HOSTILE_TITLE = `${PREFIX} <img src=x onerror="window.__hacked=1">`;
const MARKDOWN = [
  '# Returns',
  'Send it back within **30 days**.',
  '- Pack it',
  '- Print the label',
  '[Our carrier](https://carrier.example/track) and [a trap](javascript:window.__hacked=1)',
  '<script>window.__hacked=1</script>',
  '<img src=x onerror="window.__hacked=1">',
].join('\n\n');

describe('<support-inbox-settings> articles against the real admin API', () => {
  after(async () => {
    for (const article of await mine()) await admin('DELETE', `/channels/e2e/articles/${article.slug}?locale=${article.locale}`);
  });

  it('writes an article with a live preview of the server’s tree; hostile text stays text; a refused field is marked; axe', async () => {
    const el = await settings();
    $<HTMLButtonElement>(el, '.new-article').click();
    await el.updateComplete;
    expect(root(el).activeElement, 'the form opens on its title').to.equal(field(el, 'title'));
    type(field(el, 'title'), HOSTILE_TITLE);
    type(field<HTMLTextAreaElement>(el, 'markdown'), MARKDOWN);
    await waitUntil(() => preview(el).querySelector('h4'), 'the preview never showed the tree', { timeout: 5000 });
    const body = preview(el);
    expect(body.querySelector('h4')!.textContent).to.equal('Returns');
    expect(body.querySelector('strong')!.textContent).to.equal('30 days');
    expect(body.querySelectorAll('ul > li').length).to.equal(2);
    const links = [...body.querySelectorAll('a')];
    expect(links.map((a) => [a.textContent, a.getAttribute('href'), a.rel])).to.deep.equal([['Our carrier', 'https://carrier.example/track', 'noopener noreferrer']]);
    expect(body.textContent, 'a javascript: link is its text').to.contain('a trap');
    expect(body.querySelector('script, img, [onerror]'), 'no element from the text').to.equal(null);
    expect($(el, '.article-preview .article-title').textContent).to.equal(HOSTILE_TITLE);
    expect((window as { __hacked?: number }).__hacked).to.equal(undefined);
    await expect(el).to.be.accessible();

    // The server refuses a locale that is no language tag: the field it names is marked and focused.
    type(field(el, 'locale'), 'not a locale');
    $<HTMLButtonElement>(el, '.article-form button[type="submit"]').click();
    await waitUntil(() => field(el, 'locale').getAttribute('aria-invalid') === 'true', 'the locale is not marked', { timeout: 5000 });
    expect(status(el)).to.match(/^locale/);
    expect(root(el).activeElement).to.equal(field(el, 'locale'));
    expect(field(el, 'locale').getAttribute('aria-describedby')).to.contain('article-status');
    expect(await mine(), 'nothing stored').to.deep.equal([]);
    await expect(el).to.be.accessible();
    type(field(el, 'locale'), 'en');
    await el.updateComplete;
    expect(field(el, 'locale').hasAttribute('aria-invalid'), 'editing the field clears the mark').to.be.false;

    $<HTMLButtonElement>(el, '.article-form button[type="submit"]').click();
    await waitUntil(() => row(el, HOSTILE_TITLE), 'the article never appeared in the list', { timeout: 5000 });
    expect(status(el)).to.equal(`Created “${HOSTILE_TITLE}” (draft)`);
    const [stored] = await mine();
    expect(stored).to.include({ title: HOSTILE_TITLE, locale: 'en', status: 'draft', markdown: MARKDOWN });
    expect(row(el, HOSTILE_TITLE)!.textContent).to.contain('Draft');
    expect(root(el).activeElement, 'the keyboard lands on the saved article').to.equal(row(el, HOSTILE_TITLE)!.querySelector('.edit'));
    expect(root(el).querySelector('.article-list img')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('publishes, then deletes an article (asked first in its row)', async () => {
    const title = `${PREFIX} shipping`;
    await admin('POST', '/channels/e2e/articles', { title, markdown: 'Two days.', locale: 'fr', slug: 'articles-test-shipping' });
    const el = await settings();
    await waitUntil(() => row(el, title), 'the article is not listed', { timeout: 5000 });
    row(el, title)!.querySelector<HTMLButtonElement>('.edit')!.click();
    await el.updateComplete;
    expect(field(el, 'title').value).to.equal(title);
    expect(preview(el).querySelector('p:not(.article-title)')?.textContent, 'the stored tree shows at once').to.equal('Two days.');
    type(field<HTMLSelectElement>(el, 'status'), 'published');
    $<HTMLButtonElement>(el, '.article-form button[type="submit"]').click();
    await waitUntil(() => status(el).startsWith('Saved'), 'never saved', { timeout: 5000 });
    expect(row(el, title)!.textContent).to.contain('Published');
    expect((await mine()).find((article) => article.title === title)).to.include({ status: 'published', locale: 'fr' });

    row(el, title)!.querySelector<HTMLButtonElement>('.delete')!.click();
    await el.updateComplete;
    expect(root(el).activeElement, 'the keyboard lands on Cancel').to.equal(row(el, title)!.querySelector('.cancel'));
    await expect(el).to.be.accessible();
    row(el, title)!.querySelector<HTMLButtonElement>('.confirm-delete')!.click();
    await waitUntil(() => !row(el, title), 'the row stayed', { timeout: 5000 });
    expect(status(el)).to.equal(`Deleted “${title}”`);
    expect((await mine()).some((article) => article.title === title)).to.be.false;
  });
});
