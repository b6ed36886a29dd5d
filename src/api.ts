import type * as vscode from 'vscode';
import type { Controller } from './controller';
import type { IdleWatchdogApi, WatchdogState } from './apiTypes';
import type { Target } from './target';
import type { StatusBar } from './ui/statusBar';

export type { ActionOutcome, IdleWatchdogApi, SettleEvent, WatchdogState } from './apiTypes';

/** The API object handed to other extensions: a thin view of the controller. */
export function createApi(controller: Controller, statusBar: StatusBar): IdleWatchdogApi {
  // A document, a notebook, or a cell (which stands for its notebook) by URI.
  const documentOf = (uri?: vscode.Uri): Target | undefined => {
    if (uri === undefined) return controller.targets.active();
    return controller.targets.open(uri.toString());
  };
  return {
    kick: (uri) => {
      const found = documentOf(uri);
      const document = found === undefined ? undefined : controller.targets.real(found);
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
