import * as vscode from 'vscode';
import { Action } from '../config/model';
import type { SizeLimit } from '../config/parse';
import type { EditedLines } from '../core/editedRanges';
import { caretZones, diffEdits, inverseEdits, mapOffsets, OffsetEdit, reduceEdits, sortEdits, Span, splitAtZones } from '../core/textEdits';
import { currentErrors } from './conditions';
import type { ActionContext as GenericContext, Outcome } from './runner';
import { CELL_SCHEME, codeCellDocuments, isNotebook, Target } from '../target';

type ActionContext = GenericContext<Target>;

/** What the controller knows about the settled document that the edit actions need. */
export interface ActionEnv {
  /** The lines the user edited since the last settle that formatted (undefined: not tracked). */
  readonly edited: EditedLines | undefined;
  /** Above this the document is not formatted. */
  readonly formatLimit: SizeLimit;
  /** Whether the watchdog acts on this document at all (`idleWatchdog.enabled`, `settingsFiles`). */
  readonly enabled: boolean;
  /** A document stage's command did not run, its document not in front: settle again when it is. */
  waitForActive(): void;
  /** Edits at the caret (now at `carets`) were held back: settle again once the user moves it. */
  waitForCaret(carets: readonly vscode.Selection[]): void;
}

const done = (detail: string): Outcome => ({ status: 'done', detail });
const skipped = (detail: string): Outcome => ({ status: 'skipped', detail });
const failed = (detail: string): Outcome => ({ status: 'failed', detail });

/**
 * Runs one action. Every built-in acts on the settled document by URI, never through the active
 * editor, so a document that is no longer in front still gets its own actions and focus is never
 * stolen: formatting asks the provider for edits and applies them with a WorkspaceEdit, saving
 * calls `TextDocument.save()`, code actions are fetched for the document's URI. Only generic
 * commands run as VS Code runs them (most act on the active editor).
 *
 * A notebook is saved as a whole (`NotebookDocument.save()`); format and code actions run on each
 * of its code cells in turn, as on a text document (the cell's language's formatter, its carets
 * kept, its edited lines guarded).
 */
export async function runAction(action: Action, ctx: ActionContext, envOf: (document: Target) => ActionEnv): Promise<Outcome> {
  switch (action.kind) {
    case 'notify':
      return notify(action.text, action.severity);
    case 'saveAll':
      return saveAll(ctx, envOf);
    case 'command':
      // A command acts on the active editor: the settled document's command never runs on another
      // one (typing in a.txt, then switching to b.txt, must not uppercase b.txt). It waits.
      if (ctx.document !== undefined && !isActive(ctx.document)) {
        envOf(ctx.document).waitForActive();
        return skipped(`not run: ${vscode.workspace.asRelativePath(ctx.document.uri)} is not the active editor (a command acts on the active one); it runs when you are back there`);
      }
      return command(action.command, action.args, ctx);
  }
  const document = ctx.document;
  if (document === undefined) return skipped('no document (no editor is active)');
  if (document.isClosed) return skipped('the document was closed');
  switch (action.kind) {
    case 'save':
      return save(document, ctx, isNotebook(document) ? undefined : envOf(document));
    case 'saveWithoutFormatting':
      if (isNotebook(document)) return skipped('a notebook has no save without formatting for extensions; use "save"');
      return saveWithoutFormatting(document, ctx);
  }
  const run = (cell: vscode.TextDocument): Promise<Outcome> => {
    switch (action.kind) {
      case 'format':
        return format(cell, ctx, envOf(cell));
      case 'organizeImports':
        return codeActions(cell, vscode.CodeActionKind.SourceOrganizeImports, ctx, envOf(cell));
      case 'fixAll':
        return codeActions(cell, vscode.CodeActionKind.SourceFixAll, ctx, envOf(cell));
      case 'codeAction':
        return codeActions(cell, vscode.CodeActionKind.Empty.append(action.codeActionKind), ctx, envOf(cell));
    }
  };
  return isNotebook(document) ? inEachCell(document, ctx, run) : run(document);
}

