import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyEdits, caretZones, diffEdits, inverseEdits, mapOffsets, OffsetEdit, reduceEdits, sortEdits, splitAtZones, touches } from '../../src/core/textEdits';

/** Characters an edit set removes plus the characters it inserts. */
const cost = (edits: readonly OffsetEdit[]) => edits.reduce((sum, e) => sum + (e.end - e.start) + e.text.length, 0);

/** The fewest insertions plus deletions that turn `a` into `b` (n + m − 2·LCS). */
function distance(a: string, b: string): number {
  let row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const next = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) next[j] = a[i - 1] === b[j - 1] ? row[j - 1] + 1 : Math.max(row[j], next[j - 1]);
    row = next;
  }
  return a.length + b.length - 2 * row[b.length];
}

const lines = (count: number, line: (i: number) => string) => Array.from({ length: count }, (_, i) => line(i) + '\n').join('');

describe('sortEdits', () => {
  it('orders edits by start, and an insertion before a replacement starting at the same offset', () => {
    const replace = { start: 4, end: 6, text: 'r' };
    const insert = { start: 4, end: 4, text: 'i' };
    const first = { start: 1, end: 2, text: 'f' };
    assert.deepEqual(sortEdits([replace, insert, first]), [first, insert, replace]);
  });

  it('two insertions at one offset keep their order', () => {
    const edits = [
      { start: 3, end: 3, text: 'b' },
      { start: 0, end: 1, text: '' },
      { start: 3, end: 3, text: 'a' },
    ];
    assert.deepEqual(
      sortEdits(edits).map((e) => e.text),
      ['', 'b', 'a'],
    );
  });

  it('returns a new array and leaves the given one as it was', () => {
    const edits = [
      { start: 5, end: 5, text: 'x' },
      { start: 0, end: 0, text: 'y' },
    ];
    const sorted = sortEdits(edits);
    assert.notEqual(sorted, edits);
    assert.deepEqual(
      edits.map((e) => e.text),
      ['x', 'y'],
    );
    assert.deepEqual(sortEdits([]), []);
  });
});

describe('diffEdits within one line: the fewest characters changed', () => {
  it('on random one-line texts, the edits change exactly as many characters as the edit distance (500 runs)', () => {
    const line = fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 40 });
    fc.assert(
      fc.property(line, line, (a, b) => {
        const edits = diffEdits(a, b);
        assert.equal(applyEdits(a, edits), b);
        assert.equal(cost(edits), distance(a, b));
        // Each edit stands between characters that stay: never two edits side by side.
        for (let i = 1; i < edits.length; i++) assert.ok(edits[i - 1].end < edits[i].start, JSON.stringify(edits));
      }),
      { numRuns: 500 },
    );
  });

  it('on random long lines (150 to 300 characters) changed in up to 100 places, the edits are as few as the edit distance (100 runs)', () => {
    const line = fc.string({ unit: fc.constantFrom('a', 'b', 'c'), minLength: 150, maxLength: 300 });
    const change = fc.tuple(fc.nat(), fc.constantFrom('a', 'b', 'c', ''), fc.boolean());
    fc.assert(
      fc.property(line, fc.array(change, { maxLength: 100 }), (a, changes) => {
        let b = a;
        for (const [at, char, replace] of changes) {
          const p = at % (b.length + 1);
          b = b.slice(0, p) + char + b.slice(replace ? p + 1 : p);
        }
        const edits = diffEdits(a, b);
        assert.equal(applyEdits(a, edits), b);
        assert.equal(cost(edits), distance(a, b));
      }),
      { numRuns: 100, endOnFailure: true },
    );
  });

  it('text added at the end of a line goes after what the two have in common', () => {
    assert.deepEqual(diffEdits('a', 'aa'), [{ start: 1, end: 1, text: 'a' }]);
    assert.deepEqual(diffEdits('ac', 'acc'), [{ start: 2, end: 2, text: 'c' }]);
    assert.deepEqual(diffEdits('ab', 'abab'), [{ start: 2, end: 2, text: 'ab' }]);
  });

  it('text added at the start of a line goes before what the two have in common', () => {
    assert.deepEqual(diffEdits('a', 'caa'), [{ start: 0, end: 0, text: 'ca' }]);
  });

  it('characters removed here and there are separate edits', () => {
    assert.deepEqual(diffEdits(';ba', 'b'), [
      { start: 0, end: 1, text: '' },
      { start: 2, end: 3, text: '' },
    ]);
    assert.deepEqual(diffEdits('xab', ' aa'), [
      { start: 0, end: 1, text: ' ' },
      { start: 2, end: 3, text: 'a' },
    ]);
  });

  it('a block with exactly 400 differences is still diffed character by character', () => {
    const edits = diffEdits('ab'.repeat(200), 'ac'.repeat(200));
    assert.deepEqual(
      edits,
      Array.from({ length: 200 }, (_, i) => ({ start: 2 * i + 1, end: 2 * i + 2, text: 'c' })),
    );
  });

  it('a block with more than 400 differences is replaced as one edit (what they have in common at the ends kept)', () => {
    assert.deepEqual(diffEdits('ab'.repeat(201), 'ac'.repeat(201)), [{ start: 1, end: 402, text: 'ac'.repeat(201).slice(1) }]);
  });
});

