import * as vscode from 'vscode';
import type { SettleEvent, WatchdogState } from './apiTypes';
import type { Log } from './log';
import { conflictResolved, noteInSync } from './actions/disk';
import { kindOf, runAction } from './actions/registry';
import { ContentChange, EditedLines } from './core/editedRanges';
import type { CellsToWork } from './actions/context';
import { unmetCondition } from './actions/conditions';
import { RoundReport, Runner } from './actions/runner';
import { countingClock, systemClock } from './core/clock';
import { FireEvent, KeyState, Watchdog } from './core/watchdog';
import { isLeave, LeaveTrigger, SettleTrigger, StageSpec } from './config/model';
import { Settings } from './config/settings';
import { codeCellDocuments, isNotebook, Target } from './target';
import { Targets } from './targets';

type SettleStats = WatchdogState['stats'];

/** The key of the window-wide round (`scope: "window"` stages: a dead man's switch). */
export const WINDOW_KEY = 'window';

/** How soon after closing a document that was counting down its reopening (rename, language change) still counts. */
const REOPEN_WINDOW_MS = 10_000;

export interface ControllerOptions {
  readonly settings: Settings;
  readonly log: Log;
  /** Shown to the user once per cause (the log has every occurrence). */
  readonly showProblem: (cause: string, message: string) => void;
}

/**
 * The one facade the kick sources, the status bar, the commands and the API talk to. The adapter
 * between VS Code and the core: documents become keys, settings become stage lists, a fired stage
 * becomes a round of actions (the runner) on its document.
 */
export class Controller implements vscode.Disposable {
  readonly #watchdog: Watchdog<string, StageSpec>;
  readonly #runner: Runner<Target>;
  readonly #settings: Settings;
  readonly #log: Log;
  readonly #clock = countingClock(systemClock);
  /** Which documents count, and what a change stands for (a cell: its notebook). */
  readonly targets = new Targets();
  /** Documents with watchdog state, by key (to act on them when they settle). */
  readonly #documents = new Map<string, Target>();
  readonly #lastSettles = new Map<string, SettleEvent>();
  /** The lines the user edited in each text document (each cell) since the last settle that checked them (format's guard). */
  readonly #edited = new Map<string, EditedLines>();
  /**
   * The lines typed before the settle now running, per document (cell): what format's guard looks
   * at. Each settle takes them over from `#edited` and starts those afresh, so a problem on a line
   * typed long ago never holds format back for good.
   */
  readonly #roundEdited = new Map<string, EditedLines>();
  /** The lines typed since they were last formatted, per document (cell) whose `formatScope` is not `file`. */
  readonly #unformatted = new Map<string, EditedLines>();
  /**
   * Per notebook: the cells edited (typed in, pasted, added) that an edit action has not finished
   * since, each with the count of the edit that put it there. Edit actions work on these only and
   * take off the ones they finished, unless the cell was edited again meanwhile; a settle that
   * does not reach an edit action (a save stage, a condition, typing) leaves them all for the next.
   */
  readonly #cellsToDo = new Map<string, Map<string, number>>();
  #cellEdits = 0;
  /** Documents changed only while clean since their last settle: reloaded from disk if still clean then. */
  readonly #cleanChanges = new Set<string>();
  /** Documents whose stage's command waits for them to be in the active editor again. */
  readonly #waitingForActive = new Set<string>();
  /** Documents whose edits at the caret wait for the caret to move on: where the carets were left. */
  readonly #waitingForCaret = new Map<string, readonly vscode.Selection[]>();
  /** Documents whose latest edit was an undo or redo. */
  readonly #restoredKeys = new Set<string>();
  readonly #settled = new vscode.EventEmitter<SettleEvent>();
  readonly #pauseChanged = new vscode.EventEmitter<boolean>();
  readonly #disposables: vscode.Disposable[] = [this.#settled, this.#pauseChanged, this.targets];
  #disposed = false;
  #userPaused = false;
  #debugHold: vscode.Disposable | undefined;
  readonly #debugSessions = new Set<string>();
  /** One entry per hold in force (two menus, one after the other, are two holds). */
  readonly #holdReasons: string[] = [];
  /** Why the watchdog fires right now, when it is not a delay passing (read by `#settle` at once). */
  #firing: SettleTrigger | undefined;

