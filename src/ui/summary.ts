/**
 * What a settle did, in the few words the status bar has room for: `Saved`, `Formatted`,
 * `Not run: 1 error`, `Nothing to do`, `Skipped: untitled`… (the tooltip has every action with
 * its reason). Decided from the outcomes' codes, never from their words; the words go through
 * `localize` (`vscode.l10n.t` in the extension; English in the unit tests). Pure: no `vscode`
 * import, unit-tested in Node.
 */

import { ActionKind, leaves, nothingToDo, OutcomeCode, Reason, StageSkip, Status } from '../actions/outcome';
import { isLeave, SettleTrigger } from '../config/model';

export interface SettleOutcome {
  readonly actions: readonly { readonly action: string; readonly kind: ActionKind; readonly status: Status; readonly reason: Reason }[];
  /** Why the whole stage did not run (a `when` condition). */
  readonly skip?: StageSkip;
  /** Why it settled when it did (`delay` when absent). */
  readonly trigger?: SettleTrigger;
}

export interface Summary {
  readonly text: string;
  /** A codicon name. */
  readonly icon: 'check' | 'info' | 'warning' | 'circle-slash' | 'error';
}

/** `vscode.l10n.t`'s shape: a message with `{0}` placeholders and its arguments. */
export type Localize = (message: string, ...args: Array<string | number | boolean>) => string;

/** English: the placeholders filled in. */
export const english: Localize = (message, ...args) => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));

/** A count of errors, as the status bar says it. */
const errors = (n: number, localize: Localize) => (n === 1 ? localize('1 error') : localize('{0} errors', n));

/** The word for why an action was left alone, when that is what the settle did. */
function whySkipped(reason: Reason, localize: Localize): string {
  switch (reason.code) {
    case 'brokenCode':
      return errors(reason.more + 1, localize);
    case 'deferredAtCaret':
      return localize('at your caret');
    case 'untitled':
      return localize('untitled');
    case 'readOnly':
      return localize('read-only');
    case 'typed':
      return localize('you typed');
    case 'refused':
      return localize('the document changed');
    case 'late':
    case 'cutOff':
    case 'afterTimeout':
      return localize('time limit');
    case 'notebookUnsupported':
      return localize('notebook');
    case 'tooLarge':
      return localize('too large');
    case 'restored':
      return localize('undo or redo');
    case 'notActive':
    case 'waitsForEditor':
      return localize('not in front');
    case 'notAllowed':
      return localize('not allowed');
    case 'backoff':
      return reason.stopped ? localize('stopped after failures') : localize('backing off');
    case 'closed':
      return localize('closed');
    case 'noDocument':
      return localize('no document');
    default:
      return localize('see the log');
  }
}

/** The word for the `when` condition that kept a stage from running. */
function whyNotRun(skip: StageSkip, localize: Localize): string {
  if (skip.code === 'error') return localize('error');
  switch (skip.condition) {
    case 'noErrors':
      return errors(skip.errors ?? 1, localize);
    case 'languages':
      return localize('language');
    case 'pattern':
      return localize('pattern');
    case 'focused':
      return localize('focused');
    case 'debugging':
      return localize('debugging');
    case 'onlyDirty':
      return localize('no unsaved changes');
    case 'workspaceOnly':
      return localize('outside the workspace');
    case 'document':
      return localize('no document');
  }
}

const has = (reason: Reason, code: OutcomeCode) => leaves(reason).some((r) => r.code === code);

/** What the settle did; `(left)` after it when it ran because the user left the document (`settleOn`). */
export function summarize(settle: SettleOutcome, localize: Localize = english): Summary {
  const summary = summarizeActions(settle, localize);
  return isLeave(settle.trigger) && summary.text !== localize('Nothing to do') ? { ...summary, text: localize('{0} (left)', summary.text) } : summary;
}

