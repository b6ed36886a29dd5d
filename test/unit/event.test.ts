import * as assert from 'node:assert/strict';
import { Emitter } from '../../src/core/event';

describe('Emitter', () => {
  it('calls every listener in subscription order with the event', () => {
    const emitter = new Emitter<number>();
    const seen: string[] = [];
    emitter.event((n) => seen.push(`first ${n}`));
    emitter.event((n) => seen.push(`second ${n}`));
    emitter.fire(1);
    emitter.fire(2);
    assert.deepEqual(seen, ['first 1', 'second 1', 'first 2', 'second 2']);
  });

  it('disposing a subscription stops only that listener', () => {
    const emitter = new Emitter<string>();
    const seen: string[] = [];
    const a = emitter.event((e) => seen.push(`a:${e}`));
    emitter.event((e) => seen.push(`b:${e}`));
    emitter.fire('x');
    a.dispose();
    emitter.fire('y');
    a.dispose(); // twice is harmless
    emitter.fire('z');
    assert.deepEqual(seen, ['a:x', 'b:x', 'b:y', 'b:z']);
  });

  it('a throwing listener is reported to onError and does not stop the others', () => {
    const emitter = new Emitter<string>();
    const seen: string[] = [];
    const errors: unknown[] = [];
    emitter.event(() => {
      throw new Error('broken');
    });
    emitter.event((e) => seen.push(e));
    emitter.fire('x', (err) => errors.push(err));
    assert.deepEqual(seen, ['x']);
    assert.deepEqual(errors.map((e) => (e as Error).message), ['broken']);
  });

  it('a throwing listener without onError is swallowed, not thrown at the caller', () => {
    const emitter = new Emitter<string>();
    const seen: string[] = [];
    emitter.event(() => {
      throw new Error('broken');
    });
    emitter.event((e) => seen.push(e));
    assert.doesNotThrow(() => emitter.fire('x'));
    assert.deepEqual(seen, ['x']);
  });

  it('after dispose nothing is called, and late subscriptions are inert', () => {
    const emitter = new Emitter<string>();
    const seen: string[] = [];
    const errors: unknown[] = [];
    emitter.event((e) => seen.push(`early:${e}`));
    emitter.dispose();
    const late = emitter.event((e) => seen.push(`late:${e}`));
    emitter.fire('x', (err) => errors.push(err));
    assert.deepEqual(seen, []);
    assert.deepEqual(errors, []);
    assert.doesNotThrow(() => late.dispose());
  });
});