/**
 * Runs an edit action on each code cell of a notebook in turn. Stops when the user typed (in any
 * cell) or a cell's action failed; done when it was done on some cell, else skipped. A cell held
 * back (an error where the user types) while the others needed nothing is what the settle did:
 * skipped, with that cell's reason.
 */
async function inEachCell(notebook: vscode.NotebookDocument, ctx: ActionContext, run: (cell: vscode.TextDocument) => Promise<Outcome>): Promise<Outcome> {
  const cells = codeCellDocuments(notebook);
  if (cells.length === 0) return skipped('no code cells');
  const details: string[] = [];
  const held: string[] = [];
  let doneCells = 0;
  let changed = false;
  for (const [i, cell] of cells.entries()) {
    if (ctx.abandoned()) return skipped('cut off at the time limit; stopped');
    if (ctx.userEdited()) return skipped(`you typed; stopped before cell ${i + 1}`);
    const outcome = await run(cell);
    const detail = `cell ${i + 1}: ${outcome.detail}`;
    if (outcome.status !== 'done' && outcome.status !== 'skipped') return { ...outcome, detail };
    if (outcome.status === 'skipped' && ctx.userEdited()) return skipped(detail);
    if (outcome.status === 'done') {
      doneCells++;
      changed ||= !outcome.detail.startsWith('already');
    } else if (!outcome.detail.startsWith('no ')) held.push(detail);
    details.push(detail);
  }
  if (!changed && held.length > 0) return skipped(held.join('; '));
  return doneCells > 0 ? done(details.join('; ')) : skipped(details.join('; '));
}

function notify(text: string, severity: 'info' | 'warning' | 'error'): Outcome {
  // Not awaited: a notification waits for the user, the round must not.
  const show =
    severity === 'error' ? vscode.window.showErrorMessage : severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  void show(text);
  return done('shown');
}

/** Whether `target` is what the active editor shows (a cell of it, for a notebook). */
function isActive(target: Target): boolean {
  const active = vscode.window.activeTextEditor?.document;
  if (active === target) return true;
  if (!isNotebook(target)) return false;
  return vscode.window.activeNotebookEditor?.notebook === target || (active !== undefined && target.getCells().some((cell) => cell.document === active));
}

/** Documents already told to be deleted on disk (the whole reason once, a short one after). */
const toldDeleted = new WeakSet<Target>();

/**
 * Whether `target`'s file is gone from disk (deleted, or its folder removed, while open): a save
 * would create it again. Only a file system's clear "not found" counts; any other failure to
 * look lets the save go on (and report its own failure).
 */
async function deletedOnDisk(target: Target): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(target.uri);
    toldDeleted.delete(target);
    return false;
  } catch (e) {
    return e instanceof vscode.FileSystemError && e.code === 'FileNotFound';
  }
}

function deletedSkip(target: Target): Outcome {
  const first = !toldDeleted.has(target);
  toldDeleted.add(target);
  return skipped(first ? 'deleted on disk: not created again; your typing stays in the editor (save it by hand to bring the file back)' : 'deleted on disk (see the first skip in the log)');
}

/** Since when each document is known to be in step with its file (wall clock, ms). */
const inSync = new WeakMap<Target, number>();
/** Documents whose save failed because the file changed on disk: not saved by a timer until resolved. */
const conflicts = new WeakSet<Target>();

/**
 * `target` is in step with its file now (clean, about to be typed into; or just saved): a failed
 * save can then tell that someone else wrote the file after this moment (its time stamp is later).
 */
export function noteInSync(target: Target): void {
  if (!target.isUntitled) inSync.set(target, Date.now());
}

/** The user resolved a conflict (saved by hand, reverted, or VS Code reloaded the file): saves go on. */
export function conflictResolved(target: Target): void {
  conflicts.delete(target);
}

/** What our last save of each text document wrote: its length and a hash (no copy of the text kept). */
const lastWritten = new WeakMap<Target, string>();

