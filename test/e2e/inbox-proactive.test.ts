import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/inbox/define.js';
import type { AdminChannel } from '../../src/inbox/admin-api.js';
import type { SupportInboxSettings } from '../../src/inbox/settings-view.js';
import { requestJson } from '../../src/transport/api.js';

const { url: server } = (await executeServerCommand('chat-server')) as { url: string };
const token = (await executeServerCommand('chat-admin-token')) as string;
const admin = <T>(method: string, path: string, body?: unknown) => requestJson<T>(`${server}/api/v1/admin${path}`, { method, body, token });

const root = (el: SupportInboxSettings) => el.shadowRoot!;
const control = (el: SupportInboxSettings, name: string) => root(el).querySelector<HTMLInputElement>(`[name="${name}"]`)!;
const statusText = (el: SupportInboxSettings) => root(el).querySelector('#proactive-status')!.textContent!.trim();

function type(target: HTMLInputElement, value: string): void {
  target.value = value;
  target.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

describe('<support-inbox-settings>: the proactive messages editor', () => {
  it('adds a trigger, saves it, shows the server’s refusal on the field, and removes it', async () => {
    const key = `inbox-proactive-${Date.now().toString(36)}`;
    await admin('POST', '/channels', { key, name: 'Proactive shop' });
    const el = await fixture<SupportInboxSettings>(html`<support-inbox-settings server=${server} .token=${token}></support-inbox-settings>`);
    const select = () => root(el).querySelector<HTMLSelectElement>('.bar select');
    await waitUntil(() => select()?.querySelector(`option[value="${key}"]`), 'the channels never loaded', { timeout: 5000 });
    select()!.value = key;
    select()!.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(root(el).querySelector('.proactive-settings .empty')!.textContent).to.contain('No proactive messages');

    root(el).querySelector<HTMLButtonElement>('.proactive-settings .add')!.click();
    await el.updateComplete;
    expect(root(el).activeElement).to.equal(control(el, 'settings.proactive.0.action.message'));
    type(control(el, 'settings.proactive.0.action.message'), 'Questions about plans?');
    type(control(el, 'settings.proactive.0.when.urlMatches'), '/pricing*');
    type(control(el, 'settings.proactive.0.when.rageClicks'), '2');
    await el.updateComplete;
    await expect(el).to.be.accessible();

    root(el).querySelector<HTMLButtonElement>('.proactive-settings .primary')!.click();
    await waitUntil(() => control(el, 'settings.proactive.0.when.rageClicks').getAttribute('aria-invalid') === 'true', 'the refused field was not marked', { timeout: 5000 });
    expect(statusText(el)).to.not.equal('');
    await expect(el).to.be.accessible();

    type(control(el, 'settings.proactive.0.when.rageClicks'), '4');
    root(el).querySelector<HTMLButtonElement>('.proactive-settings .primary')!.click();
    await waitUntil(() => statusText(el) === 'Proactive messages saved', 'never saved', { timeout: 5000 });
    expect((await admin<AdminChannel>('GET', `/channels/${key}`)).settings.proactive).to.deep.equal([
      { id: 'trigger-1', when: { urlMatches: '/pricing*', rageClicks: 4 }, once: 'visitor', action: { message: 'Questions about plans?' } },
    ]);

    root(el).querySelector<HTMLButtonElement>('.proactive-settings .link-button')!.click();
    await el.updateComplete;
    root(el).querySelector<HTMLButtonElement>('.proactive-settings .primary')!.click();
    await waitUntil(() => statusText(el) === 'Proactive messages removed', 'never removed', { timeout: 5000 });
    expect((await admin<AdminChannel>('GET', `/channels/${key}`)).settings.proactive).to.equal(null);
  });
});
