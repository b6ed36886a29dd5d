import * as vscode from 'vscode';
import type { ActionDefinition, ActionEnv } from '../context';
import { activeCarets, applyKeepingView, brokenCodeGuard, formattingOptions, quickGuard } from '../editing';
import { done, Outcome, skipped } from '../outcome';
import { linesToFormat } from '../scope';

/**
 * Languages whose formatter has had edits in this session. VS Code answers nothing both when there
 * is no formatter and when it had no edit (`vscode.executeFormatDocumentProvider` asks each one in
 * turn and returns undefined unless one has edits), so only an earlier answer tells them apart.
 */
const answered = new Set<string>();

/**
 * `format`: the document's formatter (the one Format Document uses), its edits applied keeping the
 * view. With `idleWatchdog.formatScope` `changed` or `modifications`, only the edits on those
 * lines: the formatter's range formatting is asked for a single range where it has one, else the
 * whole document is formatted and the rest of its edits dropped (conform.nvim's way).
 */
export const format: ActionDefinition<{ readonly kind: 'format' }> = {
  name: 'format',
  kind: 'edit',
  needs: 'cells',
  async run(_action, document, ctx, env) {
    const quick = quickGuard(document, ctx, env, 'formatting');
    if (quick) return skipped(quick.skip);
    const version = document.version;
    const language = document.languageId;
    const scope = await linesToFormat(document, env);
    if (scope !== undefined && scope.lines.isEmpty) return skipped({ code: 'noChangedLines', scope: { ...scope.note, lines: 0 } });
    // Asked before the broken-code check: with nothing to apply (no formatter, say), nothing
    // waits for the language server's diagnostics.
    const options = formattingOptions(document);
    const ranges = scope?.lines.ranges() ?? [];
    let edits: vscode.TextEdit[] | undefined;
    if (ranges.length === 1) {
      const [from, to] = ranges[0];
      const last = Math.min(to, document.lineCount - 1);
      const range = new vscode.Range(from, 0, last, document.lineAt(last).range.end.character);
      edits = await vscode.commands.executeCommand<vscode.TextEdit[] | undefined>('vscode.executeFormatRangeProvider', document.uri, range, options);
    }
    if (!Array.isArray(edits) || edits.length === 0) {
      edits = await vscode.commands.executeCommand<vscode.TextEdit[] | undefined>('vscode.executeFormatDocumentProvider', document.uri, options);
    }
    const some = Array.isArray(edits) && edits.length > 0;
    if (Array.isArray(edits)) answered.add(language);
    if (some && ctx.abandoned()) return skipped({ code: 'late', formatter: true });
    const guard = await brokenCodeGuard(document, env, 'formatting', !some);
    if ('skip' in guard) return skipped(guard.skip);
    if (!Array.isArray(edits)) return formattedScope(document, env, skipped({ code: 'noEdits', language, ...(answered.has(language) ? { answered: true } : {}) }));
    if (!some) return formattedScope(document, env, done({ code: 'alreadyFormatted', notes: guard.notes }));
    const edit = new vscode.WorkspaceEdit();
    edit.set(document.uri, edits);
    const what = { code: 'formatted', edits: edits.length, notes: guard.notes, ...(scope ? { scope: { ...scope.note, lines: scope.lines.lineCount } } : {}) } as const;
    return formattedScope(document, env, await applyKeepingView(document, version, edit, ctx, env, what, scope?.lines));
  },
};

/**
 * After a format under a scope: the typed lines are formatted now, so they start afresh, but for
 * the lines of the carets whose edits wait for them to move on (formatted at a later settle).
 */
function formattedScope(document: vscode.TextDocument, env: ActionEnv, outcome: Outcome): Outcome {
  const lines = env.unformatted;
  const code = outcome.reason.code;
  // Not after "no edits": VS Code says the same when the formatter failed (a parse error it does
  // not report as a diagnostic), and those lines are still to be formatted once the code is whole.
  if (lines === undefined || !(code === 'formatted' || code === 'alreadyFormatted' || code === 'deferredAtCaret')) return outcome;
  const waiting = code === 'deferredAtCaret' || (code === 'formatted' && outcome.reason.waiting !== undefined);
  lines.clear();
  if (waiting) for (const caret of activeCarets(document)) lines.mark(caret.active.line, caret.active.line);
  return outcome;
}
