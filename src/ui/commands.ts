import * as vscode from 'vscode';
import type { Log } from '../log';
import type { Settings } from '../config/settings';
import { Controller } from '../controller';
import type { Target } from '../target';
import { showMenu } from './menu';
import { chooseRecipe } from './recipes';

/** The commands of the palette (category "Idle Watchdog"). Each says what it did. */
export function registerCommands(controller: Controller, settings: Settings, log: Log): vscode.Disposable[] {
  /** `openFirst`: what to say when no file is open. */
  const withDocument = (openFirst: string, run: (document: Target) => void) => () => {
    const document = controller.targets.active();
    if (document === undefined) {
      void vscode.window.showInformationMessage(openFirst);
      return;
    }
    run(document);
  };
  return [
    vscode.commands.registerCommand(
      'idleWatchdog.kick',
      withDocument(vscode.l10n.t('Idle Watchdog: open a file to kick the watchdog.'), (document) => {
        controller.kick(document);
        log.info(`kicked ${vscode.workspace.asRelativePath(document.uri)} by command`);
      }),
    ),
    vscode.commands.registerCommand(
      'idleWatchdog.fireNow',
      withDocument(vscode.l10n.t('Idle Watchdog: open a file to settle it now.'), (document) => {
        const name = vscode.workspace.asRelativePath(document.uri);
        if (controller.state(document.uri.toString()).pending === undefined && !document.isDirty && !document.isUntitled) {
          void vscode.window.showInformationMessage(vscode.l10n.t('Idle Watchdog: nothing to settle in {0}: no edit is waiting and it has no unsaved changes.', name));
          return;
        }
        if (!controller.fireNow(document)) {
          void vscode.window.showInformationMessage(vscode.l10n.t('Idle Watchdog: this document has no actions to run (see idleWatchdog.enabled and idleWatchdog.actions).'));
        }
      }),
    ),
    vscode.commands.registerCommand('idleWatchdog.togglePause', () => controller.setPaused(!controller.paused)),
    vscode.commands.registerCommand(
      'idleWatchdog.cancel',
      withDocument(vscode.l10n.t('Idle Watchdog: open a file to cancel its settle.'), (document) => {
        const name = vscode.workspace.asRelativePath(document.uri);
        const already = controller.state(document.uri.toString()).cancelled;
        const cancelled = controller.cancel(document);
        log.info(cancelled ? `cancelled the pending settle of ${name}` : `nothing was pending for ${name}`);
        const message = cancelled
          ? vscode.l10n.t('Idle Watchdog: cancelled the pending settle of {0}.', name)
          : already
            ? vscode.l10n.t('Idle Watchdog: the settle of {0} was already cancelled; the next edit starts a new one.', name)
            : vscode.l10n.t('Idle Watchdog: nothing was pending for {0}; it had already settled or was never edited.', name);
        void vscode.window.showInformationMessage(message);
      }),
    ),
    vscode.commands.registerCommand('idleWatchdog.showLog', () => log.show()),
    vscode.commands.registerCommand('idleWatchdog.menu', () => showMenu(controller, settings, log)),
    vscode.commands.registerCommand('idleWatchdog.chooseRecipe', () => chooseRecipe(log)),
    vscode.commands.registerCommand('idleWatchdog.openSettings', () => vscode.commands.executeCommand('workbench.action.openSettings', 'idleWatchdog')),
  ];
}
