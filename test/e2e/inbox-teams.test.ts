import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import '../../src/inbox/define.js';
import type { SupportInboxSettings } from '../../src/inbox/settings-view.js';
import type { SupportInbox } from '../../src/inbox/support-inbox.js';
import type { Agent, ChatMessage, ConversationSummary, Page, SessionResponse, Team } from '../../src/protocol.js';
import { requestJson } from '../../src/transport/api.js';
import { signedIn } from './inbox-helpers.js';

/**
 * Teams in the inbox: an admin builds a team and sets capacity in the settings screen; an agent
 * sees a conversation's team and queue place, filters the list by team and transfers with `t`.
 * Every test makes its own channel and agents (the server is shared with the other files).
 */
const { url: server } = (await executeServerCommand('chat-server')) as { url: string };
const token = (await executeServerCommand('chat-admin-token')) as string;
const admin = <T>(method: string, path: string, body?: unknown) => requestJson<T>(`${server}/api/v1/admin${path}`, { method, body, token });
const PASSWORD = 'a long enough password 1';
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6)}`;

async function channel(): Promise<string> {
  const key = unique('teams');
  await admin('POST', '/channels', { key, name: `Shop ${key.slice(-4)}` });
  return key;
}

async function agent(name: string, capacity: number): Promise<Agent & { email: string }> {
  const email = `${unique('agent')}@teams.example`;
  const { agent: created } = await admin<{ agent: Agent }>('POST', '/agents', { email, name, role: 'agent', password: PASSWORD });
  return { ...(await admin<Agent>('PATCH', `/agents/${created.id}`, { capacity })), email };
}

async function visitorSays(key: string, text: string): Promise<string> {
  const call = async <T>(path: string, body: unknown, bearer?: string) =>
    (await (await fetch(`${server}/api/v1/widget${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) }, body: JSON.stringify(body) })).json()) as T;
  const session = await call<SessionResponse>(`/channels/${key}/session`, {});
  return (await call<ChatMessage>('/conversation/messages', { clientId: `c-${crypto.randomUUID()}`, text }, session.token)).conversationId;
}

describe('teams in the settings screen', () => {
  it('adds a team with its members and the inbound flag, and saves an agent’s capacity', async () => {
    const key = await channel();
    const ann = await agent('Ann Teams', 5);
    const el = await fixture<SupportInboxSettings>(html`<support-inbox-settings server=${server} .token=${token}></support-inbox-settings>`);
    const root = el.shadowRoot!;
    await waitUntil(() => root.querySelector(`option[value="${key}"]`), 'the channel never listed', { timeout: 5000 });
    const select = root.querySelector<HTMLSelectElement>('.pick select')!;
    select.value = key;
    select.dispatchEvent(new Event('change'));
    await waitUntil(() => root.querySelector('.teams .empty')?.textContent?.includes('No teams yet'), 'the teams section never loaded', { timeout: 5000 });
    await expect(el).to.be.accessible();

    const form = root.querySelector<HTMLFormElement>('.team-new')!;
    form.querySelector<HTMLInputElement>('input[name="name"]')!.value = 'Billing';
    await waitUntil(() => form.querySelector(`input[name="agentIds"][value="${ann.id}"]`), 'ann is not offered as a member');
    form.querySelector<HTMLInputElement>(`input[name="agentIds"][value="${ann.id}"]`)!.click();
    expect(form.querySelector<HTMLInputElement>('input[name="inbound"]')!.checked, 'the first team gets new conversations by default').to.equal(true);
    form.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await waitUntil(() => root.querySelector('#teams-status')?.textContent === 'Team added', 'the team was never added', { timeout: 5000 });
    const [team] = (await admin<Page<Team>>('GET', `/teams?channel=${key}`)).data;
    expect([team?.name, team?.agentIds, team?.routing, team?.inbound]).to.deep.equal(['Billing', [ann.id], 'round-robin', true]);
    expect(root.querySelector('.team-list h4')?.textContent).to.equal('Billing');
    await expect(el).to.be.accessible();

    const capacity = root.querySelector<HTMLInputElement>(`input[name="capacity-${ann.id}"]`)!;
    capacity.value = '7';
    root.querySelector<HTMLFormElement>('.capacity-form')!.requestSubmit();
    await waitUntil(() => root.querySelector('#teams-status')?.textContent === 'Capacity saved', 'the capacity was never saved', { timeout: 5000 });
    expect((await admin<Page<Agent>>('GET', '/agents')).data.find((each) => each.id === ann.id)?.capacity).to.equal(7);
  });
});

