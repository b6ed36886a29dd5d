import * as assert from 'node:assert/strict';
import { ContentChange, EditedLines, MAX_RANGES, lineBreaks } from '../../src/core/editedRanges';

/** A change as `onDidChangeTextDocument` reports it. */
const change = (startLine: number, startCharacter: number, endLine: number, endCharacter: number, text: string): ContentChange => ({
  range: { start: { line: startLine, character: startCharacter }, end: { line: endLine, character: endCharacter } },
  text,
});
const typed = (line: number, character: number, text: string) => change(line, character, line, character, text);

describe('EditedLines: what the user edited since the last settle', () => {
  it('typing on one line is that line; an error there or on the next line touches it, 50 lines away does not', () => {
    const edited = new EditedLines();
    assert.equal(edited.isEmpty, true);
    for (let c = 0; c < 10; c++) edited.record([typed(40, 4 + c, 'x')]);
    assert.deepEqual(edited.ranges(), [[40, 40]]);
    assert.equal(edited.touches(40, 40), true);
    assert.equal(edited.touches(41, 41), true, 'the next line, within the default margin of 1');
    assert.equal(edited.touches(39, 39), true, 'the line above, within the margin');
    assert.equal(edited.touches(42, 42), false);
    assert.equal(edited.touches(41, 41, 0), false, 'no margin: only the edited line');
    assert.equal(edited.touches(90, 90), false, 'an error 50 lines away');
    assert.equal(edited.touches(0, 0), false);
    assert.equal(edited.touches(10, 60), true, 'an error spanning the edited line');
  });

  it('the lines to format (formatScope "changed"): typed in several places, carried through a format, reset to the caret lines left unformatted', () => {
    const unformatted = new EditedLines();
    unformatted.record([typed(2, 5, 'x')]);
    unformatted.record([typed(10, 0, 'y\nz')]);
    unformatted.record([typed(3, 0, 'w')]);
    assert.deepEqual(unformatted.ranges(), [[2, 3], [10, 11]], 'adjacent lines merge; a line break typed spans two lines');
    assert.equal(unformatted.lineCount, 4);
    // A format splits line 0 in two (not the user's): the typed lines move down, unmarked.
    unformatted.shift([change(0, 3, 0, 3, '\n')]);
    assert.deepEqual(unformatted.ranges(), [[3, 4], [11, 12]]);
    // Formatted, but the edits on the caret's line (12) waited for it: only that line stays.
    unformatted.clear();
    unformatted.mark(12, 12);
    assert.deepEqual(unformatted.ranges(), [[12, 12]]);
    assert.equal(unformatted.lineCount, 1);
    // Marking never moves a line: a diff's changed lines, given in any order.
    const diff = new EditedLines();
    diff.mark(7, 9);
    diff.mark(1, 1);
    diff.mark(10, 10);
    assert.deepEqual(diff.ranges(), [[1, 1], [7, 10]]);
    assert.equal(diff.touches(4, 5, 0), false);
    assert.equal(diff.touches(9, 9, 0), true);
  });

  it('stale: the user edited after the diagnostics last changed; the watchdog\'s own edits do not make it so', () => {
    const edited = new EditedLines();
    assert.equal(edited.stale, false, 'nothing edited yet');
    edited.record([typed(3, 0, 'x')]);
    assert.equal(edited.stale, true, 'typed after the last diagnostics');
    edited.diagnosed();
    assert.equal(edited.stale, false, 'the language server spoke since');
    edited.shift([change(0, 0, 0, 0, '\n')]);
    assert.equal(edited.stale, false, 'a format edit is not the user\'s');
    edited.recordFlat({ rangeStartLine: 1, rangeStartCharacter: 0, rangeEndLine: 1, rangeEndCharacter: 0, text: 'y' });
    assert.equal(edited.stale, true);
    edited.clear();
    assert.equal(edited.stale, true, 'a settle forgets the lines, not whether the diagnostics are current');
  });

  it('newlines inserted above move a range down; the new lines are edited too', () => {
    const edited = new EditedLines();
    edited.record([typed(10, 3, 'abc')]);
    edited.record([typed(2, 0, '\n\n')]);
    assert.deepEqual(edited.ranges(), [
      [2, 4],
      [12, 12],
    ]);
    assert.equal(edited.touches(10, 10), false, 'the old place of the edit is not edited any more');
    assert.equal(edited.touches(12, 12), true);
  });

  it('lines deleted above move a range up; the joined line is edited', () => {
    const edited = new EditedLines();
    edited.record([typed(20, 0, 'const x = ')]);
    edited.record([change(3, 0, 6, 0, '')]); // lines 3, 4 and 5 removed
    assert.deepEqual(edited.ranges(), [
      [3, 3],
      [17, 17],
    ]);
    assert.equal(edited.touches(20, 20), false);
    assert.equal(edited.touches(18, 18), true);
  });

  it('Enter at the end of an edited line grows it; a deletion across it shrinks and merges', () => {
    const edited = new EditedLines();
    edited.record([typed(5, 2, 'if (x) {')]);
    edited.record([typed(5, 10, '\n    ')]);
    assert.deepEqual(edited.ranges(), [[5, 6]]);
    edited.record([typed(9, 0, 'y')]);
    assert.deepEqual(edited.ranges(), [
      [5, 6],
      [9, 9],
    ]);
    edited.record([typed(8, 0, 'z')]); // adjacent to the second only (line 7 is between)
    assert.deepEqual(edited.ranges(), [
      [5, 6],
      [8, 9],
    ]);
    edited.record([typed(7, 0, 'w')]); // adjacent to both: one range
    assert.deepEqual(edited.ranges(), [[5, 9]]);
    edited.record([change(6, 0, 9, 1, '')]); // lines 6..9 joined into line 6
    assert.deepEqual(edited.ranges(), [[5, 6]]);
  });

  it('multi-cursor typing in one event: VS Code reports the changes bottom first; top first (sequential positions) gives the same', () => {
    // Three carets at column 0 of lines 3, 7 and 12 press Enter.
    const descending = new EditedLines();
    descending.record([typed(12, 0, '\n'), typed(7, 0, '\n'), typed(3, 0, '\n')]);
    const ascending = new EditedLines();
    // Applied in order, each position is in the document as the previous changes left it.
    ascending.record([typed(3, 0, '\n'), typed(8, 0, '\n'), typed(14, 0, '\n')]);
    const expected = [
      [3, 4],
      [8, 9],
      [14, 15],
    ];
    assert.deepEqual(descending.ranges(), expected);
    assert.deepEqual(ascending.ranges(), expected);
    // Plain characters at the three carets: no line moves, either order.
    const chars = new EditedLines();
    chars.record([typed(12, 4, 'x'), typed(7, 4, 'x'), typed(3, 4, 'x')]);
    const charsUp = new EditedLines();
    charsUp.record([typed(3, 4, 'x'), typed(7, 4, 'x'), typed(12, 4, 'x')]);
    assert.deepEqual(chars.ranges(), [
      [3, 3],
      [7, 7],
      [12, 12],
    ]);
    assert.deepEqual(charsUp.ranges(), chars.ranges());
    assert.equal(chars.touches(30, 30), false);
    assert.equal(chars.touches(13, 13), true);
  });

  it('a paste of many lines is one range; what was below moves down by as many lines', () => {
    const edited = new EditedLines();
    edited.record([typed(800, 0, 'x')]);
    const pasted = Array.from({ length: 500 }, (_, i) => `line ${i}`).join('\r\n');
    edited.record([typed(100, 0, pasted)]);
    assert.deepEqual(edited.ranges(), [
      [100, 599],
      [1299, 1299],
    ]);
    assert.equal(edited.touches(350, 352), true);
    assert.equal(edited.touches(700, 700), false);
    assert.equal(edited.touches(1300, 1300), true);
  });

  it('an edit replacing lines that hold several ranges merges them with it', () => {
    const edited = new EditedLines();
    edited.record([typed(10, 0, 'a'), typed(14, 0, 'b'), typed(30, 0, 'c')]);
    edited.record([change(9, 3, 16, 0, 'x\ny')]); // lines 9..16 become 9..10
    assert.deepEqual(edited.ranges(), [
      [9, 10],
      [24, 24],
    ]);
  });

  it('clear() at a settle forgets everything', () => {
    const edited = new EditedLines();
    edited.record([typed(1, 0, 'x'), typed(9, 0, 'y')]);
    edited.clear();
    assert.equal(edited.isEmpty, true);
    assert.equal(edited.touches(1, 1), false);
    edited.record([typed(4, 0, 'z')]);
    assert.deepEqual(edited.ranges(), [[4, 4]]);
  });

  it(`beyond ${MAX_RANGES} separate ranges they coalesce into one spanning range`, () => {
    const edited = new EditedLines();
    for (let i = 0; i < MAX_RANGES; i++) edited.record([typed(10 * i, 0, 'x')]);
    assert.equal(edited.ranges().length, MAX_RANGES);
    assert.equal(edited.touches(5, 5, 1), false, 'still separate: line 5 is 4 lines from both neighbours');
    edited.record([typed(10 * MAX_RANGES, 0, 'x')]);
    assert.deepEqual(edited.ranges(), [[0, 10 * MAX_RANGES]]);
    assert.equal(edited.touches(5, 5, 0), true);
    // And it keeps working as one range.
    edited.record([typed(0, 0, '\n')]);
    assert.deepEqual(edited.ranges(), [[0, 10 * MAX_RANGES + 1]]);
  });

  it("shift(): the watchdog's own edits move the ranges without marking lines", () => {
    const edited = new EditedLines();
    edited.record([typed(20, 0, 'x'), typed(5, 0, 'y')]);
    // A format adding 3 lines at the top and removing one line between the ranges.
    edited.shift([change(12, 0, 13, 0, ''), typed(0, 0, '\n\n\n')]);
    assert.deepEqual(edited.ranges(), [
      [8, 8],
      [22, 22],
    ]);
    // A format rewriting lines 6..9 (holding the range at 8) into 6..7: the range stretches over them.
    edited.shift([change(6, 0, 9, 5, 'a\nb')]);
    assert.deepEqual(edited.ranges(), [
      [6, 7],
      [20, 20],
    ]);
    // Lines removed between two ranges: line 19 (unedited) still separates them.
    edited.shift([change(8, 0, 19, 0, '')]);
    assert.deepEqual(edited.ranges(), [
      [6, 7],
      [9, 9],
    ]);
    // Line 8 joined with the edited line 9: they now touch, merged.
    edited.shift([change(8, 0, 9, 0, '')]);
    assert.deepEqual(edited.ranges(), [[6, 8]]);
  });

  it('recordFlat() takes the same change spelled out flat', () => {
    const a = new EditedLines();
    const b = new EditedLines();
    a.record([change(3, 1, 5, 2, 'p\nq'), typed(9, 0, 'r')]);
    b.recordFlat({ rangeStartLine: 3, rangeStartCharacter: 1, rangeEndLine: 5, rangeEndCharacter: 2, text: 'p\nq' });
    b.recordFlat({ rangeStartLine: 9, rangeStartCharacter: 0, rangeEndLine: 9, rangeEndCharacter: 0, text: 'r' });
    assert.deepEqual(b.ranges(), a.ranges());
  });

  it('counts line breaks as a text model does: \\n, \\r\\n and a lone \\r', () => {
    assert.equal(lineBreaks(''), 0);
    assert.equal(lineBreaks('abc'), 0);
    assert.equal(lineBreaks('a\nb\n'), 2);
    assert.equal(lineBreaks('a\r\nb\r\n'), 2);
    assert.equal(lineBreaks('a\rb\r\n\nc\r'), 4);
  });

  it('two lone \r in a row are two line breaks (only a \n right after a \r joins it)', () => {
    assert.equal(lineBreaks('a\r\rb'), 2);
    assert.equal(lineBreaks('\r\r\n'), 2);
    assert.equal(lineBreaks('\n\r\r'), 3);
  });

  it('isEmpty: false once a line is recorded, true again after clear()', () => {
    const edited = new EditedLines();
    edited.record([typed(7, 0, 'x')]);
    assert.equal(edited.isEmpty, false);
    edited.clear();
    assert.equal(edited.isEmpty, true);
  });

  it('matches a line-by-line model of the document on random edit sequences (seeded)', () => {
    let seed = 12345;
    const next = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 4294967296;
    };
    for (let run = 0; run < 300; run++) {
      // The model: one flag per line of the document, true when edited since the clear.
      let flags: boolean[] = Array.from({ length: 1 + Math.floor(next() * 60) }, () => false);
      const edited = new EditedLines();
      for (let step = 0; step < 40; step++) {
        const mark = next() < 0.8;
        const count = 1 + Math.floor(next() * 3);
        const changes: ContentChange[] = [];
        for (let c = 0; c < count; c++) {
          const from = Math.floor(next() * flags.length);
          const to = Math.min(flags.length - 1, from + (next() < 0.6 ? 0 : Math.floor(next() * 6)));
          const breaks = next() < 0.5 ? 0 : Math.floor(next() * 5);
          const text = Array.from({ length: breaks + 1 }, () => 'x').join(next() < 0.5 ? '\n' : '\r\n');
          const replaced = flags.slice(from, to + 1).some(Boolean);
          // Applied in order, as VS Code's changes of one event are.
          flags = [...flags.slice(0, from), ...Array.from({ length: breaks + 1 }, () => mark || replaced), ...flags.slice(to + 1)];
          changes.push(change(from, 0, to, 0, text));
        }
        if (mark) edited.record(changes);
        else edited.shift(changes);
        if (next() < 0.05) {
          edited.clear();
          flags = flags.map(() => false);
        }
        const expected: Array<[number, number]> = [];
        flags.forEach((f, line) => {
          if (!f) return;
          const last = expected[expected.length - 1];
          if (last !== undefined && last[1] === line - 1) last[1] = line;
          else expected.push([line, line]);
        });
        assert.deepEqual(edited.ranges(), expected, `run ${run}, step ${step}`);
        const probe = Math.floor(next() * flags.length);
        const margin = Math.floor(next() * 3);
        const near = flags.some((f, line) => f && line >= probe - margin && line <= probe + 1 + margin);
        assert.equal(edited.touches(probe, probe + 1, margin), near, `run ${run}, step ${step}: touches(${probe}, ${probe + 1}, ${margin})`);
      }
    }
  });
});
