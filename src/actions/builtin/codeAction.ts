import * as vscode from 'vscode';
import { runCodeActions } from '../codeActions';
import type { ActionDefinition } from '../context';

/** `{ "codeAction": "source.fixAll.eslint" }`: the code actions of one kind. */
export const codeAction: ActionDefinition<{ readonly kind: 'codeAction'; readonly codeActionKind: string }> = {
  name: 'codeAction',
  kind: 'edit',
  needs: 'cells',
  run: (action, document, ctx, env) => runCodeActions(document, vscode.CodeActionKind.Empty.append(action.codeActionKind), ctx, env),
};