describe('diffEdits on lines: unchanged lines stay untouched', () => {
  it('a deleted line is removed whole, with its line break', () => {
    assert.deepEqual(diffEdits('b\nbc', 'bc'), [{ start: 0, end: 2, text: '' }]);
    assert.deepEqual(diffEdits('aa\naa', 'aa'), [{ start: 0, end: 3, text: '' }]);
    assert.deepEqual(diffEdits('\nbb\nbbc\nbaa\n', '\nbb\nbaa\n'), [{ start: 4, end: 8, text: '' }]);
  });

  it('an inserted line is inserted whole, before the line it matches', () => {
    assert.deepEqual(diffEdits('a', 'a\r\na'), [{ start: 0, end: 0, text: 'a\r\n' }]);
    assert.deepEqual(diffEdits('\n\n\na', 'a\na\n\n\na'), [{ start: 0, end: 0, text: 'a\na' }]);
    assert.deepEqual(diffEdits('\n}', 'b\nb\n\n'), [
      { start: 0, end: 0, text: 'b\nb\n' },
      { start: 1, end: 2, text: '' },
    ]);
    assert.deepEqual(diffEdits('\n', 'x\n\n '), [
      { start: 0, end: 0, text: 'x\n' },
      { start: 1, end: 1, text: ' ' },
    ]);
  });

  it('a changed last line is diffed on its own', () => {
    assert.deepEqual(diffEdits('\nb\nc', '\nb\nb'), [{ start: 3, end: 4, text: 'b' }]);
  });

  it('lines removed, inserted and indented around unchanged ones', () => {
    assert.deepEqual(diffEdits('b\naa\n\nb\n', '\nb\n  '), [
      { start: 0, end: 5, text: '' },
      { start: 8, end: 8, text: '  ' },
    ]);
    assert.deepEqual(diffEdits('ba\n\n\n\na', '\nba\n\nb\n\n  a'), [
      { start: 0, end: 0, text: '\n' },
      { start: 4, end: 4, text: 'b' },
      { start: 6, end: 6, text: '  ' },
    ]);
    assert.deepEqual(diffEdits(';\r\n\n\nx b', ';\t\r\n\n\nx bba;'), [
      { start: 1, end: 1, text: '\t' },
      { start: 8, end: 8, text: 'ba;' },
    ]);
  });

  it('a carriage return alone ends a line too', () => {
    assert.deepEqual(diffEdits('\r\n\t', '\ra\t\t\n\r\n\r\na\t'), [
      { start: 1, end: 1, text: 'a\t\t' },
      { start: 2, end: 2, text: '\r\n\r\na' },
    ]);
  });

  it('a range of the old text is diffed against its replacement, the rest left alone', () => {
    assert.deepEqual(diffEdits('x\ny\nz\n', 'Y\n', 2, 4), [{ start: 2, end: 3, text: 'Y' }]);
    assert.deepEqual(diffEdits('\n\t;', ';', 2, 2), [{ start: 2, end: 2, text: ';' }]);
    assert.deepEqual(diffEdits('a;;x', 'x', 3, 3), [{ start: 3, end: 3, text: 'x' }]);
  });
});

