import * as assert from 'node:assert/strict';
import { FireEvent, Watchdog } from '../../src/core/watchdog';
import { FakeClock } from '../support/fakeClock';
import { rng } from '../support/rng';

interface TestStage {
  delay: number;
  name: string;
}

const stage = (delay: number, name = `s${delay}`): TestStage => ({ delay, name });

function setup(defaultStages: TestStage[] = [stage(1000)], onFire?: (e: FireEvent<string, TestStage>) => unknown) {
  const clock = new FakeClock();
  const fired: string[] = [];
  const errors: unknown[] = [];
  const dog = new Watchdog<string, TestStage>({
    clock,
    defaultStages,
    onFire: (e) => {
      fired.push(`${e.key}:${e.stage.name}@${clock.now()}`);
      return onFire?.(e);
    },
  });
  dog.onDidError((e) => errors.push(e.error));
  return { clock, dog, fired, errors };
}

describe('Watchdog', () => {
  describe('settling', () => {
    it('remaining time never grows without a kick or postpone (the status bar countdown never rises by itself)', () => {
      // A seeded walk: time steps, other keys kicked, pause/resume, stages firing; only a kick or
      // postpone of "a" itself may raise its remaining time.
      let seed = 7;
      const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
      const { clock, dog } = setup([stage(700), stage(2500), stage(9000)]);
      dog.kick('a');
      let last = dog.state('a').pending?.remaining ?? -1;
      let lastIndex = dog.state('a').pending?.index;
      for (let i = 0; i < 5000; i++) {
        const r = rand();
        let raised = false;
        if (r < 0.02) {
          dog.kick('a');
          raised = true;
        } else if (r < 0.04) {
          dog.postpone('a');
          raised = true;
        } else if (r < 0.2) dog.kick(`k${Math.floor(rand() * 5)}`);
        else if (r < 0.22) dog.pause();
        else if (r < 0.24) dog.resume();
        else clock.advance(Math.floor(rand() * 400));
        const pending = dog.state('a').pending;
        const now = pending?.remaining ?? -1;
        // A later stage of the same round becoming pending starts its own countdown: allowed.
        const nextStage = pending?.index !== lastIndex;
        if (!raised && !nextStage && pending !== undefined) assert.ok(now <= last, `step ${i}: ${last} → ${now}`);
        last = now;
        lastIndex = pending?.index;
      }
    });

    it('fires once, exactly at the delay after the last kick, never early', () => {
      const { clock, dog, fired } = setup();
      dog.kick('a');
      clock.advance(999);
      assert.deepEqual(fired, []);
      clock.advance(1);
      assert.deepEqual(fired, ['a:s1000@1000']);
      clock.advance(10_000);
      assert.deepEqual(fired, ['a:s1000@1000'], 'fires once per round');
    });

    it('each kick postpones the settle to a full delay after it', () => {
      const { clock, dog, fired } = setup();
      for (let i = 0; i < 10; i++) {
        dog.kick('a');
        clock.advance(900);
      }
      assert.deepEqual(fired, []);
      clock.advance(100);
      assert.deepEqual(fired, ['a:s1000@9100']);
    });

    it('a kick after the settle starts a new round', () => {
      const { clock, dog, fired } = setup();
      dog.kick('a');
      clock.advance(1000);
      dog.kick('a');
      clock.advance(1000);
      assert.deepEqual(fired, ['a:s1000@1000', 'a:s1000@2000']);
    });

    it('fires several stages in delay order, each once per round, listed in any order', () => {
      const { clock, dog, fired } = setup([stage(2000, 'save'), stage(700, 'format'), stage(30 * 60_000, 'still-there')]);
      dog.kick('a');
      clock.advance(31 * 60_000);
      assert.deepEqual(fired, ['a:format@700', 'a:save@2000', 'a:still-there@1800000']);
    });

    it('a kick between stages restarts the round from the first stage', () => {
      const { clock, dog, fired } = setup([stage(700, 'format'), stage(2000, 'save')]);
      dog.kick('a');
      clock.advance(1000); // format fired, save pending at 2000
      dog.kick('a'); // new round: format at 1700, save at 3000
      clock.advance(5000);
      assert.deepEqual(fired, ['a:format@700', 'a:format@1700', 'a:save@3000']);
    });

    it('keys are independent and may have their own stage lists', () => {
      const { clock, dog, fired } = setup();
      dog.kick('json', [stage(500)]);
      dog.kick('md', [stage(3000)]);
      clock.advance(400);
      dog.kick('md'); // keeps its own list
      clock.advance(4000);
      assert.deepEqual(fired, ['json:s500@500', 'md:s3000@3400']);
    });

    it('fires different keys in deadline order, ties in arming order', () => {
      const { clock, dog, fired } = setup();
      dog.kick('late', [stage(300)]);
      dog.kick('early', [stage(100)]);
      dog.kick('tie1', [stage(200)]);
      dog.kick('tie2', [stage(200)]);
      clock.advance(50);
      dog.kick('late'); // real deadline 350 while the heap still holds 300
      clock.advance(1000);
      assert.deepEqual(fired, ['early:s100@100', 'tie1:s200@200', 'tie2:s200@200', 'late:s300@350']);
    });

    it('stages all fire in order when the timer wakes late', () => {
      const clock = new FakeClock();
      const fired: string[] = [];
      const dog = new Watchdog<string, TestStage>({ clock, onFire: (e) => void fired.push(e.stage.name) });
      dog.kick('a', [stage(2000, 'second'), stage(100, 'first')]);
      dog.kick('b', [stage(1000, 'b')]);
      // A busy event loop: jump straight past every deadline in one step of the fake clock.
      (clock as unknown as { time: number }).time = 5000;
      clock.advance(0);
      assert.deepEqual(fired, ['first', 'b', 'second']);
    });

    it('a new stage list given with a kick applies at once', () => {
      const { clock, dog, fired } = setup();
      dog.kick('a', [stage(5000)]);
      clock.advance(100);
      dog.kick('a', [stage(200)]);
      clock.advance(200);
      assert.deepEqual(fired, ['a:s200@300']);
      clock.advance(10_000);
      assert.deepEqual(fired, ['a:s200@300'], 'the old list is gone, not fired as well');
    });

    it('setStages mid-countdown keeps the round start: a passed delay fires at once', () => {
      const { clock, dog, fired } = setup([stage(5000)]);
      dog.kick('a');
      clock.advance(2000);
      dog.setStages('a', [stage(1000)]);
      clock.advance(1); // like Node, a timer for "now" fires after 1 ms
      assert.deepEqual(fired, ['a:s1000@2001']);
      dog.kick('a');
      clock.advance(1000);
      assert.deepEqual(fired, ['a:s1000@2001', 'a:s1000@3001']);
    });

    it('setStages mid-round knows which stages fired by their delay: an added earlier stage is not re-run, none is skipped', () => {
      const { clock, dog, fired } = setup([stage(700, 'format'), stage(2000, 'save')]);
      dog.kick('a');
      clock.advance(1000); // format fired
      dog.setStages('a', [stage(500, 'early'), stage(700, 'format'), stage(1500, 'lint'), stage(2000, 'save')]);
      clock.advance(2000);
      assert.deepEqual(fired, ['a:format@700', 'a:lint@1500', 'a:save@2000']);
    });

    it('setStages removing the stage that fired still runs the rest of the round', () => {
      const { clock, dog, fired } = setup([stage(700, 'format'), stage(2000, 'save')]);
      dog.kick('a');
      clock.advance(1000);
      dog.setStages('a', [stage(2000, 'save')]);
      clock.advance(2000);
      assert.deepEqual(fired, ['a:format@700', 'a:save@2000']);
    });

    it('setStages with a longer delay extends the countdown', () => {
      const { clock, dog, fired } = setup([stage(1000)]);
      dog.kick('a');
      clock.advance(500);
      dog.setStages('a', [stage(3000)]);
      clock.advance(2000);
      assert.deepEqual(fired, []);
      clock.advance(500);
      assert.deepEqual(fired, ['a:s3000@3000']);
    });

    it('negative and NaN delays count as 0; Infinity never fires and arms no timer', () => {
      const { clock, dog, fired } = setup();
      dog.kick('neg', [stage(-5, 'neg')]);
      dog.kick('nan', [stage(NaN, 'nan')]);
      clock.advance(1);
      assert.deepEqual(fired, ['neg:neg@1', 'nan:nan@1']);
      dog.kick('inf', [stage(Infinity, 'inf')]);
      assert.equal(clock.pending, 0);
      assert.equal(dog.state('inf').pending?.deadline, Infinity);
      clock.advance(1e15);
      assert.equal(fired.length, 2);
    });
  });

  describe('delays beyond setTimeout (2^31−1 ms)', () => {
    it('a 3e9 ms delay fires after 3e9 ms, not at once', () => {
      const { clock, dog, fired } = setup([stage(3e9, 'long')]);
      dog.kick('a');
      clock.advance(10);
      assert.deepEqual(fired, []);
      assert.ok(clock.requested.every((ms) => ms <= 2 ** 31 - 1), `asked for ${clock.requested}`);
      clock.advance(3e9 - 11);
      assert.deepEqual(fired, []);
      clock.advance(1);
      assert.deepEqual(fired, ['a:long@3000000000']);
      assert.equal(clock.pending, 0);
    });

    it('Number.MAX_SAFE_INTEGER as a delay does not fire within a year', () => {
      const { clock, dog, fired } = setup([stage(Number.MAX_SAFE_INTEGER)]);
      dog.kick('a');
      clock.advance(365 * 24 * 3600_000);
      assert.deepEqual(fired, []);
      assert.equal(clock.pending, 1);
    });
  });

  describe('inspection and cancel', () => {
    it('state tells the pending stage, its deadline, the time remaining and what fired', () => {
      const { clock, dog } = setup([stage(700, 'format'), stage(2000, 'save')]);
      assert.equal(dog.state('a').pending, undefined);
      assert.equal(dog.state('a').lastKick, undefined);
      dog.kick('a');
      clock.advance(300);
      let s = dog.state('a');
      assert.equal(s.pending?.stage.name, 'format');
      assert.equal(s.pending?.index, 0);
      assert.equal(s.pending?.deadline, 700);
      assert.equal(s.pending?.remaining, 400);
      assert.deepEqual(s.fired, []);
      clock.advance(500);
      s = dog.state('a');
      assert.equal(s.pending?.stage.name, 'save');
      assert.equal(s.pending?.remaining, 1200);
      assert.deepEqual(s.fired.map((f) => f.name), ['format']);
      clock.advance(2000);
      s = dog.state('a');
      assert.equal(s.pending, undefined);
      assert.deepEqual(s.fired.map((f) => f.name), ['format', 'save']);
      assert.equal(s.cancelled, false);
    });

    it('cancel answers true only when a pending fire was really cancelled', () => {
      const { clock, dog, fired } = setup();
      assert.equal(dog.cancel('never-kicked'), false, 'nothing armed');
      dog.kick('a');
      clock.advance(500);
      assert.equal(dog.cancel('a'), true, 'pending');
      assert.equal(dog.state('a').cancelled, true);
      assert.equal(dog.cancel('a'), false, 'already cancelled');
      clock.advance(5000);
      assert.deepEqual(fired, [], 'a cancelled stage never fires');
      assert.equal(clock.pending, 0);
      dog.kick('a');
      assert.equal(dog.state('a').cancelled, false, 'a kick starts a fresh round');
      clock.advance(1000);
      assert.deepEqual(fired, ['a:s1000@6500']);
      assert.equal(dog.cancel('a'), false, 'already fired');
    });

    it('cancel between stages stops the rest of the round', () => {
      const { clock, dog, fired } = setup([stage(100, 'one'), stage(200, 'two')]);
      dog.kick('a');
      clock.advance(150);
      assert.equal(dog.cancel('a'), true);
      clock.advance(1000);
      assert.deepEqual(fired, ['a:one@100']);
      assert.deepEqual(dog.state('a').fired.map((s) => s.name), ['one']);
    });

    it('fireNow fires the pending stage at once; later stages keep their offsets', () => {
      const { clock, dog, fired } = setup([stage(700, 'format'), stage(2000, 'save')]);
      dog.kick('a');
      clock.advance(100);
      assert.equal(dog.fireNow('a'), true);
      assert.deepEqual(fired, ['a:format@100']);
      clock.advance(1299);
      assert.deepEqual(fired, ['a:format@100']);
      clock.advance(1);
      assert.deepEqual(fired, ['a:format@100', 'a:save@1400']);
    });

    it('fireNow with nothing pending starts a round and fires its first stage', () => {
      const { clock, dog, fired } = setup();
      assert.equal(dog.fireNow('unknown'), false);
      dog.kick('a');
      clock.advance(1000);
      assert.equal(dog.fireNow('a'), true);
      assert.deepEqual(fired, ['a:s1000@1000', 'a:s1000@1000']);
      assert.equal(clock.pending, 0);
    });

    describe('fireRemaining (the user left: settle now)', () => {
      it('fires every pending stage at once, in order, and nothing later or twice', () => {
        const { clock, dog, fired } = setup([stage(2000, 'save'), stage(700, 'format'), stage(30_000, 'remind')]);
        dog.kick('a');
        clock.advance(800); // format fired at 700
        assert.equal(dog.fireRemaining('a'), 2);
        assert.deepEqual(fired, ['a:format@700', 'a:save@800', 'a:remind@800']);
        assert.equal(dog.state('a').pending, undefined);
        assert.deepEqual(dog.state('a').fired.map((s) => s.name), ['format', 'save', 'remind']);
        assert.equal(clock.pending, 0, 'no timer left');
        clock.advance(60_000);
        assert.equal(fired.length, 3);
        assert.equal(dog.fireRemaining('a'), 0, 'the round is done: leaving again does nothing');
      });

      it('does nothing without a pending round: never kicked, settled already, cancelled, or paused', () => {
        const { clock, dog, fired } = setup([stage(1000)]);
        assert.equal(dog.fireRemaining('a'), 0);
        dog.kick('a');
        clock.advance(1000);
        assert.equal(dog.fireRemaining('a'), 0);
        dog.kick('a');
        dog.cancel('a');
        assert.equal(dog.fireRemaining('a'), 0);
        dog.kick('a');
        dog.pause();
        assert.equal(dog.fireRemaining('a'), 0, 'paused: an automatic settle waits');
        dog.resume();
        assert.equal(dog.fireRemaining('a'), 1);
        assert.deepEqual(fired, ['a:s1000@1000', 'a:s1000@1000']);
      });

      it('leaves a stage that never fires by itself (Infinity) pending, and other keys alone', () => {
        const { clock, dog, fired } = setup([stage(500, 'save'), stage(Infinity, 'never')]);
        dog.kick('a');
        dog.kick('b');
        assert.equal(dog.fireRemaining('a'), 1);
        assert.deepEqual(fired, ['a:save@0']);
        assert.equal(dog.state('a').pending?.stage.name, 'never');
        clock.advance(500);
        assert.deepEqual(fired, ['a:save@0', 'b:save@500']);
      });

      it('a callback that kicks the key starts a new round there: the rest of the old one is not fired', () => {
        let kicked = false;
        const { clock, dog, fired } = setup([stage(700, 'format'), stage(2000, 'save')], (e) => {
          if (e.stage.name === 'format' && !kicked) {
            kicked = true;
            dog.kick('a');
          }
        });
        dog.kick('a');
        clock.advance(100);
        assert.equal(dog.fireRemaining('a'), 1);
        assert.deepEqual(fired, ['a:format@100']);
        assert.equal(dog.state('a').pending?.stage.name, 'format', 'the new round waits for its first stage');
        clock.advance(700);
        assert.deepEqual(fired, ['a:format@100', 'a:format@800']);
      });
    });

    it('postpone delays the pending stage without repeating fired ones, and never starts a round', () => {
      const { clock, dog, fired } = setup([stage(700, 'format'), stage(2000, 'save')]);
      assert.equal(dog.postpone('a'), false, 'unknown key');
      dog.kick('a');
      clock.advance(1000); // format fired; save due at 2000
      const timersBefore = clock.requested.length;
      assert.equal(dog.postpone('a'), true);
      clock.advance(1999);
      assert.deepEqual(fired, ['a:format@700']);
      clock.advance(1);
      assert.deepEqual(fired, ['a:format@700', 'a:save@3000']);
      assert.equal(dog.postpone('a'), false, 'round done: nothing to postpone');
      clock.advance(10_000);
      assert.equal(fired.length, 2);
      assert.ok(clock.requested.length - timersBefore <= 2);
    });

    it('fireNow refuses a stage that never fires by itself (Infinity) and leaves other keys working', () => {
      const { clock, dog, fired } = setup();
      dog.kick('never', [stage(Infinity, 'never')]);
      dog.kick('b', [stage(1000, 'b')]);
      assert.equal(dog.fireNow('never'), false);
      clock.advance(10_000);
      assert.deepEqual(fired, ['b:b@1000']);
      assert.ok(clock.requested.length <= 2, `no timer storm: ${clock.requested.length} timers`);
    });

    it('forget drops all state and any pending fire', () => {
      const { clock, dog, fired } = setup();
      dog.kick('a');
      assert.equal(dog.forget('a'), true);
      assert.equal(dog.forget('a'), false);
      assert.equal(dog.size, 0);
      assert.equal(clock.pending, 0);
      clock.advance(5000);
      assert.deepEqual(fired, []);
    });
  });

  describe('pause and resume', () => {
    it('nothing fires and no timer is pending while paused; resume gives back the time left', () => {
      const { clock, dog, fired } = setup();
      dog.kick('a');
      clock.advance(400);
      dog.pause();
      assert.equal(dog.paused, true);
      assert.equal(clock.pending, 0);
      clock.advance(10_000);
      assert.deepEqual(fired, []);
      assert.equal(dog.state('a').pending?.remaining, 600, 'remaining is frozen');
      dog.resume();
      clock.advance(599);
      assert.deepEqual(fired, []);
      clock.advance(1);
      assert.deepEqual(fired, ['a:s1000@11000']);
    });

    it('a key kicked while paused gets its full delay from the resume', () => {
      const { clock, dog, fired } = setup();
      dog.pause();
      dog.kick('a');
      assert.equal(clock.pending, 0);
      clock.advance(5000);
      assert.equal(dog.state('a').pending?.remaining, 1000);
      dog.resume();
      clock.advance(1000);
      assert.deepEqual(fired, ['a:s1000@6000']);
    });

    it('fireNow while paused keeps the later stages at their offsets from the pause', () => {
      const { clock, dog, fired } = setup([stage(700, 'format'), stage(2000, 'save')]);
      dog.kick('a');
      clock.advance(100);
      dog.pause();
      clock.advance(5000);
      assert.equal(dog.fireNow('a'), true);
      assert.equal(dog.state('a').pending?.remaining, 1300);
      clock.advance(1000);
      dog.resume();
      clock.advance(1299);
      assert.deepEqual(fired, ['a:format@5100']);
      clock.advance(1);
      assert.deepEqual(fired, ['a:format@5100', 'a:save@7400']);
    });

    it('fireNow still works while paused (an explicit request)', () => {
      const { clock, dog, fired } = setup();
      dog.kick('a');
      dog.pause();
      assert.equal(dog.fireNow('a'), true);
      assert.deepEqual(fired, ['a:s1000@0']);
      assert.equal(clock.pending, 0);
    });
  });

  describe('one timer, lazily armed', () => {
    it('exactly one timer however many keys and stages are armed; zero once settled', () => {
      const { clock, dog } = setup([stage(100), stage(200), stage(300)]);
      for (let i = 0; i < 1000; i++) dog.kick(`k${i}`);
      assert.equal(clock.pending, 1);
      assert.equal(dog.pendingCount, 1000);
      clock.advance(300);
      assert.equal(clock.pending, 0);
      assert.equal(dog.pendingCount, 0);
    });

    it('kicks that only postpone never clear or set a timer', () => {
      const { clock, dog, fired } = setup();
      dog.kick('a');
      const before = clock.requested.length;
      for (let i = 0; i < 500; i++) {
        dog.kick('a');
        clock.advance(1);
      }
      assert.equal(clock.requested.length, before, 'no timer work while typing between wake-ups');
      clock.advance(2000);
      assert.equal(fired.length, 1);
      // 500 ms of typing under a 1000 ms delay: one wake-up at 1000 (stale) and one at 1499.
      assert.equal(clock.requested.length, before + 1);
    });

    it('an earlier deadline re-arms the timer; a cancel of the only key clears it', () => {
      const { clock, dog, fired } = setup();
      dog.kick('slow', [stage(5000)]);
      dog.kick('fast', [stage(100)]);
      assert.equal(clock.pending, 1);
      clock.advance(100);
      assert.deepEqual(fired, ['fast:s100@100']);
      assert.equal(dog.cancel('slow'), true);
      assert.equal(clock.pending, 0);
    });

    it('dispose clears the timer and ignores later calls', () => {
      const { clock, dog, fired } = setup();
      dog.kick('a');
      dog.dispose();
      assert.equal(clock.pending, 0);
      dog.kick('b');
      assert.equal(clock.pending, 0);
      assert.equal(dog.fireNow('a'), false);
      clock.advance(5000);
      assert.deepEqual(fired, []);
    });
  });

  describe('callbacks that misbehave or re-enter', () => {
    it('a throwing callback breaks neither the watchdog nor other keys', () => {
      const { clock, dog, fired, errors } = setup([stage(100)], (e) => {
        if (e.key === 'bad') throw new Error('boom');
      });
      dog.kick('bad');
      dog.kick('good');
      clock.advance(100);
      assert.deepEqual(fired, ['bad:s100@100', 'good:s100@100']);
      assert.equal((errors[0] as Error).message, 'boom');
      dog.kick('bad');
      clock.advance(100);
      assert.equal(fired.length, 3, 'the key still works after its callback threw');
    });

    it('a rejected promise is reported, not thrown, and others still fire', async () => {
      const { clock, dog, fired, errors } = setup([stage(100)], (e) =>
        e.key === 'bad' ? Promise.reject(new Error('rejected')) : Promise.resolve(),
      );
      dog.kick('bad');
      dog.kick('good');
      clock.advance(100);
      await new Promise((r) => setImmediate(r));
      assert.deepEqual(fired, ['bad:s100@100', 'good:s100@100']);
      assert.deepEqual(errors.map((e) => (e as Error).message), ['rejected']);
    });

    it('a kick of the same key from inside its callback starts the next round', () => {
      let rounds = 0;
      const { clock, dog, fired } = setup([stage(100)], (e) => {
        if (++rounds < 3) dog.kick(e.key);
      });
      dog.kick('a');
      clock.advance(1000);
      assert.deepEqual(fired, ['a:s100@100', 'a:s100@200', 'a:s100@300']);
      assert.equal(clock.pending, 0);
    });

    it('a callback that re-kicks its key with a 0 ms stage yields to the event loop between rounds', () => {
      let rounds = 0;
      const { clock, dog } = setup([stage(0)], (e) => {
        rounds++;
        dog.kick(e.key);
      });
      dog.kick('a');
      clock.advance(1);
      assert.equal(rounds, 1, 'one round per wake-up, not an endless loop inside one');
      clock.advance(2);
      assert.equal(rounds, 3);
      dog.cancel('a');
    });

    it('a cancel from inside a callback stops the later stages of that round', () => {
      const { clock, dog, fired } = setup([stage(100, 'one'), stage(200, 'two')], (e) => {
        assert.equal(dog.cancel(e.key), true);
      });
      dog.kick('a');
      clock.advance(1000);
      assert.deepEqual(fired, ['a:one@100']);
    });

    it('fireNow of another key from inside a callback fires it once', () => {
      const { clock, dog, fired } = setup([stage(100)], (e) => {
        if (e.key === 'a') dog.fireNow('b');
      });
      dog.kick('a');
      dog.kick('b', [stage(5000)]);
      clock.advance(10_000);
      assert.deepEqual(fired, ['a:s100@100', 'b:s5000@100']);
    });

    it('a throwing observer does not stop the callback or other observers', () => {
      const { clock, dog, fired, errors } = setup([stage(100)]);
      const seen: string[] = [];
      dog.onDidChangePending(() => {
        throw new Error('observer');
      });
      dog.onDidChangePending((k) => seen.push(k));
      dog.kick('a');
      clock.advance(100);
      assert.deepEqual(fired, ['a:s100@100']);
      assert.deepEqual(seen, ['a', 'a'], 'armed, then settled');
      assert.equal((errors[0] as Error).message, 'observer');
    });
  });

  describe('observers', () => {
    it('report pending changes (armed, advanced, settled, re-armed, cancelled), but not kicks that only postpone', () => {
      const { clock, dog, fired } = setup([stage(100, 'one'), stage(200, 'two')]);
      const log: string[] = [];
      dog.onDidChangePending((k) => log.push(`pending:${k}:${dog.state(k).pending?.stage.name ?? '-'}:fired ${fired.length}`));
      dog.kick('a');
      dog.kick('a');
      dog.kick('a');
      clock.advance(250);
      dog.kick('a');
      dog.cancel('a');
      assert.deepEqual(log, [
        'pending:a:one:fired 0',
        'pending:a:two:fired 1',
        'pending:a:-:fired 2',
        'pending:a:one:fired 2',
        'pending:a:-:fired 2',
      ]);
    });
  });

  describe('more behaviour a caller sees', () => {
    it('kicking a key with no stages and no default throws and names the key', () => {
      const clock = new FakeClock();
      const dog = new Watchdog<string, TestStage>({ clock, onFire: () => {} });
      assert.throws(() => dog.kick('doc.md'), /no stages for key doc\.md/);
      assert.equal(dog.size, 0);
    });

    it('stages with equal delays fire in the order they are listed', () => {
      const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm'];
      const { clock, dog, fired } = setup([stage(50, 'early'), ...names.map((n) => stage(100, n))]);
      dog.kick('k');
      clock.advance(100);
      assert.deepEqual(fired, ['k:early@50', ...names.map((n) => `k:${n}@100`)]);
    });

    it('a negative delay counts as 0: due at the kick, and not ahead of a 0 ms stage listed before it', () => {
      const { clock, dog, fired } = setup([stage(0, 'zero'), stage(-5, 'negative')]);
      clock.advance(10);
      dog.kick('a');
      assert.equal(dog.state('a').pending?.deadline, 10);
      clock.advance(1);
      assert.deepEqual(fired, ['a:zero@11', 'a:negative@11']);
    });

    it('the fire event says whether the stage was forced and when it was due', () => {
      const events: FireEvent<string, TestStage>[] = [];
      const { clock, dog } = setup([stage(100, 'one'), stage(300, 'two')], (e) => void events.push(e));
      dog.kick('a');
      clock.advance(150);
      dog.fireNow('a');
      assert.deepEqual(
        events.map((e) => ({ key: e.key, name: e.stage.name, index: e.index, deadline: e.deadline, forced: e.forced })),
        [
          { key: 'a', name: 'one', index: 0, deadline: 100, forced: false },
          { key: 'a', name: 'two', index: 1, deadline: 150, forced: true },
        ],
      );
    });

    it('state of a key never kicked is empty, and says whether the watchdog is paused', () => {
      const { dog } = setup();
      assert.deepEqual(dog.state('x'), { pending: undefined, fired: [], cancelled: false, lastKick: undefined, paused: false });
      dog.pause();
      assert.equal(dog.state('x').paused, true);
    });

    it('paused is false until pause and again after resume, for the watchdog and every key', () => {
      const { dog } = setup();
      dog.kick('a');
      assert.equal(dog.paused, false);
      assert.equal(dog.state('a').paused, false);
      dog.pause();
      assert.equal(dog.paused, true);
      assert.equal(dog.state('a').paused, true);
      dog.resume();
      assert.equal(dog.paused, false);
      assert.equal(dog.state('a').paused, false);
    });

    it('a second pause does not move the moment time stood still', () => {
      const { clock, dog, fired } = setup();
      const seen: string[] = [];
      dog.onDidChangePending((k) => seen.push(k));
      dog.kick('a');
      clock.advance(400);
      dog.pause();
      clock.advance(1000);
      dog.pause();
      assert.equal(dog.state('a').pending?.remaining, 600);
      assert.deepEqual(seen, ['a', 'a'], 'armed, paused; not paused again');
      dog.resume();
      clock.advance(599);
      assert.deepEqual(fired, []);
      clock.advance(1);
      assert.deepEqual(fired, ['a:s1000@2000']);
    });

    it('resume orders keys by their real deadlines: a key kicked during the pause can fire first', () => {
      const { clock, dog, fired } = setup();
      dog.kick('a', [stage(1000, 'a')]);
      clock.advance(100);
      dog.pause(); // a has 900 ms left
      clock.advance(4900);
      dog.kick('b', [stage(200, 'b')]); // b gets its full 200 ms from the resume
      const before = clock.requested.length;
      dog.resume();
      assert.deepEqual(clock.requested.slice(before), [200], 'one timer, for the earliest deadline, no early wake-up');
      clock.advance(2000);
      assert.deepEqual(fired, ['b:b@5200', 'a:a@5900']);
      assert.deepEqual(clock.requested.slice(before), [200, 700]);
    });

    it('forget tells observers only when something was pending', () => {
      const { clock, dog } = setup();
      const seen: string[] = [];
      dog.kick('pending');
      dog.kick('settled', [stage(10)]);
      clock.advance(10);
      dog.onDidChangePending((k) => seen.push(k));
      assert.equal(dog.forget('settled'), true);
      assert.deepEqual(seen, []);
      assert.equal(dog.forget('pending'), true);
      assert.deepEqual(seen, ['pending']);
      assert.equal(dog.state('pending').pending, undefined);
    });

    it('a kick between stages tells observers the round went back to its first stage', () => {
      const { clock, dog } = setup([stage(100, 'one'), stage(200, 'two')]);
      dog.kick('a');
      clock.advance(150);
      const seen: string[] = [];
      dog.onDidChangePending((k) => seen.push(`${k}:${dog.state(k).pending?.stage.name}`));
      dog.kick('a');
      assert.deepEqual(seen, ['a:one']);
    });

    it('a kick with a new list that keeps the same first stage only postpones it: no notification', () => {
      const first = stage(100, 'one');
      const { clock, dog, fired } = setup([first]);
      dog.kick('a', [first]);
      clock.advance(50);
      const seen: string[] = [];
      dog.onDidChangePending((k) => seen.push(k));
      dog.kick('a', [first, stage(500, 'two')]);
      assert.deepEqual(seen, []);
      clock.advance(600);
      assert.deepEqual(fired, ['a:one@150', 'a:two@550']);
    });

    it('after dispose a kick of a new key leaves no state and pause is ignored', () => {
      const { dog } = setup();
      dog.dispose();
      dog.kick('b');
      assert.equal(dog.size, 0);
      assert.equal(dog.state('b').lastKick, undefined);
      dog.pause();
      assert.equal(dog.paused, false);
      dog.dispose();
    });
  });

  describe('setStages, more cases', () => {
    it('setStages of an unknown key does nothing', () => {
      const { clock, dog, fired } = setup();
      assert.doesNotThrow(() => dog.setStages('nobody', [stage(10)]));
      assert.equal(dog.size, 0);
      clock.advance(100);
      assert.deepEqual(fired, []);
    });

    it('setStages with the list the key already has changes nothing, even with equal delays', () => {
      const list = [stage(100, 'one'), stage(100, 'two'), stage(300, 'three')];
      const { clock, dog, fired } = setup(list);
      const seen: string[] = [];
      dog.kick('a');
      dog.onDidChangePending((k) => seen.push(`${k}:${dog.state(k).pending?.stage.name}`));
      clock.advance(100); // 'one' and 'two' fire in the same wake-up
      seen.length = 0;
      dog.setStages('a', list);
      assert.deepEqual(seen, [], 'no change, no notification');
      clock.advance(200);
      assert.deepEqual(fired, ['a:one@100', 'a:two@100', 'a:three@300']);
    });

    it('setStages to a list whose stages all lie before what already fired settles the round', () => {
      const { clock, dog, fired } = setup([stage(700, 'format'), stage(2000, 'save')]);
      dog.kick('a');
      clock.advance(1000); // format fired
      dog.setStages('a', [stage(100, 'early'), stage(500, 'lint')]);
      assert.equal(dog.state('a').pending, undefined);
      assert.equal(dog.pendingCount, 0);
      clock.advance(5000);
      assert.deepEqual(fired, ['a:format@700']);
    });

    it('setStages bringing a key ahead of others makes it fire first, on time', () => {
      const { clock, dog, fired } = setup();
      dog.kick('b', [stage(1000, 'b')]);
      dog.kick('a', [stage(5000, 'a')]);
      dog.kick('c', [stage(3000, 'c')]);
      dog.kick('d', [stage(4000, 'd')]);
      dog.setStages('a', [stage(500, 'a')]);
      clock.advance(5000);
      assert.deepEqual(fired, ['a:a@500', 'b:b@1000', 'c:c@3000', 'd:d@4000']);
    });
  });

  describe('timer economy', () => {
    it('arming a key due no earlier than the armed timer sets no new timer', () => {
      const { clock, dog } = setup();
      dog.kick('a', [stage(1000)]);
      assert.equal(clock.requested.length, 1);
      dog.kick('same', [stage(1000)]);
      dog.kick('later', [stage(5000)]);
      assert.equal(clock.requested.length, 1);
      dog.kick('earlier', [stage(10)]);
      assert.deepEqual(clock.requested, [1000, 10]);
    });

    it('a callback that kicks another key sets one timer, for the next deadline', () => {
      const { clock, dog, fired } = setup([stage(100)], (e) => {
        if (e.key === 'a') dog.kick('c', [stage(1000, 'c')]);
      });
      dog.kick('a');
      dog.kick('b');
      const before = clock.requested.length;
      clock.advance(100);
      assert.deepEqual(fired, ['a:s100@100', 'b:s100@100']);
      assert.deepEqual(clock.requested.slice(before), [1000]);
      clock.advance(1000);
      assert.deepEqual(fired, ['a:s100@100', 'b:s100@100', 'c:c@1100']);
    });
  });

  describe('callbacks, more cases', () => {
    it('whatever a callback returns that is not a promise is fine: nothing is reported', () => {
      const results: unknown[] = [undefined, null, 0, 'done', { then: 'not a function' }, {}, () => {}];
      let i = 0;
      const { clock, dog, fired, errors } = setup([stage(10)], () => results[i++]);
      for (let k = 0; k < results.length; k++) dog.kick(`k${k}`);
      clock.advance(10);
      assert.equal(fired.length, results.length);
      assert.deepEqual(errors, []);
    });

    it('a thenable that rejects is reported like a promise', async () => {
      const { clock, dog, errors } = setup([stage(10)], () => ({
        then: (_ok: unknown, fail: (e: unknown) => void) => fail('nope'),
      }));
      dog.kick('a');
      clock.advance(10);
      await Promise.resolve();
      assert.deepEqual(errors, ['nope']);
    });

    it('a pause from inside a callback holds back the other keys due in the same wake-up', () => {
      const { clock, dog, fired } = setup([stage(100)], (e) => {
        if (e.key === 'a') dog.pause();
      });
      dog.kick('a');
      dog.kick('b');
      clock.advance(500);
      assert.deepEqual(fired, ['a:s100@100']);
      assert.equal(clock.pending, 0);
      dog.resume();
      clock.advance(1);
      assert.deepEqual(fired, ['a:s100@100', 'b:s100@501']);
    });

    it("a callback's kick of another key already due on a 0 ms stage lets it fire in the same wake-up", () => {
      const cList = [stage(0, 'c')];
      const { clock, dog, fired } = setup([stage(0)], (e) => {
        if (e.key === 'a') {
          dog.kick('b');
          dog.kick('c', cList);
        }
      });
      dog.kick('a');
      dog.kick('b');
      dog.kick('c', cList);
      clock.advance(1);
      assert.deepEqual(fired, ['a:s0@1', 'b:s0@1', 'c:c@1']);
    });

    it('callbacks that fireNow each other yield to the event loop instead of looping in one wake-up', () => {
      let calls = 0;
      const { clock, dog } = setup([stage(0, 'first'), stage(0, 'second')], (e) => {
        if (++calls > 1000) throw new Error('endless');
        if (e.key === 'a') dog.fireNow('b');
        else if (e.stage.name === 'second') dog.fireNow('a');
      });
      dog.kick('a', [stage(0, 'only')]);
      dog.kick('b');
      for (let wakeUp = 1; wakeUp <= 4; wakeUp++) {
        const before = calls;
        clock.advance(1);
        assert.ok(calls > before, `wake-up ${wakeUp} fired something`);
        assert.ok(calls - before <= 3, `${calls - before} calls in wake-up ${wakeUp}`);
      }
      dog.dispose();
    });
  });

  it('many keys kicked, re-kicked, cancelled and forgotten at random fire exactly when and in the order a simple model says', () => {
    const random = rng(19);
    const clock = new FakeClock();
    const fired: string[] = [];
    const dog = new Watchdog<string, TestStage>({ clock, onFire: (e) => void fired.push(`${e.key}@${clock.now()}`) });
    const model = new Map<string, { lastKick: number; delay: number; seq: number; pending: boolean }>();
    let seq = 0;
    const delays = [30, 60, 90, 120, 250];
    for (let step = 0; step < 4000; step++) {
      const key = `k${Math.floor(random() * 16)}`;
      const r = random();
      if (r < 0.35) {
        const m = model.get(key);
        const delay = m?.delay ?? delays[Math.floor(random() * delays.length)];
        dog.kick(key, m === undefined ? [stage(delay)] : undefined);
        model.set(key, { lastKick: clock.now(), delay, seq: m?.pending ? m.seq : seq++, pending: true });
      } else if (r < 0.4) {
        const m = model.get(key);
        assert.equal(dog.cancel(key), m?.pending ?? false);
        if (m) m.pending = false;
      } else if (r < 0.43) {
        assert.equal(dog.forget(key), model.has(key));
        model.delete(key);
      } else {
        const end = clock.now() + Math.floor(random() * 60);
        const due = [...model.entries()]
          .filter(([, m]) => m.pending && m.lastKick + m.delay <= end)
          .sort(([, x], [, y]) => x.lastKick + x.delay - (y.lastKick + y.delay) || x.seq - y.seq);
        fired.length = 0;
        clock.advance(end - clock.now());
        assert.deepEqual(fired, due.map(([k, m]) => `${k}@${m.lastKick + m.delay}`), `step ${step}`);
        for (const [, m] of due) m.pending = false;
      }
      assert.equal(dog.pendingCount, [...model.values()].filter((m) => m.pending).length);
    }
  });
});
