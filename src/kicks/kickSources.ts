import * as vscode from 'vscode';
import { KickSource } from '../config/model';
import { Settings } from '../config/settings';
import { Controller, isRealDocument } from '../controller';

/**
 * Turns VS Code events into kicks. Only the sources named in `idleWatchdog.kickOn` are listened
 * to at all (no work for the others), re-subscribed when the setting changes.
 *
 * - edit: a content change of a real document starts its round (never a change with no content,
 *   never the watchdog's own format edits or saves). Changes are classified even without "edit"
 *   (the user's typing still stops a running round).
 * - selection: keyboard or mouse selection changes only, never programmatic ones (including the
 *   watchdog's own caret restore after formatting).
 * - editorSwitch, scroll, focus: hold back the pending settle of the document concerned.
 * Every kick also kicks the window round.
 */
export class KickSources implements vscode.Disposable {
  private listeners: vscode.Disposable[] = [];
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly settings: Settings,
    private readonly controller: Controller,
  ) {
    this.disposables.push(settings.onDidChange(() => this.subscribe()));
    this.subscribe();
  }

  private subscribe(): void {
    for (const l of this.listeners) l.dispose();
    this.listeners = [];
    // Listened to even when `idleWatchdog.enabled` is false at the window level: a language or
    // folder may turn it back on; each document's own value decides.
    const window = this.settings.window;
    const on = (source: KickSource) => window.kickOn.has(source);
    const controller = this.controller;
    // Every content change is classified, also without "edit" in kickOn: our own edits' expected
    // versions are consumed here, and the user's change during a round must stop that round.
    const editKicks = on('edit');
    this.listeners.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length === 0) return;
        const document = e.document;
        if (!isRealDocument(document)) return;
        controller.change(document, e.contentChanges, e.reason !== undefined, editKicks);
      }),
    );
    // Listened to even without "selection" in kickOn: typing during a round must stop the round.
    const selectionKicks = on('selection');
    this.listeners.push(
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (e.kind !== vscode.TextEditorSelectionChangeKind.Keyboard && e.kind !== vscode.TextEditorSelectionChangeKind.Mouse) return;
        const document = e.textEditor.document;
        if (!isRealDocument(document)) return;
        controller.noteUserInput(document);
        if (selectionKicks) controller.postpone(document);
      }),
    );
    if (on('editorSwitch')) {
      this.listeners.push(
        vscode.window.onDidChangeActiveTextEditor((editor) => {
          if (editor !== undefined && isRealDocument(editor.document)) controller.postpone(editor.document);
        }),
      );
    }
    if (on('scroll')) {
      this.listeners.push(
        vscode.window.onDidChangeTextEditorVisibleRanges((e) => {
          // Scrolling caused by our own caret restore during a round does not hold it back (its
          // event may still arrive just after the round; that only postpones the next stage).
          const document = e.textEditor.document;
          if (isRealDocument(document) && !controller.isRunning(document.uri.toString())) controller.postpone(document);
        }),
      );
    }
    if (on('focus')) {
      this.listeners.push(
        vscode.window.onDidChangeWindowState((state) => {
          if (!state.focused) return;
          const document = vscode.window.activeTextEditor?.document;
          controller.postpone(document !== undefined && isRealDocument(document) ? document : undefined);
        }),
      );
    }
  }

  dispose(): void {
    for (const l of this.listeners) l.dispose();
    for (const d of this.disposables) d.dispose();
    this.listeners = [];
  }
}
