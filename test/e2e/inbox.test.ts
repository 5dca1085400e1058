import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/define.js';
import '../../src/inbox/define.js';
import type { SupportInbox } from '../../src/inbox/support-inbox.js';
import type { ChatMessage } from '../../src/protocol.js';
import { signedIn, submitSignIn } from './inbox-helpers.js';
import type { SupportChat } from '../../src/support-chat.js';
import { connected } from '../browser/helpers.js';

const { url: server, agentEmail, agentPassword } = (await executeServerCommand('chat-server')) as {
  url: string;
  agentEmail: string;
  agentPassword: string;
};

const root = (inbox: SupportInbox) => inbox.shadowRoot!;


describe('<support-inbox> with a visitor on the same server', () => {
  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
  });

  it('refuses a wrong password with a readable error', async () => {
    const inbox = await fixture<SupportInbox>(html`<support-inbox server=${server}></support-inbox>`);
    await expect(inbox).to.be.accessible();
    submitSignIn(inbox, agentEmail, 'not the password');
    await waitUntil(() => root(inbox).querySelector('[role="alert"]'), 'no error shown', { timeout: 5000 });
    expect(root(inbox).querySelector('[role="alert"]')!.textContent).to.equal('wrong email or password');
  });

  it('an agent signs in, sees a new conversation live, reads it and replies; the visitor sees the reply live', async () => {
    const inbox = await fixture<SupportInbox>(html`<support-inbox server=${server}></support-inbox>`);
    await signedIn(inbox, agentEmail, agentPassword);

    const visitor = await fixture<SupportChat>(html`<support-chat channel="e2e" server=${server}></support-chat>`);
    await connected(visitor);
    const text = `Inbox test <b>${Date.now()}</b>`;
    await visitor.sendMessage(text);

    const row = () =>
      [...root(inbox).querySelectorAll<HTMLButtonElement>('.list button')].find((button) => button.querySelector('.preview')?.textContent === text);
    await waitUntil(row, 'the conversation never appeared in the list', { timeout: 5000 });
    expect(row()!.querySelector('.unread')).to.exist;
    await expect(inbox).to.be.accessible();

    row()!.click();
    await waitUntil(() => root(inbox).querySelector('.messages .text')?.textContent === text, 'the history never loaded', { timeout: 5000 });
    expect(root(inbox).querySelector('.messages b'), 'visitor text renders as text').to.equal(null);

    const reply = new Promise<ChatMessage>((resolve) =>
      visitor.addEventListener('support-chat-message', (event) => {
        if (event.detail.message.from === 'agent') resolve(event.detail.message);
      }),
    );
    root(inbox).querySelector<HTMLTextAreaElement>('.reply textarea')!.value = 'Thanks, looking into it';
    root(inbox).querySelector<HTMLButtonElement>('.reply button[type="submit"]')!.click();
    const received = await reply;
    expect(received.text).to.equal('Thanks, looking into it');
    expect(received.conversationId).to.equal(visitor.conversationId);
    await waitUntil(() => root(inbox).querySelectorAll('.messages .message').length === 2, 'the reply is not in the thread');
    await expect(inbox).to.be.accessible();

    // Close from the inbox: the visitor sees it end and rates; the inbox shows the rating.
    root(inbox).querySelector<HTMLButtonElement>('.thread-bar button')!.click();
    await waitUntil(() => root(inbox).querySelector('.thread-bar span')?.textContent?.startsWith('Closed'), 'not closed in the inbox');
    const panel = visitor.shadowRoot!.querySelector('support-chat-panel')!;
    await visitor.open();
    await waitUntil(() => panel.shadowRoot?.querySelector('[part="ended"] form'), 'the visitor never saw the close');
    panel.shadowRoot!.querySelectorAll<HTMLInputElement>('.rating input[name="score"]')[4]!.click();
    panel.shadowRoot!.querySelector<HTMLButtonElement>('.rating button[type="submit"]')!.click();
    await waitUntil(() => root(inbox).querySelector('.thread-bar span')?.textContent?.includes('rated 5/5'), 'the inbox never showed the rating');
    await expect(inbox).to.be.accessible();
  });
});
