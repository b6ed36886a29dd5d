import * as vscode from 'vscode';
import type { SizeLimit } from '../config/parse';
import { caretZones, mapOffsets, OffsetEdit, reduceEdits, sortEdits, Span, splitAtZones } from '../core/textEdits';
import { currentErrors, errorsOf } from './conditions';
import type { ActionContext, ActionEnv } from './context';
import { done, ErrorNotes, Outcome, Reason, skipped } from './outcome';

/**
 * What every action that edits a document shares: the guard that holds an edit back (undo, size,
 * broken code where the user types), and applying a provider's edits while keeping the view (the
 * typing issue: minimal edits, the caret zone, exact positions). See ARCHITECTURE.md.
 */

export function formattingOptions(document: vscode.TextDocument): vscode.FormattingOptions {
  const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
  if (editor && typeof editor.options.tabSize === 'number' && typeof editor.options.insertSpaces === 'boolean') {
    return { tabSize: editor.options.tabSize, insertSpaces: editor.options.insertSpaces };
  }
  const config = vscode.workspace.getConfiguration('editor', document);
  return { tabSize: config.get<number>('tabSize', 4), insertSpaces: config.get<boolean>('insertSpaces', true) };
}

/** Whether `document` is above the size where it is saved but not reformatted. */
export function aboveLimit(document: vscode.TextDocument, limit: SizeLimit): boolean {
  const lines = document.lineCount;
  return lines > limit.lines || (limit.chars !== Infinity && document.offsetAt(new vscode.Position(lines - 1, Number.MAX_SAFE_INTEGER)) > limit.chars);
}

/** Documents whose size was already logged as too large (one log line each). */
const toldTooLarge = new WeakSet<vscode.TextDocument>();

/**
 * Why an edit action (format, code actions) must leave the document alone now, if it must; else
 * what it found (for the log): `quickGuard`, then `brokenCodeGuard`.
 */
export async function editGuard(document: vscode.TextDocument, ctx: ActionContext, env: ActionEnv, what: string): Promise<{ skip: Reason } | { notes: ErrorNotes }> {
  return quickGuard(document, ctx, env, what) ?? (await brokenCodeGuard(document, env, what));
}

/**
 * What holds an edit back before anything is asked of a provider:
 * - Undo/redo: what the user restored is not redone.
 * - Size: above the limit (VS Code's large-file threshold by default) a document is saved, not
 *   reformatted: diffing and applying whole-file edits there would stall the extension host.
 */
export function quickGuard(document: vscode.TextDocument, ctx: ActionContext, env: ActionEnv, what: string): { skip: Reason } | undefined {
  if (ctx.restored()) return { skip: { code: 'restored', what } };
  const limit = env.formatLimit;
  if (aboveLimit(document, limit)) {
    // The whole reason once per document; a short one after that.
    const first = !toldTooLarge.has(document);
    toldTooLarge.add(document);
    return { skip: { code: 'tooLarge', first, lines: document.lineCount, limit: limit.source, what } };
  }
  return undefined;
}

/**
 * Broken code under the caret: formatting an incomplete construct moves what the user is in the
 * middle of typing (the `]` auto-closed after `[1,` lands on another line). So it waits for the
 * language server's word on the latest edit and holds back when a *syntax* error touches the lines
 * typed since the last settle (±1 line). A lint rule's error (the very thing fix-all fixes) or a
 * type error (an unresolved import) is not broken code and never stops it; nor does an error on
 * a line typed before the last settle (the controller starts the edited lines afresh each one).
 *
 * `nothingToApply`: the provider had no edits, so only the log's words depend on the answer: the
 * diagnostics there are now are read without waiting, unless they show broken code where the user
 * typed (then it waits, to say so only if it is still true).
 */
export async function brokenCodeGuard(document: vscode.TextDocument, env: ActionEnv, what: string, nothingToApply = false): Promise<{ skip: Reason } | { notes: ErrorNotes }> {
  const edited = env.edited;
  const typedOn = (d: vscode.Diagnostic) => edited === undefined || edited.touches(d.range.start.line, d.range.end.line);
  const broken = (errors: vscode.Diagnostic[]) => errors.filter((d) => typedOn(d) && syntaxError(d) !== undefined);
  const now = nothingToApply ? errorsOf(document.uri) : undefined;
  const errors = now !== undefined && broken(now).length === 0 ? now : await currentErrors(document.uri, () => edited?.stale === true, (e) => broken(e).length > 0, edited?.isEmpty === true);
  const holding = broken(errors);
  if (holding.length > 0) {
    const first = holding[0];
    return {
      skip: { code: 'brokenCode', diagnostic: describeDiagnostic(first), line: first.range.start.line + 1, why: syntaxError(first) ?? '', more: holding.length - 1, what },
    };
  }
  const typed = errors.filter(typedOn).length;
  return { notes: { typed, elsewhere: errors.length - typed } };
}

export const isBlank = (text: string): boolean => /^\s*$/.test(text);

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

