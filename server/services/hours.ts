// `BusinessHours` is a channel setting on the admin wire (protocol.ts), where the store imports
// it too; this module keeps only the rules that read it.
import type { BusinessHours } from '../../src/protocol.js';

const minutes = (time: string) => {
  const [hours, mins] = time.split(':').map(Number) as [number, number];
  return hours * 60 + mins;
};

/** The weekday and minute of the day that `instant` is on the wall clock of `timezone`. */
function wallClock(instant: Date, timezone: string): { day: number; minute: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: timezone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(instant);
  const part = (type: string) => parts.find((item) => item.type === type)?.value ?? '';
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(part('weekday'));
  return { day, minute: Number(part('hour')) * 60 + Number(part('minute')) };
}

export function isOpen(hours: BusinessHours, instant = new Date()): boolean {
  const { day, minute } = wallClock(instant, hours.timezone);
  return hours.days.some((window) => window.day === day && minute >= minutes(window.open) && minute < minutes(window.close));
}

/** The next time the hours open after `instant` (to the minute, within a week), or null. */
export function nextOpening(hours: BusinessHours, instant = new Date()): Date | null {
  const start = Math.ceil(instant.getTime() / 60_000) * 60_000;
  // Walk minute by minute is too slow; walk to each window start instead, checking candidates in order.
  for (let offset = 0; offset <= 7 * 24 * 60; offset += 15) {
    const candidate = new Date(start + offset * 60_000);
    if (isOpen(hours, candidate)) {
      // Back up to the exact opening minute within this 15-minute step.
      let exact = candidate.getTime();
      while (exact - 60_000 >= start && isOpen(hours, new Date(exact - 60_000))) exact -= 60_000;
      return new Date(exact);
    }
  }
  return null;
}
