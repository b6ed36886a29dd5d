import * as vscode from 'vscode';
import { KickSource } from '../config/model';
import { Settings } from '../config/settings';
import { Controller } from '../controller';
import type { Log } from '../log';
import type { Target } from '../target';

/**
 * Turns VS Code events into kicks. Only the sources named in `idleWatchdog.kickOn` are listened
 * to at all (no work for the others), re-subscribed when the setting changes.
 *
 * - edit: a content change of a real document starts its round (never a change with no content,
 *   never the watchdog's own format edits or saves). Changes are classified even without "edit"
 *   (the user's typing still stops a running round). A notebook cell's change (a text document of
 *   its own) kicks its notebook, and so do cells added or removed; outputs, metadata and
 *   execution (running a cell) are not edits and never kick.
 * - selection: keyboard or mouse selection changes only, never programmatic ones (including the
 *   watchdog's own caret restore after formatting).
 * - editorSwitch, scroll, focus: hold back the pending settle of the document concerned.
 * Every kick also kicks the window round.
 *
 * At start, with "edit" in kickOn, every open file that already has unsaved changes is kicked once:
 * text typed while the extension host was still starting, or restored by hot exit, settles as VS
 * Code's own auto save settles a restored file. Nothing else about it is known (no edited lines),
 * so the format guard treats the whole file as edited. Untitled documents are left alone (a
 * scratch buffer, an extension's generated text): only the user's typing settles them.
 */
export class KickSources implements vscode.Disposable {
  #listeners: vscode.Disposable[] = [];
  readonly #disposables: vscode.Disposable[] = [];

  readonly #settings: Settings;
  readonly #controller: Controller;
  readonly #log: Log;

  constructor(settings: Settings, controller: Controller, log: Log) {
    this.#settings = settings;
    this.#controller = controller;
    this.#log = log;
    this.#disposables.push(settings.onDidChange(() => this.#subscribe()));
    this.#subscribe();
    if (settings.window.kickOn.has('edit')) this.#kickUnsaved();
  }

  /** Files (not untitled documents) already unsaved at start; logs how many will settle. */
  #kickUnsaved(): void {
    const targets = new Set<Target>();
    for (const document of [...vscode.workspace.textDocuments, ...vscode.workspace.notebookDocuments]) {
      const target = document.isDirty ? this.#controller.targets.real(document) : undefined;
      if (target !== undefined && !target.isUntitled) targets.add(target);
    }
    let settling = 0;
    for (const target of targets) if (this.#controller.kick(target)) settling++;
    if (settling > 0) this.#log.info(`${settling} file(s) had unsaved changes at start: each settles after its delay`);
  }

  #subscribe(): void {
    for (const l of this.#listeners) l.dispose();
    this.#listeners = [];
    // Listened to even when `idleWatchdog.enabled` is false at the window level: a language or
    // folder may turn it back on; each document's own value decides.
    const window = this.#settings.window;
    const on = (source: KickSource) => window.kickOn.has(source);
    const controller = this.#controller;
    // Every content change is classified, also without "edit" in kickOn: our own edits' expected
    // versions are consumed here, and the user's change during a round must stop that round.
    const editKicks = on('edit');
    this.#listeners.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length === 0) return;
        const document = e.document;
        const target = this.#controller.targets.of(document);
        if (target === undefined) return;
        controller.change(target, document, e.contentChanges, e.reason !== undefined, editKicks);
      }),
      // Only cells added, removed or moved; cell text arrives above, and `cellChanges` (outputs,
      // metadata, execution summaries) are not the user's edits.
      vscode.workspace.onDidChangeNotebookDocument((e) => {
        if (!editKicks || e.contentChanges.length === 0) return;
        const target = this.#controller.targets.real(e.notebook);
        if (target === undefined) return;
        // A moved cell comes as removed and added again (the same document): not an edit of its text.
        const removed = new Set(e.contentChanges.flatMap((change) => change.removedCells.map((cell) => cell.document)));
        controller.cellsChanged(target, e.contentChanges.flatMap((change) => change.addedCells.flatMap((cell) => (removed.has(cell.document) ? [] : [cell.document]))));
      }),
    );
    // Always: a document stage's command that waited for its document to be in front runs then.
    // With "editorSwitch", the switch also holds back the pending settle of the document now in front.
    const switchKicks = on('editorSwitch');
    const activated = (target: Target | undefined) => {
      if (target === undefined) return;
      controller.activated(target);
      if (switchKicks) controller.postpone(target);
    };
    this.#listeners.push(
      vscode.window.onDidChangeActiveTextEditor((editor) => activated(editor && this.#controller.targets.of(editor.document))),
      vscode.window.onDidChangeActiveNotebookEditor((editor) => activated(editor && this.#controller.targets.real(editor.notebook))),
    );
    // Listened to even without "selection" in kickOn: typing during a round must stop the round.
    const selectionKicks = on('selection');
    this.#listeners.push(
      vscode.window.onDidChangeTextEditorSelection((e) => {
        const target = this.#controller.targets.of(e.textEditor.document);
        if (target === undefined) return;
        controller.caretsMoved(target, e.selections);
        if (e.kind !== vscode.TextEditorSelectionChangeKind.Keyboard && e.kind !== vscode.TextEditorSelectionChangeKind.Mouse) return;
        controller.noteUserInput(target);
        if (selectionKicks) controller.postpone(target);
      }),
    );
    if (on('scroll')) {
      this.#listeners.push(
        vscode.window.onDidChangeTextEditorVisibleRanges((e) => {
          // Scrolling caused by our own caret restore during a round does not hold it back (its
          // event may still arrive just after the round; that only postpones the next stage).
          const target = this.#controller.targets.of(e.textEditor.document);
          if (target !== undefined && !controller.isRunning(target.uri.toString())) controller.postpone(target);
        }),
      );
    }
    if (on('focus')) {
      this.#listeners.push(
        vscode.window.onDidChangeWindowState((state) => {
          if (!state.focused) return;
          controller.postpone(this.#controller.targets.active());
        }),
      );
    }
  }

  dispose(): void {
    for (const l of this.#listeners) l.dispose();
    for (const d of this.#disposables) d.dispose();
    this.#listeners = [];
  }
}
