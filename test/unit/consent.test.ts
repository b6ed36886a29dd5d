import * as assert from 'node:assert/strict';
import { Answer, commandLabel, commandListKey, Consent, consentInForce, putInForce } from '../../src/actions/consent';
import type { WorkspaceOrigin } from '../../src/config/model';

/** A question the test answers by hand, and everything the consent told its host. */
function setup(asks = true) {
  const stored = new Map<string, 'allow' | 'never'>();
  const questions: Array<{ origin: WorkspaceOrigin; answer: (a: Answer | undefined) => void }> = [];
  const allowed: Array<readonly (string | undefined)[]> = [];
  const log: string[] = [];
  const consent = new Consent<string>({
    asks: () => asks,
    store: { get: (key) => stored.get(key), set: (key, answer) => void stored.set(key, answer) },
    ask: (origin) => new Promise((resolve) => questions.push({ origin, answer: resolve })),
    allowed: (documents) => void allowed.push(documents),
    log: (m) => void log.push(m),
  });
  return { consent, stored, questions, allowed, log };
}

const origin = (name: string, folder = 'file:///repo'): WorkspaceOrigin => {
  const commands = [{ command: 'x.run', args: [name] }];
  return { folder, commands: commands.map((c) => commandLabel(c.command, c.args)), key: commandListKey(folder, commands) };
};

const tick = () => new Promise((r) => setImmediate(r));

describe('workspace commands ask once (consent)', () => {
  it('a command of the user (no origin) runs; with the question off, a folder\'s runs too', () => {
    assert.equal(setup().consent.check(undefined, 'a'), undefined);
    const off = setup(false);
    assert.equal(off.consent.check(origin('1'), 'a'), undefined);
    assert.equal(off.questions.length, 0);
  });

  it('asks once for two documents settling together; Allow remembers and settles both again', async () => {
    const { consent, questions, stored, allowed } = setup();
    assert.deepEqual(consent.check(origin('1'), 'a'), { code: 'notAllowed', answer: 'asking' });
    assert.deepEqual(consent.check(origin('1'), 'b'), { code: 'notAllowed', answer: 'asking' });
    assert.equal(questions.length, 1, 'one question');
    assert.equal(consent.asking, 1);
    questions[0].answer('allow');
    await tick();
    assert.equal(consent.asking, 0);
    assert.deepEqual(allowed, [['a', 'b']]);
    assert.equal(stored.get(origin('1').key), 'allow');
    assert.equal(consent.check(origin('1'), 'a'), undefined);
    assert.equal(questions.length, 1, 'not asked again');
  });

  it('Not now lasts for the session only (nothing stored), without asking again; another list asks', async () => {
    const { consent, questions, stored, allowed } = setup();
    consent.check(origin('1'), 'a');
    questions[0].answer('notNow');
    await tick();
    assert.deepEqual(consent.check(origin('1'), 'a'), { code: 'notAllowed', answer: 'notNow' });
    assert.equal(stored.size, 0);
    assert.deepEqual(allowed, []);
    assert.deepEqual(consent.check(origin('2'), 'a'), { code: 'notAllowed', answer: 'asking' });
    assert.equal(questions.length, 2);
  });

  it('Never is stored; closed without an answer is Not now; a failing question too', async () => {
    const { consent, questions, stored, log } = setup();
    consent.check(origin('1'), 'a');
    questions[0].answer('never');
    await tick();
    assert.equal(stored.get('file:///repo\n*'), 'never', 'for the folder');
    assert.deepEqual(consent.check(origin('1'), 'a'), { code: 'notAllowed', answer: 'never' });
    assert.deepEqual(consent.check(origin('3'), 'a'), { code: 'notAllowed', answer: 'never' }, 'another list of that folder: never too, not asked');
    assert.equal(questions.length, 1);
    consent.check(origin('2', 'file:///other'), 'a');
    assert.equal(questions.length, 2, 'another folder is asked');
    questions[1].answer(undefined);
    await tick();
    assert.deepEqual(consent.check(origin('2', 'file:///other'), 'a'), { code: 'notAllowed', answer: 'notNow' });
    assert.match(log.join('\n'), /not now \(closed without an answer\)/);
    assert.match(log.join('\n'), /asking whether the settings of file:\/\/\/repo may run x\.run\("1"\); in full: \[\["x\.run",\["1"\]\]\]/);
    const failing = new Consent<string>({ asks: () => true, store: { get: () => undefined, set: () => undefined }, ask: () => Promise.reject(new Error('no window')), allowed: () => undefined, log: () => undefined });
    failing.check(origin('3'), 'a');
    await tick();
    assert.deepEqual(failing.check(origin('3'), 'a'), { code: 'notAllowed', answer: 'notNow' });
  });

  it('an answer after dispose changes nothing', async () => {
    const { consent, questions, stored, allowed } = setup();
    consent.check(origin('1'), 'a');
    consent.dispose();
    questions[0].answer('allow');
    await tick();
    assert.equal(stored.size, 0);
    assert.deepEqual(allowed, []);
  });

  it('the list key: per folder, per exact arguments, object keys in any order', () => {
    const key = (folder: string, args: unknown[]) => commandListKey(folder, [{ command: 'a', args }]);
    assert.equal(key('f', [{ x: 1, y: [2, null] }]), key('f', [{ y: [2, null], x: 1 }]));
    assert.notEqual(key('f', [1]), key('f', [2]));
    assert.notEqual(key('f', [1]), key('g', [1]));
    assert.equal(key('f', [{ y: 1, x: 'q' }]), 'f\n[["a",[{"x":"q","y":1}]]]');
  });

  it('the label: the id, its arguments shortened', () => {
    assert.equal(commandLabel('a.b', []), 'a.b');
    assert.equal(commandLabel('a.b', ['x', 1]), 'a.b("x",1)');
    assert.equal(commandLabel('a.b', ['x'.repeat(298)]), `a.b("${'x'.repeat(298)}")`, '300 characters: whole');
    assert.equal(commandLabel('a.b', ['x'.repeat(400)]), `a.b("${'x'.repeat(298)}…)`);
  });

  it('the consent in force is the latest put in force, until taken back', () => {
    const first = setup().consent;
    const second = setup().consent;
    const removeFirst = putInForce(first);
    const removeSecond = putInForce(second);
    assert.equal(consentInForce(), second);
    removeSecond();
    assert.equal(consentInForce(), first);
    removeSecond();
    assert.equal(consentInForce(), first);
    removeFirst();
    assert.equal(consentInForce(), undefined);
  });
});
