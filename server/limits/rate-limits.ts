import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { LimiterFactory } from '../cluster.js';
import { ServiceError } from '../errors.js';

/** Every limited action, with its budget per window (DESIGN.md §5). */
export const DEFAULT_LIMITS = {
  /** GET config / faqs / status, per IP. */
  config: { points: 30, duration: 60 },
  /**
   * POST session (handshakes), per IP: wide, since an office or a carrier NAT puts many
   * visitors behind one address; the two budgets below narrow it.
   */
  session: { points: 300, duration: 60 },
  /** Handshakes that create a visitor, per IP. */
  newVisitor: { points: 60, duration: 60 },
  /** Handshakes of one known visitor (resumed by its id, fingerprint or login). */
  visitorSession: { points: 10, duration: 60 },
  /** Visitor messages, per visitor, REST and Socket.IO together. */
  message: { points: 20, duration: 60 },
  /** File uploads, per visitor. */
  upload: { points: 10, duration: 60 },
  /** Agent logins, per IP and email. */
  login: { points: 10, duration: 60 },
  /**
   * A visitor socket's `sync`, `typing` and `read` and an agent socket's `sync`, per socket and
   * event: far above what the widget and the inbox send (typing only when it changes, sync on
   * reconnect and on focus), far below a loop.
   */
  socketEvent: { points: 30, duration: 10 },
  // ---- desk: live visitors
  /** Conversations an agent starts with visitors on the site, per agent. */
  startConversation: { points: 10, duration: 60 },
  /** Conversations agents start with one visitor, per visitor: a visitor is not hounded. */
  visitorInvited: { points: 5, duration: 600 },
} as const;

/** Budgets of something one node holds (a socket): counted in its memory even in a cluster. */
const NODE_LOCAL: ReadonlySet<LimitName> = new Set(['socketEvent']);

export type LimitName = keyof typeof DEFAULT_LIMITS;
export type LimitSettings = Partial<Record<LimitName, { points: number; duration: number }>>;

/**
 * One budget per action and key, shared by every transport that performs the action (a
 * visitor's socket and REST sends draw from the same bucket). In memory on one node; the
 * cluster's `limiter` keeps the counters in PostgreSQL or Redis for several nodes.
 */
export class RateLimits {
  readonly #enabled: boolean;
  readonly #settings: Record<LimitName, { points: number; duration: number }>;
  /** One limiter per action and budget (a channel may set its own budget for an action). */
  readonly #limiters = new Map<string, RateLimiterAbstract>();
  readonly #create: LimiterFactory;

  /** `enabled: false` (RATE_LIMITS=off) lets everything through: load tests and benchmarks only. */
  constructor(options: { enabled: boolean; limits?: LimitSettings; limiter?: LimiterFactory | undefined }) {
    this.#enabled = options.enabled;
    this.#create = options.limiter ?? ((settings) => new RateLimiterMemory(settings));
    this.#settings = Object.fromEntries(
      (Object.keys(DEFAULT_LIMITS) as LimitName[]).map((name) => [name, { ...DEFAULT_LIMITS[name], ...options.limits?.[name] }]),
    ) as Record<LimitName, { points: number; duration: number }>;
  }

  /**
   * Takes one point for `key`, or throws a 429 `rate_limited` with the seconds to wait.
   * `points` replaces the action's budget per window (a channel's own limit).
   */
  async consume(name: LimitName, key: string, points?: number): Promise<void> {
    if (!this.#enabled) return;
    const budget = { ...this.#settings[name], ...(points ? { points } : {}) };
    const id = `${name}/${budget.points}`;
    let limiter = this.#limiters.get(id);
    if (!limiter) {
      limiter = NODE_LOCAL.has(name) ? new RateLimiterMemory({ keyPrefix: id, ...budget }) : this.#create({ keyPrefix: id, ...budget });
      this.#limiters.set(id, limiter);
    }
    try {
      await limiter.consume(key);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      const retryAfter = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      throw new ServiceError('rate_limited', `too many requests: try again in ${retryAfter} s`, { retryAfter });
    }
  }
}
