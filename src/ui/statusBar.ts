import * as vscode from 'vscode';
import { describeAction } from '../config/model';
import { MAX_TIMER_DELAY } from '../core/clock';
import { Settings } from '../config/settings';
import { Controller, WINDOW_KEY } from '../controller';
import { countdownText, formatMs, nextTextChange } from '../core/time';
import type { Status } from '../actions/outcome';
import { escapeMarkdown, summarize } from './summary';

const SETTLING_AFTER_MS = 300;
/** The default key of Pause or Resume (package.json's keybindings), as the tooltip names it. */
const PAUSE_KEY = 'Ctrl+Alt+W';

/** The "Settling" text waiting to be shown for a running round. */
interface Settling {
  readonly key: string;
  timer: ReturnType<typeof setTimeout> | undefined;
  shown: boolean;
}

/**
 * The status bar item: counts down to the active document's next settle, then says what the settle
 * did (`Saved`, `Formatted`, `Not run: 1 error`, `Nothing to do`, `Skipped: untitled`…), that the
 * watchdog is paused, that it is off for this document, or that a setting is invalid. The tooltip
 * has each stage with where its values come from, the last settle action by action, and a pending
 * window-scope stage. Click opens the menu (`idleWatchdog.menu`).
 *
 * It does work only while the active document has something pending: one timer, set for the
 * moment the shown text would change (not a polling interval), and the item is touched only when
 * its text changes. Once everything has settled no timer runs at all.
 */
export class StatusBar implements vscode.Disposable {
  #item: vscode.StatusBarItem | undefined;
  #alignment: 'left' | 'right' | undefined;
  #tick: ReturnType<typeof setTimeout> | undefined;
  /** Shows "Settling" once a round has run this long (a quick save goes straight to its result). */
  #settling: Settling | undefined;
  #shown = '';
  #tooltipFor = '';
  readonly #disposables: vscode.Disposable[] = [];

  readonly #controller: Controller;
  readonly #settings: Settings;

  constructor(controller: Controller, settings: Settings) {
    this.#controller = controller;
    this.#settings = settings;
    this.#disposables.push(
      controller.onDidChangePause(() => this.refresh(true)),
      controller.onDidChangePending((key) => {
        if (key === this.#activeKey()) this.refresh();
      }),
      controller.onDidSettle(() => this.refresh(true)),
      settings.onDidFindProblems(() => this.refresh(true)),
      vscode.window.onDidChangeActiveTextEditor(() => this.refresh(true)),
      vscode.window.onDidChangeActiveNotebookEditor(() => this.refresh(true)),
      settings.onDidChange(() => this.refresh(true)),
    );
    this.refresh(true);
  }

  /** What the item shows now (for tests and the API). */
  get text(): string {
    return this.#item?.text ?? '';
  }

  get tooltipText(): string {
    const tooltip = this.#item?.tooltip;
    return typeof tooltip === 'string' ? tooltip : (tooltip?.value ?? '');
  }

  get visible(): boolean {
    return this.#item !== undefined && this.#shown !== '';
  }

