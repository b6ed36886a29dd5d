import { Action, Conditions, describeAction, isLeave, SettleTrigger, StageSpec } from '../config/model';
import { Clock, MAX_TIMER_DELAY } from '../core/clock';
import { formatMs } from '../core/time';
import { ActionKind, describe, describeStageSkip, Outcome, Reason, StageSkip, Status } from './outcome';
import { EditWindow, OwnEdits } from './ownEdits';

/**
 * Runs settled stages: one round per key at a time, each action awaited in order and cut off at
 * its time limit, the user's typing stopping the round, failures logged every time but shown once,
 * and an action that keeps failing backed off, then stopped.
 *
 * No `vscode` import: the documents (`D`), the actions, the conditions and the clock come from the
 * host (src/controller.ts in the extension; a scripted fake in test/unit/runner.test.ts), so every
 * race here is unit-tested step by step.
 *
 * The promises it keeps:
 * - **No stage is dropped.** A stage that comes due while a round runs on the same key waits in a
 *   queue and runs right after, in stage order — unless the user typed, which starts a new round.
 * - **The time limit is real.** An action cut off at `actionTimeout` can change nothing afterwards
 *   (`ActionContext.abandoned`; its expected edits are withdrawn and its windows closed). After a
 *   built-in edit action (format, organizeImports, fixAll, codeAction) is cut off the round goes on;
 *   after a save or a command (which may still be running in VS Code) it stops.
 * - **The user's keystroke is never swallowed.** A change is ours only when it is the exact version
 *   an edit of ours produces, or falls inside a window an action opened on the documents it can
 *   change; the action then decides (a save: still dirty afterwards = the user's; a command: cannot
 *   tell = one extra settle, at most once in a row, so never a loop).
 */

export type { Outcome, Status } from './outcome';

/** What an action may do with the own-edit bookkeeping (windows left open are closed at its end). */
export interface OwnEditsHandle {
  expect(uri: string, version: number): void;
  unexpect(uri: string, version: number): boolean;
  open(uris: readonly string[] | 'all'): EditWindow;
}

export interface ActionContext<D> {
  /** The settled document; undefined for a window stage with no active editor. */
  readonly document: D | undefined;
  readonly ownEdits: OwnEditsHandle;
  /** True once the user has typed in the document since the round began (or it was closed). */
  userEdited(): boolean;
  /** A change of `uri` taken as the action's own was the user's after all: it settles again. */
  userChanged(uri: string): void;
  /** `uri` changed inside the action's window and nobody can tell whose it was: one more settle. */
  unclear(uri: string): void;
  /** How many keyboard or mouse selection changes the user made in the document's editors so far. */
  navigations(): number;
  /** The round began with an undo or redo: what it restored is not to be reformatted. */
  restored(): boolean;
  /** The runner stopped waiting for this action (its time limit passed): it must change nothing more. */
  abandoned(): boolean;
  /** The user left the document (`idleWatchdog.settleOn`): nothing waits for the caret to move on. */
  readonly left: boolean;
}

export interface ActionReport {
  readonly action: string;
  readonly kind: ActionKind;
  readonly status: Status;
  readonly reason: Reason;
  /** The reason in words (`describe`), as the log has it. */
  readonly detail: string;
  readonly ms: number;
}

/** What one settle did. The controller turns it into the public `SettleEvent`. */
export interface RoundReport<D> {
  /** The settled document, or undefined for a window stage with no active editor. */
  readonly document: D | undefined;
  readonly stage: { readonly index: number; readonly delay: number; readonly scope: 'document' | 'window'; readonly source: string };
  /** Each action's outcome, in order. Empty when a condition did not hold (see `skipped`). */
  readonly actions: readonly ActionReport[];
  /** Why the whole stage was skipped, if it was: in words, and as data. */
  readonly skipped?: string;
  readonly skip?: StageSkip;
  /** Why it settled now: its delay passed, Settle Now, or the user left the document (`settleOn`). */
  readonly trigger: SettleTrigger;
  /** When it settled (wall clock, ms). */
  readonly time: number;
}

