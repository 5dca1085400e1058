/**
 * Where the widget finds its server when the host sets no `server`: the origin of the CDN
 * script that loaded it, else the page's own origin.
 */
let scriptOrigin: string | undefined;

export function setScriptOrigin(origin: string): void {
  scriptOrigin = origin;
}

export function resolveServer(explicit: string | undefined): string {
  const base = explicit || scriptOrigin || globalThis.location?.origin || '';
  return base.replace(/\/+$/, '');
}
