/**
 * Edits as offsets, and what they do to positions: the exact mapping of carets through the edits
 * an action applies (issue 17), the reduction of a whole-document replacement to the edits that
 * really change something, and the caret's neighbourhood that belongs to the typist.
 *
 * Prettier answers a format request with one edit that replaces the whole document. Applied as it
 * is, every caret sits *inside* the replaced range and VS Code can only guess where it goes; the
 * folding, breakpoints and decorations of unchanged lines are lost too. So an edit is first reduced
 * to minimal edits (a diff of the old and the new text: lines first, then the characters of each
 * changed block), and positions are carried through those: a position before an edit stays, one
 * after it shifts by the edit's length change, and only one inside a replaced range is aligned
 * locally (by the non-whitespace characters before it within that range, `anchor.ts`).
 *
 * Pure: no vscode import. Offsets are UTF-16 code units, as `TextDocument.offsetAt` counts them.
 */

import { anchorsAt, offsetsOf } from './anchor';

/** Replace `[start, end)` of the old text with `text`. */
export interface OffsetEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * Sorted by start, non-overlapping (VS Code refuses overlapping edits too); two insertions at one
 * offset keep their order. Returns a new array.
 */
export function sortEdits(edits: readonly OffsetEdit[]): OffsetEdit[] {
  return edits
    .map((edit, i) => ({ edit, i }))
    .sort((a, b) => a.edit.start - b.edit.start || a.edit.end - b.edit.end || a.i - b.i)
    .map((e) => e.edit);
}

/** `text` with sorted, non-overlapping `edits` applied. */
export function applyEdits(text: string, edits: readonly OffsetEdit[]): string {
  const parts: string[] = [];
  let at = 0;
  for (const { start, end, text: inserted } of edits) {
    parts.push(text.slice(at, start), inserted);
    at = end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/** Above this many differences a block is not diffed further: it is replaced as one edit. */
const MAX_CHAR_DIFFERENCES = 400;

/**
 * Matching runs between sequences `a` and `b` (Myers' O((N+M)·D) greedy diff, which runs in
 * O(N + D²) on texts that mostly agree): `[aStart, bStart, length]` triples in order, or undefined
 * when they differ in more than `maxD` elements.
 */
/** Scratch space of `matches`, kept between calls (a format diffs thousands of short blocks). */
let frontier = new Int32Array(1024);
/** Every step's frontier, flat: step d's 2d+1 values start at d². */
let history = new Int32Array(4096);

function matches(aText: string, aFrom: number, n: number, bText: string, bFrom: number, m: number, maxD: number): number[] | undefined {
  const limit = Math.min(maxD, n + m);
  // Stryker disable next-line ArithmeticOperator: the frontier is read at offset ± d ± 1 for d < limit only; one less loses just the k = -limit write of the last step, which nothing reads.
  const offset = limit + 1;
  // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator: maxD is always MAX_CHAR_DIFFERENCES (400), so 2·limit + 3 ≤ 803 fits the first 1024-long buffer: it never grows.
  if (frontier.length < 2 * limit + 3) frontier = new Int32Array(2 * limit + 3);
  const v = frontier;
  v.fill(0, 0, 2 * limit + 3);
  let found = -1;
  for (let d = 0; d <= limit && found < 0; d++) {
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && aText.charCodeAt(aFrom + x) === bText.charCodeAt(bFrom + y)) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) found = d;
    }
    // Stryker disable next-line EqualityOperator: growing one step early changes only the buffer's size.
    if (history.length < (d + 1) * (d + 1)) {
      // Stryker disable next-line MethodExpression,ArithmeticOperator: a growth policy only: every variant holds the (d + 1)² values the step needs (the buffer was at least d² long and 2·d² ≥ (d + 1)²).
      const grown = new Int32Array(Math.max(history.length * 2, (d + 1) * (d + 1)));
      grown.set(history);
      history = grown;
    }
    history.set(v.subarray(offset - d, offset + d + 1), d * d);
  }
  // Stryker disable next-line EqualityOperator: found is never 0: the caller strips the common prefix, so the texts differ at step 0.
  if (found < 0) return undefined;
  // Walk back from the end: each step of d came from diagonal k±1 of step d-1, then a snake.
  // Stryker disable next-line ArrayDeclaration: the triples are read from the end in steps of three, so an element put first is never read.
  const runs: number[] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const base = (d - 1) * (d - 1) + d - 1;
    const k = x - y;
    const at = (kk: number) => history[base + kk];
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const previousK = down ? k + 1 : k - 1;
    const previousX = at(previousK);
    const previousY = previousX - previousK;
    const snakeX = down ? previousX : previousX + 1;
    const snakeY = down ? previousY + 1 : previousY;
    if (x > snakeX) runs.push(snakeX, snakeY, x - snakeX);
    x = previousX;
    y = previousY;
  }
  // Stryker disable next-line ConditionalExpression,EqualityOperator: the caller strips the common prefix, so the walk back always ends at x = 0 (and a run of length 0 would add no gap).
  if (x > 0) runs.push(0, 0, x);
  const ordered: number[] = [];
  for (let i = runs.length - 3; i >= 0; i -= 3) ordered.push(runs[i], runs[i + 1], runs[i + 2]);
  return ordered;
}

