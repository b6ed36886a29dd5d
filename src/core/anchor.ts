/**
 * Keeping the caret where the user left it when a formatter rewrites whitespace.
 *
 * VS Code refuses "format on auto save" because formatting moves the caret and the viewport under
 * the user's hands (microsoft/vscode#45997, #128090, #213691). A formatter changes whitespace (and
 * sometimes adds a trailing comma or semicolon), so a position is anchored by the number of
 * non-whitespace characters before it: after the edit, the caret goes back to just after the same
 * count of non-whitespace characters. Pure functions on text and offsets, unit-tested in Node.
 *
 * A document can be megabytes and an editor can have a hundred carets: `anchorsAt` and `offsetsOf`
 * answer all positions of one text in a single pass over it (the requests are sorted, the text is
 * walked once), O(text + positions × log positions) instead of one scan per position.
 */

const isSpace = (code: number) => code === 32 || code === 9 || code === 10 || code === 13 || code === 12 || code === 11 || code === 0xa0 || code === 0xfeff;

/**
 * 1 for a non-whitespace UTF-16 code unit, 0 for whitespace (the same set as `isSpace`): the hot
 * loops add it up without a data-dependent branch, which text mixing words and spaces mispredicts.
 */
const SOLID = new Uint8Array(65536).fill(1);
for (const code of [32, 9, 10, 13, 12, 11, 0xa0, 0xfeff]) SOLID[code] = 0;

export interface Anchor {
  /** Non-whitespace characters before the position. */
  readonly solid: number;
  /** Whitespace characters between the last of those and the position, kept when they still exist. */
  readonly gap: number;
}

/** Indices 0..n-1 ordered by `keys` (ties in index order, so results are stable). */
function orderBy(keys: Float64Array): Uint32Array {
  const order = new Uint32Array(keys.length);
  // Stryker disable next-line EqualityOperator: a write one past the end of a typed array is ignored.
  for (let i = 0; i < order.length; i++) order[i] = i;
  // Typed-array sort with a comparator; a few hundred entries at most in practice.
  // Stryker disable next-line ArithmeticOperator: the tie-break only orders equal keys, and positions with equal keys get equal answers.
  order.sort((a, b) => keys[a] - keys[b] || a - b);
  return order;
}

/**
 * Where each of `offsets` is, in terms that survive a whitespace-only reformat; results in the
 * order of `offsets`. One pass over `text` up to the furthest offset.
 */
export function anchorsAt(text: string, offsets: readonly number[]): Anchor[] {
  const n = offsets.length;
  // Stryker disable next-line ArrayDeclaration: every index below n is assigned below, so the array ends up the same either way.
  const result = new Array<Anchor>(n);
  // Stryker disable next-line ConditionalExpression: a fast path only; with no offsets the loops below do nothing and return the same empty array.
  if (n === 0) return result;
  // The number of characters before each position: offsets past the end stop at the end, anything
  // not positive (or not a number) at the start, fractions round up (like `i < offset` does).
  const ends = new Float64Array(n);
  // Stryker disable next-line EqualityOperator: `<=` writes one past the end of a typed array, which is ignored.
  for (let k = 0; k < n; k++) {
    const end = Math.ceil(Math.min(offsets[k], text.length));
    ends[k] = end > 0 ? end : 0;
  }
  const order = orderBy(ends);
  let solid = 0;
  let i = 0;
  let previousEnd = 0;
  let previousGap = 0;
  for (let r = 0; r < n; r++) {
    const k = order[r];
    const end = ends[k];
    for (; i < end; i++) solid += SOLID[text.charCodeAt(i)];
    // The whitespace just before `end`, read backwards; a run reaching back to the previous
    // position continues that position's gap (so each run is read once however many carets).
    let j = end;
    while (j > previousEnd && SOLID[text.charCodeAt(j - 1)] === 0) j--;
    const gap = j === previousEnd ? end - previousEnd + previousGap : end - j;
    result[k] = { solid, gap };
    previousEnd = end;
    previousGap = gap;
  }
  return result;
}

/**
 * The offset in `text` that matches each of `anchors` (after the same non-whitespace count, the
 * same gap if it fits); results in the order of `anchors`. One pass over `text` up to the furthest
 * anchor; whitespace runs after a position are read once per distinct position.
 */
export function offsetsOf(text: string, anchors: readonly Anchor[]): number[] {
  const n = anchors.length;
  // Stryker disable next-line ArrayDeclaration: every index below n is assigned below, so the array ends up the same either way.
  const result = new Array<number>(n);
  // Stryker disable next-line ConditionalExpression: a fast path only; with no anchors the loops below do nothing and return the same empty array.
  if (n === 0) return result;
  const len = text.length;
  // Which non-whitespace character each anchor follows: 0 for none (the start of the text);
  // a count that cannot be reached (too large, or not a whole number) means the end of the text.
  const targets = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const s = anchors[k].solid;
    targets[k] = s > 0 ? (Number.isInteger(s) ? s : Infinity) : 0;
  }
  const order = orderBy(targets);
  let solid = 0;
  let i = 0; // just after the `solid`-th non-whitespace character (the end of the text once it runs out)
  let r = 0;
  while (r < n) {
    const target = targets[order[r]];
    // `solid` grows by at most one per character: the next (target - solid) characters can be
    // added up without looking, and it meets `target` exactly after the target-th character.
    while (solid < target && i < len) {
      const stop = Math.min(len, i + (target - solid));
      for (; i < stop; i++) solid += SOLID[text.charCodeAt(i)];
    }
    // Every anchor on this position: keep as much of its whitespace run as is still there (e.g.
    // the caret after an indent). The run is read once, up to the longest gap asked for.
    let most = 0;
    let to = r;
    for (; to < n && targets[order[to]] === target; to++) most = Math.max(most, Math.ceil(anchors[order[to]].gap) || 0);
    let run = 0;
    // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator,ArithmeticOperator: bounds of a read-ahead only: the offset below takes min(gap, run) with gap <= most, so a longer run gives the same answer, and past the end charCodeAt is NaN, not a space.
    while (run < most && i + run < len && isSpace(text.charCodeAt(i + run))) run++;
    for (; r < to; r++) {
      const gap = Math.ceil(anchors[order[r]].gap) || 0;
      result[order[r]] = i + Math.max(0, Math.min(gap, run));
    }
  }
  return result;
}

/** Where `offset` is, in terms that survive a whitespace-only reformat. */
export function anchorAt(text: string, offset: number): Anchor {
  return anchorsAt(text, [offset])[0];
}

/** The offset in `text` that matches `anchor`: after the same non-whitespace count, same gap if it fits. */
export function offsetOf(text: string, anchor: Anchor): number {
  return offsetsOf(text, [anchor])[0];
}
