import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';

const { url: server } = (await executeServerCommand('chat-server')) as { url: string };

interface CspReport {
  ok: boolean;
  error?: string;
  seq?: number;
  state?: string;
  rendered?: string[];
  launcherColor?: string;
  violations: string[];
}

describe('under a strict Content-Security-Policy', () => {
  it('the widget shows, connects, sends and renders with zero violations', async () => {
    // (The page's header itself is checked by the server suite: a cross-origin fetch cannot read it.)
    const frame = document.createElement('iframe');
    frame.style.width = '800px';
    frame.style.height = '700px';
    const report = new Promise<CspReport>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no report from the CSP page')), 15_000);
      window.addEventListener('message', (event) => {
        if (event.origin !== server || event.data?.type !== 'support-chat-csp') return;
        clearTimeout(timer);
        resolve(event.data as CspReport);
      });
    });
    frame.src = `${server}/demo/csp.html?k=e2e`;
    document.body.append(frame);
    try {
      const result = await report;
      expect(result.error).to.equal(undefined);
      expect(result.ok).to.be.true;
      expect(result.violations).to.deep.equal([]);
      expect(result.state).to.equal('online');
      expect(result.seq).to.be.a('number');
      expect(result.rendered).to.include('Sent under a strict CSP');
      expect(result.launcherColor).to.equal('rgb(47, 84, 235)', 'constructable stylesheets applied');
    } finally {
      frame.remove();
    }
  });
});
