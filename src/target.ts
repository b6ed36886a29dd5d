import type * as vscode from 'vscode';

/**
 * What settles: a text document, or a notebook as a whole (its cells are text documents of the
 * `vscode-notebook-cell` scheme; an edit in any cell kicks the notebook, one watchdog key each).
 */
export type Target = vscode.TextDocument | vscode.NotebookDocument;

export function isNotebook(target: Target): target is vscode.NotebookDocument {
  return 'notebookType' in target;
}

/** The scheme of notebook cells' text documents. */
export const CELL_SCHEME = 'vscode-notebook-cell';

/** The notebook's code cells' documents (markup cells are not formatted or fixed). */
export function codeCellDocuments(notebook: vscode.NotebookDocument): vscode.TextDocument[] {
  // NotebookCellKind.Code is 2 (a value, so this module needs no `vscode` at run time).
  return notebook.getCells().flatMap((cell) => (cell.kind === 2 ? [cell.document] : []));
}
