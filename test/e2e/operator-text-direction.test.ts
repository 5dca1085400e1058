import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/define.js';
import type { SupportChat } from '../../src/support-chat.js';
import { requestJson } from '../../src/transport/api.js';
import { connected } from '../browser/helpers.js';

const { url: server } = (await executeServerCommand('chat-server')) as { url: string };
const token = (await executeServerCommand('chat-admin-token')) as string;

const panelRoot = (el: SupportChat) => el.shadowRoot!.querySelector('support-chat-panel')!.shadowRoot!;

describe('the operator’s own words in a right-to-left panel', () => {
  it('an English away message keeps its direction in Arabic (its full stop stays at the end)', async () => {
    const key = `away-rtl-${Date.now().toString(36)}`;
    // Closed all week: the team is away, and the channel's own message says so.
    const settings = { businessHours: { timezone: 'UTC', days: [] }, offlineMessage: 'We are away right now. Leave your email and we will answer.' };
    await requestJson(`${server}/api/v1/admin/channels`, { method: 'POST', token, body: { key, name: 'Away', settings } });
    const el = await fixture<SupportChat>(html`<support-chat channel=${key} server=${server} locale="ar"></support-chat>`);
    await connected(el);
    await el.open();
    const away = () => panelRoot(el).querySelector<HTMLElement>('.away p');
    await waitUntil(away, 'the away message never showed', { timeout: 5000 });
    expect(el.shadowRoot!.querySelector('.root')!.getAttribute('dir')).to.equal('rtl');
    expect(getComputedStyle(away()!).direction).to.equal('ltr');
    await expect(el).to.be.accessible();
  });
});
