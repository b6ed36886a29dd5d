import * as vscode from 'vscode';
import { isNotebook } from '../../target';
import type { ActionContext, ActionDefinition } from '../context';
import { deletedOnDisk, deletedSkip, unsavable } from '../disk';
import { done, failed, Outcome, skipped } from '../outcome';

/** `saveWithoutFormatting`: VS Code's Save without Formatting, for the active editor's document only. */
export const saveWithoutFormatting: ActionDefinition<{ readonly kind: 'saveWithoutFormatting' }> = {
  name: 'saveWithoutFormatting',
  kind: 'save',
  needs: 'document',
  run: (_action, document, ctx) => (isNotebook(document) ? Promise.resolve(skipped({ code: 'notebookUnsupported' })) : saveActive(document, ctx)),
};

async function saveActive(document: vscode.TextDocument, ctx: ActionContext): Promise<Outcome> {
  const why = unsavable(document);
  if (why) return skipped(why);
  if (await deletedOnDisk(document)) return deletedSkip(document);
  // VS Code's command saves the active editor only; there is no API to skip save participants
  // for another document, and switching editors would steal focus. It waits for the next settle
  // while in front instead.
  if (vscode.window.activeTextEditor?.document !== document) return skipped({ code: 'waitsForEditor' });
  const uri = document.uri.toString();
  const window = ctx.ownEdits.open([uri]);
  try {
    await vscode.commands.executeCommand('workbench.action.files.saveWithoutFormatting');
  } finally {
    window.close();
  }
  if (!document.isDirty) return done({ code: 'savedWithoutFormatting' });
  // Still dirty: either the user typed while it saved (settle again) or it did not save.
  if (window.touched.size > 0) ctx.userChanged(uri);
  return failed({ code: 'stillUnsaved' });
}