  /** After every settle (also of stages whose conditions did not hold). */
  readonly onDidSettle = this.#settled.event;
  /** Paused or resumed. */
  readonly onDidChangePause = this.#pauseChanged.event;
  /** A key's pending stage changed (kick, fire, cancel, pause). */
  readonly onDidChangePending: vscode.Event<string>;

  constructor({ settings, log, showProblem }: ControllerOptions) {
    this.#settings = settings;
    this.#log = log;
    this.#watchdog = new Watchdog<string, StageSpec>({ clock: this.#clock, onFire: (e) => this.#settle(e) });
    this.onDidChangePending = this.#watchdog.onDidChangePending;
    this.#runner = new Runner<Target>({
      log,
      clock: this.#clock,
      wallTime: Date.now,
      keyOf: (document) => document.uri.toString(),
      nameOf: (document) => vscode.workspace.asRelativePath(document.uri),
      isClosed: (document) => document.isClosed,
      unmet: (when, target) => unmetCondition(when, target, (uri) => this.#edited.get(uri)?.stale === true || this.#roundEdited.get(uri)?.stale === true),
      runAction: (action, ctx) =>
        runAction(action, ctx, (document) => ({
          waitForActive: () => {
            if (ctx.document !== undefined) this.#waitingForActive.add(ctx.document.uri.toString());
          },
          edited: this.#roundEdited.get(document.uri.toString()),
          formatScope: settings.forDocument(ctx.document ?? document).formatScope,
          unformatted: this.#unformatted.get(document.uri.toString()),
          formatLimit: settings.forDocument(ctx.document ?? document).formatLimit,
          enabled: settings.forDocument(document).enabled,
          ...(isNotebook(document)
            ? {
                cellsToWork: () => this.#cellsToWork(document),
              }
            : {}),
          waitForCaret: (carets) => {
            if (ctx.document !== undefined) this.#waitingForCaret.set(ctx.document.uri.toString(), carets);
          },
        })),
      kindOf,
      actionTimeout: () => settings.window.actionTimeout,
      showProblem,
      rearm: (key) => this.#rearm(key),
      restored: (key) => this.#restoredKeys.has(key),
      onDidSettle: (key, report) => this.#reportSettle(key, report),
    });
    this.#disposables.push(
      // Saved (by hand, or by anyone): a save that was backing off starts afresh.
      vscode.workspace.onDidSaveTextDocument((document) => {
        const target = this.targets.of(document);
        if (target === undefined) return;
        this.#runner.saved(target.uri.toString());
        // Saved since its first change, it is clean for that reason, not because it was reloaded.
        this.#cleanChanges.delete(target.uri.toString());
        conflictResolved(target);
        noteInSync(target);
      }),
      vscode.workspace.onDidSaveNotebookDocument((notebook) => {
        this.#runner.saved(notebook.uri.toString());
        this.#cleanChanges.delete(notebook.uri.toString());
        conflictResolved(notebook);
        noteInSync(notebook);
      }),
      vscode.languages.onDidChangeDiagnostics((e) => {
        if (this.#edited.size > 0 || this.#roundEdited.size > 0)
          for (const uri of e.uris) {
            this.#edited.get(uri.toString())?.diagnosed();
            this.#roundEdited.get(uri.toString())?.diagnosed();
          }
      }),
      vscode.debug.onDidStartDebugSession((session) => {
        this.#debugSessions.add(session.id);
        this.#syncDebugHold();
      }),
      vscode.debug.onDidTerminateDebugSession((session) => {
        this.#debugSessions.delete(session.id);
        this.#syncDebugHold();
      }),
      this.#watchdog.onDidError(({ key, error }) => log.error(`watchdog (${key}): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)),
      settings.onDidChange(() => this.#applySettings()),
    );
    if (vscode.debug.activeDebugSession !== undefined) this.#debugSessions.add(vscode.debug.activeDebugSession.id);
    this.#syncDebugHold();
  }

