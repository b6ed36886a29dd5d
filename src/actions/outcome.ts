/**
 * What an action did, as data: a status and a reason with a code and the numbers it needs. The log
 * line, the tooltip, the status bar word and `onDidSettle` are all rendered from it; nothing reads
 * a message back. Pure: no `vscode` import, unit-tested in Node.
 */

import { formatMs } from '../core/time';

export type Status = 'done' | 'skipped' | 'failed' | 'timeout';

/** What an action is, for what the runner and the status bar make of its outcome. */
export type ActionKind = 'save' | 'edit' | 'command' | 'notify';

/** Which part of a settle an edit action was in when the user's typing stopped it. */
export type TypedWhen = 'beforeAction' | 'computing' | 'stopped';

/** How many errors a format or code action saw and did not stop for. */
export interface ErrorNotes {
  /** Errors on lines typed since the last settle that are not syntax errors. */
  readonly typed: number;
  /** Errors elsewhere in the file. */
  readonly elsewhere: number;
}

/** The caret and scroll positions carried through an edit, and how long that took. */
export interface KeptView {
  readonly positions: number;
  readonly ms: number;
}

/**
 * What a `formatScope` other than `file` limited a format to: how many lines, and for
 * `modifications` that fell back to the typed lines, why (no repository, untracked…).
 */
export interface ScopeNote {
  readonly kind: 'changed' | 'modifications';
  readonly lines: number;
  readonly fellBack?: string;
}

export type Reason =
  // Done.
  | { readonly code: 'saved'; readonly files?: number; readonly changedWhileSaving?: boolean; readonly keptAtCaret?: number }
  | { readonly code: 'savedWithoutFormatting' }
  | { readonly code: 'formatted'; readonly edits: number; readonly notes?: ErrorNotes; readonly waiting?: number; readonly view?: KeptView; readonly scope?: ScopeNote }
  | { readonly code: 'applied'; readonly titles: readonly string[]; readonly waiting?: number; readonly view?: KeptView }
  | { readonly code: 'alreadyFormatted'; readonly notes?: ErrorNotes }
  | { readonly code: 'ran' }
  | { readonly code: 'shown' }
  // Nothing to do.
  | { readonly code: 'clean'; readonly files?: boolean }
  | { readonly code: 'alreadySaved' }
  /** The formatter answered nothing: VS Code says the same when there is none. `answered`: this language's formatter had answered before. */
  | { readonly code: 'noEdits'; readonly language: string; readonly answered?: boolean }
  | { readonly code: 'noCodeAction'; readonly kind: string }
  /** `formatScope` `changed` or `modifications`, and no such line. */
  | { readonly code: 'noChangedLines'; readonly scope: ScopeNote }
  | { readonly code: 'noCodeCells' }
  // A notebook none of whose cells was edited since the last settle (nor left unfinished then).
  | { readonly code: 'noEditedCells' }
  // Left alone, on purpose.
  | { readonly code: 'untitled' }
  | { readonly code: 'readOnly' }
  | { readonly code: 'deleted'; readonly first: boolean; readonly files?: boolean }
  | { readonly code: 'conflict'; readonly held: boolean }
  | { readonly code: 'typed'; readonly when: TypedWhen; readonly beforeCell?: number }
  | { readonly code: 'restored'; readonly what: string }
  | { readonly code: 'tooLarge'; readonly first: boolean; readonly lines: number; readonly limit: string; readonly what: string }
  | {
      readonly code: 'brokenCode';
      readonly diagnostic: string;
      readonly line: number;
      readonly why: string;
      readonly more: number;
      readonly what: string;
    }
  | { readonly code: 'deferredAtCaret'; readonly would: Reason }
  | { readonly code: 'notActive'; readonly name: string }
  // A command brought by a trusted folder's workspace or folder settings that the user has not
  // allowed (src/actions/consent.ts): the question is open, answered "Not now", or "Never".
  | { readonly code: 'notAllowed'; readonly answer: 'asking' | 'notNow' | 'never' }
  | { readonly code: 'waitsForEditor' }
  | { readonly code: 'notebookUnsupported' }
  | { readonly code: 'noDocument' }
  | { readonly code: 'closed' }
  | { readonly code: 'deactivated' }
  | { readonly code: 'late'; readonly formatter?: boolean }
  | { readonly code: 'cutOff' }
  | { readonly code: 'refused' }
  | { readonly code: 'afterTimeout'; readonly action: string }
  | { readonly code: 'backoff'; readonly failures: number; readonly saveInMs?: number; readonly settles?: { readonly skipped: number; readonly of: number }; readonly stopped?: boolean }
  // Failed.
  | { readonly code: 'notSaved'; readonly failures?: number; readonly files?: number }
  | { readonly code: 'stillUnsaved' }
  | { readonly code: 'timeout'; readonly limitMs: number }
  | { readonly code: 'error'; readonly message: string }
  // A notebook's edit action, cell by cell, in order: each cell's number as VS Code shows it (1-based,
  // markdown cells counted), `of` the notebook's cell count.
  | { readonly code: 'cells'; readonly of?: number; readonly cells: readonly { readonly cell: number; readonly reason: Reason }[] };

