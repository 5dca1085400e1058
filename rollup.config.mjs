import { defaultStrategy } from '@literals/html-css-minifier';
import { literalsHtmlCssMinifier } from '@literals/rollup-plugin-html-css-minifier';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { transformSync } from 'esbuild';
import esbuild from 'rollup-plugin-esbuild';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { handSharedModules, takeSharedModules } from './scripts/rollup-shared-modules.mjs';
import { ENGINE_IO_DIR, engineIoImport, servesOtherTransports, SOCKET_IO_DIR, socketIoEntry, WEBSOCKET_ONLY } from './scripts/socket-io-client.mjs';

/**
 * socket.io-client as scripts/socket-io-client.mjs decides: WebSocket only, from its ES sources,
 * for the widget; its prebuilt browser file for the inbox. Its package entry would otherwise
 * point at Node transports (xmlhttprequest-ssl, ws) that the `browser` map of engine.io-client
 * does not replace once resolved through `exports`, so that map is applied here too.
 */
const socketIoClient = () => ({
  name: 'socket.io-client',
  async resolveId(source, importer) {
    if (source === 'socket.io-client') return join(SOCKET_IO_DIR, socketIoEntry(importer ?? ''));
    const inEngineIo = importer && relative(ENGINE_IO_DIR, importer).split(sep).join('/');
    if (!inEngineIo || inEngineIo.startsWith('..')) return null;
    const target = engineIoImport(inEngineIo, source);
    const resolved = target ? { id: join(ENGINE_IO_DIR, target) } : await this.resolve(source, importer, { skipSelf: true });
    const file = resolved && relative(ENGINE_IO_DIR, resolved.id).split(sep).join('/');
    return file && servesOtherTransports(file) ? { ...resolved, moduleSideEffects: false } : resolved;
  },
  load(id) {
    return id === join(ENGINE_IO_DIR, WEBSOCKET_ONLY.file) ? WEBSOCKET_ONLY.code : null;
  },
});

// ES2022 keeps `#private` members native: ES2021 turns each into a WeakMap and helper calls
// (≈ 2 KB gzip more in the browser chunks). Every browser the styles need (light-dark(),
// color-mix()) has had them for years.
const typescript = () => esbuild({ target: 'es2022', tsconfig: 'tsconfig.json' });
const resolve = () => nodeResolve({ browser: true, exportConditions: ['browser', 'module', 'import', 'default'] });
/**
 * The markup and CSS inside `html`/`svg`/`css` templates, which terser leaves as written. CSS
 * goes through esbuild rather than the library's default (lightningcss), which rounds numbers
 * (z-index 2147483000 became 2147480000), drops fallbacks (`100vh` before `100dvh`) and
 * rewrites media queries into newer syntax; esbuild only removes what is not needed.
 * `svg` templates are left as written: minified as HTML, a fragment's `<path/>` loses its
 * closing slash and the next path would nest inside it.
 */
const minifyTemplates = () =>
  literalsHtmlCssMinifier({
    include: ['src/**/*.ts'],
    failOnError: true,
    options: {
      shouldMinify: (template) => /html/i.test(template.tag ?? ''),
      minifyOptions: { collapseBooleanAttributes: true },
      strategy: { ...defaultStrategy, minifyCSS: (css) => transformSync(css, { loader: 'css', minify: true }).code.trimEnd() },
    },
  });
const minify = ({ asciiOnly = false } = {}) => terser({ ecma: 2022, module: true, format: { comments: false, ascii_only: asciiOnly } });

/**
 * Everything `entry` imports statically, in one chunk: left to itself, rollup cuts the element
 * into several chunks by which lazy chunk also uses each part, and the page fetches them all
 * anyway (each chunk is compressed on its own, so fewer is smaller).
 */
const entryClosure = (entry, name) => {
  let closure;
  return (id, { getModuleInfo }) => {
    if (!closure) {
      closure = new Set();
      const visit = (module) => {
        if (closure.has(module)) return;
        closure.add(module);
        getModuleInfo(module)?.importedIds.forEach(visit);
      };
      visit(fileURLToPath(new URL(entry, import.meta.url)));
    }
    return closure.has(id) ? name : undefined;
  };
};

/**
 * Which CDN chunk a module of the connection goes to. The client, its REST calls, the wire
 * types, the element's wiring of the client (controllers/client-wiring.ts) and the socket (the
 * ladder and socket.io-client with the packages it is built from) load together: the element creates its client only
 * to connect (on intent, on open, or when the page is idle for a visitor with a conversation), so
 * one chunk is one request and one gzip stream. client/storage.ts is not among them: the CDN
 * script hands it over (src/loader/shared.ts). The channel's config for a first visit's launcher
 * comes through a chunk of its own (config-request, a few hundred bytes), without the client.
 * The mock backend and the fingerprint stay apart: only
 * an option asks for them; so do the file upload flow (a file attached) and the REST fallback (a
 * WebSocket that failed). The mock backend takes the default upload policy with it: protocol.ts
 * only re-exports that module, and rollup would otherwise put it in the chunk of protocol.ts.
 * The pre-chat answers' checks go with the pre-chat form: a channel without a form never loads them.
 */