  /**
   * `idleWatchdog.pauseWhileDebugging`: every pending settle holds while a debug session runs.
   * Sessions are counted from their start and end events (a debugger's child sessions included):
   * `activeDebugSession` still names the ending session while its end event is delivered.
   */
  #syncDebugHold(): void {
    const hold = this.#settings.window.pauseWhileDebugging && this.#debugSessions.size > 0;
    if (hold && this.#debugHold === undefined) {
      this.#log.info('a debug session runs: settles are held (idleWatchdog.pauseWhileDebugging)');
      this.#debugHold = this.hold('debugging');
    } else if (!hold && this.#debugHold !== undefined) {
      this.#log.info('settles go on: no debug session runs');
      this.#debugHold.dispose();
      this.#debugHold = undefined;
    }
  }

  /**
   * A content change of a real document, or of a cell of `target`, its notebook. The user's (or
   * another extension's) is recorded as edited lines and kicks when `kicks` (edits in `kickOn`);
   * ours (a format edit, a save's participants) only moves the recorded lines. Must see every
   * change, also when edits do not kick: the user's change still stops a running round. On the hot
   * path of every keystroke.
   */
  change(target: Target, document: vscode.TextDocument, changes: readonly ContentChange[], undoOrRedo: boolean, kicks: boolean): void {
    const uri = document.uri.toString();
    const user = !this.#runner.isOwnEdit(uri, document.version, target === document ? uri : target.uri.toString());
    let edited = this.#edited.get(uri);
    if (!user) {
      edited?.shift(changes);
      this.#roundEdited.get(uri)?.shift(changes);
      this.#unformatted.get(uri)?.shift(changes);
      // An undo inside one of our windows (while a command runs) is still the user's: not reformatted.
      if (undoOrRedo) this.#restoredKeys.add(target.uri.toString());
      return;
    }
    // A change while the file is clean, no undo: VS Code reloading it from disk (a `git pull`, a
    // formatter or generator run outside), or the first key typed into it (VS Code reports the
    // dirty state just after this event). Which one shows at the settle: still clean, it was a
    // reload and does not settle (`#settle`). Any change of a dirty file is typing.
    const key = target.uri.toString();
    if (!undoOrRedo && !target.isDirty && !target.isUntitled) {
      this.#cleanChanges.add(key);
      // In step with its file until now: a save's conflict can be told from here on.
      noteInSync(target);
      conflictResolved(target);
    }
    else if (this.#cleanChanges.size > 0) this.#cleanChanges.delete(key);
    if (edited === undefined) this.#edited.set(uri, (edited = new EditedLines()));
    edited.record(changes);
    if (target !== document) this.#cellTouched(key, uri);
    if (this.#settings.forDocument(target).formatScope !== 'file') {
      let unformatted = this.#unformatted.get(uri);
      if (unformatted === undefined) this.#unformatted.set(uri, (unformatted = new EditedLines()));
      unformatted.record(changes);
    }
    if (kicks) this.kick(target, undoOrRedo);
  }

  /**
   * Cells added, removed or moved in a notebook: the user's, unless the notebook is clean (VS Code
   * re-read it from disk), which `#settle` tells as for a text document.
   */
  cellsChanged(notebook: Target, added: readonly vscode.TextDocument[] = []): void {
    // Cells added (pasted, inserted with text) are edited cells: formatted at the settle.
    for (const cell of added) this.#cellTouched(notebook.uri.toString(), cell.uri.toString());
    if (!notebook.isDirty && !notebook.isUntitled) this.#cleanChanges.add(notebook.uri.toString());
    else if (this.#cleanChanges.size > 0) this.#cleanChanges.delete(notebook.uri.toString());
    this.kick(notebook);
  }

  /**
   * The active editor now shows `target`: a document stage's command that waited for it (it runs
   * only on its own document) settles again.
   */
  activated(target: Target): void {
    if (this.#waitingForActive.size > 0 && this.#waitingForActive.delete(target.uri.toString())) this.kick(target);
  }

  /** A keyboard or mouse selection change in an editor of this document (a cell editor of this notebook). */
  noteUserInput(target: Target): void {
    if (this.#runner.runningCount > 0) this.#runner.noteUserInput(target.uri.toString());
  }

  /**
   * The carets of an editor of `target` are now at `selections` (any selection change: an arrow
   * key, a click, or an extension moving them, as Vim does). Once they left the place where edits
   * waited for them, those edits are applied on the next settle.
   */
  caretsMoved(target: Target, selections: readonly vscode.Selection[]): void {
    if (this.#waitingForCaret.size === 0) return;
    const key = target.uri.toString();
    const left = this.#waitingForCaret.get(key);
    // The round's own edits move carets too; only moves after it count.
    if (left === undefined || this.isRunning(key)) return;
    if (left.length === selections.length && left.every((s, i) => s.isEqual(selections[i]))) return;
    this.#waitingForCaret.delete(key);
    this.kick(target);
  }

  /**
   * An edit: starts a new round for the document (and the window). The hot path of every keystroke.
   * `undoOrRedo`: the edit restored earlier text; that round saves it but does not reformat it
   * (else undoing a format would be formatted again, over and over). Returns whether the document
   * is counting down (false where it is disabled or has no stages).
   */
  kick(document: Target, undoOrRedo = false): boolean {
    const key = document.uri.toString();
    if (undoOrRedo) this.#restoredKeys.add(key);
    else if (this.#restoredKeys.size > 0) this.#restoredKeys.delete(key);
    const config = this.#settings.forDocument(document);
    const counts = config.enabled && config.stages.length > 0;
    if (counts) {
      if (!this.#documents.has(key)) this.#documents.set(key, document);
      this.#watchdog.kick(key, config.stages);
    }
    this.kickWindow();
    return counts;
  }

  /** Activity that holds a pending settle back without starting one (cursor, scroll, switch, focus). */
  postpone(document: Target | undefined): void {
    if (document !== undefined) this.#watchdog.postpone(document.uri.toString());
    this.kickWindow();
  }

  kickWindow(): void {
    const window = this.#settings.window;
    if (window.enabled && window.windowStages.length > 0) this.#watchdog.kick(WINDOW_KEY, window.windowStages);
  }

  /** Settles the document now (its next pending stage, or a new round's first stage). */
  fireNow(document: Target): boolean {
    const key = document.uri.toString();
    const config = this.#settings.forDocument(document);
    if (!config.enabled || config.stages.length === 0) return false;
    this.#documents.set(key, document);
    if (this.#watchdog.state(key).lastKick === undefined) this.#watchdog.kick(key, config.stages);
    else this.#watchdog.setStages(key, config.stages);
    return this.#firingFor('command', () => this.#watchdog.fireNow(key));
  }

  /**
   * The user left `document` (`trigger`): if `idleWatchdog.settleOn` has it there and an edit is
   * pending (typing not settled yet, or edits that waited for the caret), every stage still pending
   * in its round runs now, in order (window stages are not touched). Nothing pending: nothing
   * happens. Returns how many stages it settled.
   */
  leave(document: Target, trigger: LeaveTrigger): number {
    const key = document.uri.toString();
    // Paused: nothing settles, as for the delay.
    if (this.#watchdog.paused) return 0;
    // Edits that waited for the caret to move on (a pause after a space) are pending too: once
    // the user has left, there is no caret to wait for.
    const waiting = this.#waitingForCaret.has(key);
    if ((!waiting && this.#watchdog.state(key).pending === undefined) || document.isClosed) return 0;
    const config = this.#settings.forDocument(document);
    if (!config.enabled || !config.settleOn.has(trigger) || config.stages.length === 0) return 0;
    if (waiting) {
      // The whole round again, from the stage whose edits waited (not activity: the window's
      // stages are not kicked by leaving). While a round runs, the caret keeps waiting for it.
      if (!this.isRunning(key)) this.#waitingForCaret.delete(key);
      this.#documents.set(key, document);
      this.#watchdog.kick(key, config.stages);
    }
    // Taken once here for every stage fired at once (`#settle` does not take them for a leave).
    this.#takeEdited(document);
    return this.#firingFor(trigger, () => this.#watchdog.fireRemaining(key));
  }

  /** The user left every document (the window lost focus, the terminal): each pending one settles per its `settleOn`. */
  leaveAll(trigger: LeaveTrigger): number {
    let settled = 0;
    for (const document of [...this.#documents.values()]) settled += this.leave(document, trigger);
    return settled;
  }

  #firingFor<T>(trigger: SettleTrigger, fire: () => T): T {
    const outer = this.#firing;
    this.#firing = trigger;
    try {
      return fire();
    } finally {
      this.#firing = outer;
    }
  }

  cancel(document: Target): boolean {
    return this.#watchdog.cancel(document.uri.toString());
  }

  /** Paused by the user (the status bar menu, the command, the API). */
  get paused(): boolean {
    return this.#userPaused;
  }

  /** Why settles are held right now besides the user's pause ("menu", "debugging"), if they are. */
  get holds(): readonly string[] {
    return [...new Set(this.#holdReasons)];
  }

  /** Pauses or resumes the whole watchdog (logged; the status bar follows `onDidChangePause`). */
  setPaused(paused: boolean): void {
    if (paused === this.#userPaused) return;
    this.#userPaused = paused;
    this.#syncPause();
    this.#log.info(paused ? 'paused' : 'resumed');
    this.#pauseChanged.fire(paused);
  }

  /**
   * Holds every pending settle (time stands still) until the returned disposable is disposed:
   * while the status bar menu is open (Cancel and Settle Now are no race against the delay),
   * during a debug session (`idleWatchdog.pauseWhileDebugging`).
   */
  hold(reason: string): vscode.Disposable {
    this.#holdReasons.push(reason);
    this.#syncPause();
    this.#pauseChanged.fire(this.#userPaused);
    let held = true;
    return {
      dispose: () => {
        if (!held) return;
        held = false;
        this.#holdReasons.splice(this.#holdReasons.indexOf(reason), 1);
        this.#syncPause();
        this.#pauseChanged.fire(this.#userPaused);
      },
    };
  }

  #syncPause(): void {
    if (this.#disposed) return;
    const pause = this.#userPaused || this.#holdReasons.length > 0;
    if (pause && !this.#watchdog.paused) this.#watchdog.pause();
    else if (!pause && this.#watchdog.paused) this.#watchdog.resume();
  }

  /** What is pending for a key, what ran this round, whether it was cancelled. */
  state(key: string): KeyState<StageSpec> {
    return this.#watchdog.state(key);
  }

  /** A round of actions is running for this key. */
  isRunning(key: string): boolean {
    return this.#runner.isRunning(key);
  }

  /** A closed document or notebook: no state kept, never saved after closing. */
  forget(document: Target): void {
    const key = document.uri.toString();
    // Counting down when closed: it may be coming back at once under a new name or language.
    // (Not `isDirty`: a renamed file's old document is already marked clean when it closes.)
    if (this.#watchdog.state(key).pending !== undefined) this.#rememberClosed(key);
    if (isNotebook(document)) {
      for (const cell of codeCellDocuments(document)) {
        this.#edited.delete(cell.uri.toString());
        this.#roundEdited.delete(cell.uri.toString());
        this.#unformatted.delete(cell.uri.toString());
      }
      this.targets.forgetNotebook(document);
      this.#cellsToDo.delete(key);
    }
    this.#watchdog.forget(key);
    this.#documents.delete(key);
    this.#lastSettles.delete(key);
    this.#restoredKeys.delete(key);
    this.#edited.delete(key);
    this.#roundEdited.delete(key);
    this.#unformatted.delete(key);
    this.#waitingForCaret.delete(key);
    this.#waitingForActive.delete(key);
    this.#cleanChanges.delete(key);
    this.#settings.forget(key);
    this.#runner.forget(key);
  }

  /** Tabs closed: documents with no tab left are forgotten (the user closed them). */
  forgetClosedTabs(closed: readonly string[], open: ReadonlySet<string>): void {
    for (const key of closed) {
      const document = this.#documents.get(key);
      if (document !== undefined && !open.has(key)) this.forget(document);
    }
  }

  lastSettle(key: string): SettleEvent | undefined {
    return this.#lastSettles.get(key);
  }

  /** Counts for diagnostics and tests: state must not grow with documents that were closed. */
  stats(): SettleStats {
    this.#pruneClosed(Date.now());
    return {
      documents: this.#documents.size,
      keys: this.#watchdog.size,
      pending: this.#watchdog.pendingCount,
      timers: this.#clock.pending,
      running: this.#runner.runningCount,
      cachedConfigs: this.#settings.cachedDocuments,
      ownEditsIdle: this.#runner.ownEditsIdle,
      tables: {
        documents: this.#documents.size,
        lastSettles: this.#lastSettles.size,
        editedLines: this.#edited.size,
        roundEditedLines: this.#roundEdited.size,
        unformattedLines: this.#unformatted.size,
        cellsToDo: this.#cellsToDo.size,
        cleanChanges: this.#cleanChanges.size,
        waitingForActive: this.#waitingForActive.size,
        waitingForCaret: this.#waitingForCaret.size,
        restoredMarks: this.#restoredKeys.size,
        closedCounting: this.#closedCounting.size,
        cachedConfigs: this.#settings.cachedDocuments,
        cachedNotebooks: this.targets.cachedNotebooks,
        ...this.#runner.tables,
      },
    };
  }

  /** The user changed a document while its round ran (or a change was unclear): a new round. */
  #rearm(key: string): void {
    const document = this.#documents.get(key) ?? this.targets.open(key);
    if (document === undefined || document.isClosed) return;
    const target = this.targets.real(document);
    // An undo that stopped the round stays an undo: the next round saves it, unformatted.
    if (target !== undefined) this.kick(target, this.#restoredKeys.has(key));
  }

  /** Settings changed: every known key gets its new stages at once, also mid-countdown. */
  #applySettings(): void {
    this.#runner.resetFailures();
    this.#syncDebugHold();
    for (const [key, document] of this.#documents) {
      if (document.isClosed) {
        this.forget(document);
        continue;
      }
      const config = this.#settings.forDocument(document);
      // Disabled: its countdown goes without a trace (not "Cancelled": the user cancelled nothing),
      // so enabled again it waits for the next edit.
      if (!config.enabled) this.#watchdog.forget(key);
      else this.#watchdog.setStages(key, config.stages);
    }
    const window = this.#settings.window;
    if (!window.enabled || window.windowStages.length === 0) this.#watchdog.forget(WINDOW_KEY);
    else this.#watchdog.setStages(WINDOW_KEY, window.windowStages);
  }

  async #settle(e: FireEvent<string, StageSpec>): Promise<void> {
    // Read before anything else: the watchdog calls this synchronously from `#firingFor`.
    const trigger = (e.forced ? this.#firing : undefined) ?? 'delay';
    if (this.#disposed) return;
    let document: Target | undefined;
    if (e.key === WINDOW_KEY) {
      // Window stages act on the active document, unless it is disabled (e.g. for its language).
      const active = this.targets.active();
      document = active !== undefined && this.#settings.forDocument(active).enabled ? active : undefined;
    } else {
      document = this.#documents.get(e.key);
      if (document === undefined || document.isClosed) {
        if (document !== undefined) this.forget(document);
        return;
      }
    }
    if (document !== undefined && e.key !== WINDOW_KEY && this.#cleanChanges.has(e.key)) {
      if (!document.isDirty) {
        // Only VS Code reloading the file from disk changed it: nobody typed, nothing settles.
        this.#log.info(`${vscode.workspace.asRelativePath(document.uri)}: reloaded from disk, not typed in; not settled`);
        for (const cell of isNotebook(document) ? codeCellDocuments(document) : [document]) {
          this.#edited.delete(cell.uri.toString());
          this.#unformatted.delete(cell.uri.toString());
        }
        this.#cellsToDo.delete(e.key);
        return;
      }
      // Dirty: that first change was a key typed into the clean file.
      this.#cleanChanges.delete(e.key);
    }
    // Several stages fired at once (the user left) share the lines `leave` took for them.
    if (document !== undefined && e.key !== WINDOW_KEY && !isLeave(trigger)) this.#takeEdited(document);
    await this.#runner.run(e.key, document, e.stage, e.index, trigger);
  }

  /** Documents closed while counting down, with when (a rename or a language change reopens them at once). */
  readonly #closedCounting = new Map<string, number>();

  #rememberClosed(key: string): void {
    const now = Date.now();
    this.#pruneClosed(now);
    this.#closedCounting.set(key, now);
  }

  #pruneClosed(now: number): void {
    if (this.#closedCounting.size > 0) for (const [uri, at] of this.#closedCounting) if (now - at > REOPEN_WINDOW_MS) this.#closedCounting.delete(uri);
  }

  /**
   * A document opened. If it was counting down when it closed a moment ago (its language changed:
   * VS Code closes and reopens it), it counts down again: its settle is not lost.
   */
  opened(document: Target): void {
    if (this.#closedCounting.size === 0) return;
    const key = document.uri.toString();
    const at = this.#closedCounting.get(key);
    if (at === undefined) return;
    this.#closedCounting.delete(key);
    const target = this.targets.real(document);
    // Not `isDirty`: VS Code reports a reopened document's dirty state just after it opens. A
    // document that turns out clean settles with nothing to save.
    if (target !== undefined && Date.now() - at <= REOPEN_WINDOW_MS) this.kick(target);
  }

  /** Files renamed or moved (Explorer, a refactoring): a document counting down settles under its new name. */
  renamed(files: readonly { readonly oldUri: vscode.Uri; readonly newUri: vscode.Uri }[]): void {
    for (const { oldUri, newUri } of files) {
      // The old document may be closed already, or still open and closing after this event.
      const oldKey = oldUri.toString();
      const at = this.#closedCounting.get(oldKey);
      const counting = (at !== undefined && Date.now() - at <= REOPEN_WINDOW_MS) || this.#watchdog.state(oldKey).pending !== undefined;
      this.#closedCounting.delete(oldKey);
      const target = this.targets.open(newUri.toString());
      const real = target === undefined ? undefined : this.targets.real(target);
      // Open under its new name with unsaved typing: it counts down, whatever order VS Code's
      // close, open and rename events came in (on a loaded machine the old document can be gone,
      // and its countdown with it, before this event).
      if (!counting && !(real !== undefined && real.isDirty)) continue;
      // Not open under its new name yet: it counts down as soon as it is.
      if (real !== undefined) this.kick(real);
      else this.#rememberClosed(newUri.toString());
    }
  }

  /**
   * Moves the document's edited lines to this settle; typing from now on starts afresh. A notebook:
   * only its cells still to do (a 500-cell notebook with one cell edited moves one); a cell still
   * to do from an earlier settle keeps the lines it had then when none were typed since.
   */
  #takeEdited(document: Target): void {
    if (!isNotebook(document)) {
      this.#takeLines(document.uri.toString());
      return;
    }
    const todo = this.#cellsToDo.get(document.uri.toString());
    for (const cell of codeCellDocuments(document)) {
      const uri = cell.uri.toString();
      if (todo?.has(uri) !== true) this.#roundEdited.delete(uri);
      else if (this.#edited.has(uri) || !this.#roundEdited.has(uri)) this.#takeLines(uri);
    }
  }

  #takeLines(uri: string): void {
    this.#roundEdited.set(uri, this.#edited.get(uri) ?? new EditedLines());
    this.#edited.delete(uri);
  }

  /** A cell of `notebook` was edited (or added): edit actions work on it until one finishes it. */
  #cellTouched(notebook: string, cell: string): void {
    let todo = this.#cellsToDo.get(notebook);
    if (todo === undefined) this.#cellsToDo.set(notebook, (todo = new Map()));
    todo.set(cell, ++this.#cellEdits);
  }

  /**
   * The cells an edit action on `notebook` works on now, and how it says which it finished: those
   * are taken off, unless edited again since it began (they stay for the next settle).
   */
  #cellsToWork(notebook: Target): CellsToWork {
    const key = notebook.uri.toString();
    const snapshot = new Map(this.#cellsToDo.get(key) ?? []);
    return {
      cells: new Set(snapshot.keys()),
      finished: (uris) => {
        const todo = this.#cellsToDo.get(key);
        if (todo === undefined) return;
        for (const uri of uris) if (todo.get(uri) === snapshot.get(uri)) todo.delete(uri);
        if (todo.size === 0) this.#cellsToDo.delete(key);
      },
    };
  }

  /** A round ended (the runner reports every settle here). */
  #reportSettle(key: string, report: RoundReport<Target>): void {
    if (this.#disposed) return;
    const event: SettleEvent = { ...report, document: report.document?.uri };
    // Kept only for documents still open (a closed one was forgotten meanwhile).
    if (key === WINDOW_KEY || this.#documents.has(key)) this.#lastSettles.set(key, event);
    this.#settled.fire(event);
  }

  dispose(): void {
    this.#disposed = true;
    this.#runner.dispose();
    this.#watchdog.dispose();
    this.#documents.clear();
    this.#lastSettles.clear();
    this.#edited.clear();
    this.#unformatted.clear();
    for (const d of this.#disposables) d.dispose();
  }
}
