import { once } from 'node:events';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const require = createRequire(import.meta.url);

export interface CheckpointOptions {
  /** How often the thread checkpoints. */
  intervalMs: number;
  /** A WAL this long is started over (1,000 pages ≈ 4 MB is SQLite's own autocheckpoint size). */
  restartFrames: number;
  /** The longest the writer holds its commits for a checkpoint before it commits anyway. */
  holdLimitMs: number;
}

export const CHECKPOINT_DEFAULTS: CheckpointOptions = { intervalMs: 200, restartFrames: 1000, holdLimitMs: 250 };

/**
 * The checkpoint thread, with its own connection. A PASSIVE checkpoint never blocks the writer,
 * but under a steady stream of commits it never finishes either (each commit adds frames after
 * the ones it is copying), and SQLite only starts the WAL over once a checkpoint has copied every
 * frame: the WAL would grow for as long as the load lasts (hundreds of MB a minute). So when it is
 * long and the checkpoint falls short, the thread asks the writer to hold its commits, copies the
 * last few frames, and lets go; the writer's next commit starts the WAL from the beginning.
 */
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
let stopped = false;
let timer = setTimeout(tick, workerData.intervalMs);
function checkpoint() {
  try { return db.pragma('wal_checkpoint(PASSIVE)')[0]; } catch { return null; }
}
function tick() {
  const result = checkpoint();
  if (result && result.log >= workerData.restartFrames) parentPort.postMessage('hold');
  else timer = setTimeout(tick, workerData.intervalMs);
}
parentPort.on('message', (message) => {
  if (stopped) return;
  if (message === 'held') {
    checkpoint();
    parentPort.postMessage('release');
    timer = setTimeout(tick, workerData.intervalMs);
  } else if (message === 'stop') {
    stopped = true;
    clearTimeout(timer);
    checkpoint();
    db.close();
    parentPort.close();
  }
});
`;

/**
 * Copies the WAL into the database file on a thread of its own, so a commit never waits for a
 * checkpoint (and its fsyncs), and keeps the WAL from growing without end under sustained load.
 */
export class Checkpointer {
  readonly #worker: Worker;
  readonly #onRelease: () => void;
  readonly #holdLimitMs: number;
  #held = false;
  #exited = false;
  #holdTimer: NodeJS.Timeout | undefined;

  /** `onRelease` runs when commits may go on after a hold. */
  constructor(file: string, onRelease: () => void, options: CheckpointOptions = CHECKPOINT_DEFAULTS) {
    this.#onRelease = onRelease;
    this.#holdLimitMs = options.holdLimitMs;
    this.#worker = new Worker(THREAD, {
      eval: true,
      workerData: { file, module: require.resolve('better-sqlite3'), intervalMs: options.intervalMs, restartFrames: options.restartFrames },
    });
    this.#worker.unref();
    this.#worker.on('message', (message: string) => {
      if (message === 'hold') this.#hold();
      else if (message === 'release') this.#release();
    });
    // A thread that dies must not leave the writer holding.
    this.#worker.on('error', () => this.#release());
    this.#worker.on('exit', () => {
      this.#exited = true;
      this.#release();
    });
  }

  /** Whether the writer should keep its commits back for now (a checkpoint is finishing). */
  get held(): boolean {
    return this.#held;
  }

  /** Checkpoints what is left and stops the thread. */
  async close(): Promise<void> {
    this.#release();
    if (this.#exited) return;
    this.#worker.ref(); // keep the process up until the thread has closed its connection
    this.#worker.postMessage('stop');
    await once(this.#worker, 'exit');
  }

  #hold(): void {
    // This runs between turns of the writer's event loop: no commit is under way.
    this.#held = true;
    this.#holdTimer = setTimeout(() => this.#release(), this.#holdLimitMs);
    this.#holdTimer.unref();
    this.#worker.postMessage('held');
  }

  #release(): void {
    if (!this.#held) return;
    this.#held = false;
    clearTimeout(this.#holdTimer);
    this.#onRelease();
  }
}