export type OutcomeCode = Reason['code'];

export interface Outcome {
  readonly status: Status;
  readonly reason: Reason;
}

export const done = (reason: Reason): Outcome => ({ status: 'done', reason });
export const skipped = (reason: Reason): Outcome => ({ status: 'skipped', reason });
export const failed = (reason: Reason): Outcome => ({ status: 'failed', reason });

/** Why a whole stage did not run: one of its `when` conditions, or an unexpected error. */
export type StageSkip =
  | { readonly code: 'condition'; readonly condition: 'languages' | 'pattern' | 'onlyDirty' | 'workspaceOnly' | 'noErrors' | 'focused' | 'debugging' | 'document'; readonly detail: string; readonly errors?: number }
  | { readonly code: 'error'; readonly message: string };

export function describeStageSkip(skip: StageSkip): string {
  return skip.code === 'condition' ? `not run: ${skip.detail}` : `failed: ${skip.message}`;
}

export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function notesText(notes: ErrorNotes | undefined): string {
  if (notes === undefined) return '';
  const parts: string[] = [];
  if (notes.typed > 0) parts.push(`${plural(notes.typed, 'error')} where you typed ${notes.typed === 1 ? 'is' : 'are'} not a syntax error and did not stop it`);
  if (notes.elsewhere > 0) parts.push(`${plural(notes.elsewhere, 'error')} elsewhere in the file did not stop it`);
  return parts.map((n) => `; ${n}`).join('');
}

/** The edit's own words, then what waits at the caret, then the positions kept. */
function editTail(reason: { readonly waiting?: number; readonly view?: KeptView }): string {
  const wait = reason.waiting ? `; ${plural(reason.waiting, 'change')} at your caret wait until you move on` : '';
  const view = reason.view ? `; ${reason.view.positions} caret and scroll positions kept in ${Math.round(reason.view.ms)} ms` : '';
  return wait + view;
}

/** `3 changed lines`, `1 modified line`. */
function scopeLines(scope: ScopeNote): string {
  return plural(scope.lines, scope.kind === 'modifications' && scope.fellBack === undefined ? 'modified line' : 'changed line');
}

/** `scope: changed`, or `scope: modifications, but no Git repository: the typed lines`. */
function scopeText(scope: ScopeNote): string {
  return scope.fellBack === undefined ? `scope: ${scope.kind}` : `scope: ${scope.kind}, but ${scope.fellBack}: the typed lines`;
}

