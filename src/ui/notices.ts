import * as vscode from 'vscode';

/**
 * Problems the user should hear about: logged every time by the caller, shown here once per
 * cause (never a notification on every settle), with buttons to open the log or the settings.
 */
export class Notices {
  private readonly shown = new Set<string>();

  constructor(private readonly log: vscode.LogOutputChannel) {}

  once(cause: string, message: string): void {
    if (this.shown.has(cause)) return;
    this.shown.add(cause);
    void vscode.window.showWarningMessage(message, 'Show Log', 'Open Settings').then((choice) => {
      if (choice === 'Show Log') this.log.show(true);
      else if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'idleWatchdog');
    });
  }

  /** Invalid settings: each problem logged, one notification per distinct set. */
  settingsProblems(problems: readonly string[]): void {
    for (const p of problems) this.log.warn(`settings: ${p}`);
    const first = problems[0];
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more in the log)` : '';
    this.once(`settings\n${problems.join('\n')}`, `Idle Watchdog: ${first}${more}`);
  }

  /** Settings changed: problems fixed and re-broken should be shown again. */
  reset(): void {
    this.shown.clear();
  }
}
