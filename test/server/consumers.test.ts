// The package as a consumer gets it: `npm pack`'s tarball installed (never linked) into a throw-away
// Vite project with React 19 and Vue 3, from the npm registry. Each app must type-check strictly
// and build: `<support-chat>` in React's JSX and in a Vue template under strictTemplates, the
// `support-chat/react` wrapper, and the event classes without Lit. Needs `npm run build` first.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** The consumer's own dependencies, as a new Vite project would have them. */
const devDependencies = {
  '@lit/react': '^1.0.8',
  '@types/react': '^19.2.0',
  '@types/react-dom': '^19.2.0',
  '@vitejs/plugin-react': '^6.0.0',
  '@vitejs/plugin-vue': '^6.0.0',
  react: '^19.2.0',
  'react-dom': '^19.2.0',
  typescript: '~5.9.0',
  vite: '^8.0.0',
  vue: '^3.5.0',
  'vue-tsc': '^3.0.0',
};

const strict = {
  target: 'ES2022',
  module: 'ESNext',
  moduleResolution: 'bundler',
  lib: ['ES2022', 'DOM', 'DOM.Iterable'],
  strict: true,
  noEmit: true,
  isolatedModules: true,
  verbatimModuleSyntax: true,
  noUnusedLocals: true,
  // The package's declarations are checked too, not only the app's.
  skipLibCheck: false,
  types: [],
};

/**
 * The apps. Each `@ts-expect-error` / `@vue-expect-error` is a mistake the types must catch: were
 * the tag typed as `any`, the unused directive would fail the check.
 */
const files: Record<string, string> = {
  'index.html': '<!doctype html><div id="root"></div><script type="module" src="/react/main.tsx"></script>',
  'vue.html': '<!doctype html><div id="app"></div><script type="module" src="/vue/main.ts"></script>',
  'tsconfig.react.json': JSON.stringify({ compilerOptions: { ...strict, jsx: 'react-jsx' }, include: ['react'] }),
  'tsconfig.plain.json': JSON.stringify({ compilerOptions: strict, include: ['plain'] }),
  'tsconfig.vue.json': JSON.stringify({
    compilerOptions: { ...strict, jsx: 'preserve' },
    vueCompilerOptions: { strictTemplates: true },
    include: ['vue/**/*.ts', 'vue/**/*.vue'],
  }),
  'vite.react.config.mjs': `import react from '@vitejs/plugin-react';
export default { plugins: [react()], logLevel: 'warn', build: { outDir: 'dist-react' } };
`,
  'vite.vue.config.mjs': `import vue from '@vitejs/plugin-vue';
export default {
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('support-') } } })],
  logLevel: 'warn',
  build: { outDir: 'dist-vue', rollupOptions: { input: 'vue.html' } },
};
`,
  'vite.events.config.mjs': `export default {
  logLevel: 'warn',
  build: { outDir: 'dist-events', minify: false, lib: { entry: 'events/main.ts', formats: ['es'], fileName: 'events' } },
};
`,
  'react/main.tsx': `import { StrictMode, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import 'support-chat/define';
import { SupportChat, type SupportChatElement } from 'support-chat/react';

function App() {
  const element = useRef<SupportChatElement>(null);
  const [last, setLast] = useState('');
  return (
    <>
      <support-chat channel="demo" open extra={{ plan: 'pro' }} onsupport-chat-message={(e) => e.detail.message.text} />
      <support-chat channel="demo" header-title="Help" primary-color="#0a7" z-index={10} onsupport-chat-request-close={(e) => e.preventDefault()} />
      {/* @ts-expect-error: no such option */}
      <support-chat chanel="demo" />
      {/* @ts-expect-error: an unread event has a count, not a message */}
      <support-chat channel="demo" onsupport-chat-unread={(e) => e.detail.message} />
      {/* @ts-expect-error: mode is launcher, standalone or inline */}
      <support-chat channel="demo" mode="popup" />
      <SupportChat
        ref={element}
        channel="demo"
        open={last === ''}
        extra={{ plan: 'pro' }}
        headerTitle="Help"
        className="chat"
        onMessage={(event) => setLast(event.detail.message.text)}
        onToolCall={(event) => event.detail.respond({ ok: true })}
        onOpen={() => element.current?.messages.length}
      />
      {/* @ts-expect-error: open is a boolean */}
      <SupportChat channel="demo" open="yes" />
      {/* @ts-expect-error: an unread event has a count, not a message */}
      <SupportChat channel="demo" onUnread={(event) => event.detail.message} />
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
`,
  'vue/main.ts': `import { createApp } from 'vue';
import App from './App.vue';

createApp(App).mount('#app');
`,
  'vue/App.vue': `<script setup lang="ts">
import 'support-chat/define';
import type {} from 'support-chat/vue';
import { ref } from 'vue';

const open = ref(false);
const last = ref('');
</script>

<template>
  <support-chat
    channel="demo"
    :open="open"
    :extra="{ plan: 'pro' }"
    header-title="Help"
    :z-index="10"
    @support-chat-message="(event) => (last = event.detail.message.text)"
    @support-chat-request-close="(event) => event.preventDefault()"
  />
  <!-- @vue-expect-error: no such option -->
  <support-chat chanel="demo" />
  <!-- @vue-expect-error: an unread event has a count, not a message -->
  <support-chat channel="demo" @support-chat-unread="(event) => (last = event.detail.message.text)" />
  <p>{{ last }}</p>
</template>
`,
  'plain/main.ts': `import { SupportChatMessageEvent } from 'support-chat';

// The tag's type without support-chat/define, and the events on any ancestor.
const chat = document.querySelector('support-chat');
export const opened: boolean | undefined = chat?.opened;
document.addEventListener('support-chat-unread', (event) => event.detail.count.toFixed());
export const isMessage = (event: Event) => event instanceof SupportChatMessageEvent;
`,
  'events/main.ts': `import { SupportChatMessageEvent, version } from 'support-chat/events';
import { SupportChatUnreadEvent, version as rootVersion } from 'support-chat';

addEventListener('support-chat-message', (event) => console.log(event.detail.message.text, version, rootVersion));
export const events = [SupportChatMessageEvent, SupportChatUnreadEvent];
`,
};

