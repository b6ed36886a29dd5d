/**
 * Which lines the user edited since the last settle (issue 10's format guard).
 *
 * `format` leaves broken code alone, but only the code the user is in the middle of: an error 50
 * lines away from what they typed (an old one, or one in generated code) must not stop formatting
 * for ever. So each document keeps the set of line ranges edited since the last settle, carried
 * through later edits (lines inserted or removed above a range move it; an edit overlapping or
 * touching a range merges with it), and the guard asks whether an error's lines fall on them.
 *
 * Fed from `onDidChangeTextDocument` on every keystroke, so recording is O(changes × log ranges)
 * plus a shift of the ranges below the edit (at most `MAX_RANGES`), with no allocation in the
 * common cases (typing inside a range, a first range, a range appended after the last). Pure: no
 * vscode import; a `vscode.TextDocumentContentChangeEvent` fits `ContentChange` as it is.
 */

/** One change as VS Code reports it (`vscode.TextDocumentContentChangeEvent` fits it as is). */
export interface ContentChange {
  readonly range: {
    readonly start: { readonly line: number; readonly character: number };
    readonly end: { readonly line: number; readonly character: number };
  };
  readonly text: string;
}

/** The same change with its range spelled out flat. */
export interface FlatChange {
  readonly rangeStartLine: number;
  readonly rangeStartCharacter: number;
  readonly rangeEndLine: number;
  readonly rangeEndCharacter: number;
  readonly text: string;
}

/** Beyond this many separate ranges they are coalesced into one that spans them all. */
export const MAX_RANGES = 200;

/** Line breaks in `text` as a text model counts them: `\r\n`, `\n` and a lone `\r` are one each. */
export function lineBreaks(text: string): number {
  let count = 0;
  // Stryker disable next-line ConditionalExpression,StringLiteral,BlockStatement: a fast path only; the loop below counts the same breaks in text without \r.
  if (text.indexOf('\r') === -1) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
    return count;
  }
  // Stryker disable next-line EqualityOperator: `<=` reads one past the end, where charCodeAt is NaN and counts nothing.
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 10) count++;
    else if (code === 13) {
      count++;
      if (text.charCodeAt(i + 1) === 10) i++;
    }
  }
  return count;
}

export class EditedLines {
  /**
   * Sorted, disjoint, non-adjacent inclusive line ranges, flat: [start0, end0, start1, end1, …].
   * Adjacent ranges are merged (lines 3–4 and 5–6 are 3–6).
   */
  readonly #lines: number[] = [];
  #stale = false;

  /**
   * The user edited the document after its diagnostics last changed: the errors shown may be those
   * of a half-typed line that no longer exists (the language server has not spoken since).
   */
  get stale(): boolean {
    return this.#stale;
  }

  /** The document's diagnostics changed: they are the language server's word on the latest edit. */
  diagnosed(): void {
    this.#stale = false;
  }

  /** Records the changes of one `onDidChangeTextDocument` event, applied in their order. */
  record(changes: readonly ContentChange[]): void {
    this.#stale = true;
    for (let c = 0; c < changes.length; c++) {
      const { range, text } = changes[c];
      this.#apply(range.start.line, range.end.line, lineBreaks(text), true);
    }
  }

  /** Records one change given flat. */
  recordFlat(change: FlatChange): void {
    this.#stale = true;
    this.#apply(change.rangeStartLine, change.rangeEndLine, lineBreaks(change.text), true);
  }

  /**
   * Carries the recorded ranges through changes that are not the user's (the watchdog's own format
   * edit): lines move, but the changed lines are not marked as edited. A recorded range inside
   * replaced lines spans the lines that replaced them.
   */
  shift(changes: readonly ContentChange[]): void {
    for (let c = 0; c < changes.length; c++) {
      const { range, text } = changes[c];
      this.#apply(range.start.line, range.end.line, lineBreaks(text), false);
    }
  }

  /** Forgets everything (at a settle). */
  clear(): void {
    this.#lines.length = 0;
  }

  /**
   * Marks lines `from`–`to` (inclusive) as edited without moving any line: the lines a format left
   * unformatted (a caret sat in them), a diff's changed lines. Merges with ranges it touches.
   */
  mark(from: number, to: number): void {
    this.#apply(from, to, to - from, true);
  }