/** Every caret, selection end and first visible line of every editor of `document`, as offsets of one copy of its text. */
export interface View {
  readonly text: string;
  readonly offsets: number[];
  readonly editors: readonly { editor: vscode.TextEditor; from: number; count: number; hasTop: boolean }[];
  /** The typist's neighbourhood of each caret of the active editor (none when it shows another document, or the user left it). */
  readonly zones: Span[];
}

/** `left`: the user left the document (`settleOn`): no caret's neighbourhood is kept, the whole file is formatted. */
export function captureView(document: vscode.TextDocument, left = false): View {
  const text = document.getText();
  const offsets: number[] = [];
  const active = vscode.window.activeTextEditor;
  // Left for real only if it shows now: a terminal command a task or an extension started, or the
  // user already back in the editor, keeps the caret's neighbourhood.
  left &&= active?.document !== document || !vscode.window.state.focused;
  const spans: Span[] = [];
  const editors = vscode.window.visibleTextEditors
    .filter((e) => e.document === document)
    .map((editor) => {
      const from = offsets.length;
      for (const s of editor.selections) {
        const a = document.offsetAt(s.anchor);
        const b = document.offsetAt(s.active);
        offsets.push(a, b);
        if (editor === active && !left) spans.push({ start: Math.min(a, b), end: Math.max(a, b) });
      }
      const top = editor.visibleRanges[0];
      if (top !== undefined) offsets.push(document.offsetAt(top.start));
      return { editor, from, count: editor.selections.length, hasTop: top !== undefined };
    });
  return { text, offsets, editors, zones: caretZones(text, spans) };
}

/** The carets of the active editor if it shows `document` (where edits wait for them to move on). */
export const activeCarets = (document: vscode.TextDocument): readonly vscode.Selection[] => {
  const editor = vscode.window.activeTextEditor;
  return editor?.document === document ? editor.selections : [];
};

/** Puts each editor's carets and first visible line at `mapped` (the view's offsets carried through the edits). */
export function restoreView(document: vscode.TextDocument, view: View, mapped: readonly number[], ctx: ActionContext, navigations = ctx.navigations()): void {
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
export async function applyOwn(document: vscode.TextDocument, version: number, edits: readonly OffsetEdit[], ctx: ActionContext): Promise<'applied' | 'unchanged' | 'refused'> {
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
export async function applyKeepingView(
  document: vscode.TextDocument,
  version: number,
  edit: vscode.WorkspaceEdit,
  ctx: ActionContext,
  env: ActionEnv,
  what: Reason & { code: 'formatted' | 'applied' },
  only?: { touches(startLine: number, endLine: number, margin?: number): boolean },
): Promise<Outcome> {
  if (ctx.abandoned()) return skipped({ code: 'late' });
  if (document.version !== version || ctx.userEdited()) return skipped({ code: 'typed', when: 'computing' });
  const entries = edit.entries();
  const own = entries.filter(([uri]) => uri.toString() === document.uri.toString());
  // An edit of other files too (a code action's) is applied as it is, by VS Code.
  if (own.length !== entries.length || own.length === 0) {
    const ok = await vscode.workspace.applyEdit(edit);
    return ok ? done(what) : skipped({ code: 'refused' });
  }
  let viewMs = performance.now();
  const view = captureView(document, ctx.left);
  const offsetEdits = sortEdits(own.flatMap(([, edits]) => edits).map((e) => ({ start: document.offsetAt(e.range.start), end: document.offsetAt(e.range.end), text: e.newText })));
  const reduced = reduceEdits(view.text, offsetEdits);
  // `formatScope`: only the edits on the lines in scope; every other line stays byte for byte.
  const minimal = only === undefined ? reduced : reduced.filter((e) => only.touches(document.positionAt(e.start).line, document.positionAt(e.end).line, 0));
  const { now, waiting } = splitAtZones(view.text, minimal, view.zones);
  viewMs = performance.now() - viewMs;
  if (now.length === 0) {
    if (waiting.length === 0) return done({ code: 'alreadyFormatted' });
    env.waitForCaret(activeCarets(document));
    return skipped({ code: 'deferredAtCaret', would: what });
  }
  const navigations = ctx.navigations();
  const applied = await applyOwn(document, version, now, ctx);
  if (applied === 'refused') return skipped({ code: 'refused' });
  if (view.editors.length === 0) return done(only !== undefined && what.code === 'formatted' ? { ...what, edits: now.length } : what); // no editor, so nothing waited
  const restoreStarted = performance.now();
  restoreView(document, view, mapOffsets(view.text, now, view.offsets), ctx, navigations);
  viewMs += performance.now() - restoreStarted;
  if (waiting.length > 0) env.waitForCaret(activeCarets(document));
  // Under a scope, the edits that were applied (the formatter's others were left out).
  const counted = only !== undefined && what.code === 'formatted' ? { edits: now.length } : {};
  return done({ ...what, ...counted, ...(waiting.length > 0 ? { waiting: waiting.length } : {}), view: { positions: view.offsets.length, ms: viewMs } });
}

