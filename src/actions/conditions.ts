import * as vscode from 'vscode';
import { Conditions } from '../config/model';
import type { StageSkip } from './outcome';
import { codeCellDocuments, isNotebook, Target } from '../target';
import { matchGlob, relativePath } from '../core/glob';

/**
 * Checks a stage's `when` against a document at the moment the stage fires. Languages are VS
 * Code's own matching (`languages.match`); a pattern is VS Code's glob language matched by
 * core/glob.ts, whose time is bounded whatever the pattern (VS Code's matcher backtracks).
 * Returns undefined when every condition holds, else the reason it does not (for the log).
 * A notebook: `languages` holds when one of its code cells has one of them, `pattern` and
 * `workspaceOnly` look at the notebook's own path, `onlyDirty` at the notebook, `noErrors` at
 * every cell. `stale(uri)`: the user edited that document after its diagnostics last changed.
 */
export async function unmetCondition(when: Conditions, target: Target | undefined, stale: (uri: string) => boolean): Promise<StageSkip | undefined> {
  const unmet = (condition: (StageSkip & { code: 'condition' })['condition'], detail: string, errors?: number): StageSkip => ({ code: 'condition', condition, detail, ...(errors !== undefined ? { errors } : {}) });
  if (when.focused && !vscode.window.state.focused) return unmet('focused', 'the window is not focused');
  if (when.debugging !== undefined && (vscode.debug.activeDebugSession !== undefined) !== when.debugging) {
    return unmet('debugging', when.debugging ? 'no debug session is running' : 'a debug session is running');
  }
  const needsDocument = when.languages || when.pattern || when.onlyDirty || when.workspaceOnly || when.noErrors;
  if (target === undefined) return needsDocument ? unmet('document', 'there is no document to check the conditions on') : undefined;
  const cells = isNotebook(target) ? codeCellDocuments(target) : [target];
  // The notebook's own path for `pattern` and `workspaceOnly` (only its URI is read).
  const document = isNotebook(target) ? ({ uri: target.uri, languageId: '' } as vscode.TextDocument) : target;
  if (when.languages) {
    const languages = when.languages as string[];
    if (!cells.some((cell) => vscode.languages.match(languages, cell) > 0)) {
      const own = [...new Set(cells.map((cell) => cell.languageId))].join('", "');
      return unmet('languages', `its language "${own}" is not one of ${when.languages.join(', ')}`);
    }
  }
  if (when.onlyDirty && !target.isDirty) return unmet('onlyDirty', 'it has no unsaved changes');
  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  if (when.workspaceOnly && folder === undefined) return unmet('workspaceOnly', 'it is outside the workspace folders');
  if (when.pattern) {
    // As VS Code's RelativePattern on its folder (or the first folder; with none, the whole
    // path), but matched in bounded time (core/glob.ts): a workspace's pattern cannot freeze the
    // extension host. The folder VS Code found holds the document, whatever the path's case.
    const base = folder ?? vscode.workspace.workspaceFolders?.[0];
    const path = document.uri.fsPath;
    const relative = base === undefined ? path : relativePath(path, base.uri.fsPath, folder !== undefined);
    const matches = relative !== undefined && (matchGlob(when.pattern, relative) || (base === undefined && when.pattern === path));
    if (!matches) return unmet('pattern', `it does not match the pattern "${when.pattern}"`);
  }
  if (when.noErrors) {
    // The language server reports on the latest edit a moment after it: checking at once would
    // see the previous edit's diagnostics (microsoft/vscode#203125). `currentErrors` waits.
    const errors = (await Promise.all(cells.map((cell) => currentErrors(cell.uri, () => stale(cell.uri.toString()))))).flat();
    if (errors.length > 0) return unmet('noErrors', `it has ${errors.length} error${errors.length === 1 ? '' : 's'} (first: line ${errors[0].range.start.line + 1}: ${errors[0].message})`, errors.length);
  }
  return undefined;
}

/**
 * How long to wait for a language server's word on the latest edit (`noErrors`, and `format`'s
 * check of the edited code): diagnostics count as up to date once they have not changed for
 * `quietMs`, or after `maxWaitMs` at most.
 */
const DIAGNOSTICS_WAIT = { quietMs: 300, maxWaitMs: 2000 } as const;

/** `uri`'s error diagnostics now. */
export const errorsOf = (uri: vscode.Uri): vscode.Diagnostic[] => vscode.languages.getDiagnostics(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);

/**
 * `uri`'s errors once its diagnostics are up to date: quiet for a moment. When errors that `matter`
 * are still from before the user's last edit (`stale`: no diagnostics since), also waits for the
 * language server's word on the latest text, bounded the same way: JSON's server checks 500 ms after
 * the last keystroke, later on a busy machine, and the error of a half-typed line it reported
 * meanwhile must not hold a stage back. `freshIsEnough`: not stale means up to date (nothing was
 * typed since the last settle: a cell carried over, Settle Now): read at once, no quiet moment.
 */
export async function currentErrors(uri: vscode.Uri, stale: () => boolean, matter = (errors: vscode.Diagnostic[]) => errors.length > 0, freshIsEnough = false): Promise<vscode.Diagnostic[]> {
  // Nothing typed that the diagnostics could be behind on: no quiet moment to wait for.
  if (freshIsEnough && !stale()) return errorsOf(uri);
  await diagnosticsQuiet(uri, DIAGNOSTICS_WAIT);
  if (stale() && matter(errorsOf(uri))) await diagnosticsQuiet(uri, DIAGNOSTICS_WAIT, () => !stale());
  return errorsOf(uri);
}

/**
 * Resolves once `uri`'s diagnostics have not changed for `quietMs` (and `ready()`, re-checked at
 * each quiet moment), or after `maxWaitMs` at most.
 */
function diagnosticsQuiet(uri: vscode.Uri, { quietMs, maxWaitMs }: { quietMs: number; maxWaitMs: number }, ready = () => true): Promise<void> {
  return new Promise((resolve) => {
    const key = uri.toString();
    let quiet: ReturnType<typeof setTimeout>;
    const done = () => {
      clearTimeout(quiet);
      clearTimeout(cap);
      listener.dispose();
      resolve();
    };
    const cap = setTimeout(done, maxWaitMs);
    const wait = () => (quiet = setTimeout(() => ready() && done(), quietMs));
    wait();
    const listener = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === key)) {
        clearTimeout(quiet);
        wait();
      }
    });
  });
}
