// `npm test`: builds, then runs every suite (server on node:test, browser + e2e on
// web-test-runner in Chromium) and ends with one line: "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';

const results = '.test-results';
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
let stepFailed = false;

function run(label, command, args) {
  process.stdout.write(`\n== ${label}\n`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } });
  if (result.status !== 0) {
    process.stdout.write(`== ${label}: exited with ${result.status ?? result.signal}\n`);
    stepFailed = true;
  }
  return result.status === 0;
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

// 1. Types and builds: a broken build fails the run even if no test notices.
const built = run('typecheck', npm, ['run', '--silent', 'typecheck']) && run('build', npm, ['run', '--silent', 'build']);
if (!built) totals.failed += 1;

// 2. Server and fault suites on node:test (real sockets, real SQLite files, real processes
//    killed with SIGKILL, a TCP proxy that really cuts connections).
const serverFiles = ['test/server', 'test/security', 'test/faults', 'test/cluster'].flatMap((dir) =>
  readdirSync(dir)
    .filter((file) => file.endsWith('.test.ts'))
    .sort()
    .map((file) => `${dir}/${file}`),
);
run('server tests', process.execPath, [
  '--import', 'tsx', '--test', '--test-timeout=180000',
  '--test-reporter=spec', '--test-reporter-destination=stdout',
  '--test-reporter=tap', `--test-reporter-destination=${results}/server.tap`,
  ...serverFiles,
]);
const tap = existsSync(`${results}/server.tap`) ? readFileSync(`${results}/server.tap`, 'utf8') : '';
const count = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(tap)?.[1] ?? 0);
// No summary means the runner died before finishing: that is a failure, never a silent zero.
if (!/^# tests \d+$/m.test(tap)) {
  process.stdout.write('== server tests: no TAP summary was written\n');
  totals.failed += 1;
}
totals.passed += count('pass');
totals.failed += count('fail') + count('cancelled');
totals.skipped += count('skipped') + count('todo');

// 3. Element and end-to-end suites in Chromium.
run('browser tests', npm, ['run', '--silent', 'test:browser']);
if (existsSync(`${results}/browser.json`)) {
  const browser = JSON.parse(readFileSync(`${results}/browser.json`, 'utf8'));
  totals.passed += browser.passed;
  totals.failed += browser.failed;
  totals.skipped += browser.skipped;
} else {
  totals.failed += 1;
}

if (stepFailed && totals.failed === 0) totals.failed = 1; // a step died without a countable failure
process.stdout.write(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}\n`);
process.exit(totals.failed > 0 || totals.passed === 0 ? 1 : 0);
