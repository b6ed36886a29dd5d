import * as vscode from 'vscode';
import { createApi, IdleWatchdogApi } from './api';
import { Settings } from './config/settings';
import { Controller } from './controller';
import { KickSources } from './kicks/kickSources';
import { LeaveSources } from './kicks/leaveSources';
import { createLog, Log } from './log';
import { registerCommands } from './ui/commands';
import { firstRunNotice } from './ui/firstRun';
import { Notices } from './ui/notices';
import { StatusBar } from './ui/statusBar';
import { createWorkspaceCommands } from './ui/workspaceCommands';

/** Wiring only: build the pieces, own their disposables, return the API. */
export function activate(context: vscode.ExtensionContext): IdleWatchdogApi {
  const watchdog = createIdleWatchdog({ memento: context.globalState });
  context.subscriptions.push(watchdog);
  void firstRunNotice(context, watchdog.log);
  return watchdog.api;
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}

/**
 * Builds a complete watchdog. `dispose()` is deactivation: every timer, listener, the status bar
 * item and the log go, and a round still in flight runs no further action. The host tests build
 * a second one (without the palette commands, which can be registered only once) to prove that.
 * `memento`: where the answers about a folder's own commands last (the global state; in memory without).
 */
export function createIdleWatchdog(options: { commands?: boolean; memento?: vscode.Memento } = {}): vscode.Disposable & { api: IdleWatchdogApi; log: Log } {
  const log = createLog();
  const notices = new Notices(log);
  const settings = new Settings((problems) => notices.settingsProblems(problems));
  // First listener of a settings change: the new settings' problems are shown afresh.
  const resetNotices = settings.onDidChange(() => notices.reset());
  const controller = new Controller({ settings, log, showProblem: (cause, message) => notices.once(cause, message) });
  const statusBar = new StatusBar(controller, settings);
  // Disposed in reverse order: listeners and timers first, the log last.
  const disposables: vscode.Disposable[] = [
    log,
    notices,
    settings,
    resetNotices,
    controller,
    statusBar,
    new KickSources(settings, controller, log),
    new LeaveSources(controller, log),
    // Allowed: the documents whose settle skipped the folder's commands settle again, running them.
    createWorkspaceCommands({
      memento: options.memento,
      log,
      allowed: (documents) => {
        for (const document of documents) {
          if (document === undefined) controller.kickWindow();
          else if (!document.isClosed) controller.kick(document);
        }
      },
    }),
    ...(options.commands === false ? [] : registerCommands(controller, settings, log)),
    vscode.workspace.onDidCloseTextDocument((document) => controller.forget(document)),
    vscode.workspace.onDidCloseNotebookDocument((notebook) => controller.forget(notebook)),
    // A rename or a language change closes and reopens a document: its pending settle goes on.
    vscode.workspace.onDidOpenTextDocument((document) => controller.opened(document)),
    vscode.workspace.onDidRenameFiles((e) => controller.renamed(e.files)),
    // A document's tab closing is the user's "close"; VS Code may keep the document itself open
    // for a while longer. No settle runs for it after its last tab closed.
    vscode.window.tabGroups.onDidChangeTabs((e) => {
      if (e.closed.length > 0) controller.forgetClosedTabs(e.closed.flatMap(tabUris), openTabUris());
    }),
  ];
  log.info(`activated (workspace ${vscode.workspace.isTrusted ? 'trusted' : 'in Restricted Mode: workspace values of idleWatchdog.actions and idleWatchdog.stages are ignored'})`);
  return {
    api: createApi(controller, statusBar),
    log,
    dispose: () => {
      for (const d of disposables.reverse()) d.dispose();
      disposables.length = 0;
    },
  };
}

function tabUris(tab: vscode.Tab): string[] {
  const input = tab.input;
  if (input instanceof vscode.TabInputText) return [input.uri.toString()];
  if (input instanceof vscode.TabInputTextDiff) return [input.modified.toString()];
  if (input instanceof vscode.TabInputNotebook) return [input.uri.toString()];
  return [];
}

function openTabUris(): Set<string> {
  return new Set(vscode.window.tabGroups.all.flatMap((group) => group.tabs.flatMap(tabUris)));
}
