import * as vscode from 'vscode';
import type { Log } from '../log';
import { Action, describeAction, StageSpec } from '../config/model';
import { OwnEditsHandle, Outcome, runAction, Status } from './builtins';
import { unmetCondition } from './conditions';
import { OwnEdits } from './ownEdits';
import { formatMs } from '../ui/time';
import { MAX_TIMER_DELAY } from '../core/clock';

export interface ActionReport {
  readonly action: string;
  readonly status: Status;
  readonly detail: string;
  readonly ms: number;
}

/** What one settle did; also what `onDidSettle` gives other extensions. */
export interface SettleReport {
  /** The settled document, or undefined for a window stage with no active editor. */
  readonly document: vscode.Uri | undefined;
  readonly stage: { readonly index: number; readonly delay: number; readonly scope: 'document' | 'window'; readonly source: string };
  /** Each action's outcome, in order. Empty when a condition did not hold (see `skipped`). */
  readonly actions: readonly ActionReport[];
  /** Why the whole stage was skipped, if it was. */
  readonly skipped?: string;
  /** When it settled (Date.now()). */
  readonly time: number;
}

export interface RunnerOptions {
  readonly log: Log;
  readonly actionTimeout: () => number;
  /** Shown to the user once per cause (the log has every occurrence). */
  readonly showProblem: (cause: string, message: string) => void;
  /** The user typed in a document while its round ran: re-arm it. */
  readonly rearm: (document: vscode.TextDocument) => void;
  /** Did the document's latest edit come from undo or redo? */
  readonly restored: (key: string) => boolean;
  /** Every settle's report (also of stages whose conditions did not hold). */
  readonly onDidSettle: (key: string, report: SettleReport) => void;
}

/** `noErrors`: diagnostics count as up to date after this long without a change (at most the max). */
const DIAGNOSTICS_QUIET_MS = 300;
const DIAGNOSTICS_MAX_WAIT_MS = 2000;

interface Round {
  /** The running stage's index (a different stage arriving meanwhile waits for this round). */
  readonly stage: number;
  /** The user changed the document (a change that was not ours). */
  typed: boolean;
  /** A change was taken as the running action's own (a save's or a command's edits). */
  swallowed: boolean;
  /** Keyboard or mouse selection changes in an editor of the document, counted. */
  navigations: number;
  /** The document's last tab closed (or the document closed) during the round. */
  forgotten: boolean;
  /** A later stage that came due while this round ran. */
  queued?: { document: vscode.TextDocument | undefined; stage: StageSpec; index: number };
}

/**
 * Did the user edit the document during the round? Either a change that was not ours, or a change
 * inside an action's own-edit window (a save, a command) together with typing in its editor.
 */
function userEdited(round: Round): boolean {
  return round.typed || (round.swallowed && round.navigations > 0) || round.forgotten;
}

/** After this many failures in a row an action is backed off, after FAILURES_STOP it stops. */
const FAILURES_BACKOFF = 3;
const FAILURES_STOP = 6;

/**
 * Runs a settled stage's actions on a document: one round per document at a time, each action
 * awaited in order and cut off at its time limit, the user's typing stopping the round, failures
 * logged every time but shown once, and an action that keeps failing backed off, then stopped.
 *
 * When an action is cut off at its time limit, the rest of that round is skipped (a hung
 * command may still be running in VS Code; running more actions beside it could race it) and the
 * next settle starts afresh.
 */
export class Runner implements vscode.Disposable {
  private readonly ownEdits = new OwnEdits();
  private readonly rounds = new Map<string, Round>();
  private readonly failures = new Map<string, { count: number; skipped: number; stopped: boolean }>();
  private disposed = false;

  constructor(private readonly options: RunnerOptions) {}

  /**
   * A change event for a document: is it ours (no kick) or the user's? The user's typing during a
   * round marks that round so it stops before its next action (and re-arms when it ends).
   */
  isOwnEdit(uri: string, version: number): boolean {
    const own = this.ownEdits.classify(uri, version);
    if (own === 'exact') return true;
    const round = this.rounds.get(uri);
    if (own === 'window') {
      if (round !== undefined) round.swallowed = true;
      return true;
    }
    if (round !== undefined) round.typed = true;
    return false;
  }

