import { Clock, MAX_TIMER_DELAY, systemClock } from './clock';
import { Emitter } from './event';

/**
 * The watchdog: the heart of the extension, and on the hot path of every keystroke.
 *
 * Per key (one per document, one for the window) it keeps the time of the last kick and a list of
 * stages, each with its own delay from that kick. A kick starts a new *round*; each stage fires once
 * per round when its delay has passed with no kick in between.
 *
 * How it stays cheap:
 * - A kick is a map lookup, a clock read and a store. Keys that are already waiting for their first
 *   stage are not touched otherwise: the heap keeps the (now stale, earlier) deadline they had.
 * - One timer for the whole watchdog, armed for the earliest deadline in the heap. Because a kick
 *   only ever moves a waiting key's deadline *later*, the armed timer is still early enough and is
 *   left alone. When it wakes, keys whose real deadline has moved on are put back with the real
 *   deadline and the timer is armed again: at most one wake-up per delay, never per keystroke,
 *   and never a polling interval.
 * - Nothing armed (or paused): no timer at all.
 *
 * Delays may exceed `setTimeout`'s limit (2^31−1 ms): the timer is armed for at most that long
 * and simply re-armed when it wakes early.
 */

export interface Stage {
  /** Milliseconds after the last kick. Negative or NaN counts as 0; Infinity never fires. */
  readonly delay: number;
}

export interface FireEvent<K, S extends Stage> {
  readonly key: K;
  readonly stage: S;
  /** Index of the stage in the key's stage list (sorted by delay). */
  readonly index: number;
  /** When the stage was due (last kick + delay). */
  readonly deadline: number;
  /** True when fired by `fireNow` rather than by the delay passing. */
  readonly forced: boolean;
}

export type FireCallback<K, S extends Stage> = (e: FireEvent<K, S>) => unknown;

export interface KeyState<S extends Stage> {
  /** The stage that fires next, if one is pending. */
  readonly pending: { readonly stage: S; readonly index: number; readonly deadline: number; readonly remaining: number } | undefined;
  /** Stages that already fired in this round, in order. */
  readonly fired: readonly S[];
  /** True when this round was cancelled (until the next kick). */
  readonly cancelled: boolean;
  /** Clock time of the last kick (start of the round); undefined before the first kick. */
  readonly lastKick: number | undefined;
  /** True while the whole watchdog is paused (nothing fires; `remaining` is frozen). */
  readonly paused: boolean;
}

export interface WatchdogOptions<K, S extends Stage> {
  /** Called when a stage fires. May return a promise; a rejection is reported, never thrown. */
  readonly onFire: FireCallback<K, S>;
  /** Stages for a key kicked for the first time without its own list. */
  readonly defaultStages?: readonly S[];
  readonly clock?: Clock;
}

export interface WatchdogError<K> {
  readonly key: K;
  readonly error: unknown;
}

interface Entry<K, S extends Stage> {
  readonly key: K;
  /** The list as given (identity tells whether a kick brings a new list). */
  source: readonly S[];
  /** Sorted by delay; delays normalised. */
  stages: readonly S[];
  delays: readonly number[];
  lastKick: number;
  /** Index of the next stage to fire this round; `stages.length` when the round is done. */
  next: number;
  cancelled: boolean;
  /** Position in the heap, or -1 when not in it. */
  heapIndex: number;
  /** The deadline the heap orders this entry by; never later than its real deadline. */
  heapDeadline: number;
  /** Tie-breaker so equal deadlines fire in the order they were armed. */
  seq: number;
  /** The wake-up during which this round was restarted from inside a callback, if any. */
  epoch: number;
}

export class Watchdog<K, S extends Stage = Stage> {
  readonly #entries = new Map<K, Entry<K, S>>();
  readonly #heap: Entry<K, S>[] = [];
  readonly #clock: Clock;
  readonly #onFireCallback: FireCallback<K, S>;
  readonly #defaultSource: readonly S[] | undefined;

  #timer: unknown = undefined;
  #timerDeadline = Infinity;
  #dispatching = false;
  #pausedAt: number | undefined;
  #disposed = false;
  #seq = 0;
  /** Counts timer wake-ups; a round restarted during one waits for the next (no endless loop). */
  #epoch = 0;