/** Length and FNV-1a hash of `text`: enough to tell whether a file still holds what we wrote. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return `${text.length}:${hash >>> 0}`;
}

/**
 * After a failed save: did the file change on disk since it was last in step with the editor?
 * Its time stamp is later than that moment, or (where time stamps are coarse) it no longer holds
 * what our last save wrote.
 */
async function changedOnDisk(target: Target): Promise<boolean> {
  const known = inSync.get(target);
  if (known === undefined) return false;
  try {
    if ((await vscode.workspace.fs.stat(target.uri)).mtime > known) return true;
    const written = lastWritten.get(target);
    return written !== undefined && fingerprint(new TextDecoder().decode(await vscode.workspace.fs.readFile(target.uri))) !== written;
  } catch {
    return false;
  }
}

const CONFLICT = 'conflict: the file changed on disk under your unsaved typing; not saved automatically until you save by hand (compare or overwrite) or revert';

/** Why a document or notebook cannot be saved by us, if it cannot. */
function unsavable(document: Target): string | undefined {
  // An untitled document would open a Save As dialog in the user's face; only they ask for that.
  if (document.isUntitled) return 'untitled (never pushed into a Save As dialog)';
  if (vscode.workspace.fs.isWritableFileSystem(document.uri.scheme) === false) return 'read-only';
  if (!document.isDirty) return 'no unsaved changes';
  return undefined;
}

/**
 * A save from an extension is an explicit save: VS Code runs `editor.formatOnSave`,
 * `editor.codeActionsOnSave`, `files.trimTrailingWhitespace` and the rest. Their edits happen
 * inside our window, so they do not kick. In the editor the user types in, those that touched the
 * characters at a caret (the space it sits after, a final newline right after it) are undone in the
 * editor at once: the file on disk has everything typed, the editor keeps the typist's place, and
 * the rest is applied by the next save once the caret has moved on.
 */
async function save(document: Target, ctx: ActionContext, env: ActionEnv | undefined): Promise<Outcome> {
  const why = unsavable(document);
  if (why) return skipped(why);
  if (conflicts.has(document)) return skipped('conflict (held since the failed save; see it in the log): save by hand or revert');
  if (await deletedOnDisk(document)) return deletedSkip(document);
  const uri = document.uri.toString();
  // Above the format size limit the participants' edits are left as VS Code applies them: reading
  // and diffing such a file on every save would stall the extension host.
  const shown = !isNotebook(document) && vscode.window.visibleTextEditors.some((e) => e.document === document);
  const view = env !== undefined && shown && !aboveLimit(document as vscode.TextDocument, env.formatLimit) ? captureView(document as vscode.TextDocument) : undefined;
  const window = ctx.ownEdits.open([uri]);
  let ok: boolean;
  try {
    ok = await document.save();
  } finally {
    window.close();
  }
  // Saved meanwhile by someone else (VS Code saving its own settings.json edits, auto save).
  if (!ok && !document.isDirty) return skipped('already saved');
  if (!ok && (await changedOnDisk(document))) {
    // Another writer's content is on disk: never overwritten by a timer. VS Code told the user
    // once (its "content of the file is newer" message, with Compare and Overwrite).
    conflicts.add(document);
    return skipped(CONFLICT);
  }
  if (!ok) return failed('VS Code did not save it');
  noteInSync(document);
  if (!isNotebook(document) && !aboveLimit(document, env?.formatLimit ?? { lines: Infinity, chars: Infinity, source: '' })) lastWritten.set(document, fingerprint(document.getText()));
  // Changes during the save that were written with it (formatOnSave's) are the save's; a change
  // it did not write (still dirty) was the user's, typed while it ran: that settles again.
  if (document.isDirty) {
    ctx.userChanged(uri);
    return done('saved; changed again while saving');
  }
  if (view === undefined || ctx.userEdited() || isNotebook(document)) return done('saved');
  const after = document.getText();
  if (after === view.text) return done('saved');
  // What the save participants changed, as minimal edits of the text before the save.
  const edits = diffEdits(view.text, after);
  // Only whitespace is taken back at the caret (a trimmed space, a final newline): what a save
  // participant wrote otherwise (a semicolon, text another extension inserted) stays, so taking
  // back can never lose anything the next save would not write again.
  const undone = new Set(splitAtZones(view.text, edits, view.zones).waiting.filter((e) => isBlank(e.text) && isBlank(view.text.slice(e.start, e.end))));
  if (undone.size === 0) {
    restoreView(document, view, mapOffsets(view.text, edits, view.offsets), ctx);
    return done('saved');
  }
  const back = inverseEdits(view.text, edits, undone);
  const applied = await applyOwn(document, document.version, back, ctx);
  if (applied !== 'applied') return done('saved');
  restoreView(document, view, mapOffsets(view.text, edits.filter((e) => !undone.has(e)), view.offsets), ctx);
  env?.waitForCaret(activeCarets(document));
  return done(`saved; ${plural(undone.size, 'change')} at your caret kept out of the editor until you move on`);
}

