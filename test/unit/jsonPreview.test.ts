import * as assert from 'node:assert/strict';
import { describeAction, jsonPreview, MAX_SHOWN } from '../../src/config/model';

describe('jsonPreview: the start of a value\'s JSON, written a piece at a time', () => {
  it('writes what JSON.stringify writes, for ordinary values', () => {
    const values: unknown[] = [1, 'x', null, true, [1, 'a', null, [2, [3]]], { a: 1, b: { c: 'd', e: [{}] }, f: [] }, [undefined, () => 1, Symbol('s')], 'a quote " a backslash \\ a line\n'];
    for (const value of values) assert.deepEqual(jsonPreview(value, 1000), { text: JSON.stringify(value), whole: true }, String(JSON.stringify(value)));
  });

  it('leaves out what JSON.stringify leaves out of an object: undefined, functions, symbols, inherited keys', () => {
    const own = Object.assign(Object.create({ inherited: 1 }) as object, { a: 1, u: undefined, f: () => 1, s: Symbol('s'), b: 'x' });
    assert.equal(jsonPreview(own, 1000).text, '{"a":1,"b":"x"}');
    assert.equal(jsonPreview(own, 1000).text, JSON.stringify(own));
  });

  it('a cycle is "[cycle]"; the same object twice side by side is written twice; a bigint as its digits', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    assert.equal(jsonPreview(cyclic, 1000).text, '{"a":1,"self":"[cycle]"}');
    const shared = { x: 1 };
    assert.equal(jsonPreview({ a: shared, b: [shared, shared] }, 1000).text, '{"a":{"x":1},"b":[{"x":1},{"x":1}]}');
    assert.equal(jsonPreview({ n: 10n }, 1000).text, '{"n":10}');
  });

  it('whole exactly when all of it fits in max; else cut a little past max', () => {
    assert.deepEqual(jsonPreview('abc', 5), { text: '"abc"', whole: true });
    assert.deepEqual(jsonPreview('abcd', 5), { text: '"abcd"', whole: false });
    // A long string, a long key, a long array: each cut, never written whole.
    assert.deepEqual(jsonPreview('x'.repeat(1_000_000), 10), { text: `"${'x'.repeat(11)}"`, whole: false });
    assert.deepEqual(jsonPreview({ ['k'.repeat(100)]: 1, other: 2 }, 10), { text: `{"${'k'.repeat(11)}":1`, whole: false });
    assert.deepEqual(jsonPreview(new Array(1000).fill(1), 10), { text: '[1,1,1,1,1,', whole: false });
  });

  it('describeAction cuts a text at exactly MAX_SHOWN characters', () => {
    assert.equal(describeAction({ kind: 'notify', text: 'n'.repeat(MAX_SHOWN), severity: 'info' }), `notify "${'n'.repeat(MAX_SHOWN)}"`);
    assert.equal(describeAction({ kind: 'notify', text: 'n'.repeat(MAX_SHOWN + 1), severity: 'info' }), `notify "${'n'.repeat(MAX_SHOWN)}…"`);
  });
});
