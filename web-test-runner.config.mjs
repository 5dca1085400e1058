import { esbuildPlugin } from '@web/dev-server-esbuild';
import { build } from 'esbuild';
import { defaultReporter, summaryReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { mkdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROME_ARGS, findChrome } from './scripts/find-chrome.mjs';
import { engineIoImport, socketIoEntry, WEBSOCKET_ONLY } from './scripts/socket-io-client.mjs';
import { heapPlugin } from './test/browser/heap-plugin.ts';
import { aiServerPlugin } from './test/e2e/ai-server-plugin.ts';
import { supportChatServerPlugin } from './test/e2e/server-plugin.ts';
import { visibilityPlugin } from './test/e2e/visibility-plugin.ts';

const executablePath = findChrome();

/** Writes the totals for scripts/test.mjs, which sums every suite into one line. */
function countReporter() {
  return {
    onTestRunFinished({ sessions }) {
      const counts = { passed: 0, failed: 0, skipped: 0 };
      const walk = (suite) => {
        for (const test of suite.tests) counts[test.skipped ? 'skipped' : test.passed ? 'passed' : 'failed'] += 1;
        for (const child of suite.suites) walk(child);
      };
      for (const session of sessions) {
        if (session.testResults) walk(session.testResults);
        // A file that failed to load or threw outside a test counts as one failure.
        if (!session.passed && (session.errors?.length || !session.testResults)) counts.failed += 1;
      }
      mkdirSync('.test-results', { recursive: true });
      writeFileSync('.test-results/browser.json', JSON.stringify(counts));
    },
  };
}

/**
 * socket.io-client as rollup.config.mjs resolves it (scripts/socket-io-client.mjs): the same
 * files, as URLs of this server, and the WebSocket-only table of engine.io-client's transports
 * served beside the one it replaces.
 */
function socketIoClient() {
  const inEngineIo = (path) => /\/engine\.io-client\/(build\/esm\/.+)$/.exec(path)?.[1];
  return {
    name: 'socket.io-client',
    resolveImport({ source, context }) {
      if (source === 'socket.io-client') return `/node_modules/socket.io-client/${socketIoEntry(context.path)}`;
      const importer = inEngineIo(context.path);
      const target = importer && engineIoImport(importer, source);
      return target ? `./${posix.relative(posix.dirname(importer), target)}` : undefined;
    },
    serve(context) {
      return inEngineIo(context.path) === WEBSOCKET_ONLY.file ? { body: WEBSOCKET_ONLY.code, type: 'js' } : undefined;
    },
  };
}

/**
 * React ships CommonJS only, which the dev server does not convert: the framework test gets
 * React's real production runtime bundled as one ES module at /__frameworks/react.js, and code
 * that imports `react` (the `support-chat/react` wrapper) gets the same instance, re-exported by
 * name, at /__frameworks/react-module.js.
 */
function reactBundle() {
  let bundle;
  return {
    name: 'react-bundle',
    resolveImport({ source }) {
      return source === 'react' ? '/__frameworks/react-module.js' : undefined;
    },
    async serve(context) {
      if (context.path === '/__frameworks/react-module.js') {
        // React's export names, read in a child process: loading React here would write to the
        // console that the test runner has replaced.
        const script = "console.log(JSON.stringify(Object.keys(require('react'))))";
        const names = JSON.parse(execFileSync(process.execPath, ['-e', script], { env: { ...process.env, NODE_ENV: 'production' }, encoding: 'utf8' }))
          .filter((name) => /^[A-Za-z_$][\w$]*$/.test(name) && name !== 'default');
        return { body: `import { React } from '/__frameworks/react.js';\nexport default React;\nexport const { ${names.join(', ')} } = React;`, type: 'js' };
      }
      if (context.path !== '/__frameworks/react.js') return undefined;
      bundle ??= build({
        stdin: {
          contents: "export * as React from 'react'; export * as ReactDOM from 'react-dom'; export * as ReactDOMClient from 'react-dom/client';",
          resolveDir: fileURLToPath(new URL('.', import.meta.url)),
        },
        bundle: true,
        format: 'esm',
        write: false,
        minify: true,
        define: { 'process.env.NODE_ENV': '"production"' },
      }).then((result) => result.outputFiles[0].text);
      return { body: await bundle, type: 'js' };
    },
  };
}

export default {
  rootDir: fileURLToPath(new URL('.', import.meta.url)),
  files: ['test/browser/**/*.test.ts', 'test/e2e/**/*.test.ts'],
  nodeResolve: { exportConditions: ['browser', 'production'] },
  concurrency: 1,
  browserStartTimeout: 60_000,
  testsFinishTimeout: 300_000,
  testFramework: { config: { timeout: 15_000 } },
  plugins: [
    reactBundle(),
    socketIoClient(),
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) }),
    supportChatServerPlugin(),
    aiServerPlugin(),
    heapPlugin(),
    visibilityPlugin(),
  ],
  browsers: [chromeLauncher({ launchOptions: { executablePath, headless: true, args: CHROME_ARGS } })],
  reporters: [defaultReporter(), summaryReporter({ flatten: false }), countReporter()],
};
