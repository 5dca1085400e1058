// Screenshots of live visitors (docs/screenshots/desk-visitors.png, desk-visitor-invited.png):
// a real server over a temporary SQLite file, a few visitors whose widget sockets say which page
// they are on, the inbox's Visitors screen with the composer open, and the demo page's widget
// showing the conversation an agent started. Run after `npm run build`:
//   node --import tsx scripts/screenshots/live-visitors.ts
import puppeteer from 'puppeteer-core';
import { io } from 'socket.io-client';
import { DEFAULT_SETTINGS } from '../../server/services/channels.js';
import { AGENT, json, loginAgent, startServer, startVisitor } from '../../test/server/helpers.js';
import { CHROME_ARGS, findChrome } from '../find-chrome.mjs';

const server = await startServer();
await server.store.createChannel({ key: 'demo', name: 'Demo', allowedOrigins: [], settings: { ...DEFAULT_SETTINGS } });
const sockets: Array<ReturnType<typeof io>> = [];
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

/** A visitor on a page; `earlier`: seen on a visit an hour ago (returning). */
async function onPage(profile: object, page: { url: string; title: string }, options: { earlier?: boolean; chats?: number } = {}) {
  const session = await startVisitor(server.url, { profile });
  if (options.earlier) await server.store.visitorSeen(session.visitorId, minutesAgo(90));
  for (let i = 0; i < (options.chats ?? 0); i++) {
    await json(`${server.url}/api/v1/widget/conversations`, { token: session.token, body: { clientId: `shot-${i}`, subject: `Question ${i + 1}` } });
  }
  const socket = io(`${server.url}/widget`, { auth: { token: session.token, page }, transports: ['websocket'], forceNew: true });
  sockets.push(socket);
  await new Promise((resolve) => socket.once('session:joined', resolve));
  return { ...session, socket };
}

const amira = await onPage({ name: 'Amira Haddad', email: 'amira@northwind.example' }, { url: 'https://shop.example/pricing?plan=team', title: 'Pricing — Team and Business plans' }, { earlier: true, chats: 2 });
await onPage({}, { url: 'https://shop.example/docs/getting-started#install', title: 'Getting started · Docs' });
const jonas = await onPage({ name: 'Jonas Berg' }, { url: 'https://shop.example/checkout/shipping', title: 'Checkout — Shipping address' }, { earlier: true, chats: 1 });
const li = await onPage({ email: 'li.wei@example.com' }, { url: 'https://shop.example/blog/2026/release-notes', title: 'What’s new in December' });

const browser = await puppeteer.launch({ executablePath: findChrome(), args: CHROME_ARGS, headless: true });
try {
  const inbox = await browser.newPage();
  await inbox.setViewport({ width: 1360, height: 640 });
  await inbox.goto(`${server.url}/inbox`);
  const host = await inbox.waitForSelector('support-inbox');
  await inbox.locator('support-inbox >>> input[name="email"]').fill(AGENT.email);
  await inbox.locator('support-inbox >>> input[name="password"]').fill(AGENT.password);
  await inbox.locator('support-inbox >>> button[type="submit"]').click();
  await inbox.waitForFunction(() => document.querySelector('support-inbox')?.shadowRoot?.querySelector('.topbar')?.textContent?.includes('online'));
  await inbox.keyboard.press('v');
  await inbox.waitForFunction(() => document.querySelector('support-inbox')?.shadowRoot?.querySelector('support-inbox-visitors')?.shadowRoot?.querySelectorAll('tbody tr').length === 4);
  // Some move on to another page (a single-page app), so time on page and on site differ.
  await new Promise((resolve) => setTimeout(resolve, 4000));
  amira.socket.emit('page', { url: 'https://shop.example/pricing/compare', title: 'Compare plans' });
  li.socket.emit('page', { url: 'https://shop.example/blog/2026/sso-for-everyone', title: 'SSO for everyone' });
  await new Promise((resolve) => setTimeout(resolve, 3000));
  await inbox.locator(`support-inbox >>> support-inbox-visitors >>> tr[data-visitor="${jonas.visitorId}"] button`).click();
  await inbox.locator('support-inbox >>> support-inbox-visitors >>> .composer-row textarea').fill('Hi Jonas! Need a hand with the shipping options?');
  await host!.screenshot({ path: 'docs/screenshots/desk-visitors.png' });

  // The widget on the demo page: the visitor hovers the launcher (the widget connects on intent).
  const site = await browser.newPage();
  await site.setViewport({ width: 900, height: 640 });
  await site.goto(`${server.url}/`);
  await site.waitForFunction(() => document.querySelector('#chat')?.shadowRoot?.querySelector('[part="launcher"]'));
  await site.locator('#chat >>> [part="launcher"]').hover();
  await site.waitForFunction(() => (document.querySelector('#chat') as unknown as { state: string }).state === 'online');
  const visitorId = await site.evaluate(() => (document.querySelector('#chat') as unknown as { visitorId: string }).visitorId);
  const token = await loginAgent(server.url);
  await json(`${server.url}/api/v1/agent/visitors/${visitorId}/conversations`, { token, body: { text: 'Hi! I’m Ada from the support team. Anything I can help you find today?', clientId: 'shot-invite' } });
  await site.mouse.move(10, 10);
  await site.waitForFunction(() => document.querySelector('#chat')?.shadowRoot?.querySelector('[part="invitation"]'));
  await new Promise((resolve) => setTimeout(resolve, 500));
  await site.screenshot({ path: 'docs/screenshots/desk-visitor-invited.png' });
} finally {
  await browser.close();
  for (const socket of sockets) socket.disconnect();
  await server.cleanup();
}
