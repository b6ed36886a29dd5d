import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyEdits, caretZones, diffEdits, inverseEdits, mapOffsets, OffsetEdit, reduceEdits, splitAtZones } from '../../src/core/textEdits';

/** `marked` without its carets (`|`), and where they were. */
function unmark(marked: string): { text: string; carets: number[] } {
  const carets: number[] = [];
  let text = '';
  marked.split('|').forEach((part, i) => {
    if (i > 0) carets.push(text.length);
    text += part;
  });
  return { text, carets };
}

/** `text` with a `|` at each of `carets`. */
function mark(text: string, carets: readonly number[]): string {
  let out = text;
  for (const at of [...carets].sort((a, b) => b - a)) out = out.slice(0, at) + '|' + out.slice(at);
  return out;
}

/** Carries carets (each `|` in `before`) through the whole-document change to `after`, via minimal edits. */
function carry(before: string, after: string): string {
  const { text, carets } = unmark(before);
  const edits = diffEdits(text, after);
  assert.equal(applyEdits(text, edits), after);
  return mark(after, mapOffsets(text, edits, carets));
}

/** What `before` (carets as `|`) becomes with only the edits that do not touch a caret, carets carried. */
function formatAround(before: string, after: string): string {
  const { text, carets } = unmark(before);
  const zones = caretZones(
    text,
    carets.map((c) => ({ start: c, end: c })),
  );
  const { now } = splitAtZones(text, diffEdits(text, after), zones);
  return mark(applyEdits(text, now), mapOffsets(text, now, carets));
}

describe('exact positions through minimal edits', () => {
  it('the case from issue 17: quotes and semicolons above the caret, the caret lands where it was', () => {
    const before = "const a = 'x'\nconst b = 'y'\nreturn 1 + 2|";
    const after = 'const a = "x";\nconst b = "y";\nreturn 1 + 2;\n';
    assert.equal(carry(before, after), 'const a = "x";\nconst b = "y";\nreturn 1 + 2|;\n');
  });

  it('trailing commas and parentheses inserted before the caret move it by exactly their length', () => {
    assert.equal(carry('f(a, b => b)\nlet x = [\n  1,\n  2\n]\nx|', 'f(a, (b) => b);\nlet x = [\n  1,\n  2,\n];\nx;\n'), 'f(a, (b) => b);\nlet x = [\n  1,\n  2,\n];\nx|;\n');
  });

  it('a whole-document replacement that changes one character becomes one one-character edit', () => {
    const text = 'line one\nline two\nline three\n';
    const edits = diffEdits(text, 'line one\nline 2wo\nline three\n');
    assert.deepEqual(edits, [{ start: 14, end: 15, text: '2' }]);
  });

  it('unchanged lines between changes are left alone', () => {
    const text = "a('1')\nkeep me\nb('2')\n";
    const edits = diffEdits(text, 'a("1");\nkeep me\nb("2");\n');
    for (const edit of edits) assert.ok(edit.end <= 6 || edit.start >= 15, JSON.stringify(edit));
  });

  it('a position inside a replaced range keeps its place among the non-whitespace characters', () => {
    const text = 'aaaa bbbb';
    const edits: OffsetEdit[] = [{ start: 0, end: 9, text: 'aaaa\n  bbbb' }];
    assert.deepEqual(mapOffsets(text, edits, [7]), [9]);
  });

  it('an insertion right at a position stays after it; a deletion ending at it moves it back', () => {
    assert.deepEqual(mapOffsets('abc', [{ start: 1, end: 1, text: 'XX' }], [1, 2]), [1, 4]);
    assert.deepEqual(mapOffsets('abc', [{ start: 0, end: 1, text: '' }], [1, 3]), [0, 2]);
  });

  it('reduceEdits keeps insertions and deletions as they are and diffs replacements', () => {
    const text = 'x = 1\ny = 2\n';
    const reduced = reduceEdits(text, [
      { start: 0, end: 0, text: '// top\n' },
      { start: 0, end: text.length, text: 'x = 1;\ny = 2;\n' },
    ]);
    assert.equal(applyEdits(text, [{ start: 0, end: 0, text: '// top\n' }, ...diffEdits(text, 'x = 1;\ny = 2;\n')]), applyEdits(text, reduced));
  });

  it('a file changed on every line (reindented): edits of at most 64 lines, and a caret holds back only its own', () => {
    const lines = Array.from({ length: 12_000 }, (_, i) => `\tline ${i} = ${i % 7}`);
    const text = lines.join('\n') + '\n';
    const reindented = lines.map((l) => l.replace('\t', '    ')).join('\n') + '\n';
    const edits = diffEdits(text, reindented);
    assert.equal(applyEdits(text, edits), reindented);
    assert.ok(edits.length >= 12_000 / 64 && edits.length < 12_000, `${edits.length} edits`);
    const caret = text.indexOf('line 6000 ');
    const { now, waiting } = splitAtZones(text, edits, caretZones(text, [{ start: caret - 1, end: caret - 1 }]));
    assert.equal(waiting.length, 1, 'only the edit over the caret waits');
    assert.equal(applyEdits(applyEdits(text, now), []).split('\n').filter((l) => l.startsWith('\t')).length <= 64, true);
  });

  it('a minified one-line file pretty-printed: carets keep their place among the characters (one block, aligned)', () => {
    const rows = Array.from({ length: 400 }, (_, i) => ({ id: i, name: `item ${i}` }));
    const text = JSON.stringify(rows);
    const pretty = JSON.stringify(rows, null, 4) + '\n';
    const carets = [7, 123, 2001].map((k) => text.indexOf('"name"', text.indexOf(`{"id":${k},`)));
    const edits = diffEdits(text, pretty);
    assert.equal(applyEdits(text, edits), pretty);
    for (const at of mapOffsets(text, edits, carets)) {
      const line = pretty.slice(pretty.lastIndexOf('\n', at - 1) + 1, at);
      assert.match(line, /^\s+"id": \d+,$/, JSON.stringify(line));
    }
  });

  it('a block longer than the search reach (300 lines inserted) is still found and exact', () => {
    const head = Array.from({ length: 50 }, (_, i) => `a${i}`).join('\n');
    const tail = Array.from({ length: 50 }, (_, i) => `z${i}`).join('\n');
    const inserted = Array.from({ length: 300 }, (_, i) => `new ${i}`).join('\n');
    const text = `${head}\n${tail}\n`;
    const next = `${head}\n${inserted}\n${tail}\n`;
    const edits = diffEdits(text, next);
    assert.equal(applyEdits(text, edits), next);
  });

  it('a block too different to diff is replaced as one edit, still exact', () => {
    const a = Array.from({ length: 3000 }, (_, i) => `a${i}`).join('');
    const b = Array.from({ length: 3000 }, (_, i) => `b${i}`).join('');
    const edits = diffEdits(a, b);
    assert.equal(applyEdits(a, edits), b);
  });
});

