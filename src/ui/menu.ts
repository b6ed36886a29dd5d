import * as vscode from 'vscode';
import type { Log } from '../log';
import type { Settings } from '../config/settings';
import { Controller } from '../controller';

interface MenuItem extends vscode.QuickPickItem {
  readonly command: string;
}

/**
 * The status bar item's menu: pause/resume, settle now, cancel, choose a recipe, the log. While it
 * is open every pending settle holds (time stands still), so Cancel and Settle Now are no race
 * against a one-second delay.
 */
export async function showMenu(controller: Controller, settings: Settings, log: Log): Promise<void> {
  const hold = controller.hold('menu');
  const pick = vscode.window.createQuickPick<MenuItem>();
  try {
    const document = controller.targets.active();
    const pending = document !== undefined ? controller.state(document.uri.toString()).pending : undefined;
    const items: MenuItem[] = [
      controller.paused
        ? { label: `$(debug-start) ${vscode.l10n.t('Resume')}`, command: 'idleWatchdog.togglePause' }
        : { label: `$(debug-pause) ${vscode.l10n.t('Pause')}`, description: vscode.l10n.t('nothing settles until you resume'), command: 'idleWatchdog.togglePause' },
    ];
    if (document !== undefined) {
      items.push({ label: `$(run) ${vscode.l10n.t('Settle Now')}`, description: vscode.workspace.asRelativePath(document.uri), command: 'idleWatchdog.fireNow' });
      if (pending !== undefined) items.push({ label: `$(circle-slash) ${vscode.l10n.t('Cancel Pending Settle')}`, command: 'idleWatchdog.cancel' });
    }
    items.push({ label: `$(wand) ${vscode.l10n.t('Choose a Recipe…')}`, description: vscode.l10n.t('what happens once you stop typing'), command: 'idleWatchdog.chooseRecipe' });
    if (settings.problems.length > 0) {
      items.push({ label: `$(warning) ${vscode.l10n.t('Show Settings Problems')}`, description: settings.problems[0], command: 'idleWatchdog.showLog' });
    }
    items.push(
      { label: `$(output) ${vscode.l10n.t('Show Log')}`, command: 'idleWatchdog.showLog' },
      { label: `$(gear) ${vscode.l10n.t('Open Settings')}`, command: 'idleWatchdog.openSettings' },
    );
    pick.title = vscode.l10n.t('Idle Watchdog');
    pick.placeholder = pending !== undefined ? vscode.l10n.t('Settles are held while this menu is open') : vscode.l10n.t('Idle Watchdog');
    pick.items = items;
    const chosen = await new Promise<MenuItem | undefined>((resolve) => {
      pick.onDidAccept(() => resolve(pick.selectedItems[0]));
      pick.onDidHide(() => resolve(undefined));
      pick.show();
    });
    pick.hide();
    // Cancel runs while settles are still held (no race); everything else after they resume
    // (Settle Now must not be held back itself).
    if (chosen?.command === 'idleWatchdog.cancel') await vscode.commands.executeCommand(chosen.command);
    hold.dispose();
    if (chosen !== undefined && chosen.command !== 'idleWatchdog.cancel') {
      log.info(`menu: ${chosen.command}`);
      await vscode.commands.executeCommand(chosen.command);
    }
  } finally {
    hold.dispose();
    pick.dispose();
  }
}