describe('reduceEdits', () => {
  it('insertions and deletions come back as the very same objects; a replacement is reduced', () => {
    const insertion = { start: 0, end: 0, text: '# ' };
    const deletion = { start: 1, end: 2, text: '' };
    const reduced = reduceEdits('xyz', [insertion, deletion, { start: 2, end: 3, text: 'z;a' }]);
    assert.equal(reduced[0], insertion);
    assert.equal(reduced[1], deletion);
    assert.deepEqual(reduced.slice(2), [{ start: 3, end: 3, text: ';a' }]);
  });
});

describe('diffEdits on long texts: the limits that shape the edits', () => {
  it('256 lines replaced by 256 others are still found as one block: a later change is its own edit', () => {
    const old = lines(256, (i) => `old ${i}`) + 'keep 1\nkeep 2\nx\ntail\n';
    const next = lines(256, (i) => `new ${i}`) + 'keep 1\nkeep 2\ny\ntail\n';
    const edits = diffEdits(old, next);
    assert.equal(applyEdits(old, edits), next);
    const x = old.indexOf('x\n');
    assert.deepEqual(edits[edits.length - 1], { start: x, end: x + 1, text: 'y' });
    assert.ok(edits.every((e, i) => i === edits.length - 1 || e.end <= old.indexOf('keep 1')), 'the other edits end before the kept lines');
  });

  it('a changed block that runs to the end, with more than 400 differences, is one edit from its first line on', () => {
    const old = 'a\n' + 'p'.repeat(500) + '\n';
    assert.deepEqual(diffEdits(old, '  a\n' + 'q'.repeat(500) + '\n'), [{ start: 0, end: 502, text: '  a\n' + 'q'.repeat(500) }]);
  });

  it('300 lines inserted, beyond the search reach: one edit runs to the next change', () => {
    const head = lines(50, (i) => `a${i}`);
    const tail = lines(50, (i) => `z${i}`);
    const old = head + tail;
    const next = head + lines(300, (i) => `new ${i}`) + tail.replace('z10', 'Z10');
    const edits = diffEdits(old, next);
    assert.equal(applyEdits(old, edits), next);
    assert.deepEqual(
      edits.map((e) => [e.start, e.end]),
      [[head.length, old.indexOf('z10') + 1]],
    );
  });

  it('300 lines deleted, beyond the search reach: one edit runs to the next change', () => {
    const head = lines(50, (i) => `a${i}`);
    const tail = lines(50, (i) => `z${i}`);
    const old = head + lines(300, (i) => `old ${i}`) + tail;
    const next = head + tail.replace('z10', 'Z10');
    const edits = diffEdits(old, next);
    assert.equal(applyEdits(old, edits), next);
    assert.deepEqual(
      edits.map((e) => [e.start, e.end]),
      [[head.length, old.indexOf('z10') + 1]],
    );
  });

  it('the reach stays at 256 lines after an earlier change, no more and no less', () => {
    const head = lines(50, (i) => `a${i}`);
    const tail = lines(50, (i) => `z${i}`);
    const old = 'first\n' + head + tail;
    const near = 'First\n' + head + lines(200, (i) => `new ${i}`) + tail.replace('z10', 'Z10');
    const nearEdits = diffEdits(old, near);
    assert.equal(applyEdits(old, nearEdits), near);
    assert.deepEqual(
      nearEdits.map((e) => [e.start, e.end]),
      [
        [0, 1],
        [6 + head.length, 6 + head.length],
        [old.indexOf('z10'), old.indexOf('z10') + 1],
      ],
    );
    const far = 'First\n' + head + lines(300, (i) => `new ${i}`) + tail.replace('z10', 'Z10');
    const farEdits = diffEdits(old, far);
    assert.equal(applyEdits(old, farEdits), far);
    assert.deepEqual(
      farEdits.map((e) => [e.start, e.end]),
      [
        [0, 1],
        [6 + head.length, old.indexOf('z10') + 1],
      ],
    );
  });
});

