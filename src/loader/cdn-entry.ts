/**
 * The module graph the CDN script loads: registers `<support-chat>` (with Lit and the launcher)
 * and lets the loader set the default server. Everything else arrives in lazy chunks.
 */
import '../define.js';

export { setScriptOrigin } from '../config/server.js';
export { SupportChat } from '../support-chat.js';
export { VERSION } from '../version.js';
