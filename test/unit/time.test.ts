import * as assert from 'node:assert/strict';
import { countdownText, formatMs, nextTextChange } from '../../src/core/time';

describe('durations in words', () => {
  it('formatMs never shows a unit at its rounded-up limit ("60 s", "60 min", "1000 ms")', () => {
    assert.equal(formatMs(59_960), '1 min');
    assert.equal(formatMs(59_940), '59.9 s');
    assert.equal(formatMs(3_599_000), '1 h');
    assert.equal(formatMs(999.6), '1 s');
    assert.equal(formatMs(999.4), '999 ms');
  });

  it('formatMs', () => {
    assert.equal(formatMs(700), '700 ms');
    assert.equal(formatMs(2000), '2 s');
    assert.equal(formatMs(1500), '1.5 s');
    assert.equal(formatMs(30 * 60_000), '30 min');
    assert.equal(formatMs(2 * 3_600_000), '2 h');
    assert.equal(formatMs(3e9), '833 h');
    assert.equal(formatMs(Number.MAX_SAFE_INTEGER), 'never');
  });

  it('countdownText rounds up and never shows 0 while pending', () => {
    assert.equal(countdownText(4000), '4s');
    assert.equal(countdownText(3001), '4s');
    assert.equal(countdownText(1), '0.5s');
    assert.equal(countdownText(0), '0.5s');
    assert.equal(countdownText(100_000), '100s');
    assert.equal(countdownText(100_001), '2m');
    assert.equal(countdownText(30 * 60_000), '30m');
    assert.equal(countdownText(3 * 3_600_000 + 60_000), '3h 01m');
    assert.equal(countdownText(100 * 60_000 + 1), '1h 41m');
    assert.equal(countdownText(100 * 60_000), '100m', 'hours and minutes only above 100 min');
    assert.equal(countdownText(48 * 3_600_000), '48h 00m');
    assert.equal(countdownText(48 * 3_600_000 + 1), '3d');
    assert.equal(countdownText(999 * 86_400_000), '999d');
  });

  it('a delay meant as "never" (a huge number) counts down as ∞, not as a date', () => {
    assert.equal(countdownText(999 * 86_400_000 + 1), '∞');
    assert.equal(countdownText(Number.MAX_SAFE_INTEGER - 5000), '∞');
    assert.equal(countdownText(Infinity), '∞');
  });

  it('a countdown that is not a number shows ∞ and never asks to be looked at again', () => {
    assert.equal(countdownText(NaN), '∞');
    assert.equal(nextTextChange(NaN), Infinity);
    assert.equal(nextTextChange(Infinity), Infinity);
  });

  it('the last 2 s count in half seconds, so a 1 s delay moves too: 3s, 2.0s … 1.0s, 0.5s, and nothing in the last half second', () => {
    const shown: string[] = [];
    for (let ms = 3000; ms > 0; ms -= 10) if (shown.at(-1) !== countdownText(ms)) shown.push(countdownText(ms));
    assert.deepEqual(shown, ['3s', '2.0s', '1.5s', '1.0s', '0.5s']);
    assert.equal(countdownText(1000), '1.0s');
    assert.equal(countdownText(999), '1.0s');
    assert.equal(countdownText(501), '1.0s');
    assert.equal(countdownText(500), '0.5s', 'the last text, from half a second before the settle');
    assert.equal(nextTextChange(500), 500, 'then no change until it settles');
    assert.equal(nextTextChange(2200), 200, 'from whole seconds to halves at 2 s');
    assert.equal(countdownText(2200), '3s');
    assert.equal(countdownText(2001), '3s');
    assert.equal(countdownText(2000), '2.0s');
  });

  it('nextTextChange says exactly when the text changes', () => {
    for (const remaining of [3000, 2500, 1000, 999, 1, 100_000, 100_500, 100_001, 48 * 3_600_000, 999 * 86_400_000, 30 * 60_000, 101 * 60_000 + 7, 48 * 3_600_000 + 7, 5 * 86_400_000 - 3, 999 * 86_400_000 + 9, 1e15]) {
      const step = nextTextChange(remaining);
      assert.equal(countdownText(remaining - step + 1), countdownText(remaining), `same text just before, from ${remaining}`);
      if (remaining - step > 0) assert.notEqual(countdownText(remaining - step), countdownText(remaining), `changed at the step, from ${remaining}`);
    }
  });

  it('nextTextChange never asks for a busy loop: due or overdue (frozen by a hold) looks again in half a second', () => {
    assert.equal(nextTextChange(0), 500);
    assert.equal(nextTextChange(-50), 500);
    assert.equal(nextTextChange(999 * 86_400_000 + 0.5), 1);
  });
});