describe('diffEdits beyond the search reach: whitespace-only lines, then one block to the end', () => {
  const old = lines(300, (i) => `\tline ${i}`);
  const lineStart = (i: number) => old.indexOf(`\tline ${i}\n`);

  it('each line that differs only in indentation is its own edit; the first that differs otherwise starts one edit to the end', () => {
    const next = lines(300, (i) => (i === 150 ? '    LINE 150' : `    line ${i}`));
    const edits = diffEdits(old, next);
    assert.equal(applyEdits(old, edits), next);
    assert.deepEqual(
      edits.slice(0, 150),
      Array.from({ length: 150 }, (_, i) => ({ start: lineStart(i), end: lineStart(i) + 1, text: '    ' })),
    );
    assert.deepEqual(
      edits.slice(150).map((e) => [e.start, e.end]),
      [[lineStart(150), lineStart(299) + 1]],
    );
  });

  it('a line with a character added at its end is not a whitespace-only change', () => {
    const next = lines(300, (i) => (i === 150 ? '    line 150;' : `    line ${i}`));
    const edits = diffEdits(old, next);
    assert.equal(applyEdits(old, edits), next);
    assert.equal(edits.length, 151);
    assert.deepEqual([edits[150].start, edits[150].end], [lineStart(150), lineStart(299) + 1]);
  });

  it('a CRLF file reindented and turned to LF: every line is changed in whitespace only, edit by edit', () => {
    const crlf = Array.from({ length: 300 }, (_, i) => `\tline ${i}\r\n`).join('');
    const lf = lines(300, (i) => `    line ${i}`);
    const edits = diffEdits(crlf, lf);
    assert.equal(applyEdits(crlf, edits), lf);
    assert.equal(edits.length, 600);
    assert.deepEqual(edits.slice(0, 2), [
      { start: 0, end: 1, text: '    ' },
      { start: 7, end: 8, text: '' },
    ]);
  });

  it('a line break counts as whitespace: a last line without one matches the old line with one', () => {
    const text = '\ta\n' + lines(300, (i) => `x${i}`);
    assert.deepEqual(diffEdits(text, '    a'), [
      { start: 0, end: 1, text: '    ' },
      { start: 2, end: 3, text: '' },
      { start: 3, end: text.length, text: '' },
    ]);
  });
});

