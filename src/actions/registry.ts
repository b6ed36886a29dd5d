import type * as vscode from 'vscode';
import type { Action, ActionOf } from '../config/model';
import { isNotebook } from '../target';
import { codeAction } from './builtin/codeAction';
import { command } from './builtin/command';
import { fixAll } from './builtin/fixAll';
import { format } from './builtin/format';
import { notify } from './builtin/notify';
import { organizeImports } from './builtin/organizeImports';
import { save } from './builtin/save';
import { saveAll } from './builtin/saveAll';
import { saveWithoutFormatting } from './builtin/saveWithoutFormatting';
import type { ActionContext, ActionDefinition, EnvOf } from './context';
import { runOnCells } from './cells';
import { ActionKind, Outcome, skipped } from './outcome';

/**
 * Every action, by the name its `Action` carries: one module each in `src/actions/builtin`. The
 * type makes the compiler fail until each kind of `Action` (src/config/model.ts) has its module
 * here; the manifest tests fail until package.json's schema and `BUILTIN_ACTIONS` agree with it.
 */
export const ACTIONS: { readonly [K in Action['kind']]: ActionDefinition<ActionOf<K>> } = {
  save,
  saveWithoutFormatting,
  saveAll,
  format,
  organizeImports,
  fixAll,
  codeAction,
  command,
  notify,
};

export function kindOf(action: Action): ActionKind {
  return ACTIONS[action.kind].kind;
}

/**
 * Runs one action. Every built-in acts on the settled document by URI, never through the active
 * editor, so a document that is no longer in front still gets its own actions and focus is never
 * stolen: formatting asks the provider for edits and applies them with a WorkspaceEdit, saving
 * calls `TextDocument.save()`, code actions are fetched for the document's URI. Only generic
 * commands run as VS Code runs them (most act on the active editor).
 *
 * A notebook is saved as a whole (`NotebookDocument.save()`); an edit action (`needs: 'cells'`)
 * runs on its code cells edited since the last settle (src/actions/cells.ts: several at once), each
 * as a text document (the cell's language's formatter, its carets kept, its edited lines guarded).
 */
export async function runAction(action: Action, ctx: ActionContext, envOf: EnvOf): Promise<Outcome> {
  // async: whatever throws (a document's settings, its cells) becomes this action's failure, not the round's.
  const definition = ACTIONS[action.kind] as ActionDefinition;
  if (definition.needs === 'nothing') return definition.run(action, ctx, envOf);
  const document = ctx.document;
  if (document === undefined) return skipped({ code: 'noDocument' });
  if (document.isClosed) return skipped({ code: 'closed' });
  if (definition.needs === 'document') return definition.run(action, document, ctx, envOf);
  const run = (cell: vscode.TextDocument) => definition.run(action, cell, ctx, envOf(cell));
  if (!isNotebook(document)) return run(document);
  // Numbered as VS Code numbers them (markdown cells too): "cell 2 of 2" is the notebook's "Cell 2 of 2".
  const code = document.getCells().filter((cell) => cell.kind === 2); // NotebookCellKind.Code
  if (code.length === 0) return skipped({ code: 'noCodeCells' });
  const work = envOf(document).cellsToWork?.();
  const cells = work === undefined ? code : code.filter((cell) => work.cells.has(cell.document.uri.toString()));
  const { outcome, unfinished } = await runOnCells(
    cells.map((cell) => ({ cell: cell.document, number: cell.index + 1 })),
    document.cellCount,
    ctx,
    run,
  );
  if (work !== undefined) {
    const left = new Set(unfinished);
    work.finished(cells.flatMap((cell) => (left.has(cell.document) ? [] : [cell.document.uri.toString()])));
  }
  return outcome;
}
