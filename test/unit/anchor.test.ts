import * as assert from 'node:assert/strict';
import { anchorAt, offsetOf } from '../../src/core/anchor';

/** Moves a caret (marked `|` in `before`) through a reformat to `after`; returns `after` with the caret. */
function carry(before: string, after: string): string {
  const offset = before.indexOf('|');
  const anchor = anchorAt(before.replace('|', ''), offset);
  const mapped = offsetOf(after, anchor);
  return after.slice(0, mapped) + '|' + after.slice(mapped);
}

describe('caret anchors across a reformat', () => {
  it('keeps the caret after the same character when whitespace is added around it', () => {
    assert.equal(carry('{"a":1,"b":2|}', '{\n  "a": 1,\n  "b": 2\n}'), '{\n  "a": 1,\n  "b": 2|\n}');
    assert.equal(carry('{"a":1,"b":|2}', '{\n  "a": 1,\n  "b": 2\n}'), '{\n  "a": 1,\n  "b":| 2\n}');
  });

  it('keeps the caret inside a word', () => {
    assert.equal(carry('let   x=fo|o;', 'let x = foo;'), 'let x = fo|o;');
  });

  it('keeps the caret at the end of an indented blank line when the indent survives', () => {
    assert.equal(carry('{\n    |\n}', '{\n    \n}'), '{\n    |\n}');
  });

  it('shrinks the whitespace gap when the formatter removed some of it', () => {
    assert.equal(carry('a    |b', 'a b'), 'a |b');
  });

  it('caret at the start and the end', () => {
    assert.equal(carry('|  x', 'x'), '|x');
    assert.equal(carry('x  |', 'x\n'), 'x\n|');
  });

  it('does not run past the end when the formatter removed characters', () => {
    assert.equal(carry('abc,|', 'abc'), 'abc|');
  });
});