async function saveWithoutFormatting(document: vscode.TextDocument, ctx: ActionContext): Promise<Outcome> {
  const why = unsavable(document);
  if (why) return skipped(why);
  if (await deletedOnDisk(document)) return deletedSkip(document);
  // VS Code's command saves the active editor only; there is no API to skip save participants
  // for another document, and switching editors would steal focus. It waits for the next settle
  // while in front instead.
  if (vscode.window.activeTextEditor?.document !== document) return skipped('not the active editor; saved without formatting when it is');
  const uri = document.uri.toString();
  const window = ctx.ownEdits.open([uri]);
  try {
    await vscode.commands.executeCommand('workbench.action.files.saveWithoutFormatting');
  } finally {
    window.close();
  }
  if (!document.isDirty) return done('saved without formatting');
  // Still dirty: either the user typed while it saved (settle again) or it did not save.
  if (window.touched.size > 0) ctx.userChanged(uri);
  return failed('still unsaved');
}

/**
 * Saves every unsaved file and notebook the watchdog acts on: not untitled ones (no dialog), not
 * where it is disabled (a language, a folder, VS Code's own settings files without
 * `settingsFiles`), never one deleted on disk or held in conflict.
 */
async function saveAll(ctx: ActionContext, envOf: (document: Target) => ActionEnv): Promise<Outcome> {
  const candidates: Target[] = [
    ...vscode.workspace.textDocuments.filter((d) => d.isDirty && !d.isUntitled && d.uri.scheme !== CELL_SCHEME && unsavable(d) === undefined),
    ...vscode.workspace.notebookDocuments.filter((n) => n.isDirty && unsavable(n) === undefined),
  ].filter((d) => envOf(d).enabled && !conflicts.has(d));
  // A file deleted on disk is never created again by a timer.
  const gone = await Promise.all(candidates.map((d) => deletedOnDisk(d)));
  const dirty = candidates.filter((_, i) => !gone[i]);
  if (dirty.length === 0) return skipped(candidates.length > 0 ? 'deleted on disk: not created again' : 'no unsaved files');
  // The window covers only the documents it saves: typing anywhere else is the user's as always.
  const window = ctx.ownEdits.open(dirty.map((d) => d.uri.toString()));
  let saved: boolean[];
  try {
    saved = await Promise.all(dirty.map((d) => d.save()));
  } finally {
    window.close();
  }
  // A document changed during the save and still dirty was typed in meanwhile: it settles again.
  for (const document of dirty) if (document.isDirty && window.touched.has(document.uri.toString())) ctx.userChanged(document.uri.toString());
  for (const [i, document] of dirty.entries()) if (saved[i]) noteInSync(document);
  const failedCount = saved.filter((ok, i) => !ok && dirty[i].isDirty).length;
  const files = `${dirty.length} file${dirty.length === 1 ? '' : 's'}`;
  return failedCount === 0 ? done(`saved ${files}`) : failed(`VS Code did not save ${failedCount} of ${files}`);
}

