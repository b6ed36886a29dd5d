import * as vscode from 'vscode';
import { isNotebook, Target } from '../../target';
import type { WorkspaceOrigin } from '../../config/model';
import { consentInForce } from '../consent';
import type { ActionContext, ActionDefinition } from '../context';
import { done, Outcome, skipped } from '../outcome';

/**
 * Any command, with its arguments. A command acts on the active editor: the settled document's
 * command never runs on another one (typing in a.txt, then switching to b.txt, must not uppercase
 * b.txt). It waits until its document is in front again.
 */
export const command: ActionDefinition<{ readonly kind: 'command'; readonly command: string; readonly args: readonly unknown[]; readonly origin?: WorkspaceOrigin }> = {
  name: 'command',
  kind: 'command',
  needs: 'nothing',
  run: async (action, ctx, envOf) => {
    // A trusted folder's own settings brought it: it runs once the user allowed it (issue 22).
    if (action.origin !== undefined) {
      const consent = consentInForce<Target>();
      // No watchdog asks (it is being disposed): not run.
      const notAllowed = consent === undefined ? ({ code: 'notAllowed', answer: 'asking' } as const) : consent.check(action.origin, ctx.document);
      if (notAllowed !== undefined) return skipped(notAllowed);
    }
    if (ctx.document !== undefined && !isActive(ctx.document)) {
      envOf(ctx.document).waitForActive();
      return skipped({ code: 'notActive', name: vscode.workspace.asRelativePath(ctx.document.uri) });
    }
    return runCommand(action.command, action.args, ctx);
  },
};

/** Runs `id` inside an own-edit window on the settled document (every document, for a window stage's). */
export async function runCommand(id: string, args: readonly unknown[], ctx: ActionContext): Promise<Outcome> {
  // Other documents are not covered: the user may be typing there. Whose a change inside the
  // window was cannot be told, so each changed document settles once more afterwards.
  const window = ctx.ownEdits.open(ctx.document !== undefined ? [ctx.document.uri.toString()] : 'all');
  try {
    await vscode.commands.executeCommand(id, ...args);
    return done({ code: 'ran' });
  } finally {
    for (const uri of window.close()) ctx.unclear(uri);
  }
}

/** Whether `target` is what the active editor shows (a cell of it, for a notebook). */
function isActive(target: Target): boolean {
  const active = vscode.window.activeTextEditor?.document;
  if (active === target) return true;
  if (!isNotebook(target)) return false;
  return vscode.window.activeNotebookEditor?.notebook === target || (active !== undefined && target.getCells().some((cell) => cell.document === active));
}
