import * as vscode from 'vscode';
import type { Log } from '../log';
import { noLinks } from './summary';

/**
 * Problems the user should hear about: logged every time by the caller, shown here once per
 * cause (never a notification on every settle), with buttons to open the log or the settings.
 */
export class Notices {
  readonly #shown = new Set<string>();
  /** Settings problems gathered since the last settings change (shown as one notification). */
  #settingsBatch: string[] = [];
  #settingsShown = false;
  #settingsTimer: ReturnType<typeof setTimeout> | undefined;

  readonly #log: Log;

  constructor(log: Log) {
    this.#log = log;
  }

  once(cause: string, message: string): void {
    if (this.#shown.has(cause)) return;
    this.#shown.add(cause);
    const showLog = vscode.l10n.t('Show Log');
    const openSettings = vscode.l10n.t('Open Settings');
    // The message carries setting values, file names and command arguments: none of it a link.
    void vscode.window.showWarningMessage(noLinks(message), showLog, openSettings).then((choice) => {
      if (choice === showLog) this.#log.show();
      else if (choice === openSettings) void vscode.commands.executeCommand('workbench.action.openSettings', 'idleWatchdog');
    });
  }

  /**
   * Invalid settings: each problem is logged; the user gets one notification per settings change
   * (problems found while reading several documents' settings are gathered for a moment first).
   */
  settingsProblems(problems: readonly string[]): void {
    for (const p of problems) this.#log.warn(`settings: ${p}`);
    if (this.#settingsShown) return;
    this.#settingsBatch.push(...problems);
    this.#settingsTimer ??= setTimeout(() => {
      this.#settingsTimer = undefined;
      const [first, ...rest] = this.#settingsBatch;
      this.#settingsBatch = [];
      if (first === undefined) return;
      this.#settingsShown = true;
      const more = rest.length > 0 ? ` (and ${rest.length} more in the log)` : '';
      this.once(`settings\n${first}\n${rest.join('\n')}`, `Idle Watchdog: ${first}${more}`);
    }, 250);
  }

  /** Settings changed: problems fixed and re-broken should be shown again. */
  reset(): void {
    this.#shown.clear();
    this.#settingsShown = false;
    this.#settingsBatch = [];
    if (this.#settingsTimer !== undefined) clearTimeout(this.#settingsTimer);
    this.#settingsTimer = undefined;
  }

  dispose(): void {
    this.reset();
  }
}
