/**
 * What a settle did, in the few words the status bar has room for: `Saved`, `Formatted`,
 * `Not run: 1 error`, `Nothing to do`, `Skipped: untitled`… (the tooltip has every action with
 * its reason). Pure: no `vscode` import, unit-tested in Node.
 */

export interface SettleOutcome {
  readonly actions: readonly { readonly action: string; readonly status: 'done' | 'skipped' | 'failed' | 'timeout'; readonly detail: string }[];
  /** Why the whole stage did not run (a `when` condition). */
  readonly skipped?: string;
}

export interface Summary {
  readonly text: string;
  /** A codicon name. */
  readonly icon: 'check' | 'warning' | 'circle-slash' | 'error';
}

const SAVES = new Set(['save', 'saveWithoutFormatting', 'saveAll']);
const EDITS = new Set(['format', 'organizeImports', 'fixAll']);

/** "it has 2 errors (first: …)" → "2 errors"; the first few words of anything else. */
function short(reason: string): string {
  if (/^(cell \d+: )?held back: .* where you typed/.test(reason)) {
    const more = /\(and (\d+) more there\)/.exec(reason)?.[1];
    return more !== undefined ? `${Number(more) + 1} errors` : '1 error';
  }
  if (/at your caret: waits/.test(reason)) return 'at your caret';
  const errors = /(\d+) errors?/.exec(reason);
  if (errors) return `${errors[1]} error${errors[1] === '1' ? '' : 's'}`;
  if (/^untitled/.test(reason)) return 'untitled';
  if (/read-only/.test(reason)) return 'read-only';
  if (/you typed/.test(reason)) return 'you typed';
  if (/too large/.test(reason)) return 'too large';
  for (const word of ['language', 'pattern', 'focused', 'debug']) if (reason.includes(word)) return word === 'debug' ? 'debugging' : word;
  return reason.replace(/^not run: /, '').split(/[;(,]/)[0].trim().split(' ').slice(0, 3).join(' ');
}

/** Nothing needed doing: no unsaved changes, already formatted, no action of that kind. */
function idle(detail: string): boolean {
  return /no unsaved|already (saved|formatted)|no formatting edits|no source\.|no .* action for this document|no unsaved files/.test(detail);
}

export function summarize(settle: SettleOutcome): Summary {
  if (settle.skipped !== undefined) return { text: `Not run: ${short(settle.skipped.replace(/^not run: /, ''))}`, icon: 'warning' };
  const done = settle.actions.filter((a) => a.status === 'done');
  const failed = settle.actions.find((a) => a.status === 'failed' || a.status === 'timeout');
  if (failed !== undefined) return { text: `${failed.status === 'timeout' ? 'Timed out' : 'Failed'}: ${failed.action}`, icon: 'error' };
  // A file gone from disk is what matters most: it is not saved, whatever else ran.
  if (settle.actions.some((a) => a.status === 'skipped' && /^deleted on disk/.test(a.detail))) return { text: 'Deleted on disk', icon: 'warning' };
  if (settle.actions.some((a) => a.status === 'skipped' && /^conflict\b/.test(a.detail))) return { text: 'Conflict', icon: 'warning' };
  if (done.some((a) => SAVES.has(a.action))) return { text: 'Saved', icon: 'check' };
  if (done.some((a) => EDITS.has(a.action) || a.action.startsWith('code action')) && !done.every((a) => /already formatted/.test(a.detail))) {
    return { text: 'Formatted', icon: 'check' };
  }
  if (done.length > 0 && !done.every((a) => /already formatted/.test(a.detail))) return { text: 'Done', icon: 'check' };
  const skips = settle.actions.filter((a) => a.status === 'skipped');
  const blocking = skips.find((a) => !idle(a.detail));
  if (blocking !== undefined) {
    const reason = short(blocking.detail);
    return /error/.test(reason) ? { text: `Not run: ${reason}`, icon: 'warning' } : { text: `Skipped: ${reason}`, icon: 'circle-slash' };
  }
  return { text: 'Nothing to do', icon: 'check' };
}
