import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ApiError, BusinessHours } from '../../src/protocol.js';
import { isOpen, nextOpening } from '../../server/services/hours.js';
import { ADMIN_TOKEN, connectAgent, json, loginAgent, startServer, type TestServer } from './helpers.js';

const weekdays9to17 = (timezone: string): BusinessHours => ({
  timezone,
  days: [1, 2, 3, 4, 5].map((day) => ({ day, open: '09:00', close: '17:00' })),
});

test('business hours follow the channel’s timezone', () => {
  // Monday 2026-11-23 08:30 UTC is 09:30 in Paris (UTC+1) and 03:30 in New York (UTC-5).
  const monday = new Date('2026-11-23T08:30:00Z');
  assert.equal(isOpen(weekdays9to17('Europe/Paris'), monday), true);
  assert.equal(isOpen(weekdays9to17('America/New_York'), monday), false);
  assert.equal(isOpen(weekdays9to17('UTC'), monday), false);
  assert.equal(nextOpening(weekdays9to17('America/New_York'), monday)?.toISOString(), '2026-11-23T14:00:00.000Z');
  // Saturday evening in Paris: next opening is Monday 09:00 Paris = 08:00 UTC.
  assert.equal(nextOpening(weekdays9to17('Europe/Paris'), new Date('2026-11-21T19:00:00Z'))?.toISOString(), '2026-11-23T08:00:00.000Z');
  assert.equal(nextOpening({ timezone: 'UTC', days: [] }, monday), null);
});

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server.cleanup());

test('GET status: online needs an agent and, with business hours, open hours', async () => {
  const admin = (body: unknown) => json<ApiError>(`${server.url}/api/v1/admin/channels/test`, { method: 'PATCH', token: ADMIN_TOKEN, body });
  const status = () => json<{ online: boolean; nextOnlineAt?: string }>(`${server.url}/api/v1/widget/channels/test/status`);
  assert.deepEqual((await status()).body, { online: false }, 'no agent');
  const agent = await connectAgent(server.url, await loginAgent(server.url));
  try {
    assert.deepEqual((await status()).body, { online: true });
    // Open every day, all day, in some timezone: still online.
    const always = { timezone: 'Asia/Tokyo', days: [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, open: '00:00', close: '24:00' })) };
    assert.equal((await admin({ settings: { businessHours: always } })).status, 200);
    assert.deepEqual((await status()).body, { online: true });
    // Closed now: offline, with the next opening.
    const now = new Date();
    const tomorrow = (now.getUTCDay() + 1) % 7;
    await admin({ settings: { businessHours: { timezone: 'UTC', days: [{ day: tomorrow, open: '10:00', close: '11:00' }] } } });
    const closed = await status();
    assert.equal(closed.body.online, false);
    assert.ok(closed.body.nextOnlineAt && Date.parse(closed.body.nextOnlineAt) > now.getTime());
    const config = await json<{ online: boolean; offlineMessage: string }>(`${server.url}/api/v1/widget/channels/test/config`);
    assert.equal(config.body.online, false);
    assert.match(config.body.offlineMessage, /away/);

    const bad = await admin({ settings: { businessHours: { timezone: 'Mars/Olympus', days: [] } } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.param, 'settings.businessHours.timezone');
    const badTime = await admin({ settings: { businessHours: { timezone: 'UTC', days: [{ day: 1, open: '9am', close: '17:00' }] } } });
    assert.equal(badTime.body.error.param, 'settings.businessHours.days.0.open');
    await admin({ settings: { businessHours: null } });
  } finally {
    agent.disconnect();
  }
});

test('a presence push tells each channel its own status, business hours included', async () => {
  const { DEFAULT_SETTINGS } = await import('../../server/services/channels.js');
  const { connectVisitor, nextEvent, startVisitor } = await import('./helpers.js');
  await server.store.createChannel({ key: 'closed', name: 'Closed', allowedOrigins: [], settings: { ...DEFAULT_SETTINGS, businessHours: { timezone: 'UTC', days: [] } } });
  const open = await startVisitor(server.url);
  const closed = await startVisitor(server.url, {}, 'closed');
  const { socket: openSocket } = await connectVisitor(server.url, open.token);
  const { socket: closedSocket } = await connectVisitor(server.url, closed.token);
  try {
    const openHeard = nextEvent<{ online: boolean }>(openSocket, 'presence');
    const closedHeard = nextEvent<{ online: boolean }>(closedSocket, 'presence');
    const agent = await connectAgent(server.url, await loginAgent(server.url));
    assert.deepEqual(await openHeard, { online: true });
    assert.deepEqual(await closedHeard, { online: false }, 'outside its hours the channel stays away');
    agent.disconnect();
  } finally {
    openSocket.disconnect();
    closedSocket.disconnect();
  }
});