/** The starts of the lines of `text[from, to)` (each with its `\n`), and `to`. Native `indexOf`: no per-character work. */
function lineStarts(text: string, from: number, to: number): Int32Array {
  // Searched in the stretch itself: on a file of one long line, `indexOf` from `from` would read
  // to the end of the whole text for every edit.
  // Stryker disable next-line ConditionalExpression: slicing the whole text too (`false`) only costs a copy: the same characters are searched.
  const stretch = from === 0 && to === text.length ? text : text.slice(from, to);
  let count = 1;
  for (let i = stretch.indexOf('\n'); i !== -1 && i < stretch.length - 1; i = stretch.indexOf('\n', i + 1)) count++;
  const starts = new Int32Array(count + 1);
  starts[0] = from;
  let k = 1;
  // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator: a line break at the very end writes one past the typed array (ignored) and the last start is `to` either way.
  for (let i = stretch.indexOf('\n'); i !== -1 && i < stretch.length - 1; i = stretch.indexOf('\n', i + 1)) starts[k++] = from + i + 1;
  starts[k] = to;
  return starts;
}

/** Characters from the start of both texts (between the bounds) that agree. */
function commonPrefix(a: string, aFrom: number, aTo: number, b: string, bFrom: number, bTo: number): number {
  let i = 0;
  const most = Math.min(aTo - aFrom, bTo - bFrom);
  while (i < most && a.charCodeAt(aFrom + i) === b.charCodeAt(bFrom + i)) i++;
  return i;
}

function commonSuffix(a: string, aFrom: number, aTo: number, b: string, bFrom: number, bTo: number): number {
  let i = 0;
  const most = Math.min(aTo - aFrom, bTo - bFrom);
  while (i < most && a.charCodeAt(aTo - 1 - i) === b.charCodeAt(bTo - 1 - i)) i++;
  return i;
}

/**
 * Minimal edits turning `oldText[aFrom, aTo)` into `newText[bFrom, bTo)`, character by character
 * (after the common prefix and suffix), offsets in `oldText`.
 */
function charEdits(oldText: string, aFrom: number, aTo: number, newText: string, bFrom: number, bTo: number, out: OffsetEdit[]): void {
  const prefix = commonPrefix(oldText, aFrom, aTo, newText, bFrom, bTo);
  aFrom += prefix;
  bFrom += prefix;
  const suffix = commonSuffix(oldText, aFrom, aTo, newText, bFrom, bTo);
  aTo -= suffix;
  bTo -= suffix;
  // Stryker disable next-line ConditionalExpression: a fast path: with both ranges empty, gaps() reports nothing.
  if (aFrom === aTo && bFrom === bTo) return;
  const n = aTo - aFrom;
  const m = bTo - bFrom;
  // Stryker disable next-line ConditionalExpression,LogicalOperator: a fast path: with one side empty, matches finds no run either (and n and m are never both 0 here).
  const runs = n === 0 || m === 0 ? [] : matches(oldText, aFrom, n, newText, bFrom, m, MAX_CHAR_DIFFERENCES);
  if (runs === undefined) {
    out.push({ start: aFrom, end: aTo, text: newText.slice(bFrom, bTo) });
    return;
  }
  gaps(runs, n, m, (a0, a1, b0, b1) => out.push({ start: aFrom + a0, end: aFrom + a1, text: newText.slice(bFrom + b0, bFrom + b1) }));
}

