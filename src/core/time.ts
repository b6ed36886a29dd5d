/** Durations in words, for the status bar, the tooltip and the log. Pure. */

/** A delay as a person would say it: "700 ms", "2 s", "1.5 min", "2 h". */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms) || ms >= Number.MAX_SAFE_INTEGER) return 'never';
  // Each unit from the value that rounds to it: 59 960 ms is "1 min", never "60 s".
  if (+trim(ms / 60_000) >= 60) return `${trim(ms / 3_600_000)} h`;
  if (+trim(ms / 1000) >= 60) return `${trim(ms / 60_000)} min`;
  if (Math.round(ms) >= 1000) return `${trim(ms / 1000)} s`;
  return `${Math.round(ms)} ms`;
}

function trim(x: number): string {
  return x >= 100 ? String(Math.round(x)) : String(+x.toFixed(1));
}

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Beyond this the countdown says "∞": a delay meant as "never" (a huge number) is not a date. */
const SHOWN_MAX = 999 * DAY;

/** At and below this many milliseconds left the countdown shows half seconds ("2.0s" … "0.5s"). */
const HALVES_FROM = 2000;
const HALF = 500;

/**
 * The status bar countdown: coarse while far, finer near the end, so the text (and the status
 * bar) changes at most twice a second (half seconds in the last 2 s: a 1 s delay still counts,
 * "1.0s", "0.5s"), once a second up to 100 s, once a minute while more than 100 s are left, once
 * a day while more than 48 h are. Rounds up: the last text, "0.5s", stays until the very moment it
 * settles (no repaint in the last half second, when the save is being written), never "0s" while
 * something is pending.
 */
export function countdownText(remainingMs: number): string {
  const ms = Math.max(0, remainingMs);
  if (!(ms <= SHOWN_MAX)) return '∞';
  if (ms > 48 * HOUR) return `${Math.ceil(ms / DAY)}d`;
  if (ms > 100 * MINUTE) {
    const minutes = Math.ceil(ms / MINUTE);
    return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
  }
  if (ms > 100_000) return `${Math.ceil(ms / MINUTE)}m`;
  if (ms > HALVES_FROM) return `${Math.ceil(ms / 1000)}s`;
  return `${(Math.max(1, Math.ceil(ms / HALF)) * (HALF / 1000)).toFixed(1)}s`;
}

/** Milliseconds until `countdownText` would show something else (when to look again). */
export function nextTextChange(remainingMs: number): number {
  const ms = Math.max(0, remainingMs);
  if (!Number.isFinite(ms)) return Infinity;
  // Where the text switches to a finer unit, from above: 999 days, 48 h, 100 s, 2 s; half seconds
  // have none (due, or overdue and frozen by a hold, it stays "0.5s": look again in half a second).
  if (ms > SHOWN_MAX) return Math.max(1, ms - SHOWN_MAX);
  const [unit, below] = ms > 48 * HOUR ? [DAY, 48 * HOUR] : ms > 100_000 ? [MINUTE, 100_000] : ms > HALVES_FROM ? [1000, HALVES_FROM] : [HALF, -Infinity];
  const step = Math.min(ms - (Math.ceil(ms / unit) - 1) * unit, ms - below);
  return Math.max(1, step);
}