async function command(id: string, args: readonly unknown[], ctx: ActionContext): Promise<Outcome> {
  // The window covers the settled document (without one, a window stage's command, every
  // document); other documents are not covered: the user may be typing there. Whose a change
  // inside it was cannot be told, so each changed document settles once more afterwards.
  const window = ctx.ownEdits.open(ctx.document !== undefined ? [ctx.document.uri.toString()] : 'all');
  try {
    await vscode.commands.executeCommand(id, ...args);
    return done('ran');
  } finally {
    for (const uri of window.close()) ctx.unclear(uri);
  }
}

function formattingOptions(document: vscode.TextDocument): vscode.FormattingOptions {
  const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
  if (editor && typeof editor.options.tabSize === 'number' && typeof editor.options.insertSpaces === 'boolean') {
    return { tabSize: editor.options.tabSize, insertSpaces: editor.options.insertSpaces };
  }
  const config = vscode.workspace.getConfiguration('editor', document);
  return { tabSize: config.get<number>('tabSize', 4), insertSpaces: config.get<boolean>('insertSpaces', true) };
}

/** Whether `document` is above the size where it is saved but not reformatted. */
function aboveLimit(document: vscode.TextDocument, limit: SizeLimit): boolean {
  const lines = document.lineCount;
  return lines > limit.lines || (limit.chars !== Infinity && document.offsetAt(new vscode.Position(lines - 1, Number.MAX_SAFE_INTEGER)) > limit.chars);
}

/** Documents whose size was already logged as too large (one log line each). */
const toldTooLarge = new WeakSet<vscode.TextDocument>();

/**
 * Why an edit action (format, code actions) must leave the document alone now, if it must; else
 * what it found (for the log).
 *
 * - Undo/redo: what the user restored is not redone.
 * - Size: above the limit (VS Code's large-file threshold by default) a document is saved, not
 *   reformatted: diffing and applying whole-file edits there would stall the extension host.
 * - Broken code under the caret: formatting an incomplete construct moves what the user is in the
 *   middle of typing (the `]` auto-closed after `[1,` lands on another line). So it waits for the
 *   language server's word on the latest edit and skips when a *syntax* error touches the lines
 *   typed since the last settle (±1 line). A lint rule's error (the very thing fix-all fixes) or a
 *   type error (an unresolved import) is not broken code and never stops it; nor does an error on
 *   a line typed before the last settle (the controller starts the edited lines afresh each one).
 */
async function editGuard(document: vscode.TextDocument, ctx: ActionContext, env: ActionEnv, what: string): Promise<{ skip: string } | { note: string }> {
  if (ctx.restored()) return { skip: `you undid or redid: not ${what} what you restored` };
  const limit = env.formatLimit;
  const lines = document.lineCount;
  if (aboveLimit(document, limit)) {
    // The whole reason once per document; a short one after that.
    const first = !toldTooLarge.has(document);
    toldTooLarge.add(document);
    return { skip: first ? `too large (${lines} lines; the limit is ${limit.source}): saved, not ${what} on settle` : 'too large (see the first skip in the log)' };
  }
  const edited = env.edited;
  const typedOn = (d: vscode.Diagnostic) => edited === undefined || edited.touches(d.range.start.line, d.range.end.line);
  const broken = (errors: vscode.Diagnostic[]) => errors.filter((d) => typedOn(d) && syntaxError(d) !== undefined);
  const errors = await currentErrors(document.uri, () => edited?.stale === true, (e) => broken(e).length > 0);
  const holding = broken(errors);
  if (holding.length > 0) {
    const first = holding[0];
    const more = holding.length > 1 ? ` (and ${holding.length - 1} more there)` : '';
    return {
      skip: `held back: ${describeDiagnostic(first)} on line ${first.range.start.line + 1}, where you typed, is ${syntaxError(first)}${more}; ${what} broken code could move what you are typing`,
    };
  }
  const typedNotBroken = errors.filter(typedOn).length;
  const elsewhere = errors.length - typedNotBroken;
  const notes: string[] = [];
  if (typedNotBroken > 0) notes.push(`${plural(typedNotBroken, 'error')} where you typed ${typedNotBroken === 1 ? 'is' : 'are'} not a syntax error and did not stop it`);
  if (elsewhere > 0) notes.push(`${plural(elsewhere, 'error')} elsewhere in the file did not stop it`);
  return { note: notes.map((n) => `; ${n}`).join('') };
}

