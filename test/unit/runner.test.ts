import * as assert from 'node:assert/strict';
import { ActionContext, FAILURES_STOP, Outcome, RoundReport, Runner, RunnerHost, SAVE_RETRY_FIRST_MS, SAVE_RETRY_MAX_MS } from '../../src/actions/runner';
import { Action, StageSpec } from '../../src/config/model';
import { FakeClock } from '../support/fakeClock';

/**
 * The runner under concurrency, scripted step by step: actions are promises the test resolves,
 * time is a fake clock, documents are plain objects. Each test names the guard it protects.
 */

interface Doc {
  readonly key: string;
  closed: boolean;
  version: number;
  dirty: boolean;
}

type Script = (ctx: ActionContext<Doc>) => Promise<Outcome>;

const done = (): Outcome => ({ status: 'done', reason: { code: 'ran' } });

function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Lets every promise chain that can move, move (no time passes). */
async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
}

const doc = (key: string): Doc => ({ key, closed: false, version: 1, dirty: true });

const act = (name: string): Action =>
  ['save', 'saveAll', 'format', 'organizeImports', 'fixAll'].includes(name)
    ? ({ kind: name } as Action)
    : { kind: 'command', command: name, args: [] };

function stage(index: number, ...actions: string[]): StageSpec {
  return { delay: 1000 * (index + 1), actions: actions.map(act), scope: 'document', when: {}, source: `idleWatchdog.stages[${index}]` };
}

function setup(scripts: Record<string, Script> = {}, timeoutMs = 5000, host: Partial<RunnerHost<Doc>> = {}) {
  const clock = new FakeClock();
  const log: string[] = [];
  const settles: Array<{ key: string; report: RoundReport<Doc>; running: boolean }> = [];
  const rearmed: string[] = [];
  const problems: string[] = [];
  const runner = new Runner<Doc>({
    log: { info: (m) => log.push(m), warn: (m) => log.push(`WARN ${m}`), error: (m) => log.push(`ERROR ${m}`) },
    clock,
    wallTime: () => clock.now(),
    keyOf: (d) => d.key,
    nameOf: (d) => d.key,
    isClosed: (d) => d.closed,
    unmet: async () => undefined,
    kindOf: (action) => (['save', 'saveAll'].includes(action.kind) ? 'save' : ['format', 'organizeImports', 'fixAll'].includes(action.kind) ? 'edit' : 'command'),
    runAction: (action, ctx) => {
      const name = action.kind === 'command' ? action.command : action.kind;
      return scripts[name]?.(ctx) ?? Promise.resolve(done());
    },
    actionTimeout: () => timeoutMs,
    showProblem: (_cause, message) => problems.push(message),
    rearm: (key) => rearmed.push(key),
    restored: () => false,
    onDidSettle: (key, report) => settles.push({ key, report, running: runner.isRunning(key) }),
    ...host,
  });
  /** Each settle as "stage:action=status,…". */
  const summary = () => settles.map((s) => `${s.report.stage.index}:${s.report.actions.map((a) => `${a.action}=${a.status}`).join(',')}`);
  return { clock, runner, log, settles, rearmed, problems, summary };
}

/** A script that waits for the test to let it go; `calls` counts how often it started. */
function gate(outcome: Outcome = done()) {
  let current = deferred();
  const gate = {
    calls: 0,
    contexts: [] as ActionContext<Doc>[],
    script: async (ctx: ActionContext<Doc>) => {
      gate.calls++;
      gate.contexts.push(ctx);
      await current.promise;
      return outcome;
    },
    open: () => {
      current.resolve();
      current = deferred();
    },
  };
  return gate;
}

