import * as vscode from 'vscode';
import type { Severity } from '../../config/model';
import type { ActionDefinition } from '../context';
import { done } from '../outcome';
import { noLinks } from '../../ui/summary';

/** `{ "notify": "Still there?" }`: a notification, not waited for (it waits for the user; the round must not). */
export const notify: ActionDefinition<{ readonly kind: 'notify'; readonly text: string; readonly severity: Severity; readonly fromFolder?: true }> = {
  name: 'notify',
  kind: 'notify',
  needs: 'nothing',
  run: async (action) => {
    const show =
      action.severity === 'error' ? vscode.window.showErrorMessage : action.severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    // A folder's text as written, never as a link: VS Code turns `[label](target)` in a
    // notification into a link (a `command:` one too). The user's own may link where they like.
    void show(action.fromFolder === true ? noLinks(action.text) : action.text);
    return done({ code: 'shown' });
  },
};