  /**
   * A keyboard or mouse selection change in an editor of this document. Changes during a save or
   * a command are taken as the action's own; typing shows itself by moving the caret as well.
   */
  noteUserInput(uri: string): void {
    const round = this.rounds.get(uri);
    if (round !== undefined) round.navigations++;
  }

  isRunning(key: string): boolean {
    return this.rounds.has(key);
  }

  get runningCount(): number {
    return this.rounds.size;
  }

  /** Forgets a closed document (its round, if any, stops before its next action). */
  forget(uri: string): void {
    const round = this.rounds.get(uri);
    if (round !== undefined) round.forgotten = true;
    this.ownEdits.forget(uri);
    for (const key of this.failures.keys()) if (key.startsWith(`${uri}\n`)) this.failures.delete(key);
  }

  /** Settings changed: give every action a fresh start. */
  resetFailures(): void {
    this.failures.clear();
  }

  /**
   * Runs a settled stage on its document and reports it through `onDidSettle`. One round per key
   * at a time: the same stage arriving again meanwhile is dropped (it is what is running); a later
   * stage waits and runs right after (format at 0.7 s still running at 2 s must not lose the save).
   */
  async run(key: string, document: vscode.TextDocument | undefined, stage: StageSpec, index: number): Promise<void> {
    const log = this.options.log;
    const name = document ? vscode.workspace.asRelativePath(document.uri) : 'window';
    const where = `${name} (${stage.source}, ${formatMs(stage.delay)})`;
    if (this.disposed) return;
    const running = this.rounds.get(key);
    if (running !== undefined) {
      if (running.stage === index) {
        log.info(`settle of ${where}: this stage is still running; skipped`);
      } else {
        running.queued = { document, stage, index };
        log.info(`settle of ${where}: waits for the running round`);
      }
      return;
    }
    const round: Round = { stage: index, typed: false, swallowed: false, navigations: 0, forgotten: false };
    this.rounds.set(key, round);
    const reports: ActionReport[] = [];
    let skipped: string | undefined;
    try {
      const unmet = await unmetCondition(stage.when, document, {
        diagnosticsQuietMs: DIAGNOSTICS_QUIET_MS,
        diagnosticsMaxWaitMs: DIAGNOSTICS_MAX_WAIT_MS,
      });
      if (unmet !== undefined) {
        skipped = `not run: ${unmet}`;
        log.info(`settled ${where}: ${skipped}`);
      } else {
        log.info(`settled ${where}: ${stage.actions.map(describeAction).join(', ') || 'no actions'}`);
        await this.runActions(key, document, stage.actions, round, reports);
      }
    } catch (error) {
      // Nothing above should throw; if it does, the round ends here and the watchdog goes on.
      log.error(`settle of ${where} failed: ${message(error)}`);
      skipped = `failed: ${message(error)}`;
    } finally {
      this.rounds.delete(key);
    }
    if (this.disposed) return;
    this.options.onDidSettle(key, {
      document: document?.uri,
      stage: { index, delay: stage.delay, scope: stage.scope, source: stage.source },
      actions: reports,
      skipped,
      time: Date.now(),
    });
    if (round.forgotten) return;
    if (userEdited(round)) {
      // The user's edit started a new round (or starts one now): the queued stage belongs to the old one.
      if (document !== undefined && !document.isClosed) this.options.rearm(document);
      return;
    }
    if (round.queued !== undefined) await this.run(key, round.queued.document, round.queued.stage, round.queued.index);
  }

