import * as assert from 'node:assert/strict';
import { CellContext, finished, runOnCells } from '../../src/actions/cells';
import { describe as words, done, Outcome, skipped } from '../../src/actions/outcome';

/** A cell's action that answers when the test says so: every interleaving is scripted. */
function deferred(): { promise: Promise<Outcome>; resolve: (o: Outcome) => void } {
  let resolve!: (o: Outcome) => void;
  const promise = new Promise<Outcome>((r) => (resolve = r));
  return { promise, resolve };
}

const formatted: Outcome = done({ code: 'formatted', edits: 1 });
const already: Outcome = done({ code: 'alreadyFormatted' });
const jobs = (...numbers: number[]) => numbers.map((number) => ({ cell: `c${number}`, number }));
const ctxOf = (state: { abandoned?: boolean; typed?: boolean } = {}): CellContext => ({ abandoned: () => state.abandoned === true, userEdited: () => state.typed === true });

/** Lets every pending promise callback run. */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('notebook cells: edit actions only on the cells to work on, several at once', () => {
  it('no cell to work on: skipped, "no cell edited since the last settle", nothing to do', async () => {
    const { outcome, unfinished } = await runOnCells(jobs(), 500, ctxOf(), () => assert.fail('no cell runs'));
    assert.equal(outcome.status, 'skipped');
    assert.equal(words(outcome.reason), 'no cell edited since the last settle');
    assert.deepEqual(unfinished, []);
  });

  it('runs at most `concurrency` cells at once, and every cell once; the outcome lists them in notebook order', async () => {
    const started: string[] = [];
    const pending = new Map<string, ReturnType<typeof deferred>>();
    const running = runOnCells(jobs(3, 7, 9, 12, 40), 40, ctxOf(), (cell) => {
      started.push(cell);
      const d = deferred();
      pending.set(cell, d);
      return d.promise;
    }, 2);
    await flush();
    assert.deepEqual(started, ['c3', 'c7'], 'two at once');
    pending.get('c7')!.resolve(formatted);
    await flush();
    assert.deepEqual(started, ['c3', 'c7', 'c9'], 'the next starts as soon as one is done');
    pending.get('c3')!.resolve(already);
    pending.get('c9')!.resolve(formatted);
    await flush();
    assert.deepEqual(started, ['c3', 'c7', 'c9', 'c12', 'c40']);
    pending.get('c40')!.resolve(formatted);
    pending.get('c12')!.resolve(already);
    const { outcome, unfinished } = await running;
    assert.equal(outcome.status, 'done');
    assert.equal(words(outcome.reason), 'cell 3 of 40: already formatted; cell 7 of 40: formatted (1 edit); cell 9 of 40: formatted (1 edit); cell 12 of 40: already formatted; cell 40 of 40: formatted (1 edit)');
    assert.deepEqual(unfinished, []);
  });

  it('cut off (its time limit passed): no further cell starts; the cells not reached are left for the next settle, not started again from cell 1', async () => {
    const state = { abandoned: false };
    const started: string[] = [];
    const first = deferred();
    const running = runOnCells(jobs(1, 2, 3, 4), 4, ctxOf(state), (cell) => {
      started.push(cell);
      return cell === 'c1' ? first.promise : Promise.resolve(formatted);
    }, 1);
    await flush();
    state.abandoned = true;
    first.resolve(formatted);
    const { outcome, unfinished } = await running;
    assert.deepEqual(started, ['c1']);
    assert.deepEqual(outcome, skipped({ code: 'cutOff' }));
    assert.deepEqual(unfinished, ['c2', 'c3', 'c4'], 'c1 is done; the rest wait for the next settle');
  });

  it('the user typed: no further cell starts, the outcome names the first cell that did not', async () => {
    const state = { typed: false };
    const { outcome, unfinished } = await runOnCells(jobs(2, 5, 6), 6, ctxOf(state), async (cell) => {
      if (cell === 'c2') state.typed = true;
      return formatted;
    }, 1);
    assert.deepEqual(outcome, skipped({ code: 'typed', when: 'stopped', beforeCell: 5 }));
    assert.deepEqual(unfinished, ['c5', 'c6']);
  });

  it('a cell held back while the user typed (its edit refused) stands for the settle', async () => {
    const state = { typed: false };
    const { outcome } = await runOnCells(jobs(1), 1, ctxOf(state), async () => {
      state.typed = true;
      return skipped({ code: 'refused' });
    });
    assert.equal(outcome.status, 'skipped');
    assert.equal(words(outcome.reason), 'cell 1 of 1: ' + words({ code: 'refused' }));
  });

  it('a failed or timed-out cell stands for the notebook (the first in notebook order), also when a later cell failed first', async () => {
    const late = deferred();
    const running = runOnCells(jobs(1, 2), 2, ctxOf(), (cell) => (cell === 'c1' ? late.promise : Promise.resolve<Outcome>({ status: 'timeout', reason: { code: 'timeout', limitMs: 5000 } })));
    await flush();
    late.resolve({ status: 'failed', reason: { code: 'error', message: 'formatter crashed' } });
    const { outcome, unfinished } = await running;
    assert.equal(outcome.status, 'failed');
    assert.equal(words(outcome.reason), 'cell 1 of 2: formatter crashed');
    assert.deepEqual(unfinished, ['c1', 'c2']);
  });

  it('an action that throws is that cell\'s failure, the other cells still run', async () => {
    const ran: string[] = [];
    const { outcome } = await runOnCells(jobs(1, 2), 2, ctxOf(), async (cell) => {
      ran.push(cell);
      if (cell === 'c1') throw new Error('boom');
      return formatted;
    });
    assert.deepEqual(ran, ['c1', 'c2']);
    assert.equal(words(outcome.reason), 'cell 1 of 2: boom');
  });

  it('a cell held back (broken code) while the others needed nothing: skipped with that cell\'s reason; it is run again next time', async () => {
    const broken = skipped({ code: 'brokenCode', diagnostic: 'json "Value expected"', line: 1, why: 'a syntax error', more: 0, what: 'formatting' });
    const { outcome, unfinished } = await runOnCells(jobs(1, 2), 2, ctxOf(), async (cell) => (cell === 'c1' ? broken : already));
    assert.equal(outcome.status, 'skipped');
    assert.match(words(outcome.reason), /^cell 1 of 2: held back: /);
    assert.doesNotMatch(words(outcome.reason), /cell 2/);
    assert.deepEqual(unfinished, ['c1']);
  });

  it('a cell held back beside a cell formatted: done, both listed', async () => {
    const broken = skipped({ code: 'brokenCode', diagnostic: 'x', line: 1, why: 'y', more: 0, what: 'formatting' });
    const { outcome } = await runOnCells(jobs(1, 2), 2, ctxOf(), async (cell) => (cell === 'c1' ? broken : formatted));
    assert.equal(outcome.status, 'done');
    assert.match(words(outcome.reason), /^cell 1 of 2: held back: .*; cell 2 of 2: formatted/);
  });

  it('every cell had nothing to do: skipped, nothing to do', async () => {
    const { outcome } = await runOnCells(jobs(1, 2), 2, ctxOf(), async () => skipped({ code: 'noEdits', language: 'json' }));
    assert.equal(outcome.status, 'skipped');
    assert.match(words(outcome.reason), /^cell 1 of 2: no formatter/);
  });

  it('finished: what leaves nothing for a later settle', () => {
    assert.equal(finished(formatted), true);
    assert.equal(finished(already), true);
    assert.equal(finished(done({ code: 'formatted', edits: 2, waiting: 1 })), false, 'edits wait for the caret');
    assert.equal(finished(skipped({ code: 'deferredAtCaret', would: { code: 'formatted', edits: 1 } })), false);
    assert.equal(finished(done({ code: 'deferredAtCaret', would: { code: 'formatted', edits: 1 } })), false);
    assert.equal(finished(skipped({ code: 'noEdits', language: 'json' })), true);
    assert.equal(finished(skipped({ code: 'restored', what: 'formatting' })), true);
    assert.equal(finished(skipped({ code: 'tooLarge', first: true, lines: 1, limit: 'x', what: 'formatting' })), true);
    assert.equal(finished(skipped({ code: 'refused' })), false);
    assert.equal(finished({ status: 'failed', reason: { code: 'error', message: 'x' } }), false);
    assert.equal(finished({ status: 'timeout', reason: { code: 'timeout', limitMs: 1 } }), false);
  });
});