let project = '';

/** Runs a command in the consumer project; a failure shows what the command printed. */
function run(command: string, args: string[]): void {
  try {
    execFileSync(command, args, { cwd: project, encoding: 'utf8', stdio: 'pipe', env: { ...process.env, FORCE_COLOR: '0' } });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    assert.fail(`${[command, ...args].join(' ')} failed:\n${stdout}${stderr}`);
  }
}

const bin = (name: string) => join(project, 'node_modules', '.bin', name);

describe('the packed package in a Vite consumer (React 19, Vue 3)', () => {
  before(
    () => {
      assert.ok(existsSync(join(root, 'dist/npm/index.js')), 'dist is missing: run `npm run build` first');
      project = mkdtempSync(join(tmpdir(), 'support-chat-consumer-'));
      const packed = JSON.parse(execFileSync(npm, ['pack', '--json', '--pack-destination', project], { cwd: root, encoding: 'utf8' }));
      const tarball = packed[0].filename as string;
      copyFileSync(join(project, tarball), join(project, 'support-chat.tgz'));
      const pkg = { name: 'consumer', private: true, type: 'module', dependencies: { 'support-chat': 'file:./support-chat.tgz' }, devDependencies };
      writeFileSync(join(project, 'package.json'), JSON.stringify(pkg, null, 2));
      for (const [name, text] of Object.entries(files)) {
        mkdirSync(dirname(join(project, name)), { recursive: true });
        writeFileSync(join(project, name), text);
      }
      // No install scripts: nothing the apps use needs one.
      run(npm, ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error']);
    },
    { timeout: 600_000 },
  );
  after(() => {
    if (project) rmSync(project, { recursive: true, force: true });
  });

  test('React: <support-chat> and <SupportChat> type-check strictly and build', { timeout: 300_000 }, () => {
    run(bin('tsc'), ['-p', 'tsconfig.react.json']);
    run(bin('vite'), ['build', '--config', 'vite.react.config.mjs']);
    assert.ok(readdirSync(join(project, 'dist-react/assets')).some((name) => name.endsWith('.js')));
  });

  test('Vue: <support-chat> type-checks under strictTemplates and builds', { timeout: 300_000 }, () => {
    run(bin('vue-tsc'), ['-p', 'tsconfig.vue.json']);
    run(bin('vite'), ['build', '--config', 'vite.vue.config.mjs']);
    assert.ok(readdirSync(join(project, 'dist-vue/assets')).some((name) => name.endsWith('.js')));
  });

  test('the root entry alone types the tag (HTMLElementTagNameMap) and its events', { timeout: 300_000 }, () => {
    run(bin('tsc'), ['-p', 'tsconfig.plain.json']);
  });

  test('the event classes and version come without Lit or the element', { timeout: 300_000 }, () => {
    run(bin('vite'), ['build', '--config', 'vite.events.config.mjs']);
    // Every file the build wrote: the element would come as chunks of its own.
    const output = join(project, 'dist-events');
    const bundle = readdirSync(output).map((name) => readFileSync(join(output, name), 'utf8')).join('\n');
    assert.match(bundle, /support-chat-message/);
    assert.ok(!/LitElement|lit-html|customElements\.define/.test(bundle), `Lit or the element was bundled (${bundle.length} bytes)`);
    assert.ok(bundle.length < 4_000, `the events build is ${bundle.length} bytes`);
  });
});
