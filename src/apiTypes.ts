import type * as vscode from 'vscode';
import type { ActionReport, RoundReport } from './actions/runner';

/**
 * The public API's types, in a file of their own: the API (src/api.ts), the controller and the
 * status bar import them from here, so nothing imports the other way round.
 */

/**
 * What Idle Watchdog offers other extensions:
 * `const api = await vscode.extensions.getExtension<IdleWatchdogApi>('idle-watchdog.idle-watchdog')?.activate();`
 */
export interface IdleWatchdogApi {
  /** Kicks a document (default: the active editor's) as an edit would: a new round starts. Returns false if it is not watched. */
  kick(uri?: vscode.Uri): boolean;
  /** Cancels the document's pending settle. True only when one was really pending (false when it already ran). */
  cancel(uri?: vscode.Uri): boolean;
  /** What is pending for the document, what already ran this round, and whether it was cancelled. */
  state(uri?: vscode.Uri): WatchdogState;
  /** Pauses the whole watchdog: nothing runs until `resume`. Pending countdowns keep the time they had left. */
  pause(): void;
  resume(): void;
  /** After every settle: the document, the stage and each action's outcome. */
  readonly onDidSettle: vscode.Event<SettleEvent>;
}

export interface WatchdogState {
  readonly document: vscode.Uri | undefined;
  readonly paused: boolean;
  readonly pending: { readonly stage: number; readonly delay: number; readonly remainingMs: number; readonly actions: readonly string[] } | undefined;
  /** Stages (by index) that already ran in this round. */
  readonly fired: readonly number[];
  readonly cancelled: boolean;
  /** A round of actions is running for this document right now. */
  readonly running: boolean;
  readonly lastSettle: SettleEvent | undefined;
  /** Diagnostics: how much state the watchdog holds (documents, pending keys, timers; never more than one timer). */
  readonly stats: {
    readonly documents: number;
    readonly keys: number;
    readonly pending: number;
    readonly timers: number;
    readonly running: number;
    readonly cachedConfigs: number;
    readonly ownEditsIdle: boolean;
    /** The size of every per-document table the extension keeps, by name: none may grow with documents that were closed. */
    readonly tables: Readonly<Record<string, number>>;
  };
  /** The status bar text right now (empty when hidden). */
  readonly statusBar: string;
  /** The status bar item's tooltip (markdown) right now. */
  readonly statusBarTooltip: string;
}

/**
 * After every settle: the document, the stage (index, delay, scope, source), each action's
 * outcome in order, and why the whole stage did not run (`skip`, `skipped` in words), if it did not.
 */
export type SettleEvent = RoundReport<vscode.Uri>;

/** One action's outcome: what it is (`kind`), its status, and why, as data (`reason.code` and its numbers) and in words (`detail`, as the log has it). */
export type ActionOutcome = ActionReport;
