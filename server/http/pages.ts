import cors from 'cors';
import express, { Router, type Response } from 'express';
import { join } from 'node:path';
import { settingsOf } from '../services/channels.js';
import type { Channel } from '../store/store.js';

export const STRICT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' ws:; img-src 'self' data: blob:";

const escapeAttribute = (value: string) =>
  value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

function page(title: string, body: string, head = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<title>${escapeAttribute(title)}</title>
<link rel="stylesheet" href="/demo/page.css">
${head}
</head>
<body>
${body}
</body>
</html>`;
}

/**
 * Rollup names every chunk `[name]-[hash].js` (`chunkFileNames` in rollup.config.mjs; an
 * 8-character base64url hash): that name never serves other bytes, so browsers and CDNs keep it
 * a year without asking again. Entries (`widget.js`, `cdn/support-chat.js`, `inbox.js`,
 * `npm/*.js`) and source maps keep their names across releases: five minutes, then a
 * revalidation by ETag (a 304 while the file is unchanged). An entry named like a chunk (a
 * hyphen and eight characters before `.js`) would be taken for one: the delivery test checks
 * every entry and every chunk of the build.
 */
const CONTENT_HASHED = /-[\w-]{8}\.js$/;
const cacheControlFor = (file: string): string =>
  CONTENT_HASHED.test(file) ? 'public, max-age=31536000, immutable' : 'public, max-age=300';
const builds = { cacheControl: false, setHeaders: (res: Response, file: string) => res.set('Cache-Control', cacheControlFor(file)) };

/**
 * The product's own pages and builds: the CDN script at `/widget.js`, the ESM builds under
 * `/dist/`, the inbox at `/inbox`, the standalone chat at `/c?k=KEY` and the demo host page.
 */
export function pagesRouter(root: string, findChannel: (key: string) => Promise<Channel | null>): Router {
  const router = Router();
  const dist = join(root, 'dist');
  const distFiles = express.static(dist, builds);

  // Module scripts load in CORS mode, and any site may embed the widget.
  const anyOrigin = cors({ origin: '*' });
  router.get('/favicon.ico', (_req, res) => res.status(204).end());
  router.get('/widget.js', anyOrigin, distFiles); // the request path is the file's path in dist/
  router.use('/cdn', anyOrigin, express.static(join(dist, 'cdn'), builds));
  router.use('/dist', anyOrigin, distFiles);
  // A demo page under the strictest policy a host might use; it may be framed (the browser
  // test frames it), unlike the product's other pages.
  router.get('/demo/csp.html', (_req, res) => {
    res.set('Content-Security-Policy', STRICT_CSP);
    res.removeHeader('X-Frame-Options');
    res.sendFile(join(root, 'demo', 'csp.html'));
  });
  router.use('/demo', express.static(join(root, 'demo')));

  router.get('/', (_req, res) => res.sendFile(join(root, 'demo', 'index.html')));
  // The element's manifest: the demo playground builds its controls from it; tools read it too.
  router.get('/custom-elements.json', anyOrigin, (_req, res) => res.sendFile(join(root, 'custom-elements.json')));

  router.get('/inbox', (_req, res) => {
    res.type('html').send(
      page(
        'Inbox · support-chat',
        '<support-inbox class="full"></support-inbox>',
        '<script type="module" src="/dist/inbox.js"></script>',
      ),
    );
  });

  router.get('/c', async (req, res) => {
    const query = (name: string) => (typeof req.query[name] === 'string' ? (req.query[name] as string) : '');
    const key = query('k');
    if (!/^[a-z0-9][a-z0-9_-]{1,63}$/.test(key)) {
      res.status(400).type('html').send(page('Chat link', '<p class="notice">This chat link is missing its channel (<code>k</code>).</p>'));
      return;
    }
    const channel = await findChannel(key);
    const settings = settingsOf(channel);
    const signed = query('s') !== '';
    if (!channel || (settings.linksEnforced && !signed)) {
      res.status(channel ? 403 : 404).type('html').send(page('Chat link', '<p class="notice">This chat link is not valid. Ask for a new one.</p>'));
      return;
    }
    // The signature is checked by the session handshake; the page only hands it over.
    const link = signed ? new URLSearchParams({ u: query('u'), nick: query('nick'), t: query('t'), s: query('s') }).toString() : '';
    res.type('html').send(
      page(
        'Chat',
        '',
        `<script async src="/widget.js" data-channel="${escapeAttribute(key)}" data-mode="standalone"${link ? ` data-link="${escapeAttribute(link)}"` : ''}></script>`,
      ),
    );
  });

  return router;
}