describe('the caret zone: what touches the characters next to a caret waits', () => {
  it('the character right before the caret is the typist\'s: a trailing comma it follows is not removed', () => {
    assert.equal(formatAround('x = [1, 2,|]', 'x = [1, 2];\n'), 'x = [1, 2,|]');
  });

  it('a semicolon or a final newline right at the caret waits (the insertion is at the typist\'s place)', () => {
    assert.equal(formatAround('a = 1\nreturn 1 + 2|', 'a = 1;\nreturn 1 + 2;\n'), 'a = 1;\nreturn 1 + 2|');
  });

  it('the caret line waits whole: never one of two quotes changed', () => {
    assert.equal(formatAround("a = 'x' |", 'a = "x";\n'), "a = 'x' |");
  });

  it('on a very long line (a minified file) only the stretch near the caret waits', () => {
    const far = 'x'.repeat(300);
    assert.equal(formatAround(`a = 'q';${far}b = 1 |${far}c = 'r'`, `a = "q";${far}b = 1;${far}c = "r"`), `a = "q";${far}b = 1 |${far}c = "r"`);
  });

  it('a pause after a space in a comment: the trimmed space and the final newline wait', () => {
    assert.equal(formatAround('// hello |', '// hello\n'), '// hello |');
  });

  it('the rest of the document is formatted now', () => {
    assert.equal(formatAround("const a = 'x'\n// hello |", 'const a = "x";\n// hello\n'), 'const a = "x";\n// hello |');
  });

  it('an Enter before the pause: the empty last line is not removed under the caret', () => {
    assert.equal(formatAround('a = 1\n|', 'a = 1;\n'), 'a = 1;\n|');
  });

  it('a caret after trailing spaces on an earlier line is not touched by trimming the line above', () => {
    assert.equal(formatAround('a = 1   \n|b', 'a = 1;\nb;\n'), 'a = 1;\n|b;\n');
  });

  it('the run of spaces the caret is in is not rewritten (nor the rest of its line)', () => {
    assert.equal(formatAround("x =   | 'y'\nz = 1", 'x = "y";\nz = 1;\n'), "x =   | 'y'\nz = 1;\n");
  });

  it('a string: the space typed inside it stays, the quotes around it are changed', () => {
    assert.equal(formatAround("s = 'hello |'", 's = "hello ";\n'), 's = "hello |";\n');
  });

  it('each caret of a multi-caret edit has its own zone', () => {
    assert.equal(formatAround("a = 'x' |\nb = 'y' |\nc = 'z'", 'a = "x";\nb = "y";\nc = "z";\n'), "a = 'x' |\nb = 'y' |\nc = \"z\";\n");
  });

  it('the edits that wait, undone after the fact, give back the text at the caret (the save case)', () => {
    const text = 'return |';
    const plain = text.replace('|', '');
    const saved = 'return\n';
    const edits = diffEdits(plain, saved);
    const { waiting } = splitAtZones(plain, edits, caretZones(plain, [{ start: 7, end: 7 }]));
    const restored = applyEdits(saved, inverseEdits(plain, edits, new Set(waiting)));
    assert.equal(restored, 'return ');
  });
});

