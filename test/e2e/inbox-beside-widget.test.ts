import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/define.js';
import '../../src/inbox/define.js';
import type { SupportInbox } from '../../src/inbox/support-inbox.js';
import type { SupportChat } from '../../src/support-chat.js';
import { signedIn } from './inbox-helpers.js';

const { url: server, agentEmail, agentPassword } = (await executeServerCommand('chat-server')) as { url: string; agentEmail: string; agentPassword: string };

// A regression test: socket.io-client multiplexed the inbox's /agent socket onto the widget's
// connection to the same server, and the inbox never connected.
it('the inbox connects while a widget on the same page is connected to the same server', async () => {
  localStorage.clear();
  sessionStorage.clear();
  const el = await fixture<SupportChat>(html`<support-chat channel="e2e" server=${server} open></support-chat>`);
  await oneEvent(el, 'support-chat-ready');
  await el.sendMessage('hello');
  const inbox = await fixture<SupportInbox>(html`<support-inbox server=${server}></support-inbox>`);
  const root = inbox.shadowRoot!;
  await signedIn(inbox, agentEmail, agentPassword);
  expect(root.querySelector('.topbar')!.textContent).to.contain('online');
  expect(el.state).to.equal('online', 'the widget is unaffected');
});
