import * as vscode from 'vscode';
import { runCodeActions } from '../codeActions';
import type { ActionDefinition } from '../context';

/** `organizeImports`: the document's `source.organizeImports` code actions. */
export const organizeImports: ActionDefinition<{ readonly kind: 'organizeImports' }> = {
  name: 'organizeImports',
  kind: 'edit',
  needs: 'cells',
  run: (_action, document, ctx, env) => runCodeActions(document, vscode.CodeActionKind.SourceOrganizeImports, ctx, env),
};