/** Random text from a small alphabet, so diffs have plenty to match and to miss. */
const textArb = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '\n', ';', '"', "'", '\r\n', '\t'), maxLength: 120 });

/** Random sorted, non-overlapping edits of `text`. */
const editsOf = (text: string) =>
  fc
    .array(fc.tuple(fc.nat(text.length), fc.nat(6), textArb.map((s) => s.slice(0, 8))), { maxLength: 8 })
    .map((raw) => {
      const edits: OffsetEdit[] = [];
      let at = 0;
      for (const [start, length, inserted] of [...raw].sort((x, y) => x[0] - y[0])) {
        if (start < at) continue;
        const end = Math.min(text.length, start + length);
        edits.push({ start, end, text: inserted });
        at = end === start ? end + 1 : end;
      }
      return edits;
    });

describe('the mapping, proved on random texts and edits (fast-check)', () => {
  const runs = 1000;

  it(`a whole-document replacement reduced to minimal edits reproduces the new text (${runs} runs)`, () => {
    fc.assert(
      fc.property(textArb, textArb, (a, b) => {
        assert.equal(applyEdits(a, diffEdits(a, b)), b);
      }),
      { numRuns: runs },
    );
  });

  it(`the reduced edits are sorted, apart, and each really changes something (${runs} runs)`, () => {
    fc.assert(
      fc.property(textArb, textArb, (a, b) => {
        const edits = diffEdits(a, b);
        for (let i = 0; i < edits.length; i++) {
          assert.ok(edits[i].start <= edits[i].end);
          assert.ok(edits[i].text.length > 0 || edits[i].end > edits[i].start);
          if (i > 0) assert.ok(edits[i - 1].end < edits[i].start || (edits[i - 1].end === edits[i].start && edits[i - 1].start < edits[i].start));
        }
      }),
      { numRuns: runs },
    );
  });

  it(`every position outside an edit maps exactly: the same characters around it (${runs} runs)`, () => {
    fc.assert(
      fc.property(
        textArb.chain((text) => fc.tuple(fc.constant(text), editsOf(text), fc.array(fc.nat(text.length), { maxLength: 20 }))),
        ([text, edits, offsets]) => {
          const result = applyEdits(text, edits);
          const mapped = mapOffsets(text, edits, offsets);
          offsets.forEach((p, i) => {
            const q = mapped[i];
            assert.ok(q >= 0 && q <= result.length);
            const inside = edits.some((e) => e.start < p && p < e.end);
            if (inside) return;
            // Before the first edit at or after p, the text reads the same from p and from q.
            const next = edits.find((e) => e.start >= p || e.end > p);
            const untilEdit = next === undefined ? text.length - p : next.start - p;
            assert.equal(result.slice(q, q + untilEdit), text.slice(p, p + untilEdit));
            const previous = [...edits].reverse().find((e) => e.end <= p && !(e.start === p && e.end === p));
            const sinceEdit = previous === undefined ? p : p - previous.end;
            assert.equal(result.slice(q - sinceEdit, q), text.slice(p - sinceEdit, p));
          });
        },
      ),
      { numRuns: runs },
    );
  });

  it(`mapping through minimal edits keeps a position's order among all positions (${runs} runs)`, () => {
    fc.assert(
      fc.property(textArb, textArb, fc.array(fc.nat(120), { maxLength: 20 }), (a, b, raw) => {
        const offsets = raw.map((p) => Math.min(p, a.length));
        const mapped = mapOffsets(a, diffEdits(a, b), offsets);
        for (let i = 0; i < offsets.length; i++)
          for (let j = 0; j < offsets.length; j++) if (offsets[i] < offsets[j]) assert.ok(mapped[i] <= mapped[j], `${offsets[i]}→${mapped[i]} vs ${offsets[j]}→${mapped[j]}`);
      }),
      { numRuns: runs },
    );
  });

  it(`applying only the edits outside the caret zones leaves the zone's text as typed (${runs} runs)`, () => {
    fc.assert(
      fc.property(textArb, textArb, fc.array(fc.nat(120), { minLength: 1, maxLength: 4 }), (a, b, raw) => {
        const carets = raw.map((p) => Math.min(p, a.length));
        const zones = caretZones(
          a,
          carets.map((c) => ({ start: c, end: c })),
        );
        const { now, waiting } = splitAtZones(a, diffEdits(a, b), zones);
        const result = applyEdits(a, now);
        const mapped = mapOffsets(a, now, carets);
        carets.forEach((c, i) => {
          const zone = zones[i];
          assert.equal(result.slice(mapped[i] - (c - zone.start), mapped[i] + (zone.end - c)), a.slice(zone.start, zone.end));
        });
        // Applying the waiting edits later (on the new text, mapped) completes the format.
        const later = waiting.map((e) => {
          const [start, end] = mapOffsets(a, now, [e.start, e.end]);
          return { start, end, text: e.text };
        });
        assert.equal(applyEdits(result, later), b);
      }),
      { numRuns: runs },
    );
  });
});