  readonly #_onDidChangePending = new Emitter<K>();
  readonly #_onDidError = new Emitter<WatchdogError<K>>();

  /**
   * When a key's pending stage changes: armed from idle, advanced to its next stage, settled
   * (nothing more pending), cancelled, forgotten, or reset to its first stage by a kick mid-round.
   * A kick that only postpones the same pending stage does not notify (that would be work on every
   * keystroke); read `state(key).pending.deadline` for the exact time, e.g. on a countdown tick.
   */
  readonly onDidChangePending = this.#_onDidChangePending.event;
  /** A fire callback threw or rejected, or an observer threw. */
  readonly onDidError = this.#_onDidError.event;

  constructor(options: WatchdogOptions<K, S>) {
    this.#clock = options.clock ?? systemClock;
    this.#onFireCallback = options.onFire;
    this.#defaultSource = options.defaultStages;
  }

  /**
   * Starts a new round for `key`: every stage will fire once, each when its delay has passed
   * with no further kick. `stages` replaces the key's list (pass the same array again to keep it;
   * a different array applies at once, also mid-round).
   */
  kick(key: K, stages?: readonly S[]): void {
    const entry = this.#entries.get(key);
    const now = this.#clock.now();
    if (entry !== undefined && (stages === undefined || stages === entry.source)) {
      entry.lastKick = now;
      // Hot path: the key is already waiting for its first stage; its deadline only moved later.
      if (entry.next === 0 && entry.heapIndex >= 0) return;
      this.#restartRound(entry, now);
      return;
    }
    if (this.#disposed) return;
    const source = stages ?? entry?.source ?? this.#defaultSource;
    if (source === undefined) throw new Error(`Watchdog: no stages for key ${String(key)}`);
    if (entry === undefined) {
      // Stryker disable ArrayDeclaration,BooleanLiteral: placeholders; #applyStages sets stages and delays and #restartRound sets cancelled right below, before anything reads them.
      const created: Entry<K, S> = {
        key,
        source,
        stages: [],
        delays: [],
        lastKick: now,
        next: 0,
        cancelled: false,
        heapIndex: -1,
        heapDeadline: Infinity,
        seq: 0,
        epoch: -1,
      };
      // Stryker restore ArrayDeclaration,BooleanLiteral
      this.#applyStages(created, source);
      this.#entries.set(key, created);
      this.#restartRound(created, now);
    } else {
      this.#applyStages(entry, source);
      entry.lastKick = now;
      this.#restartRound(entry, now);
    }
  }

  /**
   * Delays what is pending for `key` without starting a new round: the remaining stages keep
   * their offsets from now, stages that already fired are not repeated. Does nothing (and returns
   * false) when nothing is pending. For activity that should hold a settle back (cursor moves,
   * scrolling) but should not by itself start one.
   */
  postpone(key: K): boolean {
    const entry = this.#entries.get(key);
    if (entry === undefined || entry.heapIndex < 0) return false;
    // Moving the deadline later keeps the heap's (earlier) deadline valid: nothing else to do.
    entry.lastKick = this.#clock.now();
    return true;
  }

  /**
   * Replaces a key's stage list without kicking (a settings change). A pending round keeps its
   * start time; the new stages up to the delay of the last one that fired count as fired, so a
   * shorter new delay that has already passed fires at once and a longer one extends the
   * countdown. A settled round stays settled.
   */
  setStages(key: K, stages: readonly S[]): void {
    const entry = this.#entries.get(key);
    if (entry === undefined || entry.source === stages || this.#disposed) return;
    const wasPending = this.#isPending(entry);
    // What fired is known by delay: the new list's stages up to the last fired delay count as fired.
    const lastFired = entry.next > 0 ? entry.delays[entry.next - 1] : -Infinity;
    this.#applyStages(entry, stages);
    const next = entry.delays.findIndex((d) => d > lastFired);
    entry.next = wasPending ? (next < 0 ? entry.stages.length : next) : entry.stages.length;
    this.#reposition(entry);
    this.#afterHeapChange();
    this.#notifyPending(key);
  }

  /**
   * Cancels the pending stage of `key`'s round. Returns true when a pending fire was really
   * cancelled; false when it had already fired (round done), was already cancelled, or nothing
   * was ever armed. The next kick starts a fresh round.
   */
  cancel(key: K): boolean {
    const entry = this.#entries.get(key);
    if (entry === undefined || !this.#isPending(entry)) return false;
    entry.cancelled = true;
    this.#heapRemove(entry);
    this.#afterHeapChange();
    this.#notifyPending(key);
    return true;
  }

  /**
   * Fires `key`'s next stage now, as if its delay had just passed (later stages keep their
   * offsets from this moment). With nothing pending, a new round starts and its first stage
   * fires now. Fires even while paused (it is an explicit request). Returns false when the key
   * is unknown or has no stages.
   */
  fireNow(key: K): boolean {
    const entry = this.#entries.get(key);
    if (entry === undefined || entry.stages.length === 0 || this.#disposed) return false;
    const index = this.#isPending(entry) ? entry.next : 0;
    // A stage that never fires by itself (Infinity) is not fired by request either.
    if (!Number.isFinite(entry.delays[index])) return false;
    entry.cancelled = false;
    const now = this.#clock.now();
    // Move the round's start so this stage is due now. While paused, "now" for the round is the
    // moment of the pause (time stands still), so later stages keep their offsets on resume.
    entry.lastKick = (this.#pausedAt ?? now) - entry.delays[index];
    if (this.#dispatching) entry.epoch = this.#epoch;
    entry.next = index + 1;
    this.#reposition(entry);
    this.#afterHeapChange();
    this.#dispatch(entry, index, now, true);
    this.#notifyPending(key);
    return true;
  }

  /**
   * Fires every stage still pending in `key`'s round now, one after the other in their order (the
   * user left the document: it settles at once, not a delay later). Stages that already fired this
   * round are not fired again; a stage that never fires by itself (Infinity) is left pending. Not
   * pending, cancelled, paused (an automatic settle waits like the delay does) or disposed: nothing.
   * A callback that kicks, cancels or forgets the key ends it there (a new round is the user's).
   * Returns how many stages fired.
   */
  fireRemaining(key: K): number {
    const entry = this.#entries.get(key);
    let fired = 0;
    while (
      entry !== undefined &&
      this.#entries.get(key) === entry &&
      this.#isPending(entry) &&
      Number.isFinite(entry.delays[entry.next]) &&
      this.#pausedAt === undefined &&
      !this.#disposed
    ) {
      const index = entry.next;
      entry.next = index + 1;
      this.#reposition(entry);
      this.#afterHeapChange();
      this.#dispatch(entry, index, this.#clock.now(), true);
      this.#notifyPending(key);
      fired++;
      // Kicked or fired again from the callback: that round is not this one.
      if (entry.next !== index + 1) break;
    }
    return fired;
  }

  /** Drops all state for `key` (e.g. the document was closed). Returns whether it was known. */
  forget(key: K): boolean {
    const entry = this.#entries.get(key);
    if (entry === undefined) return false;
    const wasPending = this.#isPending(entry);
    this.#heapRemove(entry);
    this.#entries.delete(key);
    this.#afterHeapChange();
    if (wasPending) this.#notifyPending(key);
    return true;
  }

  /**
   * Pauses the whole watchdog: nothing fires and no timer is pending. Kicks are still recorded.
   * For the watchdog, time stands still while paused: on `resume`, every pending stage gets back
   * the time it had left when paused (a key kicked while paused gets its full delay from the
   * moment of resume).
   */
  pause(): void {
    if (this.#pausedAt !== undefined || this.#disposed) return;
    this.#pausedAt = this.#clock.now();
    this.#clearTimer();
    for (const entry of this.#heap) this.#notifyPending(entry.key);
  }

  resume(): void {
    const pausedAt = this.#pausedAt;
    if (pausedAt === undefined || this.#disposed) return;
    this.#pausedAt = undefined;
    const now = this.#clock.now();
    for (const entry of this.#heap) {
      entry.lastKick += now - Math.max(pausedAt, entry.lastKick);
    }
    this.#rebuildHeap();
    this.#afterHeapChange();
    for (const entry of this.#heap) this.#notifyPending(entry.key);
  }

  get paused(): boolean {
    return this.#pausedAt !== undefined;
  }

  /** What is pending for `key`, what fired this round, and whether it was cancelled. */
  state(key: K): KeyState<S> {
    const entry = this.#entries.get(key);
    const paused = this.#pausedAt !== undefined;
    if (entry === undefined) return { pending: undefined, fired: [], cancelled: false, lastKick: undefined, paused };
    let pending: KeyState<S>['pending'];
    if (this.#isPending(entry)) {
      const deadline = entry.lastKick + entry.delays[entry.next];
      // While paused, time stands still: remaining is what was left at the pause (or the full
      // delay for a key kicked during the pause).
      const now = this.#pausedAt !== undefined ? Math.max(this.#pausedAt, entry.lastKick) : this.#clock.now();
      pending = {
        stage: entry.stages[entry.next],
        index: entry.next,
        deadline,
        remaining: Math.max(0, deadline - now),
      };
    }
    return {
      pending,
      fired: entry.stages.slice(0, entry.next),
      cancelled: entry.cancelled,
      lastKick: entry.lastKick,
      paused,
    };
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Number of keys with a stage pending. */
  get pendingCount(): number {
    return this.#heap.length;
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#clearTimer();
    // Stryker disable next-line UnaryOperator: the entries are dropped just below and nothing reads them after dispose.
    for (const entry of this.#heap) entry.heapIndex = -1;
    this.#heap.length = 0;
    this.#entries.clear();
    this.#_onDidChangePending.dispose();
    this.#_onDidError.dispose();
  }

  // ---- internals -------------------------------------------------------------------------

  #isPending(entry: Entry<K, S>): boolean {
    return !entry.cancelled && entry.next < entry.stages.length;
  }

  #applyStages(entry: Entry<K, S>, source: readonly S[]): void {
    const sorted = source
      .map((stage, i) => ({ stage, i, delay: normaliseDelay(stage.delay) }))
      .sort((a, b) => a.delay - b.delay || a.i - b.i);
    entry.source = source;
    entry.stages = sorted.map((s) => s.stage);
    entry.delays = sorted.map((s) => s.delay);
  }

  #restartRound(entry: Entry<K, S>, now: number): void {
    if (this.#disposed) return;
    const changes = entry.heapIndex < 0 || entry.next !== 0;
    entry.next = 0;
    entry.cancelled = false;
    entry.lastKick = now;
    if (this.#dispatching) entry.epoch = this.#epoch;
    this.#reposition(entry);
    this.#afterHeapChange();
    if (changes) this.#notifyPending(entry.key);
  }

  /** Puts the entry in the heap at its real deadline (or takes it out when nothing is pending). */
  #reposition(entry: Entry<K, S>): void {
    if (!this.#isPending(entry)) {
      this.#heapRemove(entry);
      return;
    }
    const deadline = entry.lastKick + entry.delays[entry.next];
    if (entry.heapIndex < 0) {
      entry.heapDeadline = deadline;
      entry.seq = this.#seq++;
      this.#heapPush(entry);
    } else if (deadline !== entry.heapDeadline) {
      const earlier = deadline < entry.heapDeadline;
      entry.heapDeadline = deadline;
      if (earlier) this.#siftUp(entry.heapIndex);
      else this.#siftDown(entry.heapIndex);
    }
  }

  /** Makes the single timer match the heap: none when empty or paused, else early enough. */
  #afterHeapChange(): void {
    if (this.#dispatching) return; // the dispatch loop arms once when it is done
    if (this.#heap.length === 0 || this.#pausedAt !== undefined || this.#disposed) {
      this.#clearTimer();
      return;
    }
    const first = this.#heap[0].heapDeadline;
    if (first === Infinity) {
      this.#clearTimer();
      return;
    }
    if (this.#timer !== undefined && this.#timerDeadline <= first) return; // still early enough
    this.#armTimer(first);
  }

  #armTimer(deadline: number): void {
    this.#clearTimer();
    // Rounded up: a timer that wakes a fraction early would only have to be armed again.
    const wait = Math.min(Math.max(0, Math.ceil(deadline - this.#clock.now())), MAX_TIMER_DELAY);
    this.#timerDeadline = deadline;
    this.#timer = this.#clock.setTimeout(this.#onTimer, wait);
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) {
      this.#clock.clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    this.#timerDeadline = Infinity;
  }

  readonly #onTimer = (): void => {
    this.#timer = undefined;
    this.#timerDeadline = Infinity;
    if (this.#disposed || this.#pausedAt !== undefined) return;
    this.#dispatching = true;
    const epoch = ++this.#epoch;
    try {
      const now = this.#clock.now();
      // Pop every entry whose heap deadline has come. Stale ones (kicked since) go back in at
      // their real deadline; due ones fire and go back in for their next stage, if any. The
      // heap orders by real deadline once re-inserted, so stages fire in deadline order.
      while (this.#heap.length > 0 && this.#heap[0].heapDeadline <= now && this.#pausedAt === undefined && !this.#disposed) {
        const entry = this.#heap[0];
        // Restarted by a callback during this wake-up (a kick with a 0 ms stage): next wake-up.
        if (entry.epoch === epoch) break;
        const index = entry.next;
        const deadline = entry.lastKick + entry.delays[index];
        if (deadline > now) {
          entry.heapDeadline = deadline;
          this.#siftDown(0);
          continue;
        }
        entry.next = index + 1;
        this.#reposition(entry);
        this.#dispatch(entry, index, deadline, false);
        this.#notifyPending(entry.key);
      }
    } finally {
      this.#dispatching = false;
      this.#afterHeapChange();
    }
  };

  /** Calls the fire callback, containing whatever it throws or rejects. */
  #dispatch(entry: Entry<K, S>, index: number, deadline: number, forced: boolean): void {
    const event: FireEvent<K, S> = { key: entry.key, stage: entry.stages[index], index, deadline, forced };
    try {
      const result = this.#onFireCallback(event);
      if (isThenable(result)) {
        result.then(undefined, (error: unknown) => this.#reportError(entry.key, error));
      }
    } catch (error) {
      this.#reportError(entry.key, error);
    }
  }

  #notifyPending(key: K): void {
    this.#_onDidChangePending.fire(key, (e) => this.#reportError(key, e));
  }

  #reportError(key: K, error: unknown): void {
    try {
      this.#_onDidError.fire({ key, error });
    } catch {
      // An error observer that throws has nowhere left to report to.
    }
  }

  #rebuildHeap(): void {
    for (const entry of this.#heap) {
      entry.heapDeadline = entry.lastKick + entry.delays[entry.next];
    }
    for (let i = (this.#heap.length >> 1) - 1; i >= 0; i--) this.#siftDown(i);
  }

  // ---- binary min-heap on (heapDeadline, seq) ----------------------------------------------

  #less(a: Entry<K, S>, b: Entry<K, S>): boolean {
    return a.heapDeadline < b.heapDeadline || (a.heapDeadline === b.heapDeadline && a.seq < b.seq);
  }

  #heapPush(entry: Entry<K, S>): void {
    entry.heapIndex = this.#heap.length;
    this.#heap.push(entry);
    this.#siftUp(entry.heapIndex);
  }

  #heapRemove(entry: Entry<K, S>): void {
    const i = entry.heapIndex;
    if (i < 0) return;
    entry.heapIndex = -1;
    const last = this.#heap.pop()!;
    if (last === entry) return;
    this.#heap[i] = last;
    last.heapIndex = i;
    this.#siftUp(i);
    this.#siftDown(last.heapIndex);
  }

  #siftUp(i: number): void {
    const heap = this.#heap;
    const item = heap[i];
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#less(item, heap[parent])) break;
      heap[i] = heap[parent];
      heap[i].heapIndex = i;
      i = parent;
    }
    heap[i] = item;
    item.heapIndex = i;
  }

  #siftDown(i: number): void {
    const heap = this.#heap;
    const n = heap.length;
    const item = heap[i];
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && this.#less(heap[right], heap[left]) ? right : left;
      if (!this.#less(heap[child], item)) break;
      heap[i] = heap[child];
      heap[i].heapIndex = i;
      i = child;
    }
    heap[i] = item;
    item.heapIndex = i;
  }
}

function normaliseDelay(delay: number): number {
  if (Number.isNaN(delay) || delay < 0) return 0;
  return delay;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as PromiseLike<unknown>).then === 'function';
}
