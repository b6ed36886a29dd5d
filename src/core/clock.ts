/** What the watchdog needs from time: a monotonic clock and one-shot timers. Injected so tests use a fake. */
export interface Clock {
  /** Milliseconds on a monotonic scale (only differences matter). */
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The real clock: `performance.now()` (monotonic, unaffected by wall-clock changes) and Node's timers. */
export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    // Never keep a process alive just for a settle (matters in plain Node: tests, benchmarks).
    (handle as { unref?: () => void }).unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** The largest delay `setTimeout` honours; larger ones overflow and fire at once. */
export const MAX_TIMER_DELAY = 2 ** 31 - 1;

/** A clock that counts the timers it has pending (the watchdog must hold at most one: `stats()`, the benchmark). */
export function countingClock(base: Clock): Clock & { readonly pending: number } {
  const live = new Set<unknown>();
  return {
    now: () => base.now(),
    setTimeout(callback, ms) {
      const handle: unknown = base.setTimeout(() => {
        live.delete(handle);
        callback();
      }, ms);
      live.add(handle);
      return handle;
    },
    clearTimeout(handle) {
      live.delete(handle);
      base.clearTimeout(handle);
    },
    get pending() {
      return live.size;
    },
  };
}
