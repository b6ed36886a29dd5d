import * as vscode from 'vscode';
import { activeRealDocument, Controller, openTarget, realTarget, targetOf } from './controller';
import { isNotebook, Target } from './target';
import type { StatusBar } from './ui/statusBar';

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
  readonly stats: { readonly documents: number; readonly keys: number; readonly pending: number; readonly timers: number; readonly running: number; readonly cachedConfigs: number; readonly ownEditsIdle: boolean };
  /** The status bar text right now (empty when hidden). */
  readonly statusBar: string;
  /** The status bar item's tooltip (markdown) right now. */
  readonly statusBarTooltip: string;
}

export interface SettleEvent {
  readonly document: vscode.Uri | undefined;
  readonly stage: { readonly index: number; readonly delay: number; readonly scope: 'document' | 'window'; readonly source: string };
  readonly actions: readonly { readonly action: string; readonly status: 'done' | 'skipped' | 'failed' | 'timeout'; readonly detail: string; readonly ms: number }[];
  /** Why the whole stage did not run (a `when` condition), if it did not. */
  readonly skipped?: string;
  readonly time: number;
}

/** The API object handed to other extensions: a thin view of the controller. */
export function createApi(controller: Controller, statusBar: StatusBar): IdleWatchdogApi {
  // A document, a notebook, or a cell (which stands for its notebook) by URI.
  const documentOf = (uri?: vscode.Uri): Target | undefined => {
    if (uri === undefined) return activeRealDocument();
    const target = openTarget(uri.toString());
    return target === undefined || isNotebook(target) ? target : (targetOf(target) ?? target);
  };
  return {
    kick: (uri) => {
      const found = documentOf(uri);
      const document = found === undefined ? undefined : realTarget(found);
      if (document === undefined) return false;
      controller.kick(document);
      return controller.state(document.uri.toString()).pending !== undefined;
    },
    cancel: (uri) => {
      const document = documentOf(uri);
      return document !== undefined && controller.cancel(document);
    },
    state: (uri): WatchdogState => {
      const document = documentOf(uri);
      const key = document?.uri.toString();
      const state = key !== undefined ? controller.state(key) : undefined;
      const pending = state?.pending;
      return {
        document: document?.uri,
        paused: controller.paused,
        pending: pending && {
          stage: pending.index,
          delay: pending.stage.delay,
          remainingMs: pending.remaining,
          actions: pending.stage.actions.map((a) => (a.kind === 'command' ? a.command : a.kind)),
        },
        fired: state ? state.fired.map((_, i) => i) : [],
        cancelled: state?.cancelled ?? false,
        running: key !== undefined && controller.isRunning(key),
        lastSettle: key !== undefined ? controller.lastSettle(key) : undefined,
        stats: controller.stats(),
        statusBar: statusBar.visible ? statusBar.text : '',
        statusBarTooltip: statusBar.visible ? statusBar.tooltipText : '',
      };
    },
    pause: () => controller.setPaused(true),
    resume: () => controller.setPaused(false),
    onDidSettle: controller.onDidSettle,
  };
}
