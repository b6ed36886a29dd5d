import * as vscode from 'vscode';
import { describeAction } from '../config/model';
import { MAX_TIMER_DELAY } from '../core/clock';
import { Settings } from '../config/settings';
import { activeRealDocument, Controller } from '../controller';
import { countdownText, formatMs, nextTextChange } from '../core/time';

const SETTLING_AFTER_MS = 300;

/**
 * The status bar item: counts down to the active document's next settle, then says it settled,
 * or that the watchdog is paused. Click toggles pause.
 *
 * It does work only while the active document has something pending: one timer, set for the
 * moment the shown text would change (not a polling interval), and the item is touched only when
 * its text changes. Once everything has settled no timer runs at all.
 */
export class StatusBar implements vscode.Disposable {
  private item: vscode.StatusBarItem | undefined;
  private alignment: 'left' | 'right' | undefined;
  private tick: ReturnType<typeof setTimeout> | undefined;
  /** Shows "Settling" once a round has run this long (a quick save goes straight to its result). */
  private settling: { key: string; timer: ReturnType<typeof setTimeout> | undefined; shown: boolean } | undefined;
  private shown = '';
  private tooltipFor = '';
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly controller: Controller,
    private readonly settings: Settings,
  ) {
    this.disposables.push(
      controller.onDidChangePause(() => this.refresh(true)),
      controller.onDidChangePending((key) => {
        if (key === this.activeKey()) this.refresh();
      }),
      controller.onDidSettle(() => this.refresh(true)),
      vscode.window.onDidChangeActiveTextEditor(() => this.refresh(true)),
      vscode.window.onDidChangeActiveNotebookEditor(() => this.refresh(true)),
      settings.onDidChange(() => this.refresh(true)),
    );
    this.refresh(true);
  }

  /** What the item shows now (for tests and the API). */
  get text(): string {
    return this.item?.text ?? '';
  }

  get visible(): boolean {
    return this.item !== undefined && this.shown !== '';
  }

  private activeKey(): string | undefined {
    return activeRealDocument()?.uri.toString();
  }

  /** Recomputes the text; `full` also rebuilds the tooltip (on settle, editor or settings change). */
  refresh(full = false): void {
    this.clearTick();
    if (this.settling !== undefined && !this.controller.isRunning(this.settling.key)) this.clearSettling();
    const config = this.settings.window.statusBar;
    const active = activeRealDocument();
    const enabled = active !== undefined ? this.settings.forDocument(active).enabled : this.settings.window.enabled;
    if (!enabled || !config.enabled) {
      this.hide();
      return;
    }
    const item = this.ensureItem(config.alignment);
    const key = active?.uri.toString();
    const controller = this.controller;
    const state = key !== undefined ? controller.state(key) : undefined;
    let text: string;
    let label: string;
    if (controller.paused) {
      text = '$(debug-pause) Paused';
      label = 'Idle Watchdog is paused. Activate to resume.';
    } else if (key !== undefined && controller.isRunning(key)) {
      // Not at once: updating the status bar costs the window's main thread work right when it
      // writes the file; a round that ends within SETTLING_AFTER_MS goes straight to its result.
      if (this.settling?.key !== key) {
        this.clearSettling();
        const settling: NonNullable<StatusBar['settling']> = { key, timer: undefined, shown: false };
        settling.timer = setTimeout(() => {
          settling.timer = undefined;
          settling.shown = true;
          this.refresh();
        }, SETTLING_AFTER_MS);
        this.settling = settling;
      }
      if (!this.settling.shown) return;
      text = '$(sync~spin) Settling';
      label = 'Idle Watchdog: running the actions';
    } else if (state?.pending !== undefined) {
      const remaining = state.pending.remaining;
      const shown = countdownText(remaining);
      text = `$(watch) ${shown}`;
      label = `Idle Watchdog: settles in ${shown}`;
      if (Number.isFinite(remaining)) {
        this.tick = setTimeout(() => this.refresh(), Math.min(nextTextChange(remaining), MAX_TIMER_DELAY));
      }
    } else if (state?.cancelled) {
      text = '$(circle-slash) Cancelled';
      label = 'Idle Watchdog: the pending settle was cancelled; the next edit starts a new one';
    } else if (key !== undefined && config.showWhenSettled) {
      const last = this.controller.lastSettle(key);
      text = last === undefined ? '$(watch)' : '$(check) Settled';
      label = last === undefined ? 'Idle Watchdog: waiting for an edit' : 'Idle Watchdog: settled';
    } else {
      this.hide();
      return;
    }
    if (text !== this.shown) {
      this.shown = text;
      item.text = text;
      item.accessibilityInformation = { label, role: 'button' };
      item.show();
    }
    // The tooltip only changes with the document, the state or a settle, not with each second.
    const tooltipState = `${key}\n${state?.pending ? `pending ${state.pending.index}` : text}`;
    if (full || this.tooltipFor !== tooltipState) {
      this.tooltipFor = tooltipState;
      item.tooltip = this.tooltip(key);
    }
  }

  private tooltip(key: string | undefined): vscode.MarkdownString {
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown('**Idle Watchdog**');
    const document = activeRealDocument();
    if (key === undefined || document === undefined) {
      md.appendMarkdown('\n\nNo document is active.');
    } else {
      md.appendMarkdown(` — \`${vscode.workspace.asRelativePath(document.uri)}\`\n\n`);
      const config = this.settings.forDocument(document);
      if (!config.enabled) md.appendMarkdown('Disabled for this document (`idleWatchdog.enabled`).\n\n');
      md.appendMarkdown('| After | Runs |\n|---|---|\n');
      for (const stage of config.stages) {
        md.appendMarkdown(`| ${formatMs(stage.delay)} | ${escapeCell(stage.actions.map(describeAction).join(', ') || '(nothing)')} |\n`);
      }
      for (const stage of this.settings.window.windowStages) {
        md.appendMarkdown(`| ${formatMs(stage.delay)} of no activity anywhere | ${escapeCell(stage.actions.map(describeAction).join(', ') || '(nothing)')} |\n`);
      }
      const last = this.controller.lastSettle(key);
      if (last !== undefined) {
        const time = new Date(last.time).toLocaleTimeString();
        const result = last.skipped ?? (last.actions.map((a) => `${a.action}: ${a.status}`).join(', ') || 'no actions');
        md.appendMarkdown(`\nLast settle ${time}: ${escapeCell(result)}\n`);
      }
    }
    md.appendMarkdown(`\n\n${this.controller.paused ? 'Click to resume.' : 'Click to pause.'} [Show log](command:idleWatchdog.showLog)`);
    md.isTrusted = { enabledCommands: ['idleWatchdog.showLog'] };
    return md;
  }

  private ensureItem(alignment: 'left' | 'right'): vscode.StatusBarItem {
    if (this.item !== undefined && this.alignment === alignment) return this.item;
    this.item?.dispose();
    this.alignment = alignment;
    this.shown = '';
    const item = vscode.window.createStatusBarItem(
      'idleWatchdog.status',
      alignment === 'left' ? vscode.StatusBarAlignment.Left : vscode.StatusBarAlignment.Right,
      100,
    );
    item.name = 'Idle Watchdog';
    item.command = 'idleWatchdog.togglePause';
    this.item = item;
    return item;
  }

  private hide(): void {
    this.shown = '';
    this.item?.hide();
  }

  private clearSettling(): void {
    if (this.settling?.timer !== undefined) clearTimeout(this.settling.timer);
    this.settling = undefined;
  }

  private clearTick(): void {
    if (this.tick !== undefined) clearTimeout(this.tick);
    this.tick = undefined;
  }

  dispose(): void {
    this.clearTick();
    this.clearSettling();
    this.item?.dispose();
    this.item = undefined;
    for (const d of this.disposables) d.dispose();
  }
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
