// Bad input never crashes: thousands of random settings values (any JSON a user can write, and the
// numbers JSON turns into Infinity) go through the parsers. Each gives a usable result and messages,
// never an exception. Seeded, so a failure names a value that fails again.
import * as assert from 'node:assert/strict';
import { BUILTIN_ACTIONS, describeAction } from '../../src/config/model';
import { CONDITION_KEYS, DEFAULT_DELAY, MAX_DELAY, parseActions, parseKickOn, parsePositive, parseSizeLimit, Problems, resolveStages, show, STAGE_KEYS } from '../../src/config/parse';

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

/**
 * Values no one writes by hand, but a cloned repository's settings can hold (issue 22): each is
 * read quickly, reported by name, and gives a safe value. A step that recursed into a value, or
 * went through all of a huge list, would overflow the stack or make every settle slow.
 */
describe('settings: hostile shapes', () => {
  /** Nested `depth` deep, built without recursion. */
  const nested = (depth: number, wrap: (inner: unknown) => unknown): unknown => {
    let value: unknown = 'core';
    for (let i = 0; i < depth; i++) value = wrap(value);
    return value;
  };
  const read = (raw: { delay?: unknown; actions?: unknown; when?: unknown; stages?: unknown }) => {
    const problems = new Problems();
    const stages = resolveStages({ delay: 1000, actions: ['save'], when: undefined, stages: undefined, ...raw }, problems);
    for (const message of problems.messages) assert.ok(message.length < 600, message.slice(0, 200));
    return { ...stages, messages: problems.messages };
  };

  it('arrays and objects nested 10 000 deep, anywhere, are reported and never overflow the stack', () => {
    const deepArray = nested(10_000, (v) => [v]);
    const deepObject = nested(10_000, (v) => ({ when: v }));
    for (const deep of [deepArray, deepObject]) {
      const { document, window, messages } = read({ delay: deep, actions: deep, when: deep, stages: deep });
      assert.equal(document.length, 1, 'the main stage, with the safe values');
      assert.equal(window.length, 0);
      assert.equal(document[0].delay, DEFAULT_DELAY);
      assert.ok(messages.some((m) => m.startsWith('idleWatchdog.delay: a delay must be a number')), messages.join('\n'));
      assert.ok(messages.some((m) => m.startsWith('idleWatchdog.when: must be an object') || m.startsWith('idleWatchdog.when.when: unknown condition')), messages.join('\n'));
    }
    // As a command's arguments it is skipped with the cap named (arguments are shown whole when
    // a folder's settings ask to run them, and remembered with the answer).
    const { document, messages } = read({ actions: [{ command: 'ext.run', args: deepArray }, 'save'] });
    assert.deepEqual(document[0].actions, [{ kind: 'save' }]);
    assert.ok(messages.some((m) => m.startsWith('idleWatchdog.actions[0]: "args" is longer than 4000 characters as JSON; skipping this action')), messages.join('\n'));
    // Arguments just within the cap are kept, and described in short.
    const fits = read({ actions: [{ command: 'ext.run', args: nested(1990, (v) => [v]) }] }).document[0].actions[0];
    assert.equal(fits.kind, 'command');
    assert.equal(describeAction(fits), `ext.run(${'['.repeat(200)}…)`);
    assert.equal(describeAction({ kind: 'command', command: 'ext.run', args: [deepObject] }).length, 'ext.run()'.length + 201);
  });

  it('100 000 stages: the first 50 are read, the cap is named', () => {
    const stages = Array.from({ length: 100_000 }, (_, i) => ({ delay: 2000 + i, actions: ['save'] }));
    const started = process.cpuUsage();
    const { document, messages } = read({ stages });
    const used = process.cpuUsage(started);
    assert.equal(document.length, 51, 'the main stage and the first 50');
    assert.deepEqual(document.slice(1).map((s) => s.source), stages.slice(0, 50).map((_, i) => `idleWatchdog.stages[${i}]`));
    assert.equal(messages[0].slice(0, 84), 'idleWatchdog.stages: has 100000 stages, more than the 50 allowed; using the first 50');
    console.log(`      100 000 stages read in ${((used.user + used.system) / 1000).toFixed(1)} ms CPU`);
  });

  it('100 000 actions, in the main list or a stage: the first 50 run, the cap is named', () => {
    const actions = Array.from({ length: 100_000 }, () => 'save');
    const { document, messages } = read({ actions, stages: [{ delay: 5000, actions }] });
    assert.deepEqual(document.map((s) => s.actions.length), [50, 50]);
    assert.deepEqual(messages.map((m) => m.slice(0, m.indexOf(':'))), ['idleWatchdog.actions', 'idleWatchdog.stages[0].actions']);
    assert.ok(messages.every((m) => m.includes('has 100000 actions, more than the 50 a list may have; using the first 50')));
  });

  it('a 1 MB pattern and a 1 MB command id: the pattern is ignored by name; the command kept but shown in short', () => {
    const huge = 'a'.repeat(1_000_000);
    const { document, messages } = read({ when: { pattern: `**/${huge}` }, actions: [huge, { command: huge }] });
    assert.deepEqual(document[0].when, {});
    assert.ok(messages[0].startsWith('idleWatchdog.when.pattern: is 1000003 characters long, more than the 1000 a glob may have; ignoring it (got "**/aaa'), messages[0]);
    assert.deepEqual(document[0].actions.map((a) => describeAction(a)), [`${'a'.repeat(200)}…`, `${'a'.repeat(200)}…`]);
  });

  it('a hostile but short pattern is kept: it is matched in bounded time', () => {
    const pattern = `${'*?'.repeat(40)}x`;
    const { document, messages } = read({ when: { pattern } });
    assert.deepEqual(messages, []);
    assert.equal(document[0].when.pattern, pattern);
  });

  it('prototype keys are plain unknown keys: reported, and the prototype is untouched', () => {
    const raw = JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, "onlyDirty": true}') as unknown;
    const stage = JSON.parse('{"delay": 2000, "actions": ["save"], "__proto__": {"scope": "window"}, "when": {"__proto__": {"focused": true}}}') as unknown;
    const { document, window, messages } = read({ when: raw, stages: [stage] });
    assert.deepEqual(document[0].when, { onlyDirty: true });
    assert.deepEqual(document[1].when, { onlyDirty: true }, 'no focused condition from a prototype');
    assert.equal(window.length, 0, 'the stage is not a window stage');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.deepEqual(messages.map((m) => m.slice(0, m.indexOf(':'))), [
      'idleWatchdog.when.__proto__',
      'idleWatchdog.when.constructor',
      'idleWatchdog.stages[0].__proto__',
      'idleWatchdog.stages[0].when.__proto__',
    ]);
  });

  it('numbers at the edges and words that look like numbers: clamped or reported, never NaN', () => {
    const { document, window, messages } = read({
      delay: 1e308,
      stages: [{ delay: 'NaN', actions: ['save'] }, { delay: -1e308, actions: ['save'] }, { delay: 1e308, actions: ['save'], scope: 'window' }],
    });
    assert.equal(document[0].delay, MAX_DELAY);
    assert.deepEqual(window.map((s) => s.delay), [MAX_DELAY]);
    assert.deepEqual(messages.map((m) => m.slice(0, m.indexOf(':'))), ['idleWatchdog.stages[0].delay', 'idleWatchdog.stages[1].delay']);
    assert.equal(read({ delay: 'Infinity' }).document[0].delay, DEFAULT_DELAY);
  });
});
