import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/inbox/define.js';
import type { AdminChannel } from '../../src/inbox/admin-api.js';
import type { SupportInboxSettings } from '../../src/inbox/settings-view.js';
import type { AiAgent, Page } from '../../src/protocol.js';
import { requestJson } from '../../src/transport/api.js';

const { url: server } = (await executeServerCommand('chat-server')) as { url: string };
const token = (await executeServerCommand('chat-admin-token')) as string;
const admin = <T>(method: string, path: string, body?: unknown) => requestJson<T>(`${server}/api/v1/admin${path}`, { method, body, token });
const aiAgents = async () => (await admin<Page<AiAgent>>('GET', '/ai-agents')).data;

const root = (el: SupportInboxSettings) => el.shadowRoot!;
const $ = <T extends HTMLElement = HTMLElement>(el: SupportInboxSettings, selector: string) => root(el).querySelector<T>(selector)!;
const field = <T extends HTMLElement = HTMLInputElement>(el: SupportInboxSettings, name: string) => $<T>(el, `.ai-form [name="${name}"]`);
const aiStatus = (el: SupportInboxSettings) => $(el, '#ai-status').textContent!.trim();
const row = (el: SupportInboxSettings, name: string) =>
  [...root(el).querySelectorAll<HTMLElement>('.ai-agent-list > li')].find((item) => item.querySelector('.ai-agent-name')?.textContent === name);