function summarizeActions(settle: SettleOutcome, localize: Localize): Summary {
  if (settle.skip !== undefined) return { text: localize('Not run: {0}', whyNotRun(settle.skip, localize)), icon: 'warning' };
  const done = settle.actions.filter((a) => a.status === 'done');
  const failed = settle.actions.find((a) => a.status === 'failed' || a.status === 'timeout');
  if (failed !== undefined) return { text: failed.status === 'timeout' ? localize('Timed out: {0}', failed.action) : localize('Failed: {0}', failed.action), icon: 'error' };
  // A file gone from disk is what matters most: it is not saved, whatever else ran.
  const skips = settle.actions.filter((a) => a.status === 'skipped');
  if (skips.some((a) => has(a.reason, 'deleted'))) return { text: localize('Deleted on disk'), icon: 'warning' };
  if (skips.some((a) => has(a.reason, 'conflict'))) return { text: localize('Conflict'), icon: 'warning' };
  if (done.some((a) => a.kind === 'save')) {
    // Saved, but a format or code action asked for before it did not run (broken code, the caret,
    // too large…): a check mark would read as "formatted and saved".
    const missed = skips.filter((a) => a.kind === 'edit' && !nothingToDo(a.reason));
    if (missed.length === 0) return { text: localize('Saved'), icon: 'check' };
    const format = missed.some((a) => a.action === 'format');
    // Only waiting for the caret to move on (a pause after a space): it comes, no warning for that.
    if (missed.every((a) => leaves(a.reason).every((r) => r.code === 'deferredAtCaret' || nothingToDo(r)))) {
      return { text: localize('Saved · {0}', format ? localize('not formatted yet') : localize('not fixed yet')), icon: 'info' };
    }
    return { text: localize('Saved · {0}', format ? localize('not formatted') : localize('not fixed')), icon: 'warning' };
  }
  const changed = done.filter((a) => !nothingToDo(a.reason));
  if (changed.some((a) => a.kind === 'edit')) return { text: localize('Formatted'), icon: 'check' };
  if (changed.length > 0) return { text: localize('Done'), icon: 'check' };
  const blocking = skips.find((a) => !nothingToDo(a.reason));
  if (blocking !== undefined) {
    const first = leaves(blocking.reason).find((r) => !nothingToDo(r)) ?? blocking.reason;
    // Broken code in several cells of a notebook: the errors of all of them.
    const broken = leaves(blocking.reason).reduce((n, r) => n + (r.code === 'brokenCode' ? r.more + 1 : 0), 0);
    const word = first.code === 'brokenCode' ? errors(broken, localize) : whySkipped(first, localize);
    // Broken code is a warning: the file is left dirty until the user fixes it.
    return first.code === 'brokenCode' ? { text: localize('Not run: {0}', word), icon: 'warning' } : { text: localize('Skipped: {0}', word), icon: 'circle-slash' };
  }
  return { text: localize('Nothing to do'), icon: 'check' };
}

/**
 * Text from outside — a setting's value, a file name, a diagnostic, a command's id and arguments —
 * made literal in Markdown (the status bar's tooltip): every character Markdown, HTML, theme icons
 * (`$(…)`) or a table give a meaning is escaped, and a line break (which would end a table row)
 * becomes a space. `![x](https://…)` stays text, never an image; `[x](command:…)` never a link.
 */
export function escapeMarkdown(text: string): string {
  const flat = text.replace(/\r\n|[\r\n]/g, ' ');
  // A theme icon stays text only as `\$(name)`, exactly: VS Code's renderer keeps that backslash
  // through the Markdown and skips the icon, where `\$\(name\)` would come out as `$(name)`: an icon.
  let escaped = '';
  let last = 0;
  for (const icon of flat.matchAll(/\$\(([A-Za-z0-9-]+(?:~[A-Za-z]+)?)\)/g)) {
    escaped += escapePlain(flat.slice(last, icon.index)) + `\\$(${icon[1]})`;
    last = icon.index + icon[0].length;
  }
  return escaped + escapePlain(flat.slice(last));
}

function escapePlain(text: string): string {
  return (
    text
      // `:` too: a bare `https://…` is a link in GitHub-flavoured Markdown.
      .replace(/[\\`*_{}[\]()#+\-!|<>~&$:]/g, '\\$&')
      // A dot only where it means something (it is in every setting's name): `1.` starting a list, `www.` a link.
      .replace(/^(\d+)\./, '$1\\.')
      .replace(/\b(www)\./gi, '$1\\.')
  );
}

/**
 * Text from outside in a notification message, which renders `[text](https:…)`, `(command:…)`
 * and `(file:…)` as links: an invisible zero-width space between `]` and `(` keeps it text.
 */
export function noLinks(text: string): string {
  return text.replace(/\]\(/g, ']\u200B(');
}
