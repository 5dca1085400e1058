// A screenshot of the whole desk on the first start's demo data (docs/screenshots/desk-inbox.png):
// the demo seed on a temporary SQLite file, the demo agent signed in, the open demo conversation
// with its labels, team, private note and the canned-reply picker. Run after `npm run build`:
//   node --import tsx scripts/screenshots/desk-demo.ts
import puppeteer from 'puppeteer-core';
import { seedDemo } from '../../server/seed.js';
import { seedDesk } from '../../server/seed-desk.js';
import { startServer } from '../../test/server/helpers.js';
import { CHROME_ARGS, findChrome } from '../find-chrome.mjs';

const server = await startServer();
const email = 'demo-agent@example.com';
const password = 'demo-password-for-a-screenshot';
// The test server has an agent already, so the first start's seed stops after the channel: the
// desk's part is seeded here with a demo admin of its own.
const { channelKey } = await seedDemo(server.store, server.app.services, { email, password });
const admin = await server.app.services.agents.create({ email, password, name: 'Demo Agent', role: 'admin' });
await seedDesk(server.app.services, channelKey, admin);

const browser = await puppeteer.launch({ executablePath: findChrome(), args: CHROME_ARGS, headless: true });
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1440, height: 860 });
  await page.goto(`${server.url}/inbox`);
  const host = await page.waitForSelector('support-inbox');
  await page.locator('support-inbox >>> input[name="email"]').fill(email);
  await page.locator('support-inbox >>> input[name="password"]').fill(password);
  await page.locator('support-inbox >>> button[type="submit"]').click();
  await page.waitForFunction(() => document.querySelector('support-inbox')?.shadowRoot?.querySelector('.list button'));
  await page.locator('support-inbox >>> .list button').click();
  await page.waitForFunction(() => document.querySelector('support-inbox')?.shadowRoot?.querySelectorAll('.messages .message').length === 3);
  await page.locator('support-inbox >>> .reply textarea').fill('');
  await page.locator('support-inbox >>> .reply textarea').click();
  await page.keyboard.type('/th');
  await new Promise((resolve) => setTimeout(resolve, 500));
  await host!.screenshot({ path: 'docs/screenshots/desk-inbox.png' });
} finally {
  await browser.close();
  await server.cleanup();
}
