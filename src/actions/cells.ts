/**
 * How an edit action (format, organize imports, fix all, a code action) runs over a notebook's
 * cells: only on the cells edited since the last settle (plus those a previous round left
 * unfinished), several at once, in the notebook's order as far as the outcome goes. Pure: no
 * `vscode` import, so every interleaving is unit-tested in Node (test/unit/cells.test.ts).
 *
 * Why: a round used to walk every code cell one after another from cell 1, each waiting for its
 * language server's diagnostics; a 40-cell notebook ran into the time limit on every settle and
 * reformatted untouched cells each time. Now a 500-cell notebook with one edited cell costs what a
 * 1-cell notebook costs, and a round cut off (time limit, typing) leaves its unfinished cells to
 * the next settle instead of starting again at cell 1.
 */

import { done, nothingToDo, Outcome, Reason, skipped } from './outcome';

/** At most this many cells are worked on at once (formatter requests, diagnostics waits). */
export const CELL_CONCURRENCY = 8;

/** One code cell to run on: its document and its number as VS Code shows it (markdown cells counted). */
export interface CellJob<C> {
  readonly cell: C;
  readonly number: number;
}

/** What the round tells the cells loop: whether to stop before the next cell. */
export interface CellContext {
  /** The runner stopped waiting for the action (its time limit passed). */
  abandoned(): boolean;
  /** The user typed in the notebook since the round began. */
  userEdited(): boolean;
}

/** The action's outcome for the notebook, and the cells to run again at the next settle. */
export interface CellsResult<C> {
  readonly outcome: Outcome;
  readonly unfinished: readonly C[];
}

/**
 * Whether a cell's outcome leaves nothing for a later settle: done with nothing waiting for the
 * caret, or nothing to do, or held back for good reasons that do not change by waiting (an undo,
 * a size limit). Broken code, edits waiting for the caret, typing, a refusal, a failure or a time
 * limit: the cell is run again at the next settle.
 */
export function finished(outcome: Outcome): boolean {
  const reason = outcome.reason;
  if (outcome.status === 'done') return !(reason.code === 'formatted' && reason.waiting !== undefined) && reason.code !== 'deferredAtCaret';
  if (outcome.status !== 'skipped') return false;
  return nothingToDo(reason) || reason.code === 'restored' || reason.code === 'tooLarge';
}

/**
 * Runs `run` on `cells` (already narrowed to the ones to work on), at most `concurrency` at once.
 * No new cell starts once the action is abandoned or the user typed. The outcome reads as if the
 * cells had run one after another in order: the first cell that failed or timed out stands for
 * the notebook; typing or a cut-off names the first cell that did not start; a cell held back
 * while the others needed nothing is what the settle did (skipped, with that cell's reason).
 * `of`: the notebook's cell count, for "cell 3 of 40".
 */
export async function runOnCells<C>(cells: readonly CellJob<C>[], of: number, ctx: CellContext, run: (cell: C) => Promise<Outcome>, concurrency = CELL_CONCURRENCY): Promise<CellsResult<C>> {
  if (cells.length === 0) return { outcome: skipped({ code: 'noEditedCells' }), unfinished: [] };
  const outcomes: (Outcome | undefined)[] = new Array<Outcome | undefined>(cells.length).fill(undefined);
  let stop: Reason | undefined;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < cells.length && stop === undefined) {
      if (ctx.abandoned()) stop = { code: 'cutOff' };
      else if (ctx.userEdited()) stop = { code: 'typed', when: 'stopped', beforeCell: cells[next].number };
      if (stop !== undefined) return;
      const i = next++;
      outcomes[i] = await run(cells[i].cell).catch((error: unknown): Outcome => ({ status: 'failed', reason: { code: 'error', message: error instanceof Error ? error.message : String(error) } }));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, cells.length)) }, worker));
  const unfinished = cells.filter((_, i) => outcomes[i] === undefined || !finished(outcomes[i])).map((c) => c.cell);
  return { outcome: combine(cells, outcomes, of, stop, ctx.userEdited()), unfinished };
}

function combine<C>(cells: readonly CellJob<C>[], outcomes: readonly (Outcome | undefined)[], of: number, stop: Reason | undefined, typed: boolean): Outcome {
  const all: { cell: number; reason: Reason }[] = [];
  const held: { cell: number; reason: Reason }[] = [];
  let doneCells = 0;
  let changed = false;
  for (let i = 0; i < cells.length; i++) {
    const outcome = outcomes[i];
    // The first cell that did not start: the round stopped there (typing, the time limit).
    if (outcome === undefined) return skipped(stop ?? { code: 'cutOff' });
    const cell = { cell: cells[i].number, reason: outcome.reason };
    if (outcome.status !== 'done' && outcome.status !== 'skipped') return { status: outcome.status, reason: { code: 'cells', of, cells: [cell] } };
    // Held back while the user typed (the edit refused, say): the typing is what stopped it.
    if (outcome.status === 'skipped' && typed) return skipped({ code: 'cells', of, cells: [cell] });
    if (outcome.status === 'done') {
      doneCells++;
      changed ||= !nothingToDo(outcome.reason);
    } else if (!nothingToDo(outcome.reason)) held.push(cell);
    all.push(cell);
  }
  if (!changed && held.length > 0) return skipped({ code: 'cells', of, cells: held });
  return doneCells > 0 ? done({ code: 'cells', of, cells: all }) : skipped({ code: 'cells', of, cells: all });
}
