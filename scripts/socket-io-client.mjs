// Which socket.io-client a browser build (rollup.config.mjs) and the browser tests
// (web-test-runner.config.mjs) load, decided here once so that the tests run what ships.
//
// The visitor widget speaks only WebSocket (its REST fallback is its own, src/transport/rest.ts),
// so it gets socket.io-client built from its ES sources, with engine.io-client's table of
// default transports narrowed to WebSocket: the prebuilt browser file also carries HTTP
// long-polling (XHR, fetch) and WebTransport, which the widget never runs. engine.io-client as
// locked (6.6.8) has one `Socket` class, upgrades included, and no WebSocket-only one for
// socket.io-client's `Manager` to construct instead; that `Socket` looks transports up by name
// in the table at run time, so the table is what brings the others in, and narrowing it is
// what lets a bundler drop them. The `debug` module stays out: these are the `build/esm`
// sources, not `build/esm-debug`.
//
// The agent inbox falls back to HTTP long-polling (src/inbox/agent-client.ts): it keeps the
// prebuilt browser file, which carries it.
import { createRequire } from 'node:module';
import { dirname, posix } from 'node:path';

const require = createRequire(import.meta.url);
const packageDir = (name, from) => dirname(require.resolve(`${name}/package.json`, { paths: [from] }));
export const SOCKET_IO_DIR = packageDir('socket.io-client', import.meta.dirname);
export const ENGINE_IO_DIR = packageDir('engine.io-client', SOCKET_IO_DIR);

/** socket.io-client's entry for `importer`, as a path inside its package. */
export const socketIoEntry = (importer) =>
  /[\\/]src[\\/]inbox[\\/]/.test(importer) ? 'dist/socket.io.esm.min.js' : 'build/esm/index.js';

/** engine.io-client's default transports with WebSocket alone, a module beside the table it replaces. */
export const WEBSOCKET_ONLY = {
  file: 'build/esm/transports/websocket-only.js',
  code: "import { WS } from './websocket.js';\nexport const transports = { websocket: WS };\n",
};

/**
 * engine.io-client's modules that only the other transports use. Its package entry still
 * re-exports them (socket.io-client passes them on), and their top-level code (an
 * XMLHttpRequest probe, an unload listener that aborts pending requests) serves those
 * transports alone: a bundle without them may drop it.
 */
export const servesOtherTransports = (file) =>
  /^build\/esm\/(transports\/(polling|polling-xhr|polling-fetch|webtransport)|contrib\/has-cors)\.js$/.test(file);

/** engine.io-client's `browser` map (its Node transports and globals → the browser's). */
const browserMap = new Map(
  Object.entries(require(`${ENGINE_IO_DIR}/package.json`).browser)
    .filter(([, to]) => typeof to === 'string')
    .map(([from, to]) => [posix.normalize(from), posix.normalize(to)]),
);

/**
 * Where a relative import inside engine.io-client's ES sources goes in a page, as a path inside
 * its package, or undefined to leave it as written. `importer` is a path inside the package too.
 */
export function engineIoImport(importer, source) {
  if (!source.startsWith('.')) return undefined;
  const target = posix.join(posix.dirname(importer), source);
  if (target === 'build/esm/transports/index.js') return WEBSOCKET_ONLY.file;
  return browserMap.get(target);
}
