import { randomBytes } from 'node:crypto';
import type { Services } from './services/index.js';
import { DEFAULT_SETTINGS } from './services/channels.js';
import { seedDesk } from './seed-desk.js';
import type { Store } from './store/store.js';

export interface SeedResult {
  channelKey: string;
  /** Set only when the demo agent was created by this call. */
  agent?: { email: string; password: string; generated: boolean };
}

/**
 * On first start: a `demo` channel and a demo agent, so a fresh install is a working help
 * desk (with the desk's demo: labels, canned replies, a team and two conversations). The password comes from DEMO_AGENT_PASSWORD or is generated, never hard-coded.
 */
export async function seedDemo(store: Store, services: Services, options: { email: string; password?: string | undefined }): Promise<SeedResult> {
  const channelKey = 'demo';
  // Nodes sharing one database may all start at once: whichever creates a row first wins, and
  // the others find it (each write is checked again after a conflict instead of failing the start).
  const won = async <T>(create: () => Promise<T>, exists: () => Promise<boolean>): Promise<T | null> => {
    try {
      return await create();
    } catch (error) {
      if (await exists()) return null;
      throw error;
    }
  };
  if (!(await store.getChannel(channelKey))) {
    const channel = await won(
      () => store.createChannel({ key: channelKey, name: 'Demo', allowedOrigins: [], settings: { ...DEFAULT_SETTINGS } }),
      async () => Boolean(await store.getChannel(channelKey)),
    );
    const faqs = [
      ['What is support-chat?', 'An open-source, self-hostable support chat: this widget, an agent inbox and a small server.'],
      ['How do I embed it?', 'Add <script async src="/widget.js" data-channel="demo"></script> to your page, or import it from npm.'],
      ['Where do agents answer?', 'In the inbox at /inbox.'],
    ];
    if (channel) for (const [position, [question, answer]] of faqs.entries()) await store.createFaq(channel.id, { question: question!, answer: answer!, position });
  }
  if ((await store.countAgents()) > 0) return { channelKey };
  const password = options.password ?? randomBytes(12).toString('base64url');
  const created = await won(
    () => services.agents.create({ email: options.email, name: 'Demo Agent', password, role: 'admin' }),
    async () => (await store.countAgents()) > 0,
  );
  if (!created) return { channelKey };
  await seedDesk(services, channelKey, created);
  return { channelKey, agent: { email: options.email, password, generated: options.password === undefined } };
}