/** The reason in words, for the log and the tooltip (English, like the rest of the log). */
export function describe(reason: Reason): string {
  switch (reason.code) {
    case 'saved':
      if (reason.files !== undefined) return `saved ${plural(reason.files, 'file')}`;
      if (reason.changedWhileSaving) return 'saved; changed again while saving';
      if (reason.keptAtCaret) return `saved; ${plural(reason.keptAtCaret, 'change')} at your caret kept out of the editor until you move on`;
      return 'saved';
    case 'savedWithoutFormatting':
      return 'saved without formatting';
    case 'formatted':
      if (reason.scope !== undefined) {
        return `formatted ${scopeLines(reason.scope)} (${plural(reason.edits, 'edit')}${notesText(reason.notes)}; ${scopeText(reason.scope)})${editTail(reason)}`;
      }
      return `formatted (${plural(reason.edits, 'edit')}${notesText(reason.notes)})${editTail(reason)}`;
    case 'applied':
      return `applied ${reason.titles.join(', ')}${editTail(reason)}`;
    case 'alreadyFormatted':
      return `already formatted${notesText(reason.notes)}`;
    case 'ran':
      return 'ran';
    case 'shown':
      return 'shown';
    case 'clean':
      return reason.files ? 'no unsaved files' : 'no unsaved changes';
    case 'alreadySaved':
      return 'already saved';
    case 'noEdits':
      return reason.answered
        ? `already formatted (the "${reason.language}" formatter had no edits)`
        : `no formatter for "${reason.language}" answered: none is installed for it, or the file is already formatted`;
    case 'noChangedLines':
      return `nothing ${reason.scope.kind === 'changed' || reason.scope.fellBack !== undefined ? 'typed since it was last formatted' : 'differs from Git'} (${scopeText(reason.scope)})`;
    case 'noCodeAction':
      return `no ${reason.kind} action for this document`;
    case 'noCodeCells':
      return 'no code cells';
    case 'noEditedCells':
      return 'no cell edited since the last settle';
    case 'untitled':
      return 'untitled (never pushed into a Save As dialog)';
    case 'readOnly':
      return 'read-only';
    case 'deleted':
      if (reason.files) return 'deleted on disk: not created again';
      return reason.first
        ? 'deleted on disk: not created again; your typing stays in the editor (save it by hand to bring the file back)'
        : 'deleted on disk (see the first skip in the log)';
    case 'conflict':
      return reason.held
        ? 'conflict (held since the failed save; see it in the log): save by hand or revert'
        : 'conflict: the file changed on disk under your unsaved typing; not saved automatically until you save by hand (compare or overwrite) or revert';
    case 'typed':
      if (reason.beforeCell !== undefined) return `you typed; stopped before cell ${reason.beforeCell}`;
      return reason.when === 'computing'
        ? 'you typed while it was being computed; not applied'
        : reason.when === 'stopped'
          ? 'you typed; stopped'
          : 'you typed; it runs again at the next settle';
    case 'restored':
      return `you undid or redid: not ${reason.what} what you restored`;
    case 'tooLarge':
      return reason.first ? `too large (${reason.lines} lines; the limit is ${reason.limit}): saved, not ${reason.what} on settle` : 'too large (see the first skip in the log)';
    case 'brokenCode': {
      const more = reason.more > 0 ? ` (and ${reason.more} more there)` : '';
      return `held back: ${reason.diagnostic} on line ${reason.line}, where you typed, is ${reason.why}${more}; ${reason.what} broken code could move what you are typing`;
    }
    case 'deferredAtCaret':
      return `every change is at your caret: waits until you move on (${describe(reason.would)})`;
    case 'notActive':
      return `not run: ${reason.name} is not the active editor (a command acts on the active one); it runs when you are back there`;
    case 'notAllowed':
      return reason.answer === 'asking'
        ? 'not run: a command from the workspace settings; waiting for your answer (Allow runs it)'
        : reason.answer === 'notNow'
          ? 'not run: you answered "Not now" for the workspace settings\' commands (asked again after a reload or when they change)'
          : 'not run: you answered "Never for this folder" for these workspace settings\' commands';
    case 'waitsForEditor':
      return 'not the active editor; saved without formatting when it is';
    case 'notebookUnsupported':
      return 'a notebook has no save without formatting for extensions; use "save"';
    case 'noDocument':
      return 'no document (no editor is active)';
    case 'closed':
      return 'the document was closed';
    case 'deactivated':
      return 'the extension was deactivated';
    case 'late':
      return reason.formatter ? 'the formatter answered after the time limit; not applied' : 'answered after the time limit; not applied';
    case 'cutOff':
      return 'cut off at the time limit; stopped';
    case 'refused':
      return 'the document changed before the edit could be applied; not applied';
    case 'afterTimeout':
      return `${reason.action} was cut off at its time limit and may still be running`;
    case 'backoff':
      if (reason.saveInMs !== undefined) return `backing off after ${reason.failures} failed saves in a row; a settle ${formatMs(reason.saveInMs)} from now tries again`;
      if (reason.stopped) return `stopped after ${reason.failures} failures in a row; change the settings or reload to try again`;
      return `backing off after ${reason.failures} failures in a row (${reason.settles?.skipped ?? 0}/${reason.settles?.of ?? 0} settles)`;
    case 'notSaved':
      return reason.files !== undefined ? `VS Code did not save ${reason.failures ?? 0} of ${plural(reason.files, 'file')}` : 'VS Code did not save it';
    case 'stillUnsaved':
      return 'still unsaved';
    case 'timeout':
      return `no answer within ${formatMs(reason.limitMs)}; abandoned, nothing it does later is applied (idleWatchdog.actionTimeout)`;
    case 'error':
      return reason.message;
    case 'cells':
      return reason.cells.map((c) => `cell ${c.cell}${reason.of !== undefined ? ` of ${reason.of}` : ''}: ${describe(c.reason)}`).join('; ');
  }
}

/** The reasons an outcome stands for: a notebook's cells' own, else itself. */
export function leaves(reason: Reason): readonly Reason[] {
  return reason.code === 'cells' ? reason.cells.flatMap((c) => leaves(c.reason)) : [reason];
}

/** Nothing needed doing: no unsaved changes, already formatted, no action of that kind. */
export function nothingToDo(reason: Reason): boolean {
  return leaves(reason).every((r) => IDLE.has(r.code));
}

/** Reasons that mean the action had nothing to do: they never stand for a settle on the status bar. */
const IDLE: ReadonlySet<OutcomeCode> = new Set(['clean', 'alreadySaved', 'alreadyFormatted', 'noEdits', 'noCodeAction', 'noCodeCells', 'noEditedCells', 'noChangedLines']);

