/**
 * The CDN build (`/widget.js`). It registers `<support-chat>`, makes the script's own origin
 * the default server, and, when the script names a channel (`data-channel` or `?channel=`),
 * adds one element to the page. Without a channel it only registers the element, for pages
 * that write the tag themselves.
 */
import { setScriptOrigin } from '../config/server.js';
import '../define.js';

const script = document.currentScript as HTMLScriptElement | null;

function option(name: string): string | null {
  if (!script) return null;
  const fromData = script.dataset[name];
  if (fromData !== undefined) return fromData;
  return new URL(script.src, location.href).searchParams.get(name);
}

if (script?.src) setScriptOrigin(new URL(script.src, location.href).origin);

const channel = option('channel');
if (channel) {
  const attach = () => {
    const element = document.createElement('support-chat');
    element.channel = channel;
    const mode = option('mode');
    if (mode === 'standalone' || mode === 'inline' || mode === 'launcher') element.mode = mode;
    const server = option('server');
    if (server) element.server = server;
    document.body.append(element);
  };
  if (document.body) attach();
  else document.addEventListener('DOMContentLoaded', attach, { once: true });
}