describe('diffEdits on a file changed nearly everywhere: blocks joined', () => {
  /** `count` changed lines, each followed by two unchanged ones: `count` blocks of one line. */
  const blocks = (count: number) => {
    const oldLines = Array.from({ length: 3 * count }, (_, i) => (i % 3 === 0 ? `k1m1 ${i}\n` : `same ${i}\n`));
    const next = lines(3 * count, (i) => (i % 3 === 0 ? `k2m2 ${i}` : `same ${i}`));
    const starts: number[] = [];
    let at = 0;
    oldLines.forEach((line, i) => {
      if (i % 3 === 0) starts.push(at);
      at += line.length;
    });
    return { old: oldLines.join(''), next, starts };
  };

  it('up to 10 000 changed blocks, each is diffed by characters', () => {
    const { old, next, starts } = blocks(10_000);
    const edits = diffEdits(old, next);
    assert.equal(edits.length, 20_000);
    assert.deepEqual(edits.slice(0, 2), [
      { start: 1, end: 2, text: '2' },
      { start: 3, end: 4, text: '2' },
    ]);
    assert.deepEqual(edits[19_999], { start: starts[9_999] + 3, end: starts[9_999] + 4, text: '2' });
  });

  it('above 10 000, each block is one edit, without what its ends have in common', () => {
    const { old, next, starts } = blocks(10_001);
    const edits = diffEdits(old, next);
    assert.equal(applyEdits(old, edits), next);
    assert.deepEqual(
      edits,
      starts.map((s) => ({ start: s + 1, end: s + 4, text: '2m2' })),
    );
  });

  it('above 10 000, what a block has in common at its start is not counted again at its end', () => {
    const { old, next } = blocks(10_001);
    const grown = old.replace('k1m1 0\n', 'ab\n').replace('k1m1 3\n', 'abab\n');
    const shrunk = next.replace('k2m2 0\n', 'abab\n').replace('k2m2 3\n', 'ab\n');
    const edits = diffEdits(grown, shrunk);
    assert.equal(applyEdits(grown, edits), shrunk);
    assert.deepEqual(edits.slice(0, 2), [
      { start: 2, end: 2, text: 'ab' },
      { start: 19, end: 21, text: '' },
    ]);
  });

  it('blocks that follow one another are joined, 64 lines to an edit', () => {
    const source = Array.from({ length: 12_000 }, (_, i) => `\tline ${i} = ${i % 7}`);
    const text = source.join('\n') + '\n';
    const reindented = source.map((l) => l.replace('\t', '    ')).join('\n') + '\n';
    const starts = [0];
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
    const edits = diffEdits(text, reindented);
    assert.equal(applyEdits(text, edits), reindented);
    assert.equal(edits.length, Math.ceil(12_000 / 64));
    edits.forEach((edit, k) => {
      assert.equal(edit.start, starts[64 * k], `edit ${k} starts at line ${64 * k}`);
      assert.equal(edit.end, starts[Math.min(64 * k + 63, 11_999)] + 1, `edit ${k} ends in line ${64 * k + 63}`);
    });
  });
});

describe('mapOffsets inside a replaced range', () => {
  it('a position within a range that starts mid-text keeps its place among that range\'s characters', () => {
    const edits = [{ start: 4, end: 9, text: 'ab\n  cd' }];
    assert.deepEqual(mapOffsets('x = ab cd;', edits, [4, 6, 8, 9, 10]), [4, 6, 10, 11, 12]);
  });
});

describe('caretZones', () => {
  it('widens each caret or selection over the spaces and tabs around it on its line, not over line breaks', () => {
    const text = 'a \t \tb\n  c  \n';
    assert.deepEqual(
      caretZones(text, [
        { start: 3, end: 3 },
        { start: 0, end: 0 },
        { start: 9, end: 10 },
        { start: 13, end: 13 },
      ]),
      [
        { start: 1, end: 5 },
        { start: 0, end: 0 },
        { start: 7, end: 12 },
        { start: 13, end: 13 },
      ],
    );
  });

  it('reaches the start and the end of the text', () => {
    assert.deepEqual(caretZones(' \t', [{ start: 1, end: 1 }]), [{ start: 0, end: 2 }]);
  });
});

describe('touches: what changes next to the typist', () => {
  const zone = { start: 4, end: 6 };

  it('an insertion touches the zone anywhere from its start to its end, and not an empty one', () => {
    assert.deepEqual(
      [3, 4, 5, 6, 7].map((at) => touches({ start: at, end: at, text: ';' }, zone)),
      [false, true, true, true, false],
    );
    assert.equal(touches({ start: 5, end: 5, text: '' }, zone), false);
  });

  it('a replacement touches the zone or the character just before it, not the one after it', () => {
    const replace = (start: number, end: number) => touches({ start, end, text: 'x' }, zone);
    assert.deepEqual([replace(2, 3), replace(3, 4), replace(5, 6), replace(6, 7), replace(0, 9)], [false, true, true, false, true]);
  });
});