const isBlank = (text: string) => /^\s*$/.test(text);

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A diagnostic's code as a string ('' for none). */
const codeOf = (d: vscode.Diagnostic): string => String((typeof d.code === 'object' && d.code !== null ? d.code.value : d.code) ?? '');

/** `source(code): message`, for the log. */
function describeDiagnostic(d: vscode.Diagnostic): string {
  const code = codeOf(d);
  const source = d.source ?? 'a diagnostic';
  return `${source}${code ? `(${code})` : ''} "${d.message.split('\n')[0].slice(0, 80)}"`;
}

/** Sources that report rule violations, spelling or style, not whether the text parses. */
const LINTERS = new Set(['eslint', 'stylelint', 'markdownlint', 'cspell', 'pylint', 'flake8', 'ruff', 'rubocop', 'shellcheck', 'hadolint', 'jshint', 'tslint', 'biome', 'oxc', 'prettier']);

/**
 * Why an error diagnostic counts as broken code (a syntax error), or undefined when it does not:
 * - TypeScript and JavaScript: codes 1000–1999 are the parser's; 2000 and up are type errors
 *   (`Cannot find module 'fs'` is 2307) and do not count.
 * - JSON: codes 0x100–0x2ff are the scanner's and parser's; lower ones and 0x300 up are schema checks.
 * - A linter (ESLint and its peers): only its parsing error (no rule id, "Parsing error: …") counts.
 * - Anything else is taken as broken (safe: it only waits).
 */
export function syntaxError(d: vscode.Diagnostic): string | undefined {
  const source = (d.source ?? '').toLowerCase();
  const code = codeOf(d);
  const number = Number(code);
  if (source === 'ts' || source === 'typescript' || source === 'js' || source === 'javascript') {
    if (code === '' || !Number.isFinite(number)) return 'an error the TypeScript service reports (no code to tell its kind)';
    return number >= 1000 && number < 2000 ? `a syntax error (TypeScript code ${code} is the parser's)` : undefined;
  }
  if (source === 'json' || source === 'jsonc') {
    if (code === '' || !Number.isFinite(number)) return 'an error the JSON service reports (no code to tell its kind)';
    return number >= 0x100 && number < 0x300 ? 'a syntax error (the JSON parser\'s)' : undefined;
  }
  if (LINTERS.has(source)) return code === '' || /^parsing error/i.test(d.message) ? `a parsing error (${d.source} could not parse the code)` : undefined;
  return `an error from ${d.source ?? 'an unnamed source'}, which does not say whether it is a syntax error`;
}

async function format(document: vscode.TextDocument, ctx: ActionContext, env: ActionEnv): Promise<Outcome> {
  const guard = await editGuard(document, ctx, env, 'formatting');
  if ('skip' in guard) return skipped(guard.skip);
  const version = document.version;
  // The formatter VS Code would use for this document (the same provider selection as Format Document).
  const edits = await vscode.commands.executeCommand<vscode.TextEdit[] | undefined>(
    'vscode.executeFormatDocumentProvider',
    document.uri,
    formattingOptions(document),
  );
  // VS Code answers nothing both when there is no formatter and when none had an edit.
  if (edits === undefined || edits === null) return skipped(`no formatting edits (already formatted, or no formatter for "${document.languageId}")`);
  if (edits.length === 0) return done(`already formatted${guard.note}`);
  if (ctx.abandoned()) return skipped('the formatter answered after the time limit; not applied');
  const edit = new vscode.WorkspaceEdit();
  edit.set(document.uri, edits);
  return applyKeepingView(document, version, edit, ctx, env, `formatted (${edits.length} edit${edits.length === 1 ? '' : 's'}${guard.note})`);
}

