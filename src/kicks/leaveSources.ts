import * as vscode from 'vscode';
import { LeaveTrigger } from '../config/model';
import { Controller } from '../controller';
import type { Log } from '../log';
import type { Target } from '../target';

/** VS Code 1.93+ (not in the 1.75 API types this extension builds against): a command started in a terminal with shell integration. */
interface ShellExecutionWindow {
  readonly onDidStartTerminalShellExecution?: vscode.Event<{ readonly terminal: vscode.Terminal }>;
}

/**
 * Turns "the user left" into early settles (`idleWatchdog.settleOn`, per document):
 * - editorSwitch: the document that was in front settles when another editor (or no editor: a
 *   webview, the Settings editor) takes its place. Moving between the cells of a notebook is not
 *   leaving it.
 * - windowBlur: every pending document settles when the VS Code window loses focus.
 * - terminal: every pending document settles when a command starts in the integrated terminal
 *   (shell integration's command start, VS Code 1.93+), and earlier where VS Code tells: the first
 *   input into a terminal (`isInteractedWith`, any version) and another terminal becoming the
 *   active one (a new terminal, a task's).
 * Always listened to (cheap events, none on the typing path): `settleOn` is language-overridable,
 * so each document's own value decides in `Controller.leave`.
 */
export class LeaveSources implements vscode.Disposable {
  readonly #disposables: vscode.Disposable[] = [];
  readonly #controller: Controller;
  readonly #log: Log;
  #front: Target | undefined;

  constructor(controller: Controller, log: Log) {
    this.#controller = controller;
    this.#log = log;
    this.#front = controller.targets.active();
    const switched = () => {
      const before = this.#front;
      this.#front = controller.targets.active();
      if (before !== undefined && before !== this.#front) this.#leave([before], 'editorSwitch');
    };
    const terminal = (what: string) => this.#leave(undefined, 'terminal', what);
    this.#disposables.push(
      vscode.window.onDidChangeActiveTextEditor(switched),
      vscode.window.onDidChangeActiveNotebookEditor(switched),
      vscode.window.onDidChangeWindowState((state) => {
        if (!state.focused) this.#leave(undefined, 'windowBlur');
      }),
      vscode.window.onDidChangeTerminalState((t) => {
        if (t.state.isInteractedWith) terminal('first input into a terminal');
      }),
      vscode.window.onDidChangeActiveTerminal((t) => {
        if (t !== undefined) terminal('a terminal became the active one');
      }),
    );
    const started = (vscode.window as ShellExecutionWindow).onDidStartTerminalShellExecution;
    if (started !== undefined) this.#disposables.push(started(() => terminal('a command started in a terminal')));
  }

  /** Settles `documents` (all pending ones when undefined) for `trigger`, and logs it once when any did. */
  #leave(documents: readonly Target[] | undefined, trigger: LeaveTrigger, what?: string): void {
    const settled = documents === undefined ? this.#controller.leaveAll(trigger) : documents.reduce((n, d) => n + this.#controller.leave(d, trigger), 0);
    if (settled > 0 && what !== undefined) this.#log.info(`${what}: ${settled} pending stage${settled === 1 ? '' : 's'} settled at once (idleWatchdog.settleOn)`);
  }

  dispose(): void {
    for (const d of this.#disposables) d.dispose();
    this.#disposables.length = 0;
  }
}
