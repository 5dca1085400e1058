/**
 * The CDN script (`/widget.js`): a small classic script that installs `window.SupportChat` and
 * loads the element's ES modules from beside itself (`./cdn/`), on demand.
 */
import { VERSION } from '../version.js';
import { installFacade } from './facade.js';

const script = document.currentScript as HTMLScriptElement | null;
const base = script?.src ? new URL('./cdn/', script.src) : new URL('/cdn/', location.href);

installFacade({
  script,
  version: VERSION,
  // A variable URL: rollup leaves this import alone, the browser resolves it at run time.
  load: () => import(/* @vite-ignore */ new URL('support-chat.js', base).href),
});
