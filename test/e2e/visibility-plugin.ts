import type { TestRunnerPlugin } from '@web/test-runner';
import type { ChromeLauncher } from '@web/test-runner-chrome';
import type { Page } from 'puppeteer-core';

/**
 * `page-hidden {hidden}`: hides the test's page for real, as switching tabs does (another tab is
 * brought to the front), or shows it again; the page gets its own `visibilitychange` events.
 */
export function visibilityPlugin(): TestRunnerPlugin {
  const covers = new Map<string, Page>();
  return {
    name: 'support-chat-visibility',
    async executeCommand({ command, payload, session }) {
      if (command !== 'page-hidden') return undefined;
      const page = (session.browser as ChromeLauncher).getPage(session.id);
      const cover = covers.get(session.id);
      if ((payload as { hidden?: boolean } | undefined)?.hidden) {
        if (!cover) {
          const tab = await page.browser().newPage();
          covers.set(session.id, tab);
          await tab.bringToFront();
        }
      } else if (cover) {
        covers.delete(session.id);
        await page.bringToFront();
        await cover.close();
      }
      return page.evaluate(() => document.visibilityState);
    },
  };
}
