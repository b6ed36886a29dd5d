import * as vscode from 'vscode';
import type { Severity } from '../../config/model';
import type { ActionDefinition } from '../context';
import { done } from '../outcome';

/** `{ "notify": "Still there?" }`: a notification, not waited for (it waits for the user; the round must not). */
export const notify: ActionDefinition<{ readonly kind: 'notify'; readonly text: string; readonly severity: Severity }> = {
  name: 'notify',
  kind: 'notify',
  needs: 'nothing',
  run: async (action) => {
    const show =
      action.severity === 'error' ? vscode.window.showErrorMessage : action.severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void show(action.text);
    return done({ code: 'shown' });
  },
};