  /** How many lines the ranges cover. */
  get lineCount(): number {
    let count = 0;
    for (let i = 0; i < this.#lines.length; i += 2) count += this.#lines[i + 1] - this.#lines[i] + 1;
    return count;
  }

  /** Nothing edited since the last settle. */
  get isEmpty(): boolean {
    return this.#lines.length === 0;
  }

  /** The edited line ranges, inclusive, in document order (a copy; for tests and logs). */
  ranges(): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    for (let i = 0; i < this.#lines.length; i += 2) out.push([this.#lines[i], this.#lines[i + 1]]);
    return out;
  }

  /**
   * Whether something spanning lines `startLine`–`endLine` (a diagnostic's range) falls on the
   * edited lines or within `margin` lines of them.
   */
  touches(startLine: number, endLine: number, margin = 1): boolean {
    const lines = this.#lines;
    // The first range that ends at or after `startLine - margin`; it touches if it starts early enough.
    const k = this.#firstEndingFrom(startLine - margin);
    return k < lines.length && lines[k] - margin <= endLine;
  }

  /** Index (even) of the first range whose end is >= `line`, or `lines.length`. */
  #firstEndingFrom(line: number): number {
    const lines = this.#lines;
    let lo = 0;
    let hi = lines.length >> 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (lines[2 * mid + 1] < line) lo = mid + 1;
      else hi = mid;
    }
    return 2 * lo;
  }

  /**
   * Lines `from`–`to` (inclusive, before the change) were replaced by `breaks + 1` lines starting
   * at `from`. Ranges above are kept, ranges below move by the difference. With `mark`, the new
   * lines are edited: ranges overlapping or touching them merge with them. Without, only ranges
   * overlapping the replaced lines change: they stretch over the lines that replaced them.
   */
  #apply(from: number, to: number, breaks: number, mark: boolean): void {
    const lines = this.#lines;
    const delta = breaks - (to - from);
    const newEnd = from + breaks;
    const reach = mark ? 1 : 0;
    let start = mark ? from : Infinity;
    let end = mark ? newEnd : -Infinity;
    const first = this.#firstEndingFrom(from - reach);
    let past = first;
    for (; past < lines.length && lines[past] <= to + reach; past += 2) {
      const a = lines[past];
      const b = lines[past + 1];
      const mappedA = a < from ? a : a > to ? a + delta : from;
      const mappedB = b < from ? b : b > to ? b + delta : newEnd;
      // Stryker disable next-line EqualityOperator: `<=` only replaces start by an equal value.
      if (mappedA < start) start = mappedA;
      // Stryker disable next-line EqualityOperator: `>=` only replaces end by an equal value.
      if (mappedB > end) end = mappedB;
    }
    const touched = (past - first) >> 1;
    if (delta !== 0) for (let i = past; i < lines.length; i++) lines[i] += delta;
    if (touched === 0 && !mark) return;
    // Stryker disable next-line ConditionalExpression: a fast path only (no allocation); the splice of the last branch replaces the one range the same way.
    if (touched === 1) {
      lines[first] = start;
      lines[first + 1] = end;
    } else if (touched === 0) {
      // Stryker disable next-line ConditionalExpression: a fast path only; a splice at the end appends the same two numbers.
      if (first === lines.length) lines.push(start, end);
      else lines.splice(first, 0, start, end);
    } else {
      lines.splice(first, 2 * touched, start, end);
    }
    if (!mark) this.#mergeAround(first);
    if (lines.length > 2 * MAX_RANGES) {
      // Too many separate edits to keep apart: one range over all of them.
      lines[1] = lines[lines.length - 1];
      lines.length = 2;
    }
  }

  /** After an unmarked change, a mapped range may now touch its neighbours: merge them. */
  #mergeAround(k: number): void {
    const lines = this.#lines;
    while (k + 2 < lines.length && lines[k + 2] <= lines[k + 1] + 1) {
      lines[k + 1] = Math.max(lines[k + 1], lines[k + 3]);
      lines.splice(k + 2, 2);
    }
    while (k > 0 && lines[k] <= lines[k - 1] + 1) {
      lines[k - 1] = Math.max(lines[k - 1], lines[k + 1]);
      lines.splice(k, 2);
      // Stryker disable next-line AssignmentOperator: after one merge backwards the range before is not adjacent (the ranges were non-adjacent), so the loop ends either way.
      k -= 2;
    }
  }
}
