/**
 * Tells the watchdog's own edits from the user's, so that formatting or saving on a settle never
 * kicks the watchdog again (no format → kick → format loop).
 *
 * - Edits the extension applies itself (format, code-action edits) are known exactly: the
 *   document version they will produce is registered before applying (`expect`).
 * - Actions whose edits cannot be predicted (a save that runs formatOnSave, any command) open a
 *   window for their duration (`open`); changes inside it count as theirs. The window is closed
 *   by the returned function, also when the action is abandoned at its time limit.
 *
 * Pure bookkeeping on URI strings and versions; no `vscode` import.
 */
export class OwnEdits {
  private readonly expected = new Map<string, Set<number>>();
  private readonly windows = new Map<string, number>();
  /** Windows covering every document (saveAll, commands). */
  private everywhere = 0;

  /** The next change of `uri` that produces `version` is ours. */
  expect(uri: string, version: number): void {
    let set = this.expected.get(uri);
    if (set === undefined) this.expected.set(uri, (set = new Set()));
    set.add(version);
  }

  /**
   * Withdraws an expectation (the edit was refused). Returns false when a change with that
   * version had already been taken as ours: then it was the user's, who got there first.
   */
  unexpect(uri: string, version: number): boolean {
    const set = this.expected.get(uri);
    const present = set?.delete(version) ?? false;
    if (set !== undefined && set.size === 0) this.expected.delete(uri);
    return present;
  }

  /** Opens a window in which every change of `uri` (or of any document) is ours. Returns its closer. */
  open(uri: string | undefined): () => void {
    if (uri === undefined) this.everywhere++;
    else this.windows.set(uri, (this.windows.get(uri) ?? 0) + 1);
    let open = true;
    return () => {
      if (!open) return;
      open = false;
      if (uri === undefined) this.everywhere--;
      else {
        const n = (this.windows.get(uri) ?? 1) - 1;
        if (n === 0) this.windows.delete(uri);
        else this.windows.set(uri, n);
      }
    };
  }

  /**
   * Is this change (the document now at `version`) ours? `exact`: the version an edit of ours was
   * expected to produce (the expectation is consumed); `window`: inside an action's window;
   * undefined: the user's.
   */
  classify(uri: string, version: number): 'exact' | 'window' | undefined {
    if (this.everywhere === 0 && this.expected.size === 0 && this.windows.size === 0) return undefined; // the common case
    const set = this.expected.get(uri);
    if (set?.has(version)) {
      set.delete(version);
      if (set.size === 0) this.expected.delete(uri);
      return 'exact';
    }
    return this.everywhere > 0 || this.windows.has(uri) ? 'window' : undefined;
  }

  /** Drops what is known about a closed document. */
  forget(uri: string): void {
    this.expected.delete(uri);
  }
}