export interface RunnerLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Everything the runner needs from the world. */
export interface RunnerHost<D> {
  readonly log: RunnerLog;
  /** Time limits and durations (a fake clock in tests). */
  readonly clock: Clock;
  /** Wall-clock time for reports (`Date.now`). */
  readonly wallTime: () => number;
  keyOf(document: D): string;
  /** The document's name for the log (a workspace-relative path). */
  nameOf(document: D): string;
  isClosed(document: D): boolean;
  /** Undefined when the stage's `when` holds for the document, else why not. */
  unmet(when: Conditions, document: D | undefined): Promise<StageSkip | undefined>;
  runAction(action: Action, ctx: ActionContext<D>): Promise<Outcome>;
  /** What the action is (from the action registry): a save is backed off, never stopped; an edit cut off lets the round go on. */
  kindOf(action: Action): ActionKind;
  actionTimeout(): number;
  /** Shown to the user once per cause (the log has every occurrence). */
  showProblem(cause: string, message: string): void;
  /** The user changed this document while a round ran (or a change was unclear): a new round. */
  rearm(key: string): void;
  /** Did the document's latest edit come from undo or redo? */
  restored(key: string): boolean;
  /** Every settle's report (also of stages whose conditions did not hold). */
  onDidSettle(key: string, report: RoundReport<D>): void;
}

/** After this many failures in a row an action is backed off, after FAILURES_STOP it stops. */
export const FAILURES_BACKOFF = 3;
export const FAILURES_STOP = 6;
/**
 * A save is never stopped for good (a network drive that was away for a minute must not turn
 * saving off until a reload): after FAILURES_BACKOFF failures in a row it waits, between tries,
 * SAVE_RETRY_FIRST_MS and then twice as long each time, at most SAVE_RETRY_MAX_MS.
 */
export const SAVE_RETRY_FIRST_MS = 15_000;
export const SAVE_RETRY_MAX_MS = 5 * 60_000;

interface Item<D> {
  readonly document: D | undefined;
  readonly stage: StageSpec;
  readonly index: number;
  readonly trigger: SettleTrigger;
}

interface Round<D> {
  /** The running stage's index. */
  stage: number;
  /** Why the running stage settled. */
  trigger: SettleTrigger;
  /** Later stages that came due while this round ran, in stage order. */
  readonly queue: Item<D>[];
  /** The user changed the document (a change that was not ours). */
  typed: boolean;
  /** A change fell inside an action's window (a save's or a command's). */
  swallowed: boolean;
  /** Keyboard or mouse selection changes in an editor of the document, counted. */
  navigations: number;
  /** The document's last tab closed (or the document closed) during the round. */
  forgotten: boolean;
  /** The document changed inside a command's window: it settles once more after the round. */
  unclear: string | undefined;
}

/**
 * Did the user edit the document during the round? Either a change that was not ours, or a change
 * inside an action's window together with typing in its editor.
 */
function userEdited(round: Round<unknown>): boolean {
  return round.typed || (round.swallowed && round.navigations > 0) || round.forgotten;
}

export class Runner<D> {
  readonly #ownEdits = new OwnEdits();
  readonly #rounds = new Map<string, Round<D>>();
  readonly #failures = new Map<string, { count: number; skipped: number; stopped: boolean; last: number }>();
  /** Keys re-armed because a command's change was unclear; the same again is taken as the command's (no loop). */
  readonly #echoes = new Set<string>();
  /** Abandons each action still running (deactivation): its time-limit timer goes at once. */
  readonly #inFlight = new Set<() => void>();
  #disposed = false;

  readonly #host: RunnerHost<D>;

  constructor(host: RunnerHost<D>) {
    this.#host = host;
  }

