import type { Clock } from '../../src/core/clock';

/**
 * A deterministic clock for unit tests: time moves only when `advance` is called, and timers
 * fire in order of their due time (then creation order), exactly like Node's would.
 */
export class FakeClock implements Clock {
  private time = 0;
  private nextId = 1;
  private readonly timers = new Map<number, { due: number; callback: () => void; seq: number }>();
  /** Every delay passed to setTimeout, to check what the code asked for. */
  readonly requested: number[] = [];

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    this.requested.push(ms);
    // Node fires delays above 2^31−1 (or below 1) after 1 ms; mimic it so overflow bugs show.
    const delay = !(ms >= 1 && ms <= 2 ** 31 - 1) ? 1 : ms;
    const id = this.nextId++;
    this.timers.set(id, { due: this.time + delay, callback, seq: id });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** Timers set and not yet fired or cleared. */
  get pending(): number {
    return this.timers.size;
  }

  /** Moves time forward by `ms`, firing every timer that comes due on the way, in order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      let nextId: number | undefined;
      let next: { due: number; callback: () => void; seq: number } | undefined;
      for (const [id, t] of this.timers) {
        if (t.due <= end && (next === undefined || t.due < next.due || (t.due === next.due && t.seq < next.seq))) {
          next = t;
          nextId = id;
        }
      }
      if (next === undefined || nextId === undefined) break;
      this.timers.delete(nextId);
      this.time = Math.max(this.time, next.due);
      next.callback();
    }
    this.time = end;
  }
}
