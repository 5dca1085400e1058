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
 * long and still growing, the thread copies until what commits add meanwhile is short, asks the
 * writer to hold its group commits, copies the rest with a FULL checkpoint (which also keeps any
 * other write out while it runs, for as long as its fsyncs take) and lets go: the next commit
 * starts the WAL from the beginning. If a reader keeps old frames in use (another process), FULL
 * gives up after a short wait and the thread stops asking for holds for a while.
 */
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file);
// Only FULL waits on locks: never for long, since the writer's other writes wait on it.
db.pragma('busy_timeout = 100');
const { intervalMs, restartFrames } = workerData;
let stopped = false;
let lastLog = 0;
let skipHolds = 0;
let timer = setTimeout(tick, intervalMs);
function checkpoint(mode) {
  try { return db.pragma('wal_checkpoint(' + mode + ')')[0]; } catch { return null; }
}
function tick() {
  let result = checkpoint('PASSIVE');
  for (let round = 0; result && result.log >= restartFrames && round < 4; round++) {
    const next = checkpoint('PASSIVE');
    if (!next) break;
    const added = next.log - result.log;
    result = next;
    if (added < restartFrames / 4) break;
  }
  const growing = result && result.log >= restartFrames && (result.log !== lastLog || result.checkpointed < result.log);
  lastLog = result ? result.log : 0;
  if (growing && skipHolds === 0) parentPort.postMessage('hold');
  else {
    if (skipHolds > 0) skipHolds -= 1;
    timer = setTimeout(tick, intervalMs);
  }
}
parentPort.on('message', (message) => {
  if (stopped) return;
  if (message === 'held') {
    const result = checkpoint('FULL');
    parentPort.postMessage('release');
    if (!result || result.busy) skipHolds = 25;
    timer = setTimeout(tick, intervalMs);
  } else if (message === 'stop') {
    stopped = true;
    clearTimeout(timer);
    checkpoint('PASSIVE');
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
  #closing = false;
  #holdTimer: NodeJS.Timeout | undefined;

  /**
   * `onRelease` runs when commits may go on after a hold; `onLost` if the thread dies (the
   * writer must then checkpoint by itself, or the WAL would grow without end).
   */
  constructor(file: string, onRelease: () => void, onLost: (error: unknown) => void, options: CheckpointOptions = CHECKPOINT_DEFAULTS) {
    this.#onRelease = onRelease;
    this.#holdLimitMs = options.holdLimitMs;
    this.#worker = new Worker(THREAD, {
      eval: true,
      // Plain CommonJS, whatever flags the process runs with (`--input-type=module` would make it ESM).
      execArgv: [],
      workerData: { file, module: require.resolve('better-sqlite3'), intervalMs: options.intervalMs, restartFrames: options.restartFrames },
    });
    this.#worker.on('message', (message: string) => {
      if (message === 'hold') this.#hold();
      else if (message === 'release') this.#release();
    });
    // A thread that dies must not leave the writer holding, and is reported once.
    let lost = false;
    const die = (error: unknown) => {
      this.#release();
      if (this.#closing || lost) return;
      lost = true;
      onLost(error);
    };
    this.#worker.on('error', die);
    this.#worker.on('exit', (code) => {
      this.#exited = true;
      if (code !== 0) die(new Error(`the checkpoint thread exited with code ${code}`));
      else this.#release();
    });
    // After the listeners: a 'message' listener added later would keep the process alive again.
    this.#worker.unref();
  }

  /** Whether the writer should keep its commits back for now (a checkpoint is finishing). */
  get held(): boolean {
    return this.#held;
  }

  /** Checkpoints what is left and stops the thread. */
  async close(): Promise<void> {
    this.#closing = true;
    this.#release();
    if (this.#exited) return;
    this.#worker.ref(); // keep the process up until the thread has closed its connection
    this.#worker.postMessage('stop');
    await once(this.#worker, 'exit');
  }

  #hold(): void {
    if (this.#closing) return;
    // This runs between turns of the writer's event loop: no commit is under way.
    this.#held = true;
    this.#worker.ref(); // held sends are work still to do: the process waits for them
    this.#holdTimer = setTimeout(() => this.#release(), this.#holdLimitMs);
    this.#holdTimer.unref();
    this.#worker.postMessage('held');
  }

  #release(): void {
    if (!this.#held) return;
    this.#held = false;
    clearTimeout(this.#holdTimer);
    if (!this.#closing) this.#worker.unref();
    this.#onRelease();
  }
}
