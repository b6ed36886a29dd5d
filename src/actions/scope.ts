import * as vscode from 'vscode';
import { EditedLines } from '../core/editedRanges';
import { diffEdits } from '../core/textEdits';
import type { ActionEnv } from './context';
import type { ScopeNote } from './outcome';

/**
 * The lines `format` may change under `idleWatchdog.formatScope` (issue 23):
 * - `changed`: the lines typed since they were last formatted (the controller records them);
 * - `modifications`: the lines that differ from the file at Git's HEAD, through the built-in Git
 *   extension's API; without a repository, Git, or with the file untracked, the typed lines.
 * Undefined for `file` (the whole file).
 */
export async function linesToFormat(document: vscode.TextDocument, env: ActionEnv): Promise<{ lines: EditedLines; note: Omit<ScopeNote, 'lines'> } | undefined> {
  if (env.formatScope === 'file') return undefined;
  const typed = env.unformatted ?? new EditedLines();
  if (env.formatScope === 'changed') return { lines: typed, note: { kind: 'changed' } };
  // A notebook cell's URI carries the notebook's path: Git has the .ipynb's JSON, not the cell.
  const head = document.uri.scheme === 'file' ? await headText(document.uri) : { why: 'only files on disk are compared with Git' };
  if (typeof head !== 'string') return { lines: typed, note: { kind: 'modifications', fellBack: head.why } };
  // Git hands out the committed text with its own line ends (LF with core.autocrlf): compare like with like.
  const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  return { lines: changedLines(document, head.replace(/\r?\n/g, eol)), note: { kind: 'modifications' } };
}

/** The lines of `document` that differ from `before` (deleted lines mark the line where they were). */
export function changedLines(document: vscode.TextDocument, before: string): EditedLines {
  const after = document.getText();
  const lines = new EditedLines();
  let delta = 0;
  for (const e of diffEdits(before, after)) {
    const start = e.start + delta;
    const end = start + e.text.length;
    delta += e.text.length - (e.end - e.start);
    // A whole line inserted at a line's start ("x\n") ends at the start of the next one, which it
    // did not change; a line break inserted mid-line changes both lines it leaves.
    const atLineStart = start === 0 || after.charCodeAt(start - 1) === 10;
    const last = atLineStart && end > start && after.charCodeAt(end - 1) === 10 ? end - 1 : end;
    lines.mark(document.positionAt(start).line, document.positionAt(last).line);
  }
  return lines;
}

interface GitRepository {
  show(ref: string, path: string): Promise<string>;
}
interface GitApi {
  getRepository(uri: vscode.Uri): GitRepository | null;
}
interface GitExtension {
  readonly enabled: boolean;
  getAPI(version: 1): GitApi;
}

/** The file's text at HEAD, or why there is none (said in the log, as the scope's fallback). */
async function headText(uri: vscode.Uri): Promise<string | { why: string }> {
  const extension = vscode.extensions.getExtension<GitExtension>('vscode.git');
  if (extension === undefined) return { why: 'the Git extension is not there' };
  let git: GitExtension;
  try {
    git = extension.isActive ? extension.exports : await extension.activate();
  } catch {
    return { why: 'the Git extension is not available here' };
  }
  try {
    if (!git.enabled) return { why: 'Git is turned off (git.enabled)' };
    const repository = git.getAPI(1).getRepository(uri);
    if (repository === null) return { why: 'the file is in no Git repository' };
    return await repository.show('HEAD', uri.fsPath);
  } catch {
    return { why: 'the file is not committed (untracked or new)' };
  }
}