/** Every caret, selection end and first visible line of every editor of `document`, as offsets of one copy of its text. */
interface View {
  readonly text: string;
  readonly offsets: number[];
  readonly editors: readonly { editor: vscode.TextEditor; from: number; count: number; hasTop: boolean }[];
  /** The typist's neighbourhood of each caret of the active editor (none when it shows another document). */
  readonly zones: Span[];
}

function captureView(document: vscode.TextDocument): View {
  const text = document.getText();
  const offsets: number[] = [];
  const active = vscode.window.activeTextEditor;
  const spans: Span[] = [];
  const editors = vscode.window.visibleTextEditors
    .filter((e) => e.document === document)
    .map((editor) => {
      const from = offsets.length;
      for (const s of editor.selections) {
        const a = document.offsetAt(s.anchor);
        const b = document.offsetAt(s.active);
        offsets.push(a, b);
        if (editor === active) spans.push({ start: Math.min(a, b), end: Math.max(a, b) });
      }
      const top = editor.visibleRanges[0];
      if (top !== undefined) offsets.push(document.offsetAt(top.start));
      return { editor, from, count: editor.selections.length, hasTop: top !== undefined };
    });
  return { text, offsets, editors, zones: caretZones(text, spans) };
}

/** The carets of the active editor if it shows `document` (where edits wait for them to move on). */
const activeCarets = (document: vscode.TextDocument): readonly vscode.Selection[] => {
  const editor = vscode.window.activeTextEditor;
  return editor?.document === document ? editor.selections : [];
};

/** Puts each editor's carets and first visible line at `mapped` (the view's offsets carried through the edits). */
function restoreView(document: vscode.TextDocument, view: View, mapped: readonly number[], ctx: ActionContext, navigations = ctx.navigations()): void {
  // A click or arrow key during the edit is where the user wants to be: keep it.
  if (ctx.navigations() !== navigations) return;
  const at = (i: number) => document.positionAt(mapped[i]);
  for (const { editor, from, count, hasTop } of view.editors) {
    const selections: vscode.Selection[] = [];
    for (let i = 0; i < count; i++) selections.push(new vscode.Selection(at(from + 2 * i), at(from + 2 * i + 1)));
    editor.selections = selections;
    if (hasTop) {
      const line = at(from + 2 * count).line;
      if (line !== editor.visibleRanges[0]?.start.line) editor.revealRange(new vscode.Range(line, 0, line, 0), vscode.TextEditorRevealType.AtTop);
    }
  }
}

/**
 * Applies `edits` (offsets in the document at `version`) as our own edit. 'applied', 'unchanged'
 * (an edit that changed nothing), or 'refused' (the document moved on: the user typed).
 */
async function applyOwn(document: vscode.TextDocument, version: number, edits: readonly OffsetEdit[], ctx: ActionContext): Promise<'applied' | 'unchanged' | 'refused'> {
  const edit = new vscode.WorkspaceEdit();
  edit.set(
    document.uri,
    edits.map((e) => new vscode.TextEdit(new vscode.Range(document.positionAt(e.start), document.positionAt(e.end)), e.text)),
  );
  const uri = document.uri.toString();
  ctx.ownEdits.expect(uri, version + 1);
  // VS Code itself also refuses the edit if the document moved past `version` in the meantime.
  const ok = await vscode.workspace.applyEdit(edit);
  // The change event of an applied edit arrives before applyEdit resolves: an expectation still
  // there now was not met (an edit that changed nothing) and must not wait for a keystroke.
  const unmet = ctx.ownEdits.unexpect(uri, version + 1);
  if (ok) return unmet ? 'unchanged' : 'applied';
  // If a change already took that version, it was the user's keystroke, not our edit (in the
  // settled document, or in this cell of the settled notebook).
  if (!unmet) ctx.userChanged(ctx.document?.uri.toString() ?? uri);
  return 'refused';
}

/**
 * Applies the edits `edit` has for `document`, computed for `version`, only if the document is
 * still at that version (the user did not type meanwhile), reduced to minimal edits. In the editor
 * the user types in, the edits on a caret's line that would change the characters at the caret
 * wait (`env.waitForCaret`); the rest is applied now. Every caret, selection and first visible line
 * of every editor of the document is carried exactly through what was applied.
 */
