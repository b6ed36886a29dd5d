import * as vscode from 'vscode';
import { runCommand } from './builtin/command';
import type { ActionContext, ActionEnv } from './context';
import { applyKeepingView, editGuard } from './editing';
import { done, Outcome, skipped } from './outcome';

/** Runs the code actions of `kind` for the whole document, like `editor.codeActionsOnSave` does. */
export async function runCodeActions(document: vscode.TextDocument, kind: vscode.CodeActionKind, ctx: ActionContext, env: ActionEnv): Promise<Outcome> {
  const guard = await editGuard(document, ctx, env, `running ${kind.value} on`);
  if ('skip' in guard) return skipped(guard.skip);
  const tried = new Set<string>();
  let applied = 0;
  // Each action's edit is computed for the current version, so fetch again after each one.
  for (let i = 0; i < 5; i++) {
    if (ctx.abandoned()) return skipped({ code: 'cutOff' });
    if (ctx.userEdited()) return skipped({ code: 'typed', when: 'stopped' });
    const version = document.version;
    const all = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[] | undefined>(
      'vscode.executeCodeActionProvider',
      document.uri,
      new vscode.Range(0, 0, document.lineCount, 0),
      kind.value,
      10,
    );
    const next = (all ?? []).find(
      (a): a is vscode.CodeAction => 'kind' in a && a.kind !== undefined && kind.contains(a.kind) && !a.disabled && !tried.has(a.title),
    );
    if (next === undefined) break;
    tried.add(next.title);
    if (next.edit) {
      const outcome = await applyKeepingView(document, version, next.edit, ctx, env, { code: 'applied', titles: [next.title] });
      if (outcome.status !== 'done') return outcome;
    }
    if (next.command && !ctx.abandoned()) await runCommand(next.command.command, next.command.arguments ?? [], ctx);
    applied++;
  }
  return applied > 0 ? done({ code: 'applied', titles: [...tried] }) : skipped({ code: 'noCodeAction', kind: kind.value });
}
