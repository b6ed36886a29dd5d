import * as vscode from 'vscode';
import type { Log } from '../log';
import { SECTION } from '../config/settings';
import { formatMs } from '../core/time';

/** Set in the global state once the user answered the first-run notice (any button). */
const ANSWERED = 'firstRun.answered';

/** The settings that decide what the extension does; the notice is for defaults nobody chose. */
const CHOSEN = ['enabled', 'delay', 'actions', 'stages', 'when'] as const;

/**
 * Once after install: installing the extension turns on "save each file 1 s after you stop
 * typing", so say so, in one sentence, with *Choose a Recipe…*, *Keep* and *Turn Off*. When
 * VS Code's own `files.autoSave` is on too, two auto-savers run: say that and offer to leave saving
 * to one of them. Never again after an answer (a notice closed without one comes back at the next
 * start); never in a test run; never when the user has set the extension up already (settings
 * synced from another machine, say).
 */
export async function firstRunNotice(context: vscode.ExtensionContext, log: Log): Promise<void> {
  if (context.extensionMode === vscode.ExtensionMode.Test || context.globalState.get(ANSWERED) === true) return;
  const config = vscode.workspace.getConfiguration(SECTION);
  const set = (where: 'globalValue' | 'workspaceValue' | 'workspaceFolderValue') => CHOSEN.some((key) => config.inspect(key)?.[where] !== undefined);
  if (set('globalValue')) {
    await context.globalState.update(ANSWERED, true);
    return;
  }
  const autoSave = vscode.workspace.getConfiguration('files').get<string>('autoSave', 'off');
  const recipe = vscode.l10n.t('Choose a Recipe…');
  const keep = vscode.l10n.t('Keep');
  const off = vscode.l10n.t('Turn Off');
  const vscodeOff = vscode.l10n.t("Turn Off VS Code's Auto Save");
  const both = autoSave !== 'off';
  // What it does now: the defaults, or this folder's settings where it has some.
  const delay = config.get<unknown>('delay');
  const does =
    set('workspaceValue') || set('workspaceFolderValue')
      ? vscode.l10n.t("Idle Watchdog is now on: this folder's settings say what it does once you stop typing.")
      : vscode.l10n.t('Idle Watchdog is now on: it saves each file {0} after you stop typing.', typeof delay === 'number' && delay >= 0 ? formatMs(delay) : '1 s');
  const message = both ? `${does} ${vscode.l10n.t('VS Code\'s own auto save ("files.autoSave": "{0}") is on too: leave saving to one of them?', autoSave)}` : does;
  const buttons = both ? [recipe, vscodeOff, off, keep] : [recipe, keep, off];
  log.info(`first run: ${both ? `files.autoSave is "${autoSave}" too; ` : ''}the notice is shown`);
  const choice = await vscode.window.showInformationMessage(message, ...buttons);
  if (choice === undefined) return; // closed without an answer: asked again at the next start
  await context.globalState.update(ANSWERED, true);
  log.info(`first run: ${choice}`);
  if (choice === recipe) await vscode.commands.executeCommand('idleWatchdog.chooseRecipe');
  else if (choice === off) await config.update('enabled', false, vscode.ConfigurationTarget.Global);
  else if (choice === vscodeOff) await vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Global);
}