async function applyKeepingView(document: vscode.TextDocument, version: number, edit: vscode.WorkspaceEdit, ctx: ActionContext, env: ActionEnv, what: string): Promise<Outcome> {
  if (ctx.abandoned()) return skipped('answered after the time limit; not applied');
  if (document.version !== version || ctx.userEdited()) return skipped('you typed while it was being computed; not applied');
  const entries = edit.entries();
  const own = entries.filter(([uri]) => uri.toString() === document.uri.toString());
  // An edit of other files too (a code action's) is applied as it is, by VS Code.
  if (own.length !== entries.length || own.length === 0) {
    const ok = await vscode.workspace.applyEdit(edit);
    return ok ? done(what) : skipped('the document changed before the edit could be applied; not applied');
  }
  let viewMs = performance.now();
  const view = captureView(document);
  const offsetEdits = sortEdits(own.flatMap(([, edits]) => edits).map((e) => ({ start: document.offsetAt(e.range.start), end: document.offsetAt(e.range.end), text: e.newText })));
  const minimal = reduceEdits(view.text, offsetEdits);
  const { now, waiting } = splitAtZones(view.text, minimal, view.zones);
  viewMs = performance.now() - viewMs;
  const wait = waiting.length > 0 ? `; ${plural(waiting.length, 'change')} at your caret wait until you move on` : '';
  if (now.length === 0) {
    if (waiting.length === 0) return done('already formatted');
    env.waitForCaret(activeCarets(document));
    return skipped(`every change is at your caret: waits until you move on (${what})`);
  }
  const navigations = ctx.navigations();
  const applied = await applyOwn(document, version, now, ctx);
  if (applied === 'refused') return skipped('the document changed before the edit could be applied; not applied');
  if (view.editors.length === 0) return done(`${what}${wait}`); // no editor, so nothing waited
  const restoreStarted = performance.now();
  restoreView(document, view, mapOffsets(view.text, now, view.offsets), ctx, navigations);
  viewMs += performance.now() - restoreStarted;
  if (waiting.length > 0) env.waitForCaret(activeCarets(document));
  return done(`${what}${wait}; ${view.offsets.length} caret and scroll positions kept in ${Math.round(viewMs)} ms`);
}

/** Runs the code actions of `kind` for the whole document, like `editor.codeActionsOnSave` does. */
async function codeActions(document: vscode.TextDocument, kind: vscode.CodeActionKind, ctx: ActionContext, env: ActionEnv): Promise<Outcome> {
  const guard = await editGuard(document, ctx, env, `running ${kind.value} on`);
  if ('skip' in guard) return skipped(guard.skip);
  const tried = new Set<string>();
  let applied = 0;
  // Each action's edit is computed for the current version, so fetch again after each one.
  for (let i = 0; i < 5; i++) {
    if (ctx.abandoned()) return skipped('cut off at the time limit; stopped');
    if (ctx.userEdited()) return skipped('you typed; stopped');
    const version = document.version;
    const all = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[] | undefined>(
      'vscode.executeCodeActionProvider',
      document.uri,
      new vscode.Range(0, 0, document.lineCount, 0),
      kind.value,
      10,
    );
    const next = (all ?? []).find(
      (a): a is vscode.CodeAction => 'kind' in a && a.kind !== undefined && kind.contains(a.kind) && !a.disabled && !tried.has(a.title),
    );
    if (next === undefined) break;
    tried.add(next.title);
    if (next.edit) {
      const outcome = await applyKeepingView(document, version, next.edit, ctx, env, next.title);
      if (outcome.status !== 'done') return outcome;
    }
    if (next.command && !ctx.abandoned()) await command(next.command.command, next.command.arguments ?? [], ctx);
    applied++;
  }
  return applied > 0 ? done(`applied ${[...tried].join(', ')}`) : skipped(`no ${kind.value} action for this document`);
}
