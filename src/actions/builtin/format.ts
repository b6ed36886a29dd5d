import * as vscode from 'vscode';
import type { ActionDefinition } from '../context';
import { applyKeepingView, editGuard, formattingOptions } from '../editing';
import { done, skipped } from '../outcome';

/** `format`: the document's formatter (the one Format Document uses), its edits applied keeping the view. */
export const format: ActionDefinition<{ readonly kind: 'format' }> = {
  name: 'format',
  kind: 'edit',
  needs: 'cells',
  async run(_action, document, ctx, env) {
    const guard = await editGuard(document, ctx, env, 'formatting');
    if ('skip' in guard) return skipped(guard.skip);
    const version = document.version;
    const edits = await vscode.commands.executeCommand<vscode.TextEdit[] | undefined>('vscode.executeFormatDocumentProvider', document.uri, formattingOptions(document));
    // VS Code answers nothing both when there is no formatter and when none had an edit.
    if (edits === undefined || edits === null) return skipped({ code: 'noEdits', language: document.languageId });
    if (edits.length === 0) return done({ code: 'alreadyFormatted', notes: guard.notes });
    if (ctx.abandoned()) return skipped({ code: 'late', formatter: true });
    const edit = new vscode.WorkspaceEdit();
    edit.set(document.uri, edits);
    return applyKeepingView(document, version, edit, ctx, env, { code: 'formatted', edits: edits.length, notes: guard.notes });
  },
};
