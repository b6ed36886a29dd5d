import * as vscode from 'vscode';
import type { Severity } from '../../config/model';
import type { ActionDefinition } from '../context';
import { done } from '../outcome';
import { noLinks } from '../../ui/summary';

/** `{ "notify": "Still there?" }`: a notification, not waited for (it waits for the user; the round must not). */
export const notify: ActionDefinition<{ readonly kind: 'notify'; readonly text: string; readonly severity: Severity }> = {
  name: 'notify',
  kind: 'notify',
  needs: 'nothing',
  run: async (action) => {
    const show =
      action.severity === 'error' ? vscode.window.showErrorMessage : action.severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    // As written, never as a link: VS Code turns `[label](target)` in a notification into a link
    // (a `command:` one too), and a folder's settings can bring the text.
    void show(noLinks(action.text));
    return done({ code: 'shown' });
  },
};
