/** Durations in words, for the status bar, the tooltip and the log. Pure. */

/** A delay as a person would say it: "700 ms", "2 s", "1.5 min", "2 h". */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms) || ms >= Number.MAX_SAFE_INTEGER) return 'never';
  if (ms >= 3_600_000) return `${trim(ms / 3_600_000)} h`;
  if (ms >= 60_000) return `${trim(ms / 60_000)} min`;
  if (ms >= 1000) return `${trim(ms / 1000)} s`;
  return `${Math.round(ms)} ms`;
}

function trim(x: number): string {
  return x >= 100 ? String(Math.round(x)) : String(+x.toFixed(1));
}

/**
 * The status bar countdown: coarse while far, whole seconds near the end, so the text (and the
 * status bar) changes at most once a second, and once a minute while more than 100 s are left.
 * Rounds up: "1s" until the very moment it settles, never "0s" while something is pending.
 */
export function countdownText(remainingMs: number): string {
  const ms = Math.max(0, remainingMs);
  if (!Number.isFinite(ms)) return '∞';
  if (ms > 100 * 60_000) {
    const minutes = Math.ceil(ms / 60_000);
    return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
  }
  if (ms > 100_000) return `${Math.ceil(ms / 60_000)}m`;
  return `${Math.max(1, Math.ceil(ms / 1000))}s`;
}

/** Milliseconds until `countdownText` would show something else (when to look again). */
export function nextTextChange(remainingMs: number): number {
  const ms = Math.max(0, remainingMs);
  if (!Number.isFinite(ms)) return Infinity;
  const unit = ms > 100_000 ? 60_000 : 1000;
  let step = ms - (Math.ceil(ms / unit) - 1) * unit;
  // Crossing 100 s switches from minutes to seconds.
  if (ms > 100_000) step = Math.min(step, ms - 100_000);
  return Math.max(1, step);
}
