import type { TestRunnerPlugin } from '@web/test-runner';
import type { ChromeLauncher } from '@web/test-runner-chrome';

/**
 * `live-instances {global}`: how many objects in the page have `window[global]` as their
 * prototype, after a full garbage collection — what the leak tests count (DevTools' own
 * `queryObjects`, through the page's DevTools protocol).
 */
export function heapPlugin(): TestRunnerPlugin {
  return {
    name: 'support-chat-heap',
    async executeCommand({ command, payload, session }) {
      if (command !== 'live-instances') return undefined;
      const page = (session.browser as ChromeLauncher).getPage(session.id);
      const devtools = await page.createCDPSession();
      try {
        await devtools.send('HeapProfiler.collectGarbage');
      } finally {
        await devtools.detach();
      }
      const name = String((payload as { global?: string } | undefined)?.global);
      const prototype = await page.evaluateHandle((global) => (window as unknown as Record<string, object>)[global], name);
      const instances = await page.queryObjects(prototype);
      const count = await page.evaluate((list) => list.length, instances);
      await Promise.all([prototype.dispose(), instances.dispose()]);
      return count;
    },
  };
}
