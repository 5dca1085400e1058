import type { ProactiveTrigger } from '../protocol.js';
import { urlMatches } from './match.js';

/** Clicks closer than this (px) to the first one count as one place. */
const RAGE_RADIUS = 30;
const RAGE_WINDOW_MS = 1000;

export interface ProactiveWatch {
  /** The page raised `name` (`signal()` on the element). */
  signal(name: string): void;
  /** Removes every listener and timer, and puts `history` back. */
  release(): void;
}

type Moment = 'exitIntent' | 'rageClicks' | 'signal';

/**
 * Watches the page for `triggers` and calls `fire` once for each that fires (`skip(id)`: it fired
 * before, per visitor or per session). `urlMatches` and `afterSeconds` are states that must hold
 * (time counts from the page's load or its last SPA navigation); `exitIntent`, `rageClicks` and
 * `signal` are moments: a trigger with any of them fires at one of them while its states hold,
 * one without fires as soon as its states hold.
 */
export function watchProactive(triggers: ProactiveTrigger[], skip: (id: string) => boolean, fire: (trigger: ProactiveTrigger) => void): ProactiveWatch {
  const fired = new Set<string>();
  const releases: Array<() => void> = [];
  let timers: ReturnType<typeof setTimeout>[] = [];
  let since = performance.now();
  const pending = () => triggers.filter((trigger) => !fired.has(trigger.id) && !skip(trigger.id));
  const statesHold = ({ when }: ProactiveTrigger) =>
    (!when.urlMatches || urlMatches(when.urlMatches, new URL(location.href))) && (!when.afterSeconds || performance.now() - since >= when.afterSeconds * 1000 - 5);
  const momentary = ({ when }: ProactiveTrigger) => Boolean(when.exitIntent || when.rageClicks || when.signal);
  const run = (trigger: ProactiveTrigger) => {
    fired.add(trigger.id);
    fire(trigger);
  };
  /** The states changed (load, navigation, a timer): fire what needs no moment, time what needs to wait. */
  const evaluate = () => {
    for (const timer of timers) clearTimeout(timer);
    timers = [];
    for (const trigger of pending()) {
      const { urlMatches: pattern, afterSeconds } = trigger.when;
      if (pattern && !urlMatches(pattern, new URL(location.href))) continue;
      const wait = afterSeconds ? since + afterSeconds * 1000 - performance.now() : 0;
      if (wait > 0) timers.push(setTimeout(evaluate, wait));
      else if (!momentary(trigger)) run(trigger);
    }
  };
  const moment = (kind: Moment, matches: (trigger: ProactiveTrigger) => boolean) => {
    for (const trigger of pending()) if (trigger.when[kind] && matches(trigger) && statesHold(trigger)) run(trigger);
  };
  const listen = <K extends keyof DocumentEventMap | keyof WindowEventMap>(target: EventTarget, type: K, listener: (event: Event) => void) => {
    target.addEventListener(type, listener, { capture: true, passive: true });
    releases.push(() => target.removeEventListener(type, listener, { capture: true }));
  };

  // SPA navigations: history has no event for pushState, so its two methods are wrapped (and put back on release).
  const navigated = () => {
    since = performance.now();
    evaluate();
  };
  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method];
    const wrapped = function (this: History, ...args: Parameters<History['pushState']>) {
      original.apply(this, args);
      navigated();
    };
    history[method] = wrapped;
    releases.push(() => {
      if (history[method] === wrapped) history[method] = original;
    });
  }
  listen(window, 'popstate', navigated);
  listen(window, 'hashchange', navigated);

  // Exit intent: the pointer leaves the document through its top edge (towards the tabs or the address bar).
  listen(document, 'mouseout', (event) => {
    const { relatedTarget, clientY } = event as MouseEvent;
    if (!relatedTarget && clientY <= 0) moment('exitIntent', () => true);
  });

  // Rage clicks: several clicks in a small area within a second.
  let clicks: Array<{ x: number; y: number; at: number }> = [];
  listen(document, 'click', (event) => {
    const { clientX: x, clientY: y } = event as MouseEvent;
    const at = performance.now();
    clicks = [...clicks.filter((click) => at - click.at <= RAGE_WINDOW_MS && Math.hypot(click.x - x, click.y - y) <= RAGE_RADIUS), { x, y, at }];
    moment('rageClicks', (trigger) => clicks.length >= (trigger.when.rageClicks ?? Infinity));
  });

  evaluate();
  return {
    signal: (name) => moment('signal', (trigger) => trigger.when.signal === name),
    release() {
      for (const timer of timers) clearTimeout(timer);
      for (const release of releases.splice(0)) release();
    },
  };
}
