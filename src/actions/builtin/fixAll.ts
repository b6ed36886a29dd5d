import * as vscode from 'vscode';
import { runCodeActions } from '../codeActions';
import type { ActionDefinition } from '../context';

/** `fixAll`: the document's `source.fixAll` code actions (ESLint's, the TypeScript service's…). */
export const fixAll: ActionDefinition<{ readonly kind: 'fixAll' }> = {
  name: 'fixAll',
  kind: 'edit',
  needs: 'cells',
  run: (_action, document, ctx, env) => runCodeActions(document, vscode.CodeActionKind.SourceFixAll, ctx, env),
};