describe('teams in the inbox', () => {
  beforeEach(() => sessionStorage.clear());

  it('shows the team and queue place, filters by team, and transfers to a team with t', async () => {
    const key = await channel();
    const ann = await agent('Ann Front', 0);
    const bob = await agent('Bob Expert', 2);
    const front = await admin<Team>('POST', '/teams', { name: 'Front desk', channel: key, agentIds: [ann.id], inbound: true });
    const experts = await admin<Team>('POST', '/teams', { name: 'Experts', channel: key, agentIds: [bob.id] });
    const conversationId = await visitorSays(key, 'My parcel never came');

    const inbox = await fixture<SupportInbox>(html`<support-inbox server=${server}></support-inbox>`);
    await signedIn(inbox, ann.email, PASSWORD);
    const root = inbox.shadowRoot!;
    const row = () => root.querySelector<HTMLButtonElement>(`.list button[data-id="${conversationId}"]`);
    await waitUntil(() => row()?.querySelector('.team-place')?.textContent === 'Front desk · #1 in queue', 'the row never showed its queue place', { timeout: 10_000 });
    row()!.click();
    await waitUntil(() => root.querySelector('.thread-bar .team-place')?.textContent === 'Front desk · #1 in queue', 'the bar never showed the queue place', { timeout: 5000 });
    await expect(inbox).to.be.accessible();

    await sendKeys({ press: 't' });
    const dialog = root.querySelector<HTMLDialogElement>('dialog.transfer')!;
    await waitUntil(() => dialog.open, 't never opened the transfer dialog');
    await expect(inbox).to.be.accessible();
    const targets = [...dialog.querySelectorAll<HTMLButtonElement>('button.transfer-target')];
    expect(targets.map((button) => button.querySelector('.name')?.textContent)).to.include('Experts');
    expect(targets.some((button) => button.textContent?.includes('Front desk')), 'not to its own team').to.equal(false);
    targets.find((button) => button.textContent?.includes('Experts'))!.click();
    await waitUntil(() => !dialog.open, 'the dialog never closed after the transfer', { timeout: 5000 });
    await waitUntil(() => root.querySelector('.thread-bar .team-place')?.textContent === 'Experts · #1 in queue', 'the bar never showed the new team (Bob is offline)', { timeout: 5000 });
    const login = await requestJson<{ token: string }>(`${server}/api/v1/agent/login`, { method: 'POST', body: { email: ann.email, password: PASSWORD } });
    const stored = await requestJson<ConversationSummary>(`${server}/api/v1/agent/conversations/${conversationId}`, { method: 'GET', token: login.token });
    expect([stored.teamId, stored.assignedAgentId, stored.queuePosition]).to.deep.equal([experts.id, null, 1]);

    const filter = root.querySelector<HTMLSelectElement>('.team-filter select')!;
    filter.value = front.id;
    filter.dispatchEvent(new Event('change'));
    await waitUntil(() => !row(), 'the Front desk list still shows the transferred conversation', { timeout: 5000 });
    filter.value = experts.id;
    filter.dispatchEvent(new Event('change'));
    await waitUntil(() => row(), 'the Experts list never showed it', { timeout: 5000 });
    await expect(inbox).to.be.accessible();

    // The one ahead leaves the queue: the one behind moves up, told by `team:queue` alone.
    const behind = await visitorSays(key, 'And my second parcel?');
    const agentCall = <T>(path: string, body: unknown) => requestJson<T>(`${server}/api/v1/agent${path}`, { method: 'POST', body, token: login.token });
    await agentCall(`/conversations/${behind}/transfer`, { teamId: experts.id });
    const behindPlace = () => root.querySelector(`.list button[data-id="${behind}"] .team-place`)?.textContent;
    await waitUntil(() => behindPlace() === 'Experts · #2 in queue', 'the second conversation never showed #2', { timeout: 5000 });
    await agentCall(`/conversations/${conversationId}/close`, {});
    await waitUntil(() => behindPlace() === 'Experts · #1 in queue', 'the second conversation never moved up to #1', { timeout: 5000 });
  });
});
