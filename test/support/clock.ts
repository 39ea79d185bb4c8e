/** A span of time; the parts add up, and any of them may be negative. */
export interface Duration {
  days?: number;
  hours?: number;
  minutes?: number;
  seconds?: number;
  ms?: number;
}

/**
 * A clock that stands still until the test moves it, in place of `Date.now()`. It is itself the `() => string`
 * the app takes as its `clock` (ISO 8601 instants), so a test hands it to the app and keeps it to move time.
 */
export interface FixedClock {
  (): string;
  /** Now, in milliseconds since the epoch. */
  ms: () => number;
  /** Moves now by `by` (back, when negative) and returns the new now. */
  advance: (by: Duration) => string;
  set: (iso: string) => void;
  /** The instant `by` from now, now unchanged: `clock.after({ hours: -1 })` is an hour ago. */
  after: (by: Duration) => string;
}

function toMs(by: Duration): number {
  const { days = 0, hours = 0, minutes = 0, seconds = 0, ms = 0 } = by;
  return (((days * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000 + ms;
}

function parse(iso: string): number {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) throw new Error(`fixedClock: "${iso}" is not an ISO 8601 instant.`);
  return at;
}

export function fixedClock(iso: string): FixedClock {
  let now = parse(iso);
  const clock = (() => new Date(now).toISOString()) as FixedClock;
  clock.ms = () => now;
  clock.advance = (by) => {
    now += toMs(by);
    return clock();
  };
  clock.set = (next) => {
    now = parse(next);
  };
  clock.after = (by) => new Date(now + toMs(by)).toISOString();
  return clock;
}
