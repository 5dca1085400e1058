import { expect, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { ReactElement } from 'react';
import { createApp, h, nextTick, ref } from 'vue/dist/vue.runtime.esm-browser.prod.js';
import '../../src/define.js';
import { SupportChat as SupportChatComponent, useChat, type UseChat } from '../../src/react/index.js';
import type { SupportChat } from '../../src/support-chat.js';
import { inside } from './helpers.js';

// React's CommonJS runtime, bundled as an ES module by the test runner (web-test-runner.config.mjs).
const reactUrl = '/__frameworks/react.js';
const { React, ReactDOM, ReactDOMClient } = (await import(/* @vite-ignore */ reactUrl)) as {
  React: typeof import('react');
  ReactDOM: typeof import('react-dom');
  ReactDOMClient: typeof import('react-dom/client');
};

const host = () => {
  const container = document.createElement('div');
  document.body.append(container);
  return container;
};

describe('from React 19 (its real runtime)', () => {
  it('sets properties, opens through the open prop and receives events', async () => {
    const container = host();
    const root = ReactDOMClient.createRoot(container);
    const heard: string[] = [];
    let setOpen: (open: boolean) => void = () => {};
    function App(): ReactElement {
      const [open, update] = React.useState(false);
      setOpen = update;
      return React.createElement('support-chat', {
        channel: 'demo',
        mock: true,
        'header-title': 'From React',
        extra: { plan: 'pro' },
        open,
        'onsupport-chat-open': () => heard.push('open'),
        'onsupport-chat-ready': () => heard.push('ready'),
        'onsupport-chat-close': () => heard.push('close'),
      });
    }
    try {
      ReactDOM.flushSync(() => root.render(React.createElement(App)));
      const el = container.querySelector('support-chat') as SupportChat;
      await el.updateComplete;
      expect(el.mock).to.be.true;
      expect(el.extra).to.deep.equal({ plan: 'pro' }, 'objects go in as properties');
      expect(el.config.headerTitle).to.equal('From React');
      expect(typeof el.open).to.equal('function');
      ReactDOM.flushSync(() => setOpen(true));
      await el.updateComplete;
      expect(el.opened, 'open={true} sets opened, the method survives').to.be.true;
      expect(typeof el.open).to.equal('function');
      await waitUntil(() => heard.includes('ready'), 'no ready event through React', { timeout: 5000 });
      await el.close();
      expect(heard).to.include.members(['ready', 'close']);
    } finally {
      root.unmount();
      container.remove();
    }
  });
});

describe('support-chat/react: the @lit/react wrapper, with React 19', () => {
  it('sets props as properties, open as opened, and calls the onX handlers with the typed events', async () => {
    const container = host();
    const root = ReactDOMClient.createRoot(container);
    const heard: string[] = [];
    const ref = React.createRef<SupportChat>();
    let setOpen: (open: boolean) => void = () => {};
    function App(): ReactElement {
      const [open, update] = React.useState(false);
      setOpen = update;
      return React.createElement(SupportChatComponent, {
        ref,
        channel: 'demo',
        mock: true,
        headerTitle: 'From the wrapper',
        extra: { plan: 'pro' },
        open,
        onReady: () => heard.push('ready'),
        onOpen: () => heard.push('open'),
        onMessage: (event) => heard.push(`message:${event.detail.message.from}:${event.detail.message.text}`),
        onRequestClose: (event) => {
          heard.push(`request-close:${event.detail.source}`);
          event.preventDefault();
        },
      });
    }
    try {
      ReactDOM.flushSync(() => root.render(React.createElement(App)));
      const el = ref.current!;
      expect(el, 'the ref is the element').to.equal(container.querySelector('support-chat'));
      await el.updateComplete;
      expect(el.config.headerTitle).to.equal('From the wrapper');
      expect(el.extra).to.deep.equal({ plan: 'pro' });
      ReactDOM.flushSync(() => setOpen(true));
      await el.updateComplete;
      expect(el.opened, 'open={true} sets opened').to.be.true;
      expect(typeof el.open, 'the method survives').to.equal('function');
      await waitUntil(() => heard.includes('ready'), 'no onReady through the wrapper', { timeout: 5000 });
      await el.sendMessage('hi from the wrapper');
      await waitUntil(() => heard.includes('message:visitor:hi from the wrapper'), 'no onMessage through the wrapper');
      (await inside(el)).querySelector<HTMLButtonElement>('[part="close-button"]')!.click();
      expect(heard).to.include('request-close:close-button');
      await el.updateComplete;
      expect(el.opened, 'preventDefault() in onRequestClose kept it open').to.be.true;
    } finally {
      root.unmount();
      container.remove();
    }
  });
});

describe('support-chat/react: useChat() over the headless client, with React 19', () => {
  it('connects, renders messages as they arrive, sends, and releases the client on unmount', async () => {
    const { url: server } = (await executeServerCommand('chat-server')) as { url: string };
    const sockets = async () => (await executeServerCommand('chat-widget-sockets')) as number;
    const before = await sockets();
    const container = host();
    const root = ReactDOMClient.createRoot(container);
    let chat: UseChat | undefined;
    function Chat(): ReactElement {
      chat = useChat({ channel: 'e2e', server, storage: null });
      return React.createElement(
        'ul',
        { 'data-state': chat.state },
        chat.messages.map((message) => React.createElement('li', { key: message.id }, message.text)),
      );
    }
    try {
      ReactDOM.flushSync(() => root.render(React.createElement(Chat)));
      await waitUntil(() => container.querySelector('ul')?.dataset.state === 'online', 'never online', { timeout: 10_000 });
      expect(await sockets()).to.equal(before + 1);
      const sent = await chat!.send('<b>from my own UI</b>');
      await waitUntil(() => container.querySelector('li')?.textContent === '<b>from my own UI</b>', 'the message never rendered');
      await executeServerCommand('chat-agent-send', { conversationId: sent.conversationId, clientId: 'use-chat-reply', text: 'an answer' });
      await waitUntil(() => container.querySelectorAll('li').length === 2, 'the answer never rendered');
      expect(chat!.unreadCount).to.equal(1);
      chat!.markRead();
      await waitUntil(() => chat!.unreadCount === 0, 'markRead did not clear the count');
    } finally {
      root.unmount();
      container.remove();
    }
    await waitUntil(async () => (await sockets()) === before, 'the socket stayed open after unmount', { timeout: 5000 });
  });
});

describe('from Vue 3 (its real runtime)', () => {
  it('sets properties, opens through the open prop and receives events', async () => {
    const container = host();
    const open = ref(false);
    const heard: string[] = [];
    const app = createApp({
      render: () =>
        h('support-chat', {
          channel: 'demo',
          mock: true,
          headerTitle: 'From Vue',
          extra: { plan: 'team' },
          open: open.value,
          onSupportChatReady: () => heard.push('ready'),
          onSupportChatMessage: (event: CustomEvent) => heard.push(`message:${event.detail.message.text}`),
        }),
    });
    app.config.compilerOptions.isCustomElement = (tag: string) => tag.startsWith('support-');
    app.mount(container);
    try {
      const el = container.querySelector('support-chat') as SupportChat;
      await el.updateComplete;
      expect(el.config.headerTitle).to.equal('From Vue');
      expect(el.extra).to.deep.equal({ plan: 'team' });
      open.value = true;
      await nextTick();
      await el.updateComplete;
      expect(el.opened).to.be.true;
      expect(typeof el.open).to.equal('function');
      await waitUntil(() => heard.includes('ready'), 'no ready event through Vue', { timeout: 5000 });
      await el.sendMessage('hi from Vue');
      await waitUntil(() => heard.includes('message:hi from Vue'), 'no message event through Vue');
    } finally {
      app.unmount();
      container.remove();
    }
  });
});