  #activeKey(): string | undefined {
    return this.#controller.targets.active()?.uri.toString();
  }

  /** Recomputes the text; `full` also rebuilds the tooltip (on settle, editor or settings change). */
  refresh(full = false): void {
    this.#clearTick();
    if (this.#settling !== undefined && !this.#controller.isRunning(this.#settling.key)) this.#clearSettling();
    const config = this.#settings.window.statusBar;
    const active = this.#controller.targets.active();
    const enabled = active !== undefined ? this.#settings.forDocument(active).enabled : this.#settings.window.enabled;
    if (!config.enabled || (!enabled && active === undefined)) {
      this.#hide();
      return;
    }
    const item = this.#ensureItem(config.alignment);
    const key = active?.uri.toString();
    const controller = this.#controller;
    const state = key !== undefined ? controller.state(key) : undefined;
    const warn = this.#settings.problems.length > 0;
    let text: string;
    let label: string;
    if (!enabled) {
      // Off for this document (its language, its folder, a settings file): say so, never vanish.
      text = `$(circle-slash) ${vscode.l10n.t('Off')}`;
      label = vscode.l10n.t('Idle Watchdog is off for this document');
    } else if (controller.paused) {
      text = `$(debug-pause) ${vscode.l10n.t('Paused')}`;
      label = vscode.l10n.t('Idle Watchdog is paused. Activate for the menu to resume.');
    } else if (controller.holds.includes('debugging')) {
      text = `$(debug-pause) ${vscode.l10n.t('Paused: debugging')}`;
      label = vscode.l10n.t('Idle Watchdog: held while debugging');
    } else if (key !== undefined && controller.isRunning(key)) {
      // Not at once: updating the status bar costs the window's main thread work right when it
      // writes the file; a round that ends within SETTLING_AFTER_MS goes straight to its result.
      if (this.#settling?.key !== key) {
        this.#clearSettling();
        const settling: Settling = { key, timer: undefined, shown: false };
        settling.timer = setTimeout(() => {
          settling.timer = undefined;
          settling.shown = true;
          this.refresh();
        }, SETTLING_AFTER_MS);
        this.#settling = settling;
      }
      if (!this.#settling.shown) return;
      text = `$(sync~spin) ${vscode.l10n.t('Settling')}`;
      label = vscode.l10n.t('Idle Watchdog: running the actions');
    } else if (state?.pending !== undefined) {
      const remaining = state.pending.remaining;
      const shown = countdownText(remaining);
      text = `$(${warn ? 'warning' : 'watch'}) ${shown}`;
      label = vscode.l10n.t('Idle Watchdog: settles in {0}', shown);
      // Frozen while held (the menu is open): no tick; the hold's end refreshes.
      if (Number.isFinite(remaining) && !state.paused) {
        this.#tick = setTimeout(() => this.refresh(), Math.min(nextTextChange(remaining), MAX_TIMER_DELAY));
      }
    } else if (state?.cancelled) {
      text = `$(circle-slash) ${vscode.l10n.t('Cancelled')}`;
      label = vscode.l10n.t('Idle Watchdog: the pending settle was cancelled; the next edit starts a new one');
    } else if (warn) {
      text = `$(warning) ${vscode.l10n.t('Settings')}`;
      label = vscode.l10n.t('Idle Watchdog: a setting is invalid; activate for the menu, hover for details');
    } else if (key !== undefined && config.showWhenSettled) {
      const last = this.#controller.lastSettle(key);
      const summary = last && summarize(last, vscode.l10n.t);
      text = summary === undefined ? '$(watch)' : `$(${summary.icon}) ${summary.text}`;
      label = summary === undefined ? vscode.l10n.t('Idle Watchdog: waiting for an edit') : `Idle Watchdog: ${summary.text}`;
    } else {
      this.#hide();
      return;
    }
    if (text !== this.#shown) {
      this.#shown = text;
      item.text = text;
      item.accessibilityInformation = { label, role: 'button' };
      item.show();
    }
    // The tooltip only changes with the document, the state or a settle, not with each second.
    const tooltipState = `${key}\n${state?.pending ? `pending ${state.pending.index}` : text}`;
    if (full || this.#tooltipFor !== tooltipState) {
      this.#tooltipFor = tooltipState;
      item.tooltip = this.#tooltip(key);
    }
  }

  #tooltip(key: string | undefined): vscode.MarkdownString {
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown('**Idle Watchdog**');
    const document = this.#controller.targets.active();
    const problems = this.#settings.problems;
    const paused = () => {
      if (this.#controller.paused) {
        md.appendMarkdown(`$(debug-pause) **${vscode.l10n.t('Paused')}**: ${vscode.l10n.t('nothing settles until you resume: click, then Resume, or press {0} (Idle Watchdog: Pause or Resume).', PAUSE_KEY)}\n\n`);
      }
    };
    if (key === undefined || document === undefined) {
      md.appendMarkdown('\n\n');
      paused();
      md.appendMarkdown(`${vscode.l10n.t('No document is active.')}\n`);
    } else {
      md.appendMarkdown(` — ${escapeMarkdown(vscode.workspace.asRelativePath(document.uri))}\n\n`);
      paused();
      const config = this.#settings.forDocument(document);
      // Where a value comes from; a value that was rejected is not what is in force: say so.
      const from = (setting: string) => {
        const source = this.#settings.sourceOf(setting, document);
        return config.rejected.has(setting) ? vscode.l10n.t('{0}, rejected: fallback in use', source) : source;
      };
      if (!config.enabled) {
        md.appendMarkdown(`${vscode.l10n.t('Off for this document: {0} is false ({1}).', '`idleWatchdog.enabled`', from('enabled'))}\n\n`);
      } else {
        md.appendMarkdown(`| ${vscode.l10n.t('After')} | ${vscode.l10n.t('Runs')} |\n|---|---|\n`);
        for (const stage of config.stages) {
          const main = stage.source === 'idleWatchdog.delay';
          const delayFrom = main ? from('delay') : from('stages');
          const actionsFrom = main ? from('actions') : delayFrom;
          const runs = escapeMarkdown(stage.actions.map(describeAction).join(', ') || '(nothing)');
          md.appendMarkdown(`| ${formatMs(stage.delay)} (${delayFrom}) | ${runs} (${actionsFrom}) |\n`);
        }
        if (config.formatScope !== 'file' && config.stages.some((stage) => stage.actions.some((a) => a.kind === 'format'))) {
          const scope = config.formatScope === 'changed' ? vscode.l10n.t('only the lines you typed') : vscode.l10n.t('only the lines that differ from Git');
          md.appendMarkdown(`| ${vscode.l10n.t('format')} (${from('formatScope')}) | ${scope} |\n`);
        }
        if (config.settleOn.size > 0) {
          md.appendMarkdown(`| ${vscode.l10n.t('When you leave it')} (${from('settleOn')}) | ${vscode.l10n.t('what is pending, at once: {0}', [...config.settleOn].join(', '))} |\n`);
        }
      }
      for (const stage of this.#settings.window.windowStages) {
        md.appendMarkdown(`| ${vscode.l10n.t('{0} of no activity anywhere', formatMs(stage.delay))} (${from('stages')}) | ${escapeMarkdown(stage.actions.map(describeAction).join(', ') || '(nothing)')} |\n`);
      }
      const windowPending = this.#controller.state(WINDOW_KEY).pending;
      if (windowPending !== undefined) {
        const what = windowPending.stage.actions.map(describeAction).join(', ') || 'the window stage';
        md.appendMarkdown(`\n${vscode.l10n.t('Next with no activity anywhere: {0} in {1}.', escapeMarkdown(what), formatMs(windowPending.remaining))}\n`);
      }
      const last = this.#controller.lastSettle(key);
      if (last !== undefined) {
        const time = new Date(last.time).toLocaleTimeString();
        md.appendMarkdown(`\n**${vscode.l10n.t('Last settle')}** ${time}: ${escapeMarkdown(summarize(last, vscode.l10n.t).text)}\n\n`);
        if (last.skipped !== undefined) md.appendMarkdown(`- ${escapeMarkdown(last.skipped)}\n`);
        for (const a of last.actions) md.appendMarkdown(`- ${escapeMarkdown(a.action)}: ${statusWord(a.status)} — ${escapeMarkdown(a.detail)}\n`);
      }
    }
    if (problems.length > 0) {
      const heading = problems.length === 1 ? vscode.l10n.t('1 invalid setting') : vscode.l10n.t('{0} invalid settings', problems.length);
      md.appendMarkdown(`\n**$(warning) ${heading}** (${vscode.l10n.t('safe fallbacks in use')}):\n\n`);
      for (const p of problems.slice(0, 5)) md.appendMarkdown(`- ${escapeMarkdown(p)}\n`);
      if (problems.length > 5) md.appendMarkdown(`- ${vscode.l10n.t('…and {0} more in the log', problems.length - 5)}\n`);
    }
    md.appendMarkdown(`\n\n${vscode.l10n.t('Click for the menu.')} [${vscode.l10n.t('Show log')}](command:idleWatchdog.showLog)`);
    md.isTrusted = { enabledCommands: ['idleWatchdog.showLog'] };
    return md;
  }

  #ensureItem(alignment: 'left' | 'right'): vscode.StatusBarItem {
    if (this.#item !== undefined && this.#alignment === alignment) return this.#item;
    this.#item?.dispose();
    this.#alignment = alignment;
    this.#shown = '';
    const item = vscode.window.createStatusBarItem(
      'idleWatchdog.status',
      alignment === 'left' ? vscode.StatusBarAlignment.Left : vscode.StatusBarAlignment.Right,
      100,
    );
    item.name = 'Idle Watchdog';
    item.command = 'idleWatchdog.menu';
    this.#item = item;
    return item;
  }

  #hide(): void {
    this.#shown = '';
    this.#item?.hide();
  }

  #clearSettling(): void {
    if (this.#settling?.timer !== undefined) clearTimeout(this.#settling.timer);
    this.#settling = undefined;
  }

  #clearTick(): void {
    if (this.#tick !== undefined) clearTimeout(this.#tick);
    this.#tick = undefined;
  }

  dispose(): void {
    this.#clearTick();
    this.#clearSettling();
    this.#item?.dispose();
    this.#item = undefined;
    for (const d of this.#disposables) d.dispose();
  }
}

/** An action's status in the tooltip. */
function statusWord(status: Status): string {
  switch (status) {
    case 'done':
      return vscode.l10n.t('done');
    case 'skipped':
      return vscode.l10n.t('skipped');
    case 'failed':
      return vscode.l10n.t('failed');
    case 'timeout':
      return vscode.l10n.t('timed out');
  }
}