/** Calls `gap` for each stretch between matching runs (and before the first, after the last). */
function gaps(runs: readonly number[], n: number, m: number, gap: (a0: number, a1: number, b0: number, b1: number) => void): void {
  let a = 0;
  let b = 0;
  for (let i = 0; i <= runs.length; i += 3) {
    const aNext = i < runs.length ? runs[i] : n;
    const bNext = i < runs.length ? runs[i + 1] : m;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: runs never touch each other nor the ends (the common prefix and suffix are stripped, Myers' snakes are maximal), so there is never an empty gap.
    if (aNext > a || bNext > b) gap(a, aNext, b, bNext);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: after the last gap the loop ends, so what a and b are set to there is never read.
    if (i < runs.length) {
      a = aNext + runs[i + 2];
      b = bNext + runs[i + 2];
    }
  }
}

/** How far ahead (in lines of each text) a changed block is searched for its end. */
const RESYNC_LINES = 256;

/**
 * The minimal edits that turn `oldText[from, to)` into `replacement` (offsets in `oldText`):
 * unchanged lines stay untouched, and within a changed block of lines only the characters that
 * differ are replaced.
 *
 * Lines are found with native `indexOf` and compared by length, then character by character; the
 * two texts are walked together, and where they part the nearest place where two lines in a row
 * agree again (or both texts end) ends the changed block (searched up to `RESYNC_LINES` ahead;
 * beyond that the one line pair is the block, so a reindented file is still diffed line by line). A formatter changes lines here and there, so this costs a few reads of the text,
 * not Myers' O(N·D) over a whole file. A block is then diffed by characters (Myers, bounded).
 */
export function diffEdits(oldText: string, replacement: string, from = 0, to = oldText.length): OffsetEdit[] {
  const out: OffsetEdit[] = [];
  const prefix = commonPrefix(oldText, from, to, replacement, 0, replacement.length);
  const suffix = commonSuffix(oldText, from + prefix, to, replacement, prefix, replacement.length);
  // Whole lines around the change, so the line walk compares complete lines.
  let aFrom = from + prefix;
  let bFrom = prefix;
  // Stryker disable next-line ConditionalExpression,EqualityOperator,LogicalOperator: aFrom − from equals bFrom here (the same prefix was added to both), so either bound is the other.
  while (bFrom > 0 && aFrom > from && !isBreak(oldText.charCodeAt(aFrom - 1))) {
    aFrom--;
    bFrom--;
  }
  const aTo = to - suffix;
  const bTo = replacement.length - suffix;
  // Stryker disable next-line ConditionalExpression: a fast path: two empty ranges are one empty line each, the same, so no block follows.
  if (aFrom === aTo && bFrom === bTo) return out;
  const a = lineStarts(oldText, aFrom, aTo);
  const b = lineStarts(replacement, bFrom, bTo);
  const n = a.length - 1;
  const m = b.length - 1;
  const same = (i: number, j: number): boolean => {
    const x = a[i];
    const y = b[j];
    const length = a[i + 1] - x;
    if (length !== b[j + 1] - y) return false;
    for (let k = 0; k < length; k++) if (oldText.charCodeAt(x + k) !== replacement.charCodeAt(y + k)) return false;
    return true;
  };
  // The two lines hold the same characters once spaces, tabs and line breaks are left out.
  const sameButWhitespace = (i: number, j: number): boolean => {
    let x = a[i];
    let y = b[j];
    const xEnd = a[i + 1];
    const yEnd = b[j + 1];
    for (;;) {
      while (x < xEnd && isSpaceCode(oldText.charCodeAt(x))) x++;
      while (y < yEnd && isSpaceCode(replacement.charCodeAt(y))) y++;
      // Stryker disable next-line ConditionalExpression,LogicalOperator: once one line is used up, comparing on can never end both lines together (it finds a difference, or NaN past the text): false all the same.
      if (x === xEnd || y === yEnd) return x === xEnd && y === yEnd;
      if (oldText.charCodeAt(x) !== replacement.charCodeAt(y)) return false;
      x++;
      y++;
    }
  };
  // Two lines in a row agree (or one, at the end of either text): the texts are back in step.
  const inStep = (i: number, j: number) => same(i, j) && (i + 1 >= n || j + 1 >= m || same(i + 1, j + 1));
  /** Changed blocks, flat: [aStart, aEnd, bStart, bEnd, …] (line starts in each text). */
  const blocks: number[] = [];
  let i = 0;
  let j = 0;
  // The search reach: after a block with no end in sight (every line reindented, say) it shrinks,
  // so that such a file costs a few lines per line, and grows back as blocks end again.
  let reach = RESYNC_LINES;
  // Stryker disable next-line ConditionalExpression,EqualityOperator,LogicalOperator: with one text at its end the search below finds (n, m) at once, the same block the line after the loop adds.
  while (i < n && j < m) {
    if (same(i, j)) {
      i++;
      j++;
      continue;
    }
    // The nearest (fewest lines skipped on both sides together) place where they agree again.
    // None within reach: a line pair that differs only in whitespace (a reindent) is a block of its
    // own; anything else is one block to the end (one edit, positions placed by their
    // non-whitespace characters: a minified file pretty-printed, say).
    let endA = n;
    let endB = m;
    let found = false;
    search: for (let skip = 1; skip <= 2 * reach; skip++) {
      for (let da = Math.max(0, skip - reach); da <= Math.min(skip, reach); da++) {
        const ii = i + da;
        const jj = j + skip - da;
        // Stryker disable next-line ConditionalExpression,LogicalOperator: a guard only: past the end same() reads undefined bounds and answers false, and the end test needs ii === n and jj === m.
        if (ii > n || jj > m) continue;
        // Stryker disable next-line ConditionalExpression,LogicalOperator: with exactly one index at its end, inStep reads an undefined bound and answers false too.
        if (ii === n || jj === m ? ii === n && jj === m : inStep(ii, jj)) {
          endA = ii;
          endB = jj;
          found = true;
          break search;
        }
      }
    }
    if (!found && sameButWhitespace(i, j)) {
      endA = i + 1;
      endB = j + 1;
    }
    reach = found ? Math.min(RESYNC_LINES, reach * 2) : 4;
    blocks.push(a[i], a[endA], b[j], b[endB]);
    i = endA;
    j = endB;
  }
  if (i < n || j < m) blocks.push(a[i], a[n], b[j], b[m]);
  if (blocks.length / 4 <= MAX_FINE_BLOCKS) {
    for (let k = 0; k < blocks.length; k += 4) charEdits(oldText, blocks[k], blocks[k + 1], replacement, blocks[k + 2], blocks[k + 3], out);
    return out;
  }
  // Changed nearly everywhere (a first format of a file written another way): blocks that follow
  // one another are joined, up to MAX_JOINED_LINES lines, each one edit with what the two have in
  // common at its ends left alone. Fewer, larger edits: the caret's own waits, the rest applies.
  for (let k = 0; k < blocks.length; ) {
    const aStart = blocks[k];
    const bStart = blocks[k + 2];
    let aEnd = blocks[k + 1];
    let bEnd = blocks[k + 3];
    let lines = 1;
    // Stryker disable next-line ConditionalExpression,LogicalOperator: blocks are apart in both texts or in neither (same lines are stepped over together), so one adjacency test implies the other; past the end blocks[k] is undefined.
    for (k += 4; k < blocks.length && blocks[k] === aEnd && blocks[k + 2] === bEnd && lines < MAX_JOINED_LINES; k += 4, lines++) {
      aEnd = blocks[k + 1];
      bEnd = blocks[k + 3];
    }
    const prefix = commonPrefix(oldText, aStart, aEnd, replacement, bStart, bEnd);
    const suffix = commonSuffix(oldText, aStart + prefix, aEnd, replacement, bStart + prefix, bEnd);
    out.push({ start: aStart + prefix, end: aEnd - suffix, text: replacement.slice(bStart + prefix, bEnd - suffix) });
  }
  return out;
}

/** Above this many changed blocks of lines, they are not diffed by characters (see `diffEdits`). */
const MAX_FINE_BLOCKS = 10_000;
/** At most this many changed lines in a row are joined into one edit. */
const MAX_JOINED_LINES = 64;



const isBreak = (code: number) => code === 10 || code === 13;
const isSpaceCode = (code: number) => code === 32 || code === 9 || code === 10 || code === 13;

/**
 * `edits` (sorted, non-overlapping, offsets in `text`) with each replacement reduced to the edits
 * that really change something: what the user's folding, breakpoints and carets are on stays.
 */
export function reduceEdits(text: string, edits: readonly OffsetEdit[]): OffsetEdit[] {
  const out: OffsetEdit[] = [];
  for (const edit of edits) {
    // An insertion or a deletion is minimal already.
    if (edit.start === edit.end || edit.text.length === 0) out.push(edit);
    else out.push(...diffEdits(text, edit.text, edit.start, edit.end));
  }
  return out;
}

/**
 * Where each of `offsets` (in `oldText`) is after `edits` (sorted, non-overlapping, in `oldText`):
 * before an edit it stays, after it it shifts by the edit's change in length; an insertion right at
 * a position goes after it (the position stays before the inserted text). Inside a replaced range
 * it keeps its place among the range's non-whitespace characters. Results in the order of
 * `offsets`; O(edits + offsets · log offsets).
 */
export function mapOffsets(oldText: string, edits: readonly OffsetEdit[], offsets: readonly number[]): number[] {
  const order = offsets.map((_, i) => i).sort((x, y) => offsets[x] - offsets[y] || x - y);
  // Stryker disable next-line ArrayDeclaration: every index is assigned below, so the array ends up the same either way.
  const result = new Array<number>(offsets.length);
  // Positions inside a replaced range, per edit: aligned together, in one pass over that range.
  const inside = new Map<number, { delta: number; which: number[] }>();
  let e = 0;
  let delta = 0;
  for (const i of order) {
    const p = offsets[i];
    // Every edit wholly before p (ending before it, or ending at it and not an insertion at p).
    while (e < edits.length && (edits[e].end < p || (edits[e].end === p && edits[e].start < p))) {
      delta += edits[e].text.length - (edits[e].end - edits[e].start);
      e++;
    }
    const edit = edits[e];
    // Stryker disable next-line EqualityOperator,ConditionalExpression: edits ending at or before p were passed above, so p < edit.end holds; a position at an edit's start anchors to offset 0 of its text, where it stays anyway.
    if (edit !== undefined && edit.start < p && p < edit.end) {
      let group = inside.get(e);
      if (group === undefined) inside.set(e, (group = { delta, which: [] }));
      group.which.push(i);
    } else result[i] = p + delta;
  }
  for (const [index, { delta: before, which }] of inside) {
    const { start, end, text } = edits[index];
    const anchors = anchorsAt(oldText.slice(start, end), which.map((i) => offsets[i] - start));
    const within = offsetsOf(text, anchors);
    which.forEach((i, k) => (result[i] = start + before + within[k]));
  }
  return result;
}

/** A caret or a selection, as offsets (`start` ≤ `end`). */
export interface Span {
  readonly start: number;
  readonly end: number;
}

const isBlank = (code: number) => code === 32 || code === 9;

/**
 * The typist's neighbourhood of each caret or selection: the span itself widened over the spaces
 * and tabs right before and after it on its line.
 */
export function caretZones(text: string, spans: readonly Span[]): Span[] {
  return spans.map(({ start, end }) => {
    let from = start;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a guard only: charCodeAt before the text is NaN, not a blank.
    while (from > 0 && isBlank(text.charCodeAt(from - 1))) from--;
    let to = end;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a guard only: charCodeAt past the text is NaN, not a blank.
    while (to < text.length && isBlank(text.charCodeAt(to))) to++;
    return { start: from, end: to };
  });
}

/**
 * True when `edit` would change what the user types next to: it removes or rewrites a blank of
 * the zone or the character just before it (the space the caret sits after, the line break of an
 * empty last line), or inserts anywhere in the zone (a semicolon or a final newline right at the
 * caret). Rewriting the character after the zone (the closing quote after the caret) does not:
 * what is typed still lands before it.
 */
export function touches(edit: OffsetEdit, zone: Span): boolean {
  if (edit.start === edit.end) return zone.start <= edit.start && edit.start <= zone.end && edit.text.length > 0;
  return edit.start < zone.end && edit.end > zone.start - 1;
}

/** How far along its line the caret's waiting edits reach, each way (code lines are shorter). */
export const LINE_REACH = 240;

/**
 * Splits `edits` (sorted, offsets in `text`) into those to apply now and those that wait: every
 * edit on the line of a zone that an edit touches (up to `LINE_REACH` characters from the zone:
 * a minified file's one line is still formatted away from the caret). The caret's line is left whole rather than half
 * formatted (one of two quotes changed would break the code being typed); the other lines are
 * formatted now. Each part alone is a valid set of edits of `text`, in order.
 */
export function splitAtZones(text: string, edits: readonly OffsetEdit[], zones: readonly Span[]): { now: OffsetEdit[]; waiting: OffsetEdit[] } {
  // The first edit ending at or after `offset` (edits are sorted and apart, so their ends are too).
  const firstEndingFrom = (offset: number) => {
    let lo = 0;
    let hi = edits.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (edits[mid].end < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  // Stryker disable next-line ArrayDeclaration: a non-span element gives undefined bounds, for which no edit waits: the same as no element.
  const lines: Span[] = [];
  for (const zone of zones) {
    let touched = false;
    // Stryker disable next-line ConditionalExpression: an early exit only: touches is false for every edit starting after the zone.
    for (let e = firstEndingFrom(zone.start - 1); e < edits.length && edits[e].start <= zone.end && !touched; e++) touched = touches(edits[e], zone);
    if (!touched) continue;
    // The line, but no further than LINE_REACH characters either side (a minified file is one line).
    const reach = Math.max(0, zone.start - LINE_REACH);
    const start = Math.max(text.lastIndexOf('\n', zone.start - 1), text.lastIndexOf('\r', zone.start - 1), reach - 1) + 1;
    const limit = Math.min(text.length, zone.end + LINE_REACH);
    let end = zone.end;
    while (end < limit && !isBreak(text.charCodeAt(end))) end++;
    lines.push({ start, end });
  }
  // Stryker disable next-line ConditionalExpression: a fast path: with no line, nothing waits below either.
  if (lines.length === 0) return { now: [...edits], waiting: [] };
  const wait = new Set<number>();
  for (const line of lines) for (let e = firstEndingFrom(line.start); e < edits.length && edits[e].start <= line.end; e++) wait.add(e);
  const now: OffsetEdit[] = [];
  const waiting: OffsetEdit[] = [];
  edits.forEach((edit, e) => (wait.has(e) ? waiting : now).push(edit));
  return { now, waiting };
}

/**
 * The edits that undo `undone` (a subset of `applied`, both sorted, offsets in the old text) in the
 * text `applied` produced: each becomes its own inverse, at its place in the new text.
 */
export function inverseEdits(oldText: string, applied: readonly OffsetEdit[], undone: ReadonlySet<OffsetEdit>): OffsetEdit[] {
  const out: OffsetEdit[] = [];
  let delta = 0;
  for (const edit of applied) {
    const start = edit.start + delta;
    if (undone.has(edit)) out.push({ start, end: start + edit.text.length, text: oldText.slice(edit.start, edit.end) });
    delta += edit.text.length - (edit.end - edit.start);
  }
  return out;
}
