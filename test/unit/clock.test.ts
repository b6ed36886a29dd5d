import * as assert from 'node:assert/strict';
import { countingClock, systemClock } from '../../src/core/clock';
import { FakeClock } from '../support/fakeClock';

/** Resolves with what happened first: the callback under test ran, or a plain fallback timer (ms) expired. */
function firstOf(arm: (done: () => void) => void, fallbackMs: number): Promise<'fired' | 'fallback'> {
  return new Promise((resolve) => {
    const fallback = setTimeout(() => resolve('fallback'), fallbackMs);
    arm(() => {
      clearTimeout(fallback);
      resolve('fired');
    });
  });
}

describe('systemClock', () => {
  it('now is a number that does not go backwards', async () => {
    const a = systemClock.now();
    await new Promise((r) => setTimeout(r, 2));
    const b = systemClock.now();
    assert.equal(typeof a, 'number');
    assert.ok(Number.isFinite(a));
    assert.ok(b > a, `${a} then ${b}`);
  });

  it('setTimeout calls back', async () => {
    const outcome = await firstOf((done) => systemClock.setTimeout(done, 1), 200);
    assert.equal(outcome, 'fired');
  });

  it('a pending timer does not keep the process alive', () => {
    const handle = systemClock.setTimeout(() => {}, 60_000) as ReturnType<typeof setTimeout>;
    try {
      assert.equal(handle.hasRef(), false);
    } finally {
      systemClock.clearTimeout(handle);
    }
  });

  it('clearTimeout stops a timer from calling back', async () => {
    let called = false;
    const handle = systemClock.setTimeout(() => (called = true), 1);
    systemClock.clearTimeout(handle);
    await new Promise((r) => setTimeout(r, 5));
    assert.equal(called, false);
  });

  it('works where setTimeout returns a plain number (no unref, as in a browser)', () => {
    const real = globalThis.setTimeout;
    const calls: number[] = [];
    (globalThis as { setTimeout: unknown }).setTimeout = (_cb: () => void, ms: number) => (calls.push(ms), 42);
    try {
      assert.equal(systemClock.setTimeout(() => {}, 7), 42);
    } finally {
      globalThis.setTimeout = real;
    }
    assert.deepEqual(calls, [7]);
  });
});

describe('countingClock', () => {
  it('tells the time of its base clock', () => {
    const base = new FakeClock();
    const clock = countingClock(base);
    base.advance(1234);
    assert.equal(clock.now(), 1234);
  });

  it('counts timers until they fire or are cleared, and still fires them', () => {
    const base = new FakeClock();
    const clock = countingClock(base);
    const fired: string[] = [];
    assert.equal(clock.pending, 0);
    clock.setTimeout(() => fired.push('a'), 100);
    const b = clock.setTimeout(() => fired.push('b'), 200);
    clock.setTimeout(() => fired.push('c'), 300);
    assert.equal(clock.pending, 3);
    base.advance(100);
    assert.deepEqual(fired, ['a']);
    assert.equal(clock.pending, 2);
    clock.clearTimeout(b);
    assert.equal(clock.pending, 1);
    base.advance(1000);
    assert.deepEqual(fired, ['a', 'c'], 'a cleared timer does not fire');
    assert.equal(clock.pending, 0);
  });

  it('passes the delay through to its base clock', () => {
    const base = new FakeClock();
    const clock = countingClock(base);
    clock.setTimeout(() => {}, 250);
    assert.deepEqual(base.requested, [250]);
  });
});