describe('splitAtZones', () => {
  const text = 'x'.repeat(600);

  it('nothing touched: everything applies now and nothing waits', () => {
    const edits = [{ start: 10, end: 11, text: 'y' }];
    const { now, waiting } = splitAtZones(text, edits, [{ start: 300, end: 300 }]);
    assert.deepEqual(now, edits);
    assert.notEqual(now, edits);
    assert.deepEqual(waiting, []);
  });

  it('on one long line, the edits up to 240 characters after the zone wait, not further', () => {
    const edits = [
      { start: 100, end: 100, text: ';' },
      { start: 340, end: 341, text: 'Y' },
      { start: 341, end: 342, text: 'Z' },
    ];
    const { now, waiting } = splitAtZones(text, edits, [{ start: 100, end: 100 }]);
    assert.deepEqual(waiting, edits.slice(0, 2));
    assert.deepEqual(now, edits.slice(2));
  });

  it('an edit ending right where the caret\'s line starts (its line break) waits with the line', () => {
    const edits = [
      { start: 1, end: 2, text: '\r\n' },
      { start: 4, end: 4, text: ';' },
    ];
    const { now, waiting } = splitAtZones('a\nb |', edits, [{ start: 3, end: 4 }]);
    assert.deepEqual(now, []);
    assert.deepEqual(waiting, edits);
  });

  it('in a CRLF file, the caret line waits whole: never one of two quotes changed', () => {
    const before = "a = 'x' \r\nb = 1";
    const edits = diffEdits(before, 'a = "x";\r\nb = 1;\r\n');
    const { now, waiting } = splitAtZones(before, edits, caretZones(before, [{ start: 8, end: 8 }]));
    assert.equal(applyEdits(before, now), "a = 'x' \r\nb = 1;\r\n");
    assert.ok(waiting.length > 0);
  });
});

describe('inverseEdits', () => {
  it('undoing a later edit accounts for the change in length of the edits before it', () => {
    const deleteTab = { start: 0, end: 1, text: '' };
    const insertSpace = { start: 1, end: 1, text: ' ' };
    assert.deepEqual(inverseEdits('\t', [deleteTab, insertSpace], new Set([insertSpace])), [{ start: 0, end: 1, text: '' }]);
    const replace = { start: 1, end: 2, text: ' ' };
    const insert = { start: 2, end: 2, text: 'x' };
    assert.deepEqual(inverseEdits('\taba', [replace, insert], new Set([insert])), [{ start: 2, end: 3, text: '' }]);
    assert.deepEqual(inverseEdits('\taba', [replace, insert], new Set()), []);
  });

  it('applied then partly undone gives the text with only the other edits applied (500 runs)', () => {
    const textArb = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '\n'), maxLength: 40 });
    fc.assert(
      fc.property(
        textArb.chain((text) => fc.tuple(fc.constant(text), fc.array(fc.tuple(fc.nat(text.length), fc.nat(3), fc.string({ maxLength: 3 }), fc.boolean()), { maxLength: 6 }))),
        ([text, raw]) => {
          const applied: OffsetEdit[] = [];
          const undone = new Set<OffsetEdit>();
          let at = 0;
          for (const [start, length, inserted, undo] of [...raw].sort((x, y) => x[0] - y[0])) {
            if (start < at) continue;
            const edit = { start, end: Math.min(text.length, start + length), text: inserted };
            applied.push(edit);
            if (undo) undone.add(edit);
            at = edit.end === start ? edit.end + 1 : edit.end;
          }
          const undoneText = applyEdits(applyEdits(text, applied), inverseEdits(text, applied, undone));
          assert.equal(
            undoneText,
            applyEdits(
              text,
              applied.filter((e) => !undone.has(e)),
            ),
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});
