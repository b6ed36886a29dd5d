import * as vscode from 'vscode';
import type { Log } from './log';
import { Runner, SettleReport } from './actions/runner';
import { countingClock, systemClock } from './core/clock';
import { FireEvent, Watchdog } from './core/watchdog';
import { StageSpec } from './config/model';
import { Settings } from './config/settings';

/** The key of the window-wide round (`scope: "window"` stages: a dead man's switch). */
export const WINDOW_KEY = 'window';

/** The schemes of real documents; never output channels, git or diff virtual documents. */
const REAL_SCHEMES = new Set(['file', 'untitled', 'vscode-remote', 'vscode-userdata']);

export function isRealDocument(document: vscode.TextDocument): boolean {
  return REAL_SCHEMES.has(document.uri.scheme);
}

/** The active editor's document, if it is a real document. */
export function activeRealDocument(): vscode.TextDocument | undefined {
  const document = vscode.window.activeTextEditor?.document;
  return document !== undefined && isRealDocument(document) ? document : undefined;
}

/**
 * The adapter between VS Code and the watchdog core: documents become keys, settings become stage
 * lists, and a fired stage becomes a round of actions on its document.
 */
export class Controller implements vscode.Disposable {
  readonly watchdog: Watchdog<string, StageSpec>;
  private readonly clock = countingClock(systemClock);
  /** Documents with watchdog state, by key (to act on them when they settle). */
  private readonly documents = new Map<string, vscode.TextDocument>();
  private readonly lastSettles = new Map<string, SettleReport>();
  /** Documents whose latest edit was an undo or redo. */
  private readonly restoredKeys = new Set<string>();
  private readonly settled = new vscode.EventEmitter<SettleReport>();
  private readonly disposables: vscode.Disposable[] = [this.settled];
  private disposed = false;

  readonly onDidSettle = this.settled.event;

  constructor(
    private readonly settings: Settings,
    readonly runner: Runner,
    private readonly log: Log,
  ) {
    this.watchdog = new Watchdog<string, StageSpec>({ clock: this.clock, onFire: (e) => this.settle(e) });
    this.disposables.push(
      this.watchdog.onDidError(({ key, error }) => log.error(`watchdog (${key}): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)),
      settings.onDidChange(() => this.applySettings()),
    );
  }

  /**
   * An edit: starts a new round for the document (and the window). The hot path of every keystroke.
   * `undoOrRedo`: the edit restored earlier text; that round saves it but does not reformat it
   * (else undoing a format would be formatted again, over and over).
   */
  kick(document: vscode.TextDocument, undoOrRedo = false): void {
    const key = document.uri.toString();
    if (undoOrRedo) this.restoredKeys.add(key);
    else if (this.restoredKeys.size > 0) this.restoredKeys.delete(key);
    const config = this.settings.forDocument(document);
    if (config.enabled && config.stages.length > 0) {
      if (!this.documents.has(key)) this.documents.set(key, document);
      this.watchdog.kick(key, config.stages);
    }
    this.kickWindow();
  }

  /** Activity that holds a pending settle back without starting one (cursor, scroll, switch, focus). */
  postpone(document: vscode.TextDocument | undefined): void {
    if (document !== undefined) this.watchdog.postpone(document.uri.toString());
    this.kickWindow();
  }

  kickWindow(): void {
    const window = this.settings.window;
    if (window.enabled && window.windowStages.length > 0) this.watchdog.kick(WINDOW_KEY, window.windowStages);
  }

  /** Settles the document now (its next pending stage, or a new round's first stage). */
  fireNow(document: vscode.TextDocument): boolean {
    const key = document.uri.toString();
    const config = this.settings.forDocument(document);
    if (!config.enabled || config.stages.length === 0) return false;
    this.documents.set(key, document);
    if (this.watchdog.state(key).lastKick === undefined) this.watchdog.kick(key, config.stages);
    else this.watchdog.setStages(key, config.stages);
    return this.watchdog.fireNow(key);
  }

  cancel(document: vscode.TextDocument): boolean {
    return this.watchdog.cancel(document.uri.toString());
  }

  /** A closed document: no state kept, never saved after closing. */
  forget(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    this.watchdog.forget(key);
    this.documents.delete(key);
    this.lastSettles.delete(key);
    this.restoredKeys.delete(key);
    this.settings.forget(key);
    this.runner.forget(key);
  }

  /** Tabs closed: documents with no tab left are forgotten (the user closed them). */
  forgetClosedTabs(closed: readonly string[], open: ReadonlySet<string>): void {
    for (const key of closed) {
      const document = this.documents.get(key);
      if (document !== undefined && !open.has(key)) this.forget(document);
    }
  }

  restored(key: string): boolean {
    return this.restoredKeys.has(key);
  }

  lastSettle(key: string): SettleReport | undefined {
    return this.lastSettles.get(key);
  }

  /** Counts for diagnostics and tests: state must not grow with documents that were closed. */
  stats(): { documents: number; keys: number; pending: number; timers: number; running: number; cachedConfigs: number } {
    return {
      documents: this.documents.size,
      keys: this.watchdog.size,
      pending: this.watchdog.pendingCount,
      timers: this.clock.pending,
      running: this.runner.runningCount,
      cachedConfigs: this.settings.cachedDocuments,
    };
  }

  /** Settings changed: every known key gets its new stages at once, also mid-countdown. */
  private applySettings(): void {
    this.runner.resetFailures();
    for (const [key, document] of this.documents) {
      if (document.isClosed) {
        this.forget(document);
        continue;
      }
      const config = this.settings.forDocument(document);
      if (!config.enabled) this.watchdog.cancel(key);
      else this.watchdog.setStages(key, config.stages);
    }
    const window = this.settings.window;
    if (!window.enabled || window.windowStages.length === 0) this.watchdog.forget(WINDOW_KEY);
    else this.watchdog.setStages(WINDOW_KEY, window.windowStages);
  }

  private async settle(e: FireEvent<string, StageSpec>): Promise<void> {
    if (this.disposed) return;
    let document: vscode.TextDocument | undefined;
    if (e.key === WINDOW_KEY) {
      // Window stages act on the active document, unless it is disabled (e.g. for its language).
      const active = activeRealDocument();
      document = active !== undefined && this.settings.forDocument(active).enabled ? active : undefined;
    } else {
      document = this.documents.get(e.key);
      if (document === undefined || document.isClosed) {
        if (document !== undefined) this.forget(document);
        return;
      }
    }
    await this.runner.run(e.key, document, e.stage, e.index);
  }

  /** A round ended (the runner reports every settle here). */
  reportSettle(key: string, report: SettleReport): void {
    if (this.disposed) return;
    // Kept only for documents still open (a closed one was forgotten meanwhile).
    if (key === WINDOW_KEY || this.documents.has(key)) this.lastSettles.set(key, report);
    this.settled.fire(report);
  }

  dispose(): void {
    this.disposed = true;
    this.watchdog.dispose();
    this.documents.clear();
    this.lastSettles.clear();
    for (const d of this.disposables) d.dispose();
  }
}