  /**
   * A content change of a document (now at `version`): true when it is ours (no kick). The user's
   * change during a round marks that round, so it stops before its next action and re-arms.
   * Must see every change, whether or not edits kick: expectations are consumed here. `key`: the
   * round's key when it is not `uri` (a notebook's, for a change of one of its cells).
   */
  isOwnEdit(uri: string, version: number, key: string = uri): boolean {
    const own = this.#ownEdits.classify(uri, version, key);
    if (own === 'exact') return true;
    const round = this.#rounds.get(key);
    if (own === 'window') {
      if (round !== undefined) round.swallowed = true;
      return true;
    }
    if (this.#echoes.size > 0) this.#echoes.delete(key);
    if (round !== undefined) round.typed = true;
    return false;
  }

  /** A keyboard or mouse selection change in an editor of this document. */
  noteUserInput(uri: string): void {
    const round = this.#rounds.get(uri);
    if (round !== undefined) round.navigations++;
  }

  isRunning(key: string): boolean {
    return this.#rounds.has(key);
  }

  get runningCount(): number {
    return this.#rounds.size;
  }

  /** The runner's per-document tables, by name, for the stats (none may grow with closed documents). */
  get tables(): { rounds: number; failures: number; echoes: number } {
    return { rounds: this.#rounds.size, failures: this.#failures.size, echoes: this.#echoes.size };
  }

  /** Nothing expected, no window open (the bookkeeping does not leak). */
  get ownEditsIdle(): boolean {
    return this.#ownEdits.idle;
  }

  /** Forgets a closed document (its round, if any, stops before its next action). */
  forget(uri: string): void {
    const round = this.#rounds.get(uri);
    if (round !== undefined) round.forgotten = true;
    this.#ownEdits.forget(uri);
    this.#echoes.delete(uri);
    for (const key of this.#failures.keys()) if (key.startsWith(`${uri}\n`)) this.#failures.delete(key);
  }

  /** Settings changed: give every action a fresh start. */
  resetFailures(): void {
    this.#failures.clear();
  }

  /**
   * Runs a settled stage on its document and reports it through `onDidSettle`. One round per key
   * at a time: the same stage arriving again meanwhile is dropped (it is what is running); a later
   * stage waits and runs right after (format at 0.7 s still running at 2 s must not lose the save).
   */
  async run(key: string, document: D | undefined, stage: StageSpec, index: number, trigger: SettleTrigger = 'delay'): Promise<void> {
    if (this.#disposed) return;
    const running = this.#rounds.get(key);
    // A round whose document was closed runs nothing more: a reopened document's settle starts its own.
    if (running !== undefined && !running.forgotten) {
      this.#enqueue(running, { document, stage, index, trigger }, this.#where(document, stage));
      return;
    }
    const round: Round<D> = { stage: index, trigger, queue: [], typed: false, swallowed: false, navigations: 0, forgotten: false, unclear: undefined };
    this.#rounds.set(key, round);
    let item: Item<D> | undefined = { document, stage, index, trigger };
    try {
      while (item !== undefined) {
        round.stage = item.index;
        round.trigger = item.trigger;
        const report = await this.#runStage(key, item, round);
        if (this.#disposed) return;
        const edited = userEdited(round);
        if (edited && round.queue.length > 0 && !round.forgotten) {
          this.#host.log.info(`  ${round.queue.length} later stage${round.queue.length === 1 ? '' : 's'} dropped: you typed, a new round starts`);
        }
        const next: Item<D> | undefined = edited ? undefined : round.queue.shift();
        // The status bar reads `isRunning` on the report: the last one must see the round over
        // (a closed document's round leaves the map to the finally: a reopened one's may be there).
        if (next === undefined && !round.forgotten) this.#rounds.delete(key);
        this.#host.onDidSettle(key, report);
        item = next;
      }
    } finally {
      if (this.#rounds.get(key) === round) this.#rounds.delete(key);
    }
    if (round.forgotten || this.#disposed) return;
    const target = document !== undefined && !this.#host.isClosed(document) ? this.#host.keyOf(document) : undefined;
    if (userEdited(round)) {
      // The user's edit started a new round (or starts one now); the queued stages belonged to the old one.
      if (target !== undefined) this.#host.rearm(target);
    } else if (round.unclear !== undefined && target !== undefined) {
      this.#echo(target, round.unclear);
    }
  }

  #enqueue(round: Round<D>, item: Item<D>, where: string): void {
    const log = this.#host.log;
    if (item.index === round.stage || round.queue.some((q) => q.index === item.index)) {
      log.info(`settle of ${where}: this stage is already running or waiting; skipped`);
      return;
    }
    const at = round.queue.findIndex((q) => q.index > item.index);
    round.queue.splice(at === -1 ? round.queue.length : at, 0, item);
    log.info(`settle of ${where}: waits for the running round`);
  }

  #where(document: D | undefined, stage: StageSpec): string {
    return `${document === undefined ? 'window' : this.#host.nameOf(document)} (${stage.source}, ${formatMs(stage.delay)})`;
  }

  async #runStage(key: string, { document, stage, index, trigger }: Item<D>, round: Round<D>): Promise<RoundReport<D>> {
    const log = this.#host.log;
    const where = this.#where(document, stage) + TRIGGER_WORDS[trigger];
    const reports: ActionReport[] = [];
    let skip: StageSkip | undefined;
    try {
      // No conditions (the common case): no await, so the first action (the save) is asked for
      // synchronously on the timer's wake-up, before the status bar or anything else runs.
      const unmet = hasConditions(stage.when) ? await this.#host.unmet(stage.when, document) : undefined;
      if (unmet !== undefined) {
        skip = unmet;
        log.info(`settled ${where}: ${describeStageSkip(skip)}`);
      } else {
        log.info(`settled ${where}: ${stage.actions.map(describeAction).join(', ') || 'no actions'}`);
        await this.#runActions(key, document, stage, round, reports);
      }
    } catch (error) {
      // Nothing above should throw; if it does, the round ends here and the watchdog goes on.
      log.error(`settle of ${where} failed: ${message(error)}`);
      skip = { code: 'error', message: message(error) };
    }
    return {
      document,
      stage: { index, delay: stage.delay, scope: stage.scope, source: stage.source },
      actions: reports,
      ...(skip !== undefined ? { skipped: describeStageSkip(skip), skip } : {}),
      trigger,
      time: this.#host.wallTime(),
    };
  }

  async #runActions(key: string, document: D | undefined, { actions, scope }: StageSpec, round: Round<D>, reports: ActionReport[]): Promise<void> {
    const log = this.#host.log;
    let stop: Reason | undefined;
    for (const action of actions) {
      const label = describeAction(action);
      const kind = this.#host.kindOf(action);
      if (stop === undefined && this.#disposed) stop = { code: 'deactivated' };
      if (stop === undefined && ((document !== undefined && this.#host.isClosed(document)) || round.forgotten)) stop = { code: 'closed' };
      if (stop === undefined && userEdited(round)) stop = { code: 'typed', when: 'beforeAction' };
      const failureKey = `${key}\n${label}`;
      const held = stop ?? this.#backoff(failureKey, kind === 'save');
      if (held !== undefined) {
        const detail = describe(held);
        reports.push({ action: label, kind, status: 'skipped', reason: held, detail, ms: 0 });
        log.info(`  ${label}: skipped (${detail})`);
        continue;
      }
      const started = this.#host.clock.now();
      const outcome = await this.#attempt(key, action, label, document, round, scope);
      const ms = Math.round(this.#host.clock.now() - started);
      const detail = describe(outcome.reason);
      reports.push({ action: label, kind, status: outcome.status, reason: outcome.reason, detail, ms });
      const line = `  ${label}: ${outcome.status} in ${ms} ms (${detail})`;
      if (outcome.status === 'failed' || outcome.status === 'timeout') {
        log.warn(line);
        this.#recordFailure(failureKey, label, document, outcome, kind === 'save');
        // A built-in edit only edits through `applyEdit`: cut off, the round can go on safely.
        if (outcome.status === 'timeout' && kind !== 'edit') stop = { code: 'afterTimeout', action: label };
      } else {
        log.info(line);
        this.#failures.delete(failureKey);
      }
    }
  }

  /**
   * Runs one action under its time limit. Cut off, it is abandoned: whatever it does later is
   * dropped. A window-scope stage opens no own-edit windows: it runs beside the user's typing
   * (often for long), so every change during it is the user's and kicks its document.
   */
  async #attempt(key: string, action: Action, label: string, document: D | undefined, round: Round<D>, scope: StageSpec['scope']): Promise<Outcome> {
    const clock = this.#host.clock;
    const limit = this.#host.actionTimeout();
    let abandoned = false;
    const windows: EditWindow[] = [];
    // Stryker disable next-line ArrayDeclaration: a stray first entry (a string) is withdrawn as uri 'S', version 't', which no document has: nothing changes.
    const expected: Array<[string, number]> = [];
    const ctx: ActionContext<D> = {
      document,
      ownEdits: {
        expect: (uri, version) => {
          if (abandoned) return;
          expected.push([uri, version]);
          this.#ownEdits.expect(uri, version);
        },
        unexpect: (uri, version) => this.#ownEdits.unexpect(uri, version),
        open: (uris) => {
          const window = this.#ownEdits.open(abandoned || scope === 'window' ? [] : uris);
          windows.push(window);
          return window;
        },
      },
      userEdited: () => userEdited(round),
      userChanged: (uri) => {
        if (abandoned) return;
        if (uri === key) round.typed = true;
        else this.#host.rearm(uri);
      },
      unclear: (uri) => {
        if (abandoned) return;
        if (uri === key) round.unclear = label;
        else this.#echo(uri, label);
      },
      navigations: () => round.navigations,
      restored: () => document !== undefined && this.#host.restored(this.#host.keyOf(document)),
      abandoned: () => abandoned || this.#disposed,
      left: isLeave(round.trigger),
    };
    let timer: unknown;
    let stopNow: () => void = () => undefined;
    const timeout = new Promise<Outcome>((resolve) => {
      timer = clock.setTimeout(
        () => resolve({ status: 'timeout', reason: { code: 'timeout', limitMs: limit } }),
        Math.min(limit, MAX_TIMER_DELAY),
      );
      stopNow = () => {
        clock.clearTimeout(timer);
        abandoned = true;
        resolve({ status: 'skipped', reason: { code: 'deactivated' } });
      };
    });
    this.#inFlight.add(stopNow);
    try {
      const outcome = await Promise.race([
        this.#host.runAction(action, ctx).catch((error: unknown): Outcome => ({ status: 'failed', reason: { code: 'error', message: message(error) } })),
        timeout,
      ]);
      if (outcome.status === 'timeout') {
        // Changes inside its windows so far cannot be told apart: the user's (one more settle).
        for (const window of windows) for (const uri of window.close()) ctx.unclear(uri);
        abandoned = true;
        for (const [uri, version] of expected) this.#ownEdits.unexpect(uri, version);
      }
      return outcome;
    } finally {
      this.#inFlight.delete(stopNow);
      clock.clearTimeout(timer);
      for (const window of windows) window.close();
    }
  }

  /** Re-arms a key whose change was unclear, once: the same again right after is taken as the action's own. */
  #echo(key: string, label: string): void {
    const log = this.#host.log;
    if (this.#echoes.has(key)) {
      log.info(`  ${label} changed it again; taken as its own this time (no settle loop)`);
      return;
    }
    this.#echoes.add(key);
    log.info(`  changed during ${label}; whose change it was cannot be told, so it settles once more`);
    this.#host.rearm(key);
  }

  /** Undefined when the action may run; else why it is held back. */
  #backoff(failureKey: string, isSave: boolean): Reason | undefined {
    const f = this.#failures.get(failureKey);
    if (f === undefined || f.count < FAILURES_BACKOFF) return undefined;
    if (isSave) {
      const wait = Math.min(SAVE_RETRY_MAX_MS, SAVE_RETRY_FIRST_MS * 2 ** (f.count - FAILURES_BACKOFF));
      const left = f.last + wait - this.#host.clock.now();
      return left > 0 ? { code: 'backoff', failures: f.count, saveInMs: left } : undefined;
    }
    if (f.stopped) return { code: 'backoff', failures: f.count, stopped: true };
    const wait = 2 ** (f.count - FAILURES_BACKOFF);
    if (f.skipped < wait) {
      f.skipped++;
      return { code: 'backoff', failures: f.count, settles: { skipped: f.skipped, of: wait } };
    }
    f.skipped = 0;
    return undefined;
  }

  #recordFailure(failureKey: string, label: string, document: D | undefined, outcome: Outcome, isSave: boolean): void {
    const f = this.#failures.get(failureKey) ?? { count: 0, skipped: 0, stopped: false, last: 0 };
    f.count++;
    f.last = this.#host.clock.now();
    this.#failures.set(failureKey, f);
    const target = document !== undefined ? this.#host.nameOf(document) : 'the window';
    // Shown once per cause: the same failure on every settle would be noise.
    const cause = `${label}\n${outcome.status}\n${normalise(describe(outcome.reason))}`;
    this.#host.showProblem(cause, `Idle Watchdog: "${label}" ${outcome.status === 'timeout' ? 'timed out' : 'failed'}: ${describe(outcome.reason)}`);
    if (f.count >= FAILURES_STOP && !f.stopped && !isSave) {
      f.stopped = true;
      const text = `Idle Watchdog: "${label}" failed ${f.count} times in a row for ${target}; it will not run there again until the settings change or the window reloads.`;
      this.#host.log.warn(text);
      this.#host.showProblem(`${cause}\nstopped`, text);
    }
  }

  /** The user saved `uri` by hand (or it was saved some other way): its saves start afresh. */
  saved(uri: string): void {
    if (this.#failures.size > 0) for (const key of this.#failures.keys()) if (key.startsWith(`${uri}\n`)) this.#failures.delete(key);
  }

  dispose(): void {
    this.#disposed = true;
    for (const stop of [...this.#inFlight]) stop();
    this.#rounds.clear();
    this.#failures.clear();
    this.#echoes.clear();
  }
}

/** How the log says why a stage settled (nothing for the usual: its delay passed). */
const TRIGGER_WORDS: Readonly<Record<SettleTrigger, string>> = {
  delay: '',
  command: ' on request',
  editorSwitch: ' at once: you left it for another editor',
  windowBlur: ' at once: the window lost focus',
  terminal: ' at once: you turned to the terminal',
};

function hasConditions(when: Conditions): boolean {
  for (const key in when) if (when[key as keyof Conditions] !== undefined) return true;
  return false;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Digits vary between occurrences of the same cause (times, counts); ignore them for "once per cause". */
function normalise(detail: string): string {
  return detail.replace(/\d+/g, '#');
}
