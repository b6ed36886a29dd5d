import * as assert from 'node:assert/strict';
import { Anchor, anchorAt, anchorsAt, offsetOf, offsetsOf } from '../../src/core/anchor';
import { isSpace, oldAnchorAt, oldOffsetOf } from './oldAnchor';
import { rng } from '../support/rng';


const SPACES = [' ', ' ', ' ', '\t', '\n', '\r\n', '\f', '\v', '\u00a0', '\ufeff'];
const SOLIDS = ['a', 'b', '{', '}', '"', ':', ',', ';', '1', 'é', '\u{1f600}'];

function randomText(next: () => number): string {
  const length = Math.floor(next() * 80);
  let text = '';
  while (text.length < length) {
    const pick = next();
    if (pick < 0.4) {
      // Whitespace runs of various lengths, so offsets land inside them.
      const run = 1 + Math.floor(next() * 6);
      for (let i = 0; i < run; i++) text += SPACES[Math.floor(next() * SPACES.length)];
    } else text += SOLIDS[Math.floor(next() * SOLIDS.length)];
  }
  return text;
}

function randomOffsets(next: () => number, text: string): number[] {
  const count = Math.floor(next() * 12);
  const offsets: number[] = [];
  for (let i = 0; i < count; i++) {
    const pick = next();
    if (pick < 0.1) offsets.push(0);
    else if (pick < 0.2) offsets.push(text.length);
    else if (pick < 0.28) offsets.push(text.length + 1 + Math.floor(next() * 10)); // beyond the end
    else if (pick < 0.35 && offsets.length > 0) offsets.push(offsets[Math.floor(next() * offsets.length)]); // duplicate
    else offsets.push(Math.floor(next() * (text.length + 1))); // unsorted, anywhere
  }
  return offsets;
}

/** Reformats whitespace only: runs grow, shrink, vanish or appear between solid characters. */
function reformat(next: () => number, text: string): string {
  let out = '';
  for (const ch of text) {
    if (isSpace(ch.charCodeAt(0))) {
      const pick = next();
      if (pick < 0.3) continue;
      if (pick < 0.6) out += ch;
      else out += '\n    '.slice(0, 1 + Math.floor(next() * 5));
    } else {
      if (next() < 0.1) out += ' ';
      out += ch;
    }
  }
  // A formatter sometimes adds or drops a solid character (a trailing comma), too.
  if (next() < 0.2) out += ',';
  if (next() < 0.2) out = out.slice(0, Math.max(0, out.length - 3));
  return out;
}

describe('one-pass anchors: same answers as one scan per position', () => {
  it('anchorsAt equals anchorAt per offset on random texts (2 000 seeded cases)', () => {
    const next = rng(10);
    let checked = 0;
    for (let c = 0; c < 2000; c++) {
      const text = randomText(next);
      const offsets = randomOffsets(next, text);
      const many = anchorsAt(text, offsets);
      assert.equal(many.length, offsets.length);
      offsets.forEach((offset, k) => {
        assert.deepEqual(many[k], oldAnchorAt(text, offset), `case ${c}: ${JSON.stringify(text)} at ${offset}`);
        assert.deepEqual(anchorAt(text, offset), oldAnchorAt(text, offset));
        checked++;
      });
    }
    assert.ok(checked > 8000, `only ${checked} offsets checked`);
  });

  it('offsetsOf equals offsetOf per anchor, through random whitespace reformats (2 000 seeded cases)', () => {
    const next = rng(20);
    let checked = 0;
    for (let c = 0; c < 2000; c++) {
      const before = randomText(next);
      const after = reformat(next, before);
      const anchors = randomOffsets(next, before).map((o) => oldAnchorAt(before, o));
      // Anchors that did not come from this text: past its solid count, huge gaps.
      if (next() < 0.3) anchors.push({ solid: Math.floor(next() * 100), gap: Math.floor(next() * 20) });
      const many = offsetsOf(after, anchors);
      assert.equal(many.length, anchors.length);
      anchors.forEach((anchor, k) => {
        assert.equal(many[k], oldOffsetOf(after, anchor), `case ${c}: ${JSON.stringify(after)} for ${JSON.stringify(anchor)}`);
        assert.equal(offsetOf(after, anchor), oldOffsetOf(after, anchor));
        checked++;
      });
    }
    assert.ok(checked > 8000, `only ${checked} anchors checked`);
  });

  it('keeps the caller order for unsorted and duplicate positions', () => {
    const text = '{"a":1,   "b":2}';
    const offsets = [15, 0, 7, 7, 99, 9, 3];
    assert.deepEqual(
      anchorsAt(text, offsets),
      offsets.map((o) => oldAnchorAt(text, o)),
    );
    const after = '{\n  "a": 1,\n  "b": 2\n}';
    const anchors = anchorsAt(text, offsets);
    assert.deepEqual(
      offsetsOf(after, anchors),
      anchors.map((a) => oldOffsetOf(after, a)),
    );
  });

  it('edge positions: empty text, the start, the end, beyond the end, inside a whitespace run', () => {
    assert.deepEqual(anchorsAt('', [0, 5]), [
      { solid: 0, gap: 0 },
      { solid: 0, gap: 0 },
    ]);
    assert.deepEqual(offsetsOf('', [{ solid: 3, gap: 2 }]), [0]);
    const text = 'ab    cd';
    assert.deepEqual(anchorsAt(text, [8, 0, 4, 100]), [
      { solid: 4, gap: 0 },
      { solid: 0, gap: 0 },
      { solid: 2, gap: 2 },
      { solid: 4, gap: 0 },
    ]);
    assert.deepEqual(offsetsOf('ab  cd', [{ solid: 2, gap: 3 }, { solid: 2, gap: 1 }, { solid: 9, gap: 0 }, { solid: 0, gap: 0 }]), [4, 3, 6, 0]);
    assert.deepEqual(anchorsAt(text, []), []);
    assert.deepEqual(offsetsOf(text, []), []);
  });

  it('unusual numbers behave as the per-position scan did (fractions, negatives, NaN)', () => {
    const text = ' a  b c ';
    const offsets = [-3, 2.5, Number.NaN, Infinity, 1.0001];
    assert.deepEqual(
      anchorsAt(text, offsets),
      offsets.map((o) => oldAnchorAt(text, o)),
    );
    const anchors: Anchor[] = [
      { solid: 1.5, gap: 0 },
      { solid: -1, gap: 1 },
      { solid: 2, gap: 1.5 },
      { solid: 2, gap: -2 },
      { solid: Number.NaN, gap: Number.NaN },
      { solid: 3, gap: Infinity },
    ];
    assert.deepEqual(
      offsetsOf(text, anchors),
      anchors.map((a) => oldOffsetOf(text, a)),
    );
  });
});
