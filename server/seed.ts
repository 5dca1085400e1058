import { randomBytes } from 'node:crypto';
import type { Services } from './services/index.js';
import { DEFAULT_SETTINGS } from './services/channels.js';
import type { Store } from './store/store.js';

export interface SeedResult {
  channelKey: string;
  /** Set only when the demo agent was created by this call. */
  agent?: { email: string; password: string; generated: boolean };
}

/**
 * On first start: a `demo` channel and a demo agent, so a fresh install is a working help
 * desk. The password comes from DEMO_AGENT_PASSWORD or is generated, never hard-coded.
 */
export async function seedDemo(store: Store, services: Services, options: { email: string; password?: string | undefined }): Promise<SeedResult> {
  const channelKey = 'demo';
  if (!(await store.getChannel(channelKey))) {
    const channel = await store.createChannel({ key: channelKey, name: 'Demo', allowedOrigins: [], settings: { ...DEFAULT_SETTINGS } });
    const faqs = [
      ['What is support-chat?', 'An open-source, self-hostable support chat: this widget, an agent inbox and a small server.'],
      ['How do I embed it?', 'Add <script async src="/widget.js" data-channel="demo"></script> to your page, or import it from npm.'],
      ['Where do agents answer?', 'In the inbox at /inbox.'],
    ];
    for (const [position, [question, answer]] of faqs.entries()) await store.createFaq(channel.id, { question: question!, answer: answer!, position });
  }
  if ((await store.countAgents()) > 0) return { channelKey };
  const password = options.password ?? randomBytes(12).toString('base64url');
  await services.agents.create({ email: options.email, name: 'Demo Agent', password, role: 'admin' });
  return { channelKey, agent: { email: options.email, password, generated: options.password === undefined } };
}
