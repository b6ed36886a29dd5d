/**
 * Tells the watchdog's own edits from the user's, so that formatting or saving on a settle never
 * kicks the watchdog again (no format → kick → format loop), while a keystroke is never taken for
 * ours.
 *
 * - Edits the extension applies itself (format, code-action edits) are known exactly: the
 *   document version they will produce is registered before applying (`expect`).
 * - Actions whose edits cannot be predicted (a save that runs formatOnSave, a command) open a
 *   window on the documents they can change, for their duration (`open`). A change inside it is
 *   recorded as *touched*: when the window closes, its opener decides whose it was (a save: the
 *   user's if the document is still dirty; a command: nobody can tell, so the user's — one extra
 *   settle, never a lost one). Changes of documents outside every window are the user's.
 *
 * Pure bookkeeping on URI strings and versions; no `vscode` import.
 */
export interface EditWindow {
  /** Documents changed inside the window so far. */
  readonly touched: ReadonlySet<string>;
  /** Closes the window (idempotent) and returns the documents changed inside it. */
  close(): ReadonlySet<string>;
}

export type Classification = 'exact' | 'window' | undefined;

export class OwnEdits {
  readonly #expected = new Map<string, Set<number>>();
  /** Open windows by document; `ALL` covers every document. */
  readonly #windows = new Map<string, Set<WindowImpl>>();

  /** The next change of `uri` that produces `version` is ours. */
  expect(uri: string, version: number): void {
    let set = this.#expected.get(uri);
    if (set === undefined) this.#expected.set(uri, (set = new Set()));
    set.add(version);
  }

  /**
   * Withdraws an expectation (the edit was refused or abandoned). Returns false when a change
   * with that version had already been taken as ours: then it was the user's, who got there first.
   */
  unexpect(uri: string, version: number): boolean {
    const set = this.#expected.get(uri);
    const present = set?.delete(version) ?? false;
    if (set !== undefined && set.size === 0) this.#expected.delete(uri);
    return present;
  }

  /** Opens a window on `uris` ('all': every document, for a command with no document). */
  open(uris: readonly string[] | 'all'): EditWindow {
    const keys = uris === 'all' ? [ALL] : [...new Set(uris)];
    const window = new WindowImpl(() => {
      for (const key of keys) {
        const set = this.#windows.get(key);
        set?.delete(window);
        if (set?.size === 0) this.#windows.delete(key);
      }
    });
    for (const key of keys) {
      let set = this.#windows.get(key);
      if (set === undefined) this.#windows.set(key, (set = new Set()));
      set.add(window);
    }
    return window;
  }

  /**
   * Is this change (the document now at `version`) ours? `exact`: the version an edit of ours was
   * expected to produce (the expectation is consumed); `window`: inside an action's window (the
   * windows record it as touched); undefined: the user's. `owner`: the document whose windows
   * cover `uri` too (a notebook's, for a change of one of its cells; its windows record `owner`).
   */
  classify(uri: string, version: number, owner: string = uri): Classification {
    // Stryker disable next-line ConditionalExpression,LogicalOperator: a fast path only; without it the loops below give the same answer.
    if (this.#expected.size === 0 && this.#windows.size === 0) return undefined; // the common case
    const set = this.#expected.get(uri);
    if (set?.has(version)) {
      set.delete(version);
      if (set.size === 0) this.#expected.delete(uri);
      return 'exact';
    }
    let inside = false;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: [uri, owner, ALL] with owner === uri looks at uri twice, the same answer.
    for (const key of owner === uri ? [uri, ALL] : [uri, owner, ALL]) {
      const windows = this.#windows.get(key);
      if (windows === undefined) continue;
      for (const window of windows) window.touch(owner);
      inside = true;
    }
    return inside ? 'window' : undefined;
  }

  /** Nothing expected and no window open (for tests and stats: bookkeeping must not leak). */
  get idle(): boolean {
    return this.#expected.size === 0 && this.#windows.size === 0;
  }

  /** Drops what is known about a closed document. */
  forget(uri: string): void {
    this.#expected.delete(uri);
  }
}

/** A key no URI can be. */
const ALL = '\0all';

class WindowImpl implements EditWindow {
  readonly #changed = new Set<string>();
  #open = true;

  readonly #detach: () => void;

  constructor(detach: () => void) {
    this.#detach = detach;
  }

  get touched(): ReadonlySet<string> {
    return this.#changed;
  }

  touch(uri: string): void {
    this.#changed.add(uri);
  }

  close(): ReadonlySet<string> {
    if (this.#open) {
      this.#open = false;
      this.#detach();
    }
    return this.#changed;
  }
}