describe('Runner (scripted races on a fake clock)', () => {
  describe('guard: stage queue — no stage is dropped', () => {
    it('two later stages due during a slow first action both run after it, in order', async () => {
      const slow = gate();
      const { runner, summary } = setup({ slowFormat: slow.script });
      const a = doc('a');
      const first = runner.run('a', a, stage(0, 'slowFormat'), 0);
      await flush();
      await runner.run('a', a, stage(1, 'save'), 1);
      await runner.run('a', a, stage(2, 'still-there'), 2);
      assert.deepEqual(summary(), [], 'nothing settles while the first action runs');
      slow.open();
      await first;
      assert.deepEqual(summary(), ['0:slowFormat=done', '1:save=done', '2:still-there=done']);
      assert.equal(runner.isRunning('a'), false);
    });

    it('three later stages, arriving out of order, and one arriving while a queued stage runs: all run in stage order', async () => {
      const slow = gate();
      const slowSave = gate();
      const { runner, summary } = setup({ slowFormat: slow.script, slowSave: slowSave.script });
      const a = doc('a');
      const first = runner.run('a', a, stage(0, 'slowFormat'), 0);
      await flush();
      await runner.run('a', a, stage(2, 'x2'), 2);
      await runner.run('a', a, stage(1, 'slowSave'), 1);
      slow.open();
      await flush();
      assert.deepEqual(summary(), ['0:slowFormat=done'], 'stage 1 now runs');
      await runner.run('a', a, stage(3, 'x3'), 3);
      slowSave.open();
      await first;
      assert.deepEqual(summary(), ['0:slowFormat=done', '1:slowSave=done', '2:x2=done', '3:x3=done']);
    });

    it('the same stage arriving again while it runs is not queued twice', async () => {
      const slow = gate();
      const { runner, summary, log } = setup({ slowFormat: slow.script });
      const a = doc('a');
      const first = runner.run('a', a, stage(0, 'slowFormat'), 0);
      await flush();
      await runner.run('a', a, stage(0, 'slowFormat'), 0);
      await runner.run('a', a, stage(1, 'save'), 1);
      await runner.run('a', a, stage(1, 'save'), 1);
      slow.open();
      await first;
      assert.deepEqual(summary(), ['0:slowFormat=done', '1:save=done']);
      assert.equal(slow.calls, 1);
      assert.equal(log.filter((l) => l.includes('already running or waiting')).length, 2);
    });

    it('leaving while the first stage runs: the rest settles right after it, in order, each once, each saying why; the running one is not started again', async () => {
      const slow = gate();
      const { runner, settles, summary, log } = setup({ slowFormat: slow.script });
      const a = doc('a');
      const first = runner.run('a', a, stage(0, 'slowFormat'), 0);
      await flush();
      // The user switches editors: the watchdog fires what is still pending (stages 1 and 2) at once.
      await runner.run('a', a, stage(1, 'save'), 1, 'editorSwitch');
      await runner.run('a', a, stage(2, 'notify'), 2, 'editorSwitch');
      await runner.run('a', a, stage(0, 'slowFormat'), 0, 'editorSwitch');
      slow.open();
      await first;
      assert.deepEqual(summary(), ['0:slowFormat=done', '1:save=done', '2:notify=done']);
      assert.equal(slow.calls, 1);
      assert.deepEqual(settles.map((x) => x.report.trigger), ['delay', 'editorSwitch', 'editorSwitch']);
      assert.ok(log.includes('settled a (idleWatchdog.stages[1], 2 s) at once: you left it for another editor: save'), log.join('\n'));
    });

    it('actions are told when the user left (nothing waits for the caret then), and only then', async () => {
      const seen = gate();
      const { runner } = setup({ look: seen.script });
      const a = doc('a');
      const runs = [runner.run('a', a, stage(0, 'look'), 0, 'windowBlur')];
      await flush();
      seen.open();
      await runs[0];
      for (const trigger of ['terminal', 'editorSwitch', 'delay', 'command'] as const) {
        const run = runner.run('a', a, stage(0, 'look'), 0, trigger);
        await flush();
        seen.open();
        await run;
      }
      assert.deepEqual(seen.contexts.map((c) => c.left), [true, true, true, false, false]);
    });

    it('the user typing during the round drops the queued stages and re-arms (the new round will run them)', async () => {
      const slow = gate();
      const { runner, summary, rearmed, log } = setup({ slowFormat: slow.script });
      const a = doc('a');
      const first = runner.run('a', a, stage(0, 'slowFormat', 'save'), 0);
      await flush();
      await runner.run('a', a, stage(1, 'save'), 1);
      assert.equal(runner.isOwnEdit('a', 2), false, 'a keystroke is the user’s');
      slow.open();
      await first;
      assert.deepEqual(summary(), ['0:slowFormat=done,save=skipped']);
      assert.deepEqual(rearmed, ['a']);
      assert.ok(log.some((l) => l.includes('1 later stage dropped')));
    });

    it("a keystroke in a notebook's cell stops the notebook's round (the round is the notebook's, the change the cell's)", async () => {
      const slow = gate();
      const { runner, summary, rearmed } = setup({ slowFormat: slow.script });
      const notebook = doc('file:///n.ipynb');
      const first = runner.run(notebook.key, notebook, stage(0, 'slowFormat', 'save'), 0);
      await flush();
      assert.equal(runner.isOwnEdit('vscode-notebook-cell:/n.ipynb#c2', 7, notebook.key), false, 'a keystroke in cell 2 is the user’s');
      slow.open();
      await first;
      assert.deepEqual(summary(), ['0:slowFormat=done,save=skipped']);
      assert.deepEqual(rearmed, [notebook.key]);
    });

    it('each report but the last sees the round still running; the last sees it over (the status bar reads it)', async () => {
      const slow = gate();
      const { runner, settles } = setup({ slowFormat: slow.script });
      const a = doc('a');
      const first = runner.run('a', a, stage(0, 'slowFormat'), 0);
      await flush();
      await runner.run('a', a, stage(1, 'save'), 1);
      slow.open();
      await first;
      assert.deepEqual(settles.map((s) => s.running), [true, false]);
    });
  });

  describe('guard: late-edit drop — the time limit is real', () => {
    it('a format cut off at its limit never applies its late answer; the rest of the round goes on', async () => {
      const answer = deferred<string>();
      let applied = false;
      const a = doc('a');
      const { runner, clock, summary, rearmed } = setup(
        {
          format: async (ctx) => {
            await answer.promise; // the formatter's edits
            if (ctx.abandoned()) return { status: 'skipped', reason: { code: 'late' } };
            applied = true;
            return done();
          },
        },
        1000,
      );
      const round = runner.run('a', a, stage(0, 'format', 'save'), 0);
      await flush();
      clock.advance(1000);
      await round;
      assert.deepEqual(summary(), ['0:format=timeout,save=done'], 'a hung formatter does not keep the typing unsaved');
      answer.resolve('edits');
      await flush();
      assert.equal(applied, false, 'the late answer is dropped');
      assert.deepEqual(rearmed, []);
    });

    it('a command cut off at its limit stops the round (it may still be running)', async () => {
      const hung = gate();
      const { runner, clock, summary, log } = setup({ hung: hung.script }, 1000);
      const round = runner.run('a', doc('a'), stage(0, 'hung', 'save'), 0);
      await flush();
      clock.advance(1000);
      await round;
      assert.deepEqual(summary(), ['0:hung=timeout,save=skipped']);
      assert.ok(log.some((l) => l.includes('save: skipped (hung was cut off at its time limit and may still be running)')));
    });

    it('a cut-off action’s expected versions are withdrawn: the next keystroke with that version is the user’s', async () => {
      const hung = deferred();
      const { runner, clock } = setup(
        {
          format: async (ctx) => {
            ctx.ownEdits.expect('a', 2);
            await hung.promise; // applyEdit never answers
            return done();
          },
        },
        1000,
      );
      const round = runner.run('a', doc('a'), stage(0, 'format'), 0);
      await flush();
      clock.advance(1000);
      await round;
      assert.equal(runner.ownEditsIdle, true, 'nothing left expected');
      assert.equal(runner.isOwnEdit('a', 2), false, 'the user’s keystroke kicks');
    });

    it('a change inside a cut-off command’s window settles once more; changes after it are the user’s', async () => {
      const hung = deferred();
      const { runner, clock, rearmed } = setup(
        {
          hung: async (ctx) => {
            const window = ctx.ownEdits.open(['a']);
            await hung.promise;
            for (const uri of window.close()) ctx.unclear(uri);
            return done();
          },
        },
        1000,
      );
      const round = runner.run('a', doc('a'), stage(0, 'hung'), 0);
      await flush();
      assert.equal(runner.isOwnEdit('a', 2), true, 'inside the window');
      clock.advance(1000);
      await round;
      assert.deepEqual(rearmed, ['a'], 'unclear: one more settle');
      assert.equal(runner.isOwnEdit('a', 3), false, 'the window closed at the limit');
      hung.resolve();
      await flush();
      assert.deepEqual(rearmed, ['a'], 'the abandoned command’s late end changes nothing');
    });
  });

  describe('guard: own-edit window scope — never swallow the user’s keystroke', () => {
    /** A save like builtins.ts: a window on its document while it writes; still dirty after = the user's. */
    function saveScript(a: Doc, editor: { text: string; disk: string }, saving: { promise: Promise<string> }): Script {
      return async (ctx) => {
        const window = ctx.ownEdits.open([a.key]);
        try {
          const written = await saving.promise; // the text the save wrote (after its participants)
          editor.disk = written;
          a.dirty = editor.text !== written;
        } finally {
          window.close();
        }
        if (a.dirty) ctx.userChanged(a.key);
        return done();
      };
    }

    it('a keystroke during a save, after it wrote: the document stays dirty and settles again; later actions wait', async () => {
      const a = doc('a');
      const editor = { text: 'typed', disk: '' };
      const saving = deferred<string>();
      const { runner, summary, rearmed } = setup({ save: saveScript(a, editor, saving) });
      const round = runner.run('a', a, stage(0, 'save', 'notify-me'), 0);
      await flush();
      // The save wrote "typed"; the user typed on before it returned.
      editor.text += '!';
      assert.equal(runner.isOwnEdit('a', 2), true, 'inside the save’s window: cannot be told apart yet');
      saving.resolve('typed');
      await round;
      assert.equal(editor.disk, 'typed');
      assert.deepEqual(summary(), ['0:save=done,notify-me=skipped']);
      assert.deepEqual(rearmed, ['a'], 'the keystroke is not lost: the document settles again');
    });

    it('formatOnSave’s edits during a save (written with it) do not re-arm', async () => {
      const a = doc('a');
      const editor = { text: 'x', disk: '' };
      const saving = deferred<string>();
      const { runner, summary, rearmed } = setup({ save: saveScript(a, editor, saving) });
      const round = runner.run('a', a, stage(0, 'save'), 0);
      await flush();
      editor.text = 'x;';
      assert.equal(runner.isOwnEdit('a', 2), true, 'the save participant’s edit');
      saving.resolve('x;');
      await round;
      assert.equal(editor.disk, 'x;');
      assert.deepEqual(summary(), ['0:save=done']);
      assert.deepEqual(rearmed, []);
    });

    it('a keystroke in another document during saveAll kicks that document at once', async () => {
      const a = doc('a');
      const b = doc('b');
      const saving = deferred();
      const { runner, rearmed } = setup({
        saveAll: async (ctx) => {
          const window = ctx.ownEdits.open(['a']); // only a was dirty
          await saving.promise;
          window.close();
          for (const d of [a]) if (d.dirty && window.touched.has(d.key)) ctx.userChanged(d.key);
          return done();
        },
      });
      const round = runner.run('window', undefined, stage(0, 'saveAll'), 0);
      await flush();
      assert.equal(runner.isOwnEdit('b', 7), false, 'b is not covered: the user’s, it kicks');
      assert.equal(runner.isOwnEdit('a', 2), true, 'a is being saved');
      a.dirty = false;
      saving.resolve();
      await round;
      assert.deepEqual(rearmed, [], 'a was written with its change');
      void b;
    });

    it('a command’s change of its document cannot be told from the user’s: one more settle, and no loop', async () => {
      const a = doc('a');
      const { runner, summary, rearmed, log } = setup({
        fmt: async (ctx) => {
          const window = ctx.ownEdits.open(['a']);
          runner.isOwnEdit('a', a.version++); // the command edits the document
          for (const uri of window.close()) ctx.unclear(uri);
          return done();
        },
      });
      await runner.run('a', a, stage(0, 'fmt', 'save'), 0);
      assert.deepEqual(summary(), ['0:fmt=done,save=done'], 'the round goes on');
      assert.deepEqual(rearmed, ['a'], 'one extra settle');
      await runner.run('a', a, stage(0, 'fmt', 'save'), 0);
      assert.deepEqual(rearmed, ['a'], 'the same again is the command’s: a fixed point, not a loop');
      assert.ok(log.some((l) => l.includes('taken as its own this time')));
      assert.equal(runner.isOwnEdit('a', 99), false, 'the user types');
      await runner.run('a', a, stage(0, 'fmt', 'save'), 0);
      assert.deepEqual(rearmed, ['a', 'a'], 'after the user’s change, unclear changes settle once more again');
    });

    it('an edit from another extension (a version nobody expected) during a format is the user’s: the round stops', async () => {
      const a = doc('a');
      const computing = deferred();
      const { runner, summary, rearmed } = setup({
        format: async (ctx) => {
          const version = a.version;
          await computing.promise;
          if (a.version !== version || ctx.userEdited()) return { status: 'skipped', reason: { code: 'typed', when: 'computing' } };
          return done();
        },
      });
      const round = runner.run('a', a, stage(0, 'format', 'save'), 0);
      await flush();
      a.version++;
      assert.equal(runner.isOwnEdit('a', a.version), false, 'a snippet / Vim / Live Share edit');
      computing.resolve();
      await round;
      assert.deepEqual(summary(), ['0:format=skipped,save=skipped']);
      assert.deepEqual(rearmed, ['a']);
    });

    it('an expected edit is consumed by its change event, and withdrawn if none came (edits not kicking: no leak)', async () => {
      const a = doc('a');
      let ownSeen = false;
      const { runner } = setup({
        format: async (ctx) => {
          ctx.ownEdits.expect('a', 2);
          ownSeen = runner.isOwnEdit('a', 2); // the change event, classified even without "edit" in kickOn
          ctx.ownEdits.unexpect('a', 2); // after applyEdit: nothing left behind either way
          return done();
        },
        organizeImports: async (ctx) => {
          ctx.ownEdits.expect('a', 3); // an edit that changed nothing: no event
          ctx.ownEdits.unexpect('a', 3);
          return done();
        },
      });
      await runner.run('a', a, stage(0, 'format', 'organizeImports'), 0);
      assert.equal(ownSeen, true, 'the expected version was taken as ours');
      assert.equal(runner.ownEditsIdle, true);
      assert.equal(runner.isOwnEdit('a', 3), false, 'the next keystroke (version 3) is the user’s');
    });
  });

  describe('window-scope rounds', () => {
    it('never block a document round, and never swallow its changes (a window stage opens no own-edit window)', async () => {
      const a = doc('a');
      const slow = gate();
      const { runner, summary } = setup({
        stillThere: async (ctx) => {
          const window = ctx.ownEdits.open(['a']);
          await slow.script(ctx);
          for (const uri of window.close()) ctx.unclear(uri);
          return done();
        },
      });
      const windowRound = runner.run('window', a, { ...stage(5, 'stillThere'), scope: 'window' }, 0);
      await flush();
      await runner.run('a', a, stage(0, 'save'), 0);
      assert.deepEqual(summary(), ['0:save=done'], 'the document round ran beside it');
      assert.equal(runner.isOwnEdit('a', 2), false, 'typing in a during the window command kicks a');
      slow.open();
      await windowRound;
      assert.equal(runner.ownEditsIdle, true);
    });
  });

  describe('guard: back-off stop', () => {
    it('an action failing every time backs off (1, 2, 4 settles), then stops after 6 failures and says so; new settings revive it', async () => {
      const { runner, summary, problems, log } = setup({ broken: async () => ({ status: 'failed', reason: { code: 'error', message: 'boom' } }) });
      const a = doc('a');
      for (let i = 0; i < 14; i++) await runner.run('a', a, stage(0, 'broken'), 0);
      const statuses = summary().map((s) => s.replace('0:broken=', ''));
      assert.deepEqual(statuses, [
        'failed', 'failed', 'failed', // 3 in a row
        'skipped', 'failed', // backs off 1
        'skipped', 'skipped', 'failed', // backs off 2
        'skipped', 'skipped', 'skipped', 'skipped', 'failed', // backs off 4, then the 6th failure
        'skipped', // stopped
      ]);
      assert.equal(FAILURES_STOP, 6);
      assert.ok(problems.some((p) => p.includes('failed 6 times in a row') && p.includes('will not run there again')));
      assert.ok(log.some((l) => l.includes('stopped after 6 failures in a row')));
      runner.resetFailures();
      await runner.run('a', a, stage(0, 'broken'), 0);
      assert.equal(summary().at(-1), '0:broken=failed', 'runs again after a settings change');
    });
  });

  describe('guard: a save backs off in time, never for good', () => {
    it('a save failing every time waits 15 s, 30 s, 60 s… between tries, at most 5 minutes, and is never stopped; a save by hand starts it afresh', async () => {
      const { runner, summary, clock, problems } = setup({ save: async () => ({ status: 'failed', reason: { code: 'notSaved' } }) });
      const a = doc('a');
      const settle = async () => {
        await runner.run('a', a, stage(0, 'save'), 0);
        return summary().at(-1)?.replace('0:save=', '');
      };
      for (let i = 0; i < 3; i++) assert.equal(await settle(), 'failed');
      assert.equal(await settle(), 'skipped', 'backing off');
      clock.advance(SAVE_RETRY_FIRST_MS - 1);
      assert.equal(await settle(), 'skipped');
      clock.advance(1);
      assert.equal(await settle(), 'failed', 'tried again 15 s after the last failure');
      clock.advance(2 * SAVE_RETRY_FIRST_MS - 1);
      assert.equal(await settle(), 'skipped');
      clock.advance(1);
      assert.equal(await settle(), 'failed', 'then 30 s');
      // Many failures later the wait stays at its cap, and the save is still tried.
      for (let i = 0; i < 12; i++) {
        clock.advance(SAVE_RETRY_MAX_MS);
        assert.equal(await settle(), 'failed', `try ${i}: never stopped`);
      }
      clock.advance(SAVE_RETRY_MAX_MS - 1);
      assert.equal(await settle(), 'skipped', 'the wait is capped at 5 minutes');
      assert.ok(!problems.some((p) => p.includes('will not run there again')), 'no "stopped" message for a save');
      runner.saved('a');
      assert.equal(await settle(), 'failed', 'the user saved by hand: tried at once');
    });
  });

  describe('closing and deactivation', () => {
    it('a document closed during its round runs no further action and is not re-armed', async () => {
      const slow = gate();
      const { runner, summary, rearmed } = setup({ slowFormat: slow.script });
      const a = doc('a');
      const round = runner.run('a', a, stage(0, 'slowFormat', 'save'), 0);
      await flush();
      await runner.run('a', a, stage(1, 'save'), 1);
      runner.forget('a');
      slow.open();
      await round;
      assert.deepEqual(summary(), ['0:slowFormat=done,save=skipped']);
      assert.deepEqual(rearmed, []);
    });

    it('a document closed during its round and reopened: the reopened document\'s settle during the old round is not lost', async () => {
      const slow = gate();
      const { runner, summary, rearmed } = setup({ slowFormat: slow.script });
      const a = doc('a');
      const round = runner.run('a', a, stage(0, 'slowFormat', 'save'), 0);
      await flush();
      runner.forget('a'); // its tab closed
      a.closed = true;
      const reopened = doc('a'); // reopened (same URI), typed in, settled while the old round still waits on its action
      await runner.run('a', reopened, stage(0, 'save'), 0);
      slow.open();
      await round;
      await flush();
      const ran = summary().filter((s) => s.endsWith('save=done')).length;
      assert.ok(ran === 1 || rearmed.includes('a'), `the reopened document's settle ran or was re-armed (settles: ${summary().join(' | ')}; rearmed: ${rearmed.join(',')})`);
    });

    it('the old round of a closed document ending does not take the reopened document\'s running round with it', async () => {
      const slowOld = gate();
      const slowNew = gate();
      const { runner, summary, rearmed } = setup({ slowFormat: slowOld.script, slowSave: slowNew.script });
      const old = runner.run('a', doc('a'), stage(0, 'slowFormat'), 0);
      await flush();
      runner.forget('a');
      const reopened = runner.run('a', doc('a'), stage(0, 'slowSave'), 0);
      await flush();
      slowOld.open();
      await old;
      assert.equal(runner.isRunning('a'), true, 'the reopened document\'s round still runs');
      assert.equal(runner.isOwnEdit('a', 5), false);
      slowNew.open();
      await reopened;
      assert.equal(runner.isRunning('a'), false);
      assert.deepEqual(summary(), ['0:slowFormat=done', '0:slowSave=done']);
      assert.deepEqual(rearmed, ['a'], 'the keystroke during the reopened round re-arms it');
    });

    it('after dispose nothing more runs or reports, and no timer is left', async () => {
      const slow = gate();
      const { runner, summary, clock } = setup({ slowFormat: slow.script });
      const round = runner.run('a', doc('a'), stage(0, 'slowFormat', 'save'), 0);
      await flush();
      assert.equal(clock.pending, 1, 'the running action’s time limit');
      runner.dispose();
      assert.equal(clock.pending, 0, 'no timer left after deactivation');
      slow.open();
      await round;
      assert.deepEqual(summary(), []);
      assert.equal(slow.contexts[0].abandoned(), true);
    });
  });

  describe('what a round tells the user', () => {
    it('a change inside a save’s window plus a key or click in its editor is the user’s: the later actions wait for the next settle', async () => {
      const a = doc('a');
      const saving = deferred();
      const { runner, summary, rearmed } = setup({
        save: async (ctx) => {
          const window = ctx.ownEdits.open([a.key]);
          await saving.promise;
          window.close();
          return done();
        },
      });
      const round = runner.run('a', a, stage(0, 'save', 'format'), 0);
      await flush();
      assert.equal(runner.isOwnEdit('a', 2), true, 'inside the window');
      runner.noteUserInput('b'); // another document's editor: nothing to do with this round
      saving.resolve();
      await flush();
      await round;
      assert.deepEqual(summary(), ['0:save=done,format=done'], 'a window change alone is the save’s own');
      const b = doc('b');
      const saving2 = deferred();
      const t = setup({
        save: async (ctx) => {
          const window = ctx.ownEdits.open([b.key]);
          await saving2.promise;
          window.close();
          return done();
        },
      });
      const round2 = t.runner.run('b', b, stage(0, 'save', 'format'), 0);
      await flush();
      assert.equal(t.runner.isOwnEdit('b', 2), true);
      t.runner.noteUserInput('b'); // the user typed in b's editor while it saved
      saving2.resolve();
      await round2;
      assert.deepEqual(t.summary(), ['0:save=done,format=skipped']);
      assert.deepEqual(t.rearmed, ['b'], 'it settles again');
      assert.deepEqual(rearmed, []);
    });

    it('forgetting a closed document forgets its failures only, not those of a document whose name starts the same', async () => {
      const { runner, clock, summary } = setup({ broken: async () => ({ status: 'failed', reason: { code: 'error', message: 'boom' } }) });
      const [a, ab] = [doc('a'), doc('ab')];
      for (let i = 0; i < 3; i++) {
        await runner.run('a', a, stage(0, 'broken'), 0);
        await runner.run('ab', ab, stage(0, 'broken'), 0);
        clock.advance(1);
      }
      runner.forget('a');
      await runner.run('a', a, stage(0, 'broken'), 0);
      await runner.run('ab', ab, stage(0, 'broken'), 0);
      assert.deepEqual(summary().slice(-2), ['0:broken=failed', '0:broken=skipped'], 'a starts afresh; ab is still backed off');
    });

    it('its tables (for the stats) count rounds running and failures kept, and are empty again once the documents are forgotten', async () => {
      const gate = deferred();
      const { runner } = setup({ broken: async () => ({ status: 'failed', reason: { code: 'error', message: 'boom' } }), slow: async () => (await gate.promise, done()) });
      assert.deepEqual(runner.tables, { rounds: 0, failures: 0, echoes: 0 });
      await runner.run('a', doc('a'), stage(0, 'broken'), 0);
      await runner.run('b', doc('b'), stage(0, 'broken'), 0);
      const running = runner.run('c', doc('c'), stage(0, 'slow'), 0);
      await flush();
      assert.deepEqual(runner.tables, { rounds: 1, failures: 2, echoes: 0 });
      gate.resolve();
      await running;
      for (const key of ['a', 'b', 'c']) runner.forget(key);
      assert.deepEqual(runner.tables, { rounds: 0, failures: 0, echoes: 0 });
    });

    it('a stage’s when is asked only when it has conditions, and its answer is the stage’s skip', async () => {
      const asked: string[] = [];
      const { runner, settles, log } = setup({}, 5000, {
        unmet: async (when) => {
          asked.push(JSON.stringify(when));
          return { code: 'condition', condition: 'languages', detail: 'its language "json" is not one of markdown' };
        },
      });
      const a = doc('a');
      await runner.run('a', a, stage(0, 'save'), 0);
      await runner.run('a', a, { ...stage(0, 'save'), when: { languages: ['markdown'] } }, 0);
      assert.deepEqual(asked, ['{"languages":["markdown"]}']);
      assert.equal(settles[0].report.skip, undefined);
      assert.deepEqual(settles[1].report.actions, []);
      assert.equal(settles[1].report.skipped, 'not run: its language "json" is not one of markdown');
      assert.equal(settles[1].report.skip?.code, 'condition');
      assert.ok(log.some((l) => l.endsWith('not run: its language "json" is not one of markdown')));
    });

    it('a condition check that throws ends that stage with the error, logged; the next settle runs', async () => {
      let throwing = true;
      const { runner, settles, log } = setup({}, 5000, {
        unmet: async () => {
          if (throwing) throw new Error('no workspace');
          return undefined;
        },
      });
      const a = doc('a');
      const conditional = { ...stage(0, 'save'), when: { onlyDirty: true } };
      await runner.run('a', a, conditional, 0);
      assert.deepEqual(settles[0].report.skip, { code: 'error', message: 'no workspace' });
      assert.equal(settles[0].report.skipped, 'failed: no workspace');
      assert.ok(log.some((l) => l.startsWith('ERROR settle of a (idleWatchdog.stages[0], 1 s) failed: no workspace')));
      throwing = false;
      await runner.run('a', a, conditional, 0);
      assert.deepEqual(settles[1].report.actions.map((r) => `${r.action}=${r.status}`), ['save=done']);
    });

    it('an action that throws fails with its message; the round goes on; each report carries kind, reason and words', async () => {
      const { runner, settles, problems } = setup({
        format: async () => {
          throw new Error('formatter crashed');
        },
      });
      await runner.run('a', doc('a'), stage(0, 'format', 'save'), 0);
      const [format, save] = settles[0].report.actions;
      assert.deepEqual(
        { kind: format.kind, status: format.status, reason: format.reason, detail: format.detail },
        { kind: 'edit', status: 'failed', reason: { code: 'error', message: 'formatter crashed' }, detail: 'formatter crashed' },
      );
      assert.deepEqual({ kind: save.kind, status: save.status, detail: save.detail }, { kind: 'save', status: 'done', detail: 'ran' });
      assert.deepEqual(problems, ['Idle Watchdog: "format" failed: formatter crashed']);
    });

    it('the action is told whether the round began with an undo or redo of its document', async () => {
      const seen: boolean[] = [];
      const restoredKeys = new Set(['a']);
      const { runner } = setup({ format: async (ctx) => (seen.push(ctx.restored()), done()) }, 5000, { restored: (key) => restoredKeys.has(key) });
      await runner.run('a', doc('a'), stage(0, 'format'), 0);
      await runner.run('b', doc('b'), stage(0, 'format'), 0);
      await runner.run('window', undefined, stage(0, 'format'), 0);
      assert.deepEqual(seen, [true, false, false]);
    });

    it('the actions a round did not get to say why, as data and in words: you typed, the document closed, the extension deactivated', async () => {
      const reasonsOf = (t: ReturnType<typeof setup>) => t.settles.at(-1)!.report.actions.map((r) => [r.action, r.status, JSON.stringify(r.reason), r.detail].join(' | '));
      const typed = setup({ format: async () => done() });
      const a = doc('a');
      const first = typed.runner.run('a', a, stage(0, 'format', 'save'), 0);
      typed.runner.isOwnEdit('a', 2); // the user's keystroke while format runs
      await first;
      assert.deepEqual(reasonsOf(typed), ['format | done | {"code":"ran"} | ran', 'save | skipped | {"code":"typed","when":"beforeAction"} | you typed; it runs again at the next settle']);

      const closing = setup({ format: async () => ((b.closed = true), done()) });
      const b = doc('b');
      await closing.runner.run('b', b, stage(0, 'format', 'save'), 0);
      assert.deepEqual(reasonsOf(closing).slice(1), ['save | skipped | {"code":"closed"} | the document was closed']);

      const slow = gate();
      const leaving = setup({ format: slow.script });
      const round = leaving.runner.run('c', doc('c'), stage(0, 'format', 'save'), 0);
      await flush();
      leaving.runner.dispose();
      slow.open();
      await round;
      assert.deepEqual(leaving.settles, [], 'nothing is reported once deactivated');
      assert.equal(slow.contexts[0].abandoned(), true);
    });

    it('a save by hand starts only that document’s saves afresh', async () => {
      const { runner, summary, clock } = setup({ save: async () => ({ status: 'failed', reason: { code: 'notSaved' } }) });
      const [a, ab] = [doc('a'), doc('ab')];
      for (let i = 0; i < 3; i++) {
        await runner.run('a', a, stage(0, 'save'), 0);
        await runner.run('ab', ab, stage(0, 'save'), 0);
        clock.advance(1);
      }
      runner.saved('a');
      await runner.run('a', a, stage(0, 'save'), 0);
      await runner.run('ab', ab, stage(0, 'save'), 0);
      assert.deepEqual(summary().slice(-2), ['0:save=failed', '0:save=skipped'], 'a tries again at once; ab still waits');
    });

    it('the log names the settled document, the stage and its actions; a window stage is "window"; dropped stages are counted', async () => {
      const slow = gate();
      const { runner, log } = setup({ format: slow.script });
      const a = doc('a');
      await runner.run('window', undefined, { ...stage(0), actions: [] }, 0);
      assert.ok(log.includes('settled window (idleWatchdog.stages[0], 1 s): no actions'), log.join('\n'));
      const round = runner.run('a', a, stage(0, 'format', 'save'), 0);
      await flush();
      assert.ok(log.includes('settled a (idleWatchdog.stages[0], 1 s): format, save'), log.join('\n'));
      void runner.run('a', a, stage(1, 'save'), 1);
      void runner.run('a', a, stage(2, 'save'), 2);
      runner.isOwnEdit('a', 2);
      slow.open();
      await round;
      assert.ok(log.includes('  2 later stages dropped: you typed, a new round starts'), log.join('\n'));
    });
  });

  describe('what callers observe, in detail', () => {
    const failing = (message = 'boom') => async (): Promise<Outcome> => ({ status: 'failed', reason: { code: 'error', message } });

    /** A host that shows each problem once per cause, as the extension does. */
    function showOnce() {
      const causes = new Set<string>();
      const shown: string[] = [];
      const showProblem = (cause: string, text: string) => {
        if (causes.has(cause)) return;
        causes.add(cause);
        shown.push(text);
      };
      return { shown, showProblem };
    }

    it('runningCount counts the documents with a round running', async () => {
      const slow = gate();
      const { runner } = setup({ slowFormat: slow.script });
      assert.equal(runner.runningCount, 0);
      const rounds = [runner.run('a', doc('a'), stage(0, 'slowFormat'), 0), runner.run('b', doc('b'), stage(0, 'slowFormat'), 0)];
      await flush();
      assert.equal(runner.runningCount, 2);
      slow.open();
      await Promise.all(rounds);
      assert.equal(runner.runningCount, 0);
    });

    it('after dispose a new settle does nothing: no condition asked, nothing logged, nothing run or reported', async () => {
      let asked = 0;
      let ran = 0;
      const { runner, log, settles } = setup({ save: async () => (ran++, done()) }, 5000, { unmet: async () => (asked++, undefined) });
      runner.dispose();
      await runner.run('a', doc('a'), { ...stage(0, 'save'), when: { onlyDirty: true } }, 0);
      assert.deepEqual({ asked, ran, log, settles: settles.length, running: runner.isRunning('a') }, { asked: 0, ran: 0, log: [], settles: 0, running: false });
    });

    it('keys and clicks in the editor alone (no change inside a window) do not stop the round; the action can count them', async () => {
      const slow = gate();
      const { runner, summary, rearmed } = setup({ slowFormat: slow.script });
      const round = runner.run('a', doc('a'), stage(0, 'slowFormat', 'save'), 0);
      await flush();
      const ctx = slow.contexts[0];
      assert.equal(ctx.navigations(), 0);
      runner.noteUserInput('a');
      runner.noteUserInput('a');
      assert.equal(ctx.navigations(), 2);
      assert.equal(ctx.userEdited(), false);
      slow.open();
      await round;
      assert.deepEqual(summary(), ['0:slowFormat=done,save=done']);
      assert.deepEqual(rearmed, []);
    });

    it('an action can ask whether the user typed since the round began', async () => {
      const slow = gate();
      const { runner } = setup({ slowFormat: slow.script });
      const round = runner.run('a', doc('a'), stage(0, 'slowFormat'), 0);
      await flush();
      const ctx = slow.contexts[0];
      assert.equal(ctx.userEdited(), false);
      runner.isOwnEdit('a', 2);
      assert.equal(ctx.userEdited(), true);
      slow.open();
      await round;
    });

    it('a stage that comes due during a round logs that it waits', async () => {
      const slow = gate();
      const { runner, log } = setup({ slowFormat: slow.script });
      const a = doc('a');
      const round = runner.run('a', a, stage(0, 'slowFormat'), 0);
      await flush();
      await runner.run('a', a, stage(1, 'save'), 1);
      assert.ok(log.includes('settle of a (idleWatchdog.stages[1], 2 s): waits for the running round'), log.join('\n'));
      slow.open();
      await round;
    });

    it('"later stages dropped" is logged only when the user typed while stages were waiting', async () => {
      const dropped = (log: string[]) => log.filter((l) => l.includes('dropped'));
      // Typed, nothing waiting.
      const s1 = gate();
      const t1 = setup({ slowFormat: s1.script });
      const r1 = t1.runner.run('a', doc('a'), stage(0, 'slowFormat'), 0);
      await flush();
      t1.runner.isOwnEdit('a', 2);
      s1.open();
      await r1;
      assert.deepEqual(t1.rearmed, ['a']);
      assert.deepEqual(dropped(t1.log), []);
      // Waiting, nobody typed: it runs.
      const s2 = gate();
      const t2 = setup({ slowFormat: s2.script });
      const r2 = t2.runner.run('a', doc('a'), stage(0, 'slowFormat'), 0);
      await flush();
      await t2.runner.run('a', doc('a'), stage(1, 'save'), 1);
      s2.open();
      await r2;
      assert.deepEqual(t2.summary(), ['0:slowFormat=done', '1:save=done']);
      assert.deepEqual(dropped(t2.log), []);
      // Waiting, the document closed: nothing starts again, nothing to say.
      const s3 = gate();
      const t3 = setup({ slowFormat: s3.script });
      const r3 = t3.runner.run('a', doc('a'), stage(0, 'slowFormat'), 0);
      await flush();
      await t3.runner.run('a', doc('a'), stage(1, 'save'), 1);
      t3.runner.forget('a');
      s3.open();
      await r3;
      assert.deepEqual(t3.summary(), ['0:slowFormat=done']);
      assert.deepEqual(dropped(t3.log), []);
    });

    it('the round of a document closed meanwhile is over once its action ends', async () => {
      const slow = gate();
      const { runner } = setup({ slowFormat: slow.script });
      const round = runner.run('a', doc('a'), stage(0, 'slowFormat'), 0);
      await flush();
      runner.forget('a');
      slow.open();
      await round;
      assert.equal(runner.isRunning('a'), false);
      assert.equal(runner.runningCount, 0);
    });

    it('a document typed in and then closed during its round is not re-armed', async () => {
      const slow = gate();
      const { runner, summary, rearmed } = setup({ slowFormat: slow.script });
      const a = doc('a');
      const round = runner.run('a', a, stage(0, 'slowFormat', 'save'), 0);
      await flush();
      runner.isOwnEdit('a', 2);
      a.closed = true;
      slow.open();
      await round;
      assert.deepEqual(summary(), ['0:slowFormat=done,save=skipped']);
      assert.deepEqual(rearmed, []);
    });

    it('a command’s unclear change of a document closed by the end of the round does not re-arm it', async () => {
      const a = doc('a');
      const { runner, rearmed } = setup({
        fmt: async (ctx) => {
          ctx.unclear('a');
          a.closed = true;
          return done();
        },
      });
      await runner.run('a', a, stage(0, 'fmt'), 0);
      assert.deepEqual(rearmed, []);
    });

    it('an unclear change of another document settles that one at once; of the round’s own document, after the round', async () => {
      const slow = gate();
      const { runner, rearmed, summary, log } = setup({
        cmd: async (ctx) => {
          ctx.unclear('b');
          ctx.unclear('a');
          return done();
        },
        slowFormat: slow.script,
      });
      const round = runner.run('a', doc('a'), stage(0, 'cmd', 'slowFormat'), 0);
      await flush();
      assert.deepEqual(rearmed, ['b'], 'b at once; a waits for its round to end');
      slow.open();
      await round;
      assert.deepEqual(summary(), ['0:cmd=done,slowFormat=done'], 'an unclear change does not stop the round');
      assert.deepEqual(rearmed, ['b', 'a']);
      assert.ok(log.includes('  changed during cmd; whose change it was cannot be told, so it settles once more'), log.join('\n'));
    });

    it('an action saying another document’s change was the user’s re-arms that document; its own round goes on', async () => {
      const { runner, summary, rearmed } = setup({ saveAll: async (ctx) => (ctx.userChanged('b'), done()) });
      await runner.run('a', doc('a'), stage(0, 'saveAll', 'format'), 0);
      assert.deepEqual(summary(), ['0:saveAll=done,format=done']);
      assert.deepEqual(rearmed, ['b']);
    });

    it('an action cut off at its limit changes nothing afterwards: late expectations, windows, user and unclear changes are dropped', async () => {
      let ctx: ActionContext<Doc> | undefined;
      const { runner, clock, rearmed } = setup(
        {
          format: (c) => {
            ctx = c;
            return new Promise<Outcome>(() => undefined); // never answers
          },
        },
        1000,
      );
      const round = runner.run('a', doc('a'), stage(0, 'format'), 0);
      await flush();
      assert.equal(ctx?.abandoned(), false, 'within its time limit');
      clock.advance(1000);
      await round;
      assert.equal(ctx?.abandoned(), true);
      ctx?.ownEdits.expect('a', 2);
      const window = ctx?.ownEdits.open(['a']);
      assert.equal(runner.ownEditsIdle, true, 'nothing registered');
      assert.equal(runner.isOwnEdit('a', 2), false, 'the next keystroke is the user’s');
      ctx?.userChanged('b');
      ctx?.unclear('c');
      window?.close();
      assert.deepEqual(rearmed, []);
    });

    it('deactivation during an action: it is logged as deactivated, the later actions do not run, and the action changes nothing more', async () => {
      const slow = gate();
      let saves = 0;
      const { runner, log, rearmed } = setup({ slowFormat: slow.script, save: async () => (saves++, done()) });
      const round = runner.run('a', doc('a'), stage(0, 'slowFormat', 'save'), 0);
      await flush();
      runner.dispose();
      await round;
      assert.equal(saves, 0);
      assert.ok(log.includes('  slowFormat: skipped in 0 ms (the extension was deactivated)'), log.join('\n'));
      assert.ok(log.includes('  save: skipped (the extension was deactivated)'), log.join('\n'));
      const ctx = slow.contexts[0];
      ctx.userChanged('b');
      ctx.unclear('c');
      ctx.ownEdits.expect('a', 2);
      assert.deepEqual(rearmed, []);
      assert.equal(runner.ownEditsIdle, true);
    });

    it('once a round stops after a cut-off command, the later actions keep that reason even if the user typed or the document closed meanwhile', async () => {
      for (const meanwhile of ['typed', 'closed'] as const) {
        const t = setup({ hung: () => new Promise<Outcome>(() => undefined) }, 1000);
        const a = doc('a');
        const round = t.runner.run('a', a, stage(0, 'hung', 'save'), 0);
        await flush();
        if (meanwhile === 'typed') t.runner.isOwnEdit('a', 2);
        else a.closed = true;
        t.clock.advance(1000);
        await round;
        assert.deepEqual(t.settles[0].report.actions[1].reason, { code: 'afterTimeout', action: 'hung' }, meanwhile);
      }
    });

    it('each action’s duration is reported and logged in ms', async () => {
      const t = setup({ format: async () => (t.clock.advance(250), done()) });
      t.clock.advance(1000);
      await t.runner.run('a', doc('a'), stage(0, 'format'), 0);
      assert.equal(t.settles[0].report.actions[0].ms, 250);
      assert.ok(t.log.includes('  format: done in 250 ms (ran)'), t.log.join('\n'));
    });

    it('after an action ends, no time-limit timer and no own-edit window of it is left', async () => {
      const { runner, clock } = setup({ cmd: async (ctx) => (ctx.ownEdits.open(['a']), done()) });
      await runner.run('a', doc('a'), stage(0, 'cmd'), 0);
      assert.equal(clock.pending, 0);
      assert.equal(runner.ownEditsIdle, true);
    });

    it('a command that fails (not cut off) does not stop the round', async () => {
      const { runner, summary } = setup({ broken: failing() });
      await runner.run('a', doc('a'), stage(0, 'broken', 'save'), 0);
      assert.deepEqual(summary(), ['0:broken=failed,save=done']);
    });

    it('a success in between starts the failure count afresh', async () => {
      let fail = true;
      const { runner, summary } = setup({ flaky: async () => (fail ? failing()() : done()) });
      const settle = async () => {
        await runner.run('a', doc('a'), stage(0, 'flaky'), 0);
        return summary().at(-1)?.replace('0:flaky=', '');
      };
      const statuses: Array<string | undefined> = [];
      for (let i = 0; i < 2; i++) statuses.push(await settle());
      fail = false;
      statuses.push(await settle());
      fail = true;
      for (let i = 0; i < 4; i++) statuses.push(await settle());
      assert.deepEqual(statuses, ['failed', 'failed', 'done', 'failed', 'failed', 'failed', 'skipped']);
    });

    it('a backed-off action says why, as data and in words (a save: how long until it tries again)', async () => {
      const { runner, clock, settles } = setup({ broken: failing(), save: failing('disk full') });
      const a = doc('a');
      for (let i = 0; i < 4; i++) await runner.run('a', a, stage(0, 'broken'), 0);
      const broken = settles.at(-1)!.report.actions[0];
      assert.deepEqual(broken.reason, { code: 'backoff', failures: 3, settles: { skipped: 1, of: 1 } });
      assert.equal(broken.detail, 'backing off after 3 failures in a row (1/1 settles)');
      for (let i = 0; i < 3; i++) await runner.run('a', a, stage(0, 'save'), 0);
      clock.advance(5000);
      await runner.run('a', a, stage(0, 'save'), 0);
      const save = settles.at(-1)!.report.actions[0];
      assert.deepEqual(save.reason, { code: 'backoff', failures: 3, saveInMs: SAVE_RETRY_FIRST_MS - 5000 });
      assert.equal(save.detail, 'backing off after 3 failed saves in a row; a settle 10 s from now tries again');
    });

    it('a problem is shown once per cause: the same failure with other numbers is the same cause; a timeout says "timed out"', async () => {
      const { shown, showProblem } = showOnce();
      let text = 'E1';
      const { runner, clock } = setup({ broken: async () => failing(text)(), hung: () => new Promise<Outcome>(() => undefined) }, 1000, { showProblem });
      const a = doc('a');
      for (const next of ['E22', 'E', 'E']) {
        await runner.run('a', a, stage(0, 'broken'), 0);
        text = next;
      }
      const round = runner.run('a', a, stage(0, 'hung'), 0);
      await flush();
      clock.advance(1000);
      await round;
      assert.deepEqual(shown, [
        'Idle Watchdog: "broken" failed: E1',
        'Idle Watchdog: "broken" failed: E',
        'Idle Watchdog: "hung" timed out: no answer within 1 s; abandoned, nothing it does later is applied (idleWatchdog.actionTimeout)',
      ]);
    });

    it('an action stopped for good says so once, naming the document or "the window"', async () => {
      const { shown, showProblem } = showOnce();
      const { runner } = setup({ broken: failing(), crash: failing() }, 5000, { showProblem });
      const a = doc('a');
      for (let i = 0; i < 14; i++) await runner.run('a', a, stage(0, 'broken'), 0);
      for (let i = 0; i < 14; i++) await runner.run('window', undefined, stage(0, 'crash'), 0);
      assert.deepEqual(
        shown.filter((s) => s.includes('in a row')),
        [
          'Idle Watchdog: "broken" failed 6 times in a row for a; it will not run there again until the settings change or the window reloads.',
          'Idle Watchdog: "crash" failed 6 times in a row for the window; it will not run there again until the settings change or the window reloads.',
        ],
      );
    });

    it('a when with every condition unset is no condition: it is not asked', async () => {
      let asked = 0;
      const { runner, summary } = setup({}, 5000, { unmet: async () => (asked++, undefined) });
      await runner.run('a', doc('a'), { ...stage(0, 'save'), when: { languages: undefined, onlyDirty: undefined } }, 0);
      assert.equal(asked, 0);
      assert.deepEqual(summary(), ['0:save=done']);
    });
  });
});
