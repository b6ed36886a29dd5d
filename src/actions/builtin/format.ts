import * as vscode from 'vscode';
import type { ActionDefinition } from '../context';
import { applyKeepingView, brokenCodeGuard, formattingOptions, quickGuard } from '../editing';
import { done, skipped } from '../outcome';

/**
 * Languages whose formatter has had edits in this session. VS Code answers nothing both when there
 * is no formatter and when it had no edit (`vscode.executeFormatDocumentProvider` asks each one in
 * turn and returns undefined unless one has edits), so only an earlier answer tells them apart.
 */
const answered = new Set<string>();

/** `format`: the document's formatter (the one Format Document uses), its edits applied keeping the view. */
export const format: ActionDefinition<{ readonly kind: 'format' }> = {
  name: 'format',
  kind: 'edit',
  needs: 'cells',
  async run(_action, document, ctx, env) {
    const quick = quickGuard(document, ctx, env, 'formatting');
    if (quick) return skipped(quick.skip);
    const version = document.version;
    const language = document.languageId;
    // Asked before the broken-code check: with nothing to apply (no formatter, say), nothing
    // waits for the language server's diagnostics.
    const edits = await vscode.commands.executeCommand<vscode.TextEdit[] | undefined>('vscode.executeFormatDocumentProvider', document.uri, formattingOptions(document));
    const some = Array.isArray(edits) && edits.length > 0;
    if (Array.isArray(edits)) answered.add(language);
    if (some && ctx.abandoned()) return skipped({ code: 'late', formatter: true });
    const guard = await brokenCodeGuard(document, env, 'formatting', !some);
    if ('skip' in guard) return skipped(guard.skip);
    if (!Array.isArray(edits)) return skipped({ code: 'noEdits', language, ...(answered.has(language) ? { answered: true } : {}) });
    if (!some) return done({ code: 'alreadyFormatted', notes: guard.notes });
    const edit = new vscode.WorkspaceEdit();
    edit.set(document.uri, edits);
    return applyKeepingView(document, version, edit, ctx, env, { code: 'formatted', edits: edits.length, notes: guard.notes });
  },
};