const connectionChunk = (id) =>
  /\/src\/(client\/pre-chat-answers|ui\/pre-chat-form)\.ts$/.test(id)
    ? 'pre-chat-form'
    : /\/src\/(client\/uploads|transport\/upload)\.ts$/.test(id)
    ? 'uploads'
    : /\/src\/(transport\/mock(-ai)?|upload-policy)\.ts$/.test(id)
      ? 'mock'
      : /\/src\/(client\/config-request|transport\/request)\.ts$/.test(id)
        ? 'config-request'
        : /\/src\/(client\/(?!fingerprint\.ts|storage\.ts)|transport\/(?!mock(-ai)?\.ts|rest\.ts)|protocol\.ts|controllers\/client-wiring\.ts)|\/node_modules\/(socket\.io-client|engine\.io-client|engine\.io-parser|socket\.io-parser|@socket\.io\/component-emitter)\//.test(id)
          ? 'chat-client'
          : undefined;

export default [
  // npm: ES modules with lit, socket.io-client (and React, for the wrapper) left to the user's bundler. Each entry
  // is its own module so that a bundler drops what a page does not import: `events` and
  // `version` need neither Lit nor the element. `vue` is types only (an empty module). `sdk` and
  // `webhook` are for servers: no Lit, no element; socket.io-client only when `sdk` listens.
  {
    input: {
      index: 'src/index.ts',
      define: 'src/define.ts',
      client: 'src/client/index.ts',
      protocol: 'src/protocol.ts',
      events: 'src/events.ts',
      react: 'src/react/index.ts',
      vue: 'src/vue.ts',
      sdk: 'src/sdk/index.ts',
      webhook: 'src/sdk/webhook.ts',
    },
    external: [/^lit/, /^@lit\//, 'nanoid', 'react', 'socket.io-client'],
    plugins: [typescript()],
    // No hoisted `import 'lit'` lines in entries that only re-export: a bundler that follows
    // `sideEffects` would still have to load what they name.
    output: { dir: 'dist/npm', format: 'es', sourcemap: true, chunkFileNames: 'chunks/[name]-[hash].js', hoistTransitiveImports: false },
  },
  // CDN: a small classic script (the SupportChat facade) that loads the element's modules
  // from ./cdn/ beside it on demand, and hands them the modules both use (src/loader/shared.ts).
  {
    input: 'src/loader/widget.ts',
    // ASCII only: the launcher's names in other scripts (src/i18n/locales.ts) are its only
    // non-ASCII text, and as UTF-8 bytes each gives gzip a symbol nothing else uses: escaped as
    // \uXXXX they are longer but smaller gzipped (67 bytes when this was written).
    plugins: [handSharedModules(), minifyTemplates(), resolve(), typescript(), minify({ asciiOnly: true })],
    output: { file: 'dist/widget.js', format: 'iife', sourcemap: true },
  },
  // CDN modules: support-chat.js is the element (Lit, the element, the launcher), fetched on
  // intent or idle after widget.js has drawn the launcher; the lazy chunks import from it
  // directly (its exports may grow for them, so no separate entry facade is needed). The panel
  // and the session are chunks of their own, fetched on intent, open or idle: one chunk with all
  // three was ≈ 1.3 KB gzip smaller, but evaluating it made a 60–110 ms task under a 4× CPU
  // throttle where these make none over 50 ms. Lazy chunks for what only some visitors need:
  // files, the REST fallback, the lightbox and rating, tool calls, the mock backend, each locale.
  // socket.io-client goes with the session, so nothing of it loads before the launcher.
  {
    input: { 'support-chat': 'src/loader/cdn-entry.ts' },
    preserveEntrySignatures: 'allow-extension',
    plugins: [takeSharedModules(), minifyTemplates(), socketIoClient(), resolve(), typescript(), minify()],
    output: {
      dir: 'dist/cdn',
      format: 'es',
      sourcemap: true,
      entryFileNames: '[name].js',
      chunkFileNames: '[name]-[hash].js',
      manualChunks: (() => {
        const element = entryClosure('src/loader/cdn-entry.ts', 'support-chat');
        const panel = entryClosure('src/ui/panel-define.ts', 'panel-define');
        return (id, api) => element(id, api) ?? panel(id, api) ?? connectionChunk(id);
      })(),
    },
  },
  // The agent inbox served at /inbox; the settings screen's widget preview is a lazy chunk.
  {
    input: { inbox: 'src/inbox/define.ts' },
    plugins: [minifyTemplates(), socketIoClient(), resolve(), typescript(), minify()],
    output: { dir: 'dist', format: 'es', sourcemap: true, entryFileNames: '[name].js', chunkFileNames: 'inbox-chunks/[name]-[hash].js' },
  },
];
