// Bad input never crashes: thousands of random settings values (any JSON a user can write, and the
// numbers JSON turns into Infinity) go through the parsers. Each gives a usable result and messages,
// never an exception. Seeded, so a failure names a value that fails again.
import * as assert from 'node:assert/strict';
import { BUILTIN_ACTIONS } from '../../src/config/model';
import { CONDITION_KEYS, MAX_DELAY, parseActions, parseKickOn, parsePositive, parseSizeLimit, Problems, resolveStages, show, STAGE_KEYS } from '../../src/config/parse';

/** mulberry32: a small seeded generator, so every run tries the same values. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [...STAGE_KEYS, ...CONDITION_KEYS, ...BUILTIN_ACTIONS, 'command', 'args', 'kind', 'message', 'severity', 'window', 'document', 'edit', '__proto__', 'constructor', 'toString', 'true', 'no', '', ' ', 'x'.repeat(5000), 'editor.action.formatDocument', '**/*.ts', '[', '{'];
const NUMBERS = [0, -0, 1, -1, 0.5, 700, 2000, 1e20, 1e308, -1e308, Infinity, -Infinity, Number.MAX_SAFE_INTEGER, 2 ** 31, NaN];

function value(next: () => number, depth: number): unknown {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
  const kind = Math.floor(next() * (depth > 3 ? 5 : 7));
  switch (kind) {
    case 0:
      return null;
    case 1:
      return next() < 0.5;
    case 2:
      return pick(NUMBERS);
    case 3:
    case 4:
      return pick(WORDS);
    case 5:
      return Array.from({ length: Math.floor(next() * 5) }, () => value(next, depth + 1));
    default: {
      // As JSON.parse builds it: "__proto__" is an own key, not the prototype.
      return Object.fromEntries(Array.from({ length: Math.floor(next() * 5) }, () => [pick(WORDS), value(next, depth + 1)]));
    }
  }
}

function assertDelay(delay: number, what: string): void {
  assert.ok(typeof delay === 'number' && delay >= 0 && delay <= MAX_DELAY, `${what}: delay ${delay}`);
}

describe('settings: any value a user can write', () => {
  it('gives usable stages, actions, kick sources and limits, with messages, never an exception (3000 random values)', () => {
    const next = random(20261129);
    let reported = 0;
    for (let i = 0; i < 3000; i++) {
      const raw = { delay: value(next, 0), actions: value(next, 0), when: value(next, 0), stages: value(next, 0) };
      const problems = new Problems();
      const what = `#${i} ${show(raw)}`;
      const { document, window } = resolveStages(raw, problems);
      assert.ok(document.length >= 1, `${what}: the main stage is always there`);
      for (const stage of [...document, ...window]) {
        assertDelay(stage.delay, what);
        assert.ok(Array.isArray(stage.actions), what);
        for (const action of stage.actions) assert.equal(typeof action.kind, 'string', what);
        assert.ok(stage.scope === 'document' || stage.scope === 'window', what);
        assert.equal(typeof stage.when, 'object', what);
      }
      assert.ok(parseActions(raw.actions, 'a', [], problems).every((a) => typeof a.kind === 'string'), what);
      for (const source of parseKickOn(raw.when, 'k', problems)) assert.ok(['edit', 'selection', 'editorSwitch', 'scroll', 'focus'].includes(source), what);
      assertDelay(parsePositive(raw.delay, 't', 5000, problems), what);
      const limit = parseSizeLimit(raw.delay, 'f', true, problems);
      assert.equal(typeof limit, 'object', what);
      for (const message of problems.messages) {
        assert.equal(typeof message, 'string', what);
        assert.ok(message.length < 600, `${what}: a message a person can read (${message.length} characters): ${message.slice(0, 300)}`);
      }
      if (problems.messages.length > 0) reported++;
    }
    assert.ok(reported > 1000, `most random values are reported (${reported})`);
  });
});
