import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ApiError, ProactiveTrigger } from '../../src/protocol.js';
import { ADMIN_TOKEN, json, startServer, type TestServer } from './helpers.js';

const TRIGGERS: ProactiveTrigger[] = [
  { id: 'pricing', when: { urlMatches: '/pricing*', afterSeconds: 20 }, once: 'visitor', action: { message: 'Questions about plans?' } },
  { id: 'leaving', when: { exitIntent: true }, once: 'session', action: { message: 'Before you go…', open: true } },
  { id: 'stuck', when: { rageClicks: 4 }, once: 'session', action: { message: 'Something not working?' } },
  { id: 'cart', when: { signal: 'cart.failed' }, once: 'visitor', action: { message: 'Payment trouble?' } },
];

describe('proactive triggers', () => {
  let server: TestServer;
  let admin: string;
  const config = async () => (await json<{ proactive: unknown }>(`${server.url}/api/v1/widget/channels/nudge/config`)).body.proactive;
  before(async () => {
    server = await startServer();
    admin = `${server.url}/api/v1/admin`;
    await json(`${admin}/channels`, { token: ADMIN_TOKEN, body: { key: 'nudge', name: 'Nudge' } });
  });
  after(() => server.cleanup());

  test('set and cleared by the admin API, public in the widget config (no other request)', async () => {
    assert.equal(await config(), null, 'none by default');
    const patched = await json<{ settings: { proactive: unknown } }>(`${admin}/channels/nudge`, { method: 'PATCH', token: ADMIN_TOKEN, body: { settings: { proactive: TRIGGERS } } });
    assert.deepEqual([patched.status, patched.body.settings.proactive], [200, TRIGGERS]);
    assert.deepEqual(await config(), TRIGGERS);
    await json(`${admin}/channels/nudge`, { method: 'PATCH', token: ADMIN_TOKEN, body: { settings: { proactive: [] } } });
    assert.equal(await config(), null, 'an empty list is none');
    await json(`${admin}/channels/nudge`, { method: 'PATCH', token: ADMIN_TOKEN, body: { settings: { proactive: TRIGGERS } } });
    await json(`${admin}/channels/nudge`, { method: 'PATCH', token: ADMIN_TOKEN, body: { settings: { proactive: null } } });
    assert.equal(await config(), null);
  });

  test('refuses each bad field with a 400 naming it, and keeps what was there', async () => {
    await json(`${admin}/channels/nudge`, { method: 'PATCH', token: ADMIN_TOKEN, body: { settings: { proactive: TRIGGERS } } });
    const one = (trigger: object) => ({ settings: { proactive: [{ ...TRIGGERS[0], ...trigger }] } });
    const when = (condition: object) => one({ when: condition });
    const cases: Array<[unknown, string]> = [
      [one({ id: 'two words' }), 'settings.proactive.0.id'],
      [one({ once: 'forever' }), 'settings.proactive.0.once'],
      [one({ action: { message: '  ' } }), 'settings.proactive.0.action.message'],
      [one({ action: { message: 'x'.repeat(501) } }), 'settings.proactive.0.action.message'],
      [one({ action: { message: 'hi', html: '<b>' } }), 'settings.proactive.0.action.html'],
      [when({}), 'settings.proactive.0.when'],
      [when({ urlMatches: '(a+)+$' }), 'settings.proactive.0.when.urlMatches'],
      [when({ urlMatches: 'javascript:alert(1)' }), 'settings.proactive.0.when.urlMatches'],
      [when({ urlMatches: `/${'*a'.repeat(9)}` }), 'settings.proactive.0.when.urlMatches'],
      [when({ urlMatches: `/${'a'.repeat(300)}` }), 'settings.proactive.0.when.urlMatches'],
      [when({ afterSeconds: 0 }), 'settings.proactive.0.when.afterSeconds'],
      [when({ afterSeconds: 1.5 }), 'settings.proactive.0.when.afterSeconds'],
      [when({ exitIntent: false }), 'settings.proactive.0.when.exitIntent'],
      [when({ rageClicks: 2 }), 'settings.proactive.0.when.rageClicks'],
      [when({ signal: 'has space' }), 'settings.proactive.0.when.signal'],
      [when({ scroll: 50 }), 'settings.proactive.0.when.scroll'],
      [{ settings: { proactive: [TRIGGERS[0], TRIGGERS[0]] } }, 'settings.proactive.1.id'],
      [{ settings: { proactive: Array.from({ length: 21 }, (_, index) => ({ ...TRIGGERS[0], id: `t${index}` })) } }, 'settings.proactive'],
    ];
    for (const [body, param] of cases) {
      const refused = await json<ApiError>(`${admin}/channels/nudge`, { method: 'PATCH', token: ADMIN_TOKEN, body });
      assert.deepEqual([refused.status, refused.body.error.param], [400, param], JSON.stringify(body));
    }
    assert.deepEqual(await config(), TRIGGERS, 'a refused update changes nothing');
  });
});
