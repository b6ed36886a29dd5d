import * as vscode from 'vscode';
import { CELL_SCHEME, Target } from '../../target';
import type { ActionContext, ActionDefinition, EnvOf } from '../context';
import { conflicts, deletedOnDisk, noteInSync, unsavable } from '../disk';
import { done, failed, Outcome, skipped } from '../outcome';

/** `saveAll`: every unsaved file and notebook the watchdog acts on. */
export const saveAll: ActionDefinition<{ readonly kind: 'saveAll' }> = {
  name: 'saveAll',
  kind: 'save',
  needs: 'nothing',
  run: (_action, ctx, envOf) => saveEvery(ctx, envOf),
};

/**
 * Saves every unsaved file and notebook the watchdog acts on: not untitled ones (no dialog), not
 * where it is disabled (a language, a folder, VS Code's own settings files without
 * `settingsFiles`), never one deleted on disk or held in conflict.
 */
async function saveEvery(ctx: ActionContext, envOf: EnvOf): Promise<Outcome> {
  const candidates: Target[] = [
    ...vscode.workspace.textDocuments.filter((d) => d.isDirty && !d.isUntitled && d.uri.scheme !== CELL_SCHEME && unsavable(d) === undefined),
    ...vscode.workspace.notebookDocuments.filter((n) => n.isDirty && unsavable(n) === undefined),
  ].filter((d) => envOf(d).enabled && !conflicts.has(d));
  // A file deleted on disk is never created again by a timer.
  const gone = await Promise.all(candidates.map((d) => deletedOnDisk(d)));
  const dirty = candidates.filter((_, i) => !gone[i]);
  if (dirty.length === 0) return skipped(candidates.length > 0 ? { code: 'deleted', first: false, files: true } : { code: 'clean', files: true });
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
  return failedCount === 0 ? done({ code: 'saved', files: dirty.length }) : failed({ code: 'notSaved', failures: failedCount, files: dirty.length });
}

