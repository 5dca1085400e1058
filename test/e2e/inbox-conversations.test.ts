import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/inbox/define.js';
import type { SupportInbox } from '../../src/inbox/support-inbox.js';
import type { ChatMessage, Conversation, SessionResponse } from '../../src/protocol.js';
import { signedIn } from './inbox-helpers.js';

const { url: server, agentEmail, agentPassword } = (await executeServerCommand('chat-server')) as { url: string; agentEmail: string; agentPassword: string };

/** A visitor of the `e2e` channel over the visitor REST API, as any client of it writes. */
async function restVisitor() {
  const call = async <T>(method: string, path: string, token?: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${server}/api/v1/widget${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const { token } = await call<SessionResponse>('POST', '/channels/e2e/session', undefined, {});
  const clientId = () => `c-${crypto.randomUUID()}`;
  return {
    /** A send without a conversation: the default one. */
    sendDefault: (text: string) => call<ChatMessage>('POST', '/conversation/messages', token, { clientId: clientId(), text }),
    open: (subject: string) => call<Conversation>('POST', '/conversations', token, { clientId: clientId(), subject }),
    send: (conversationId: string, text: string) => call<ChatMessage>('POST', `/conversations/${conversationId}/messages`, token, { clientId: clientId(), text }),
  };
}

/** The visitor panel's conversations, as an agent reads them: status, default mark, subject, preview. */
function panelRows(root: ShadowRoot) {
  return [...root.querySelectorAll<HTMLButtonElement>('.visitor-panel .history button')].map((button) => ({
    id: button.dataset.id,
    status: button.querySelector('.status')?.textContent,
    isDefault: Boolean(button.querySelector('.default')),
    subject: button.querySelector('.subject')?.textContent ?? null,
    preview: button.querySelector('.preview')?.textContent,
    current: button.getAttribute('aria-current') === 'true',
  }));
}

const texts = (root: ShadowRoot) => [...root.querySelectorAll('.messages .message .text')].map((node) => node.textContent);

describe('the inbox shows a visitor’s conversations side by side', () => {
  beforeEach(() => sessionStorage.clear());

  it('lists them with status, the default one marked and the subject; keeps them current; a click opens one', async () => {
    const visitor = await restVisitor();
    const first = `Order ${Date.now()}`;
    const opening = await visitor.sendDefault(first);
    const billing = await visitor.open('Billing <b>question</b>');
    await visitor.send(billing.id, 'Invoice 42 is wrong');

    const inbox = await fixture<SupportInbox>(html`<support-inbox server=${server}></support-inbox>`);
    await signedIn(inbox, agentEmail, agentPassword);
    const root = inbox.shadowRoot!;
    const listed = () => root.querySelector<HTMLButtonElement>(`.list button[data-id="${opening.conversationId}"]`);
    await waitUntil(listed, 'the default conversation never appeared in the list', { timeout: 10_000 });
    listed()!.click();
    await waitUntil(() => panelRows(root).length === 2, 'the panel never listed both conversations', { timeout: 10_000 });
    expect(panelRows(root)).to.deep.equal([
      { id: billing.id, status: 'Open', isDefault: false, subject: 'Billing <b>question</b>', preview: 'Invoice 42 is wrong', current: false },
      { id: opening.conversationId, status: 'Open', isDefault: true, subject: null, preview: first, current: true },
    ]);
    expect(root.querySelector('.visitor-panel .subject b'), 'a subject renders as text').to.equal(null);
    // The inbox's list names it too.
    await waitUntil(() => root.querySelector(`.list button[data-id="${billing.id}"] .subject`), 'the list never showed the subject', { timeout: 10_000 });
    expect(root.querySelector(`.list button[data-id="${billing.id}"] .subject`)!.textContent).to.equal('Billing <b>question</b>');
    expect(root.querySelector(`.list button[data-id="${opening.conversationId}"] .subject`), 'no subject, no line').to.equal(null);
    await expect(inbox).to.be.accessible();

    // Live: the default one closed by a colleague, a third one opened by the visitor elsewhere.
    await executeServerCommand('chat-close', { id: opening.conversationId });
    await waitUntil(() => panelRows(root).find((row) => row.id === opening.conversationId)?.status === 'Closed', 'the close never reached the panel', { timeout: 10_000 });
    const shipping = await visitor.open('Shipping');
    await visitor.send(shipping.id, 'Where is my parcel?');
    await waitUntil(() => panelRows(root)[0]?.id === shipping.id && panelRows(root)[0]?.preview === 'Where is my parcel?', 'the new conversation never reached the panel', { timeout: 10_000 });
    expect(panelRows(root).map((row) => [row.subject, row.status, row.isDefault])).to.deep.equal([
      ['Shipping', 'Open', false],
      ['Billing <b>question</b>', 'Open', false],
      [null, 'Closed', true],
    ]);
    await expect(inbox).to.be.accessible();

    // A click opens that conversation, and the panel marks it as the one on screen.
    root.querySelector<HTMLButtonElement>(`.visitor-panel .history button[data-id="${billing.id}"]`)!.click();
    await waitUntil(() => texts(root).at(-1) === 'Invoice 42 is wrong', 'the clicked conversation never opened', { timeout: 10_000 });
    expect(panelRows(root).filter((row) => row.current).map((row) => row.id)).to.deep.equal([billing.id]);
    expect(root.querySelector('.thread-bar')?.textContent).to.include('Open');
    await expect(inbox).to.be.accessible();
  });
});