  private async runActions(key: string, document: vscode.TextDocument | undefined, actions: readonly Action[], round: Round, reports: ActionReport[]): Promise<void> {
    const log = this.options.log;
    let stop: string | undefined;
    for (const action of actions) {
      const label = describeAction(action);
      if (stop === undefined && this.disposed) stop = 'the extension was deactivated';
      if (stop === undefined && (document?.isClosed || round.forgotten)) stop = 'the document was closed';
      if (stop === undefined && userEdited(round)) stop = 'you typed; it runs again at the next settle';
      if (stop !== undefined) {
        reports.push({ action: label, status: 'skipped', detail: stop, ms: 0 });
        log.info(`  ${label}: skipped (${stop})`);
        continue;
      }
      const failureKey = `${key}\n${label}`;
      const backoff = this.backoff(failureKey);
      if (backoff !== undefined) {
        reports.push({ action: label, status: 'skipped', detail: backoff, ms: 0 });
        log.info(`  ${label}: skipped (${backoff})`);
        continue;
      }
      const started = performance.now();
      const outcome = await this.withTimeLimit(action, document, round);
      const ms = Math.round(performance.now() - started);
      reports.push({ action: label, status: outcome.status, detail: outcome.detail, ms });
      const line = `  ${label}: ${outcome.status} in ${ms} ms (${outcome.detail})`;
      if (outcome.status === 'failed' || outcome.status === 'timeout') {
        log.warn(line);
        this.recordFailure(failureKey, label, document, outcome);
        if (outcome.status === 'timeout') stop = `${label} was cut off at its time limit`;
      } else {
        log.info(line);
        this.failures.delete(failureKey);
      }
    }
  }

  private async withTimeLimit(action: Action, document: vscode.TextDocument | undefined, round: Round): Promise<Outcome> {
    const limit = this.options.actionTimeout();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<Outcome>((resolve) => {
      timer = setTimeout(() => resolve({ status: 'timeout', detail: `no answer within ${formatMs(limit)}; abandoned (idleWatchdog.actionTimeout)` }), Math.min(limit, MAX_TIMER_DELAY));
    });
    // Windows of "own edits" opened by the action are closed when it ends; a hung action's window
    // is closed here, so it cannot swallow the user's edits forever.
    const closers: Array<() => void> = [];
    const ownEdits: OwnEditsHandle = {
      expect: (uri, version) => this.ownEdits.expect(uri, version),
      unexpect: (uri, version) => this.ownEdits.unexpect(uri, version),
      open: (uri) => {
        const close = this.ownEdits.open(uri);
        closers.push(close);
        return close;
      },
    };
    try {
      return await Promise.race([
        runAction(action, {
          document,
          ownEdits,
          userEdited: () => userEdited(round),
          markTyped: () => void (round.typed = true),
          navigations: () => round.navigations,
          restored: () => document !== undefined && this.options.restored(document.uri.toString()),
        }).catch(
          (error: unknown): Outcome => ({ status: 'failed', detail: message(error) }),
        ),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
      for (const close of closers) close();
    }
  }

  /** Undefined when the action may run; else why it is held back. */
  private backoff(failureKey: string): string | undefined {
    const f = this.failures.get(failureKey);
    if (f === undefined || f.count < FAILURES_BACKOFF) return undefined;
    if (f.stopped) return `stopped after ${f.count} failures in a row; change the settings or reload to try again`;
    const wait = 2 ** (f.count - FAILURES_BACKOFF);
    if (f.skipped < wait) {
      f.skipped++;
      return `backing off after ${f.count} failures in a row (${f.skipped}/${wait} settles)`;
    }
    f.skipped = 0;
    return undefined;
  }

  private recordFailure(failureKey: string, label: string, document: vscode.TextDocument | undefined, outcome: Outcome): void {
    const f = this.failures.get(failureKey) ?? { count: 0, skipped: 0, stopped: false };
    f.count++;
    this.failures.set(failureKey, f);
    const target = document ? vscode.workspace.asRelativePath(document.uri) : 'the window';
    // Shown once per cause: the same failure on every settle would be noise.
    const cause = `${label}\n${outcome.status}\n${normalise(outcome.detail)}`;
    this.options.showProblem(cause, `Idle Watchdog: "${label}" ${outcome.status === 'timeout' ? 'timed out' : 'failed'}: ${outcome.detail}`);
    if (f.count >= FAILURES_STOP && !f.stopped) {
      f.stopped = true;
      const text = `Idle Watchdog: "${label}" failed ${f.count} times in a row for ${target}; it will not run there again until the settings change or the window reloads.`;
      this.options.log.warn(text);
      this.options.showProblem(`${cause}\nstopped`, text);
    }
  }

  dispose(): void {
    this.disposed = true;
    this.rounds.clear();
    this.failures.clear();
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Digits vary between occurrences of the same cause (times, counts); ignore them for "once per cause". */
function normalise(detail: string): string {
  return detail.replace(/\d+/g, '#');
}
