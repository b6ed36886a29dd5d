import * as vscode from 'vscode';
import type { Log } from '../log';
import { activeRealDocument, Controller } from '../controller';
import type { Target } from '../target';

/** The commands of the palette (category "Idle Watchdog"). Each says what it did. */
export function registerCommands(controller: Controller, log: Log): vscode.Disposable[] {
  const withDocument = (what: string, run: (document: Target) => void) => () => {
    const document = activeRealDocument();
    if (document === undefined) {
      void vscode.window.showInformationMessage(`Idle Watchdog: open a file to ${what}.`);
      return;
    }
    run(document);
  };
  return [
    vscode.commands.registerCommand(
      'idleWatchdog.kick',
      withDocument('kick the watchdog', (document) => {
        controller.kick(document);
        log.info(`kicked ${vscode.workspace.asRelativePath(document.uri)} by command`);
      }),
    ),
    vscode.commands.registerCommand(
      'idleWatchdog.fireNow',
      withDocument('settle it now', (document) => {
        if (!controller.fireNow(document)) {
          void vscode.window.showInformationMessage('Idle Watchdog: this document has no actions to run (see idleWatchdog.enabled and idleWatchdog.actions).');
        }
      }),
    ),
    vscode.commands.registerCommand('idleWatchdog.togglePause', () => controller.setPaused(!controller.paused)),
    vscode.commands.registerCommand(
      'idleWatchdog.cancel',
      withDocument('cancel its settle', (document) => {
        const name = vscode.workspace.asRelativePath(document.uri);
        const already = controller.state(document.uri.toString()).cancelled;
        const cancelled = controller.cancel(document);
        log.info(cancelled ? `cancelled the pending settle of ${name}` : `nothing was pending for ${name}`);
        const message = cancelled
          ? `Idle Watchdog: cancelled the pending settle of ${name}.`
          : already
            ? `Idle Watchdog: the settle of ${name} was already cancelled; the next edit starts a new one.`
            : `Idle Watchdog: nothing was pending for ${name}; it had already settled or was never edited.`;
        void vscode.window.showInformationMessage(message);
      }),
    ),
    vscode.commands.registerCommand('idleWatchdog.showLog', () => log.show()),
  ];
}