/** Edits a control as a user does: a new value, then the `input` event. */
function type(target: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  target.value = value;
  target.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

/** Everything the screen holds as text or in a control, to look for a secret in. */
function everything(el: SupportInboxSettings): string {
  const values = [...root(el).querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea')].map((control) => control.value);
  return `${root(el).innerHTML}\n${values.join('\n')}`;
}

async function settings(key = 'e2e'): Promise<SupportInboxSettings> {
  const el = await fixture<SupportInboxSettings>(html`<support-inbox-settings server=${server} .token=${token}></support-inbox-settings>`);
  await waitUntil(() => root(el).querySelector(`select option[value="${key}"]`) && root(el).querySelector('.new-ai-agent'), 'the settings never loaded', { timeout: 5000 });
  const select = $<HTMLSelectElement>(el, '.bar select');
  select.value = key;
  select.dispatchEvent(new Event('change'));
  await el.updateComplete;
  return el;
}

async function save(el: SupportInboxSettings, until: () => unknown, message: string): Promise<void> {
  $<HTMLButtonElement>(el, '.ai-form button[type="submit"]').click();
  await waitUntil(until, message, { timeout: 5000 });
}

describe('<support-inbox-settings> AI agents against the real admin API', () => {
  const KEY = 'sk-e2e-never-shown-0123456789';
  let channelBefore: AdminChannel;
  // Other files share this server and may have AI agents of their own: this file counts only its own.
  let others = new Set<string>();
  const created = async () => (await aiAgents()).filter((agent) => !others.has(agent.id));

  before(async () => {
    channelBefore = await admin<AdminChannel>('GET', '/channels/e2e');
    others = new Set((await aiAgents()).map((agent) => agent.id));
  });

  after(async () => {
    await admin('PATCH', '/channels/e2e', { settings: { ai: channelBefore.settings.ai ?? null } });
    for (const agent of await created()) await admin('DELETE', `/ai-agents/${agent.id}`);
  });

  it('creates an AI agent: a private endpoint and bad tool JSON are marked on their field, the key is stored and never shown back; axe', async () => {
    const el = await settings();
    $<HTMLButtonElement>(el, '.new-ai-agent').click();
    await el.updateComplete;
    expect(root(el).activeElement, 'the form opens on its name').to.equal(field(el, 'name'));
    type(field(el, 'name'), 'Settings-test assistant');
    type(field(el, 'baseUrl'), 'http://127.0.0.1:11434/v1');
    type(field(el, 'model'), 'llama3.1');
    type(field(el, 'apiKey'), KEY);
    type(field<HTMLTextAreaElement>(el, 'instructions'), 'Answer questions about orders. <b>Be brief.</b>');
    await expect(el).to.be.accessible();

    // The server refuses a private endpoint (no AI_ALLOW_PRIVATE here): the field it names is marked and focused.
    await save(el, () => field(el, 'baseUrl').getAttribute('aria-invalid') === 'true', 'the endpoint is not marked');
    expect(aiStatus(el)).to.match(/^baseUrl/);
    expect(root(el).activeElement).to.equal(field(el, 'baseUrl'));
    expect(field(el, 'baseUrl').getAttribute('aria-describedby')).to.contain('ai-status');
    expect(await created(), 'nothing stored').to.deep.equal([]);
    await expect(el).to.be.accessible();
    type(field(el, 'baseUrl'), 'https://93.184.215.14/v1');
    await el.updateComplete;
    expect(field(el, 'baseUrl').hasAttribute('aria-invalid'), 'editing the field clears the mark').to.be.false;

    // A page tool whose parameters are not JSON is refused before anything is sent.
    $<HTMLButtonElement>(el, '.ai-form .add-tool').click();
    await el.updateComplete;
    expect(root(el).activeElement).to.equal(field(el, 'tools.0.name'));
    type(field(el, 'tools.0.name'), 'cart.get');
    type(field(el, 'tools.0.description'), "The visitor's cart");
    type(field<HTMLTextAreaElement>(el, 'tools.0.parameters'), '{"type": "object", ');
    await save(el, () => field(el, 'tools.0.parameters').getAttribute('aria-invalid') === 'true', 'the tool parameters are not marked');
    expect(aiStatus(el)).to.match(/^Tool 1: the parameters are not valid JSON/);
    expect(root(el).activeElement).to.equal(field(el, 'tools.0.parameters'));
    expect(await created(), 'nothing sent').to.deep.equal([]);
    type(field<HTMLTextAreaElement>(el, 'tools.0.parameters'), '{"type": "object", "properties": {"currency": {"type": "string"}}}');
    // The server refuses a tool name a model could not call: the tool's name field is marked.
    await save(el, () => field(el, 'tools.0.name').getAttribute('aria-invalid') === 'true', 'the tool name is not marked');
    expect(aiStatus(el)).to.match(/^tools\.0\.name: letters, digits, _ and -/);
    expect(root(el).activeElement).to.equal(field(el, 'tools.0.name'));
    type(field(el, 'tools.0.name'), 'get_cart');

    await save(el, () => row(el, 'Settings-test assistant'), 'the agent never appeared');
    expect(aiStatus(el)).to.equal('Created Settings-test assistant');
    const [stored] = await created();
    expect(stored).to.include({ name: 'Settings-test assistant', baseUrl: 'https://93.184.215.14/v1', model: 'llama3.1', hasApiKey: true });
    expect(stored!.tools).to.deep.equal([{ name: 'get_cart', description: "The visitor's cart", parameters: { type: 'object', properties: { currency: { type: 'string' } } } }]);
    expect(JSON.stringify(stored), 'the API never returns the key').not.to.contain(KEY);
    expect(row(el, 'Settings-test assistant')!.textContent).to.contain('a key is stored');
    expect(root(el).querySelector('b'), 'typed text renders as text').to.equal(null);

    // Editing says a key is stored, and shows it nowhere.
    row(el, 'Settings-test assistant')!.querySelector<HTMLButtonElement>('.edit')!.click();
    await el.updateComplete;
    expect($(el, '.ai-form .key-state').textContent).to.equal('A key is stored.');
    expect(root(el).querySelector('.ai-form [name="apiKey"]'), 'no key field until Replace').to.equal(null);
    expect(field(el, 'name').value).to.equal('Settings-test assistant');
    expect(everything(el)).not.to.contain(KEY);
    await expect(el).to.be.accessible();
  });

  it('edits an AI agent: changes are stored; the key is replaced, then cleared', async () => {
    const created = await admin<AiAgent>('POST', '/ai-agents', { name: 'Billing helper', apiKey: 'first-key-000' });
    const el = await settings();
    await waitUntil(() => row(el, 'Billing helper'), 'the agent is not listed', { timeout: 5000 });
    row(el, 'Billing helper')!.querySelector<HTMLButtonElement>('.edit')!.click();
    await el.updateComplete;
    type(field<HTMLTextAreaElement>(el, 'instructions'), 'Only billing questions.');
    field(el, 'knowledge.articles').click();
    type(field<HTMLTextAreaElement>(el, 'handoff.message'), 'Someone from billing takes over.');
    type(field(el, 'maxToolRounds'), '2');
    $<HTMLButtonElement>(el, '.ai-form .replace-key').click();
    await el.updateComplete;
    expect(root(el).activeElement).to.equal(field(el, 'apiKey'));
    expect(field(el, 'apiKey').type, 'a password field').to.equal('password');
    expect(field(el, 'apiKey').value, 'empty, not the stored key').to.equal('');
    type(field(el, 'apiKey'), 'second-key-111');
    await save(el, () => aiStatus(el) === 'Saved Billing helper', 'never saved');
    const edited = await admin<AiAgent>('GET', `/ai-agents/${created.id}`);
    expect(edited).to.include({ instructions: 'Only billing questions.', hasApiKey: true, maxToolRounds: 2 });
    expect(edited.knowledge).to.deep.equal({ faqs: true, articles: false });
    expect(edited.handoff.message).to.equal('Someone from billing takes over.');

    row(el, 'Billing helper')!.querySelector<HTMLButtonElement>('.edit')!.click();
    await el.updateComplete;
    $<HTMLButtonElement>(el, '.ai-form .clear-key').click();
    await el.updateComplete;
    expect($(el, '.ai-form .key-state').textContent).to.equal('The stored key will be cleared on save.');
    await save(el, () => aiStatus(el) === 'Saved Billing helper', 'never saved');
    expect((await admin<AiAgent>('GET', `/ai-agents/${created.id}`)).hasApiKey).to.be.false;
    expect(row(el, 'Billing helper')!.textContent).to.contain('no key');
    await expect(el).to.be.accessible();
  });

  it('picks the AI agent that answers a channel first and the others its pages may pick; back to the team', async () => {
    const first = await admin<AiAgent>('POST', '/ai-agents', { name: 'Front desk' });
    const other = await admin<AiAgent>('POST', '/ai-agents', { name: 'Returns desk' });
    const el = await settings();
    await waitUntil(() => root(el).querySelector(`[name="settings.ai.agentId"] option[value="${other.id}"]`), 'the agents are not offered', { timeout: 5000 });
    const pick = $<HTMLSelectElement>(el, '[name="settings.ai.agentId"]');
    pick.value = first.id;
    pick.dispatchEvent(new Event('change', { bubbles: true }));
    await el.updateComplete;
    expect(root(el).querySelector(`[name="settings.ai.allowed"][value="${first.id}"]`), 'the first one is not offered again').to.equal(null);
    $<HTMLInputElement>(el, `[name="settings.ai.allowed"][value="${other.id}"]`).click();
    $<HTMLButtonElement>(el, '.ai-channel-form button[type="submit"]').click();
    await waitUntil(() => $(el, '#ai-channel-status').textContent === 'Saved: Front desk answers first', 'never saved', { timeout: 5000 });
    expect((await admin<AdminChannel>('GET', '/channels/e2e')).settings.ai).to.deep.equal({ agentId: first.id, allowed: [other.id] });
    const config = await requestJson<{ ai: { agentId: string; allowed: string[] } | null }>(`${server}/api/v1/widget/channels/e2e/config`, { method: 'GET' });
    expect(config.ai).to.include({ agentId: first.id, name: 'Front desk' });
    await expect(el).to.be.accessible();

    pick.value = '';
    pick.dispatchEvent(new Event('change', { bubbles: true }));
    $<HTMLInputElement>(el, `[name="settings.ai.allowed"][value="${other.id}"]`).click();
    $<HTMLButtonElement>(el, '.ai-channel-form button[type="submit"]').click();
    await waitUntil(() => $(el, '#ai-channel-status').textContent === 'Saved: the team answers first', 'never saved', { timeout: 5000 });
    expect((await admin<AdminChannel>('GET', '/channels/e2e')).settings.ai ?? null).to.equal(null);
  });

  it("deletes an AI agent after a confirm step that lands on Cancel; one a channel names stays, with the server's reason", async () => {
    const doomed = await admin<AiAgent>('POST', '/ai-agents', { name: 'Old bot' });
    await admin('PATCH', '/channels/e2e', { settings: { ai: { agentId: doomed.id, allowed: [] } } });
    const el = await settings();
    await waitUntil(() => row(el, 'Old bot'), 'the agent is not listed', { timeout: 5000 });
    row(el, 'Old bot')!.querySelector<HTMLButtonElement>('.delete')!.click();
    await el.updateComplete;
    row(el, 'Old bot')!.querySelector<HTMLButtonElement>('.confirm-delete')!.click();
    await waitUntil(() => $(el, '#ai-status').classList.contains('error'), 'the refusal is not shown', { timeout: 5000 });
    expect(aiStatus(el)).to.contain('e2e');
    expect(row(el, 'Old bot'), 'still listed').not.to.equal(undefined);
    await admin('PATCH', '/channels/e2e', { settings: { ai: null } });

    row(el, 'Old bot')!.querySelector<HTMLButtonElement>('.delete')!.click();
    await el.updateComplete;
    expect(root(el).activeElement).to.equal(row(el, 'Old bot')!.querySelector('.cancel'));
    await expect(el).to.be.accessible();
    row(el, 'Old bot')!.querySelector<HTMLButtonElement>('.confirm-delete')!.click();
    await waitUntil(() => !row(el, 'Old bot'), 'the agent is still listed', { timeout: 5000 });
    expect(aiStatus(el)).to.equal('Deleted Old bot');
    expect((await aiAgents()).map((agent) => agent.id)).not.to.include(doomed.id);
  });
});
