// Issue 5: never lose a keystroke, never loop, never obey a stranger.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { append, assertSettledForGood, captureMessages, configure, openFile, readDisk, sleep, typeText, useWatchdog, waitFor, writeWorkspaceSettings } from '../util';

export function registerSafetySuite(): void {
  describe('safety', () => {
    const t = useWatchdog();
    const disposables: vscode.Disposable[] = [];
    /** Called by the `iwTest.hook` command an action runs; tests set what it does. */
    let hook: (arg: unknown) => unknown = () => undefined;
    let hookCalls = 0;
    const warnings = captureMessages('showWarningMessage');

    before(() => {
      disposables.push(
        vscode.commands.registerCommand('iwTest.hook', (arg: unknown) => {
          hookCalls++;
          return hook(arg);
        }),
      );
    });
    after(() => {
      for (const d of disposables) d.dispose();
    });
    beforeEach(() => {
      hook = () => undefined;
      hookCalls = 0;
    });

    it('its own format edits and saves never re-arm it: exactly one round per settle', async () => {
      await configure({ delay: 250, actions: ['format', 'save', 'format'] });
      const editor = await openFile('json', '');
      await append(editor, '{"a":[1,{"b":2}]}');
      await t.settles.wait(editor.document.uri);
      assertSettledForGood(t.api, editor.document.uri);
      assert.equal(t.settles.for(editor.document.uri).length, 1);
      assert.equal(editor.document.isDirty, false);
    });

    it('typing while a round runs stops the rest of the round, re-arms, and loses nothing', async () => {
      await configure({ delay: 250, actions: [{ command: 'iwTest.hook' }, 'format', 'save'] });
      const editor = await openFile('json', '');
      await append(editor, '[1]');
      editor.selection = new vscode.Selection(0, 2, 0, 2); // before the `]`
      let typedDuringRound = false;
      hook = async () => {
        if (typedDuringRound) return;
        typedDuringRound = true;
        // The user goes on typing while the round's first action is still running.
        for (const ch of ', 2') {
          await typeText(ch);
          await sleep(20);
        }
      };
      const first = await t.settles.wait(editor.document.uri);
      assert.deepEqual(first.actions.map((a) => [a.action, a.status]), [
        ['iwTest.hook', 'done'],
        ['format', 'skipped'],
        ['save', 'skipped'],
      ]);
      assert.match(first.actions[1].detail, /you typed/);
      assert.equal(editor.document.getText(), '[1, 2]', 'nothing typed is lost');
      // Re-armed: the next settle runs the whole round on the text including what was typed.
      const second = await t.settles.wait(editor.document.uri, 2);
      // The caret sits right before the `]`, where the formatter would break the line: format waits for it.
      assert.deepEqual(second.actions.map((a) => a.status), ['done', 'skipped', 'done'], second.actions.map((a) => a.detail).join(' | '));
      assert.match(second.actions[1].detail, /every change is at your caret/);
      assert.equal(await readDisk(editor.document.uri), editor.document.getText());
      assert.match(editor.document.getText(), /1,\s+2/);
    });

    it('one round per document at a time: a settle during a running round does not start another', async () => {
      await configure({ delay: 200, actions: [{ command: 'iwTest.hook' }] });
      hook = () => sleep(1200);
      const editor = await openFile('txt', '');
      await append(editor, 'x');
      await waitFor('the round to start', () => t.api.state(editor.document.uri).running);
      await vscode.commands.executeCommand('idleWatchdog.fireNow');
      await vscode.commands.executeCommand('idleWatchdog.fireNow');
      await t.settles.wait(editor.document.uri);
      assertSettledForGood(t.api, editor.document.uri);
      assert.equal(hookCalls, 1, 'the settles that came while the round ran were skipped');
      assert.equal(t.settles.for(editor.document.uri).length, 1);
    });

    it('a later stage that comes due while an earlier round still runs waits for it, and is not lost', async () => {
      await configure({ delay: 200, actions: [{ command: 'iwTest.hook' }], stages: [{ delay: 600, actions: ['save'] }] });
      hook = () => sleep(1200);
      const editor = await openFile('txt', '');
      await append(editor, 'keep me');
      const second = await t.settles.wait(editor.document.uri, 2, 5000);
      assert.deepEqual(second.actions.map((a) => [a.action, a.status]), [['save', 'done']]);
      assert.equal(await readDisk(editor.document.uri), 'keep me');
    });

    it('guard "own-edit window scope": typing in another document while a command runs for the first kicks that other document at once', async () => {
      await configure({ delay: 200, actions: [{ command: 'iwTest.hook' }] });
      // A in front (its command runs only there), B beside it.
      const b = await openFile('txt', '', { column: vscode.ViewColumn.Beside });
      const a = await openFile('txt', '', { column: vscode.ViewColumn.One });
      let kickedAtOnce: boolean | undefined;
      hook = async () => {
        hook = () => undefined;
        await append(b, 'typed in B meanwhile');
        // B's change is the user's: it kicks B at once, not only after the command.
        kickedAtOnce = t.api.state(b.document.uri).pending !== undefined;
      };
      await append(a, 'x');
      await t.settles.wait(a.document.uri);
      assert.equal(kickedAtOnce, true, 'the command\'s own-edit window does not cover B');
      const settleB = await t.settles.wait(b.document.uri);
      // B is not in front: its command waits for it.
      assert.deepEqual(settleB.actions.map((x) => x.status), ['skipped']);
      assert.match(settleB.actions[0].detail, /is not the active editor/);
    });

    it('closing the tab while its round runs stops the round: nothing is applied to it afterwards', async () => {
      await configure({ delay: 200, actions: [{ command: 'iwTest.hook' }, 'format'] });
      const editor = await openFile('json', '');
      await append(editor, '{"a":1}');
      let release: () => void = () => undefined;
      hook = () => new Promise<void>((r) => (release = r));
      await waitFor('the round to start', () => t.api.state(editor.document.uri).running);
      const document = editor.document;
      // The user saves and closes the tab while the first action still runs.
      await vscode.commands.executeCommand('workbench.action.files.save');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      release();
      const settle = await t.settles.wait(document.uri);
      assert.deepEqual(settle.actions.map((a) => [a.action, a.status]), [
        ['iwTest.hook', 'done'],
        ['format', 'skipped'],
      ]);
      assert.equal(document.getText(), '{"a":1}', 'not formatted after its tab closed');
      assert.equal(document.isDirty, false, 'no unsaved changes left behind in a document without a tab');
    });

    it('"enabled": false for the window, true for one language: that language still settles', async () => {
      await configure({ enabled: false, delay: 200, actions: ['save'] }, { plaintext: { enabled: true } });
      const text = await openFile('txt', '');
      const json = await openFile('json', '', { column: vscode.ViewColumn.Beside });
      await append(text, 'on');
      await append(json, '{}');
      assert.equal(t.api.state(json.document.uri).pending, undefined, 'JSON stays off: its edit started nothing');
      await t.settles.wait(text.document.uri);
      assert.equal(t.settles.for(json.document.uri).length, 0, 'JSON stays off');
      assert.equal(await readDisk(text.document.uri), 'on');
    });

    it('an action that hangs is cut off at its limit; the rest of the round is skipped; later edits still kick', async () => {
      await configure({ delay: 200, actionTimeout: 600, actions: [{ command: 'iwTest.hook' }, 'save'] });
      hook = () => new Promise(() => undefined); // never answers
      const editor = await openFile('txt', '');
      await append(editor, 'x');
      const kicked = Date.now();
      const settle = await t.settles.wait(editor.document.uri);
      assert.deepEqual(settle.actions.map((a) => [a.action, a.status]), [
        ['iwTest.hook', 'timeout'],
        ['save', 'skipped'],
      ]);
      assert.ok(settle.time - kicked >= 200 + 600 - 50 && settle.time - kicked < 200 + 600 + 1500, `cut off after ${settle.time - kicked} ms`);
      assert.ok(warnings.some((w) => /timed out/.test(w)), 'the user is told');
      hook = () => undefined;
      await append(editor, 'y');
      assert.ok(t.api.state(editor.document.uri).pending, 'the hung command does not swallow later edits');
      const next = await t.settles.wait(editor.document.uri, 2);
      assert.deepEqual(next.actions.map((a) => a.status), ['done', 'done']);
    });

    it('guard "back-off stop": a failing action is logged every time, shown once, backed off and then stopped', async () => {
      await configure({ delay: 100, actions: ['iwTest.doesNotExist'] });
      const editor = await openFile('txt', '');
      for (let i = 1; i <= 14; i++) {
        await append(editor, String(i % 10));
        await t.settles.wait(editor.document.uri, i);
      }
      const statuses = t.settles.for(editor.document.uri).map((s) => (s.actions[0].status === 'skipped' ? '-' : 'F'));
      // 3 failures, then backing off (skip 1, try, skip 2, try, skip 4, try), stopped after the 6th failure.
      assert.equal(statuses.join(''), 'FFF-F--F----F-');
      const notFound = warnings.filter((w) => /iwTest\.doesNotExist/.test(w) && /failed:/.test(w));
      assert.equal(notFound.length, 1, `shown once per cause, got: ${warnings.join(' | ')}`);
      assert.ok(warnings.some((w) => /failed 6 times in a row .* will not run there again/.test(w)), 'the user is told it stopped');
      const last = t.settles.for(editor.document.uri).at(-1)!;
      assert.match(last.actions[0].detail, /stopped after 6 failures in a row/);
    });

    it('bad settings give a clear message naming the setting and a safe fallback, never a crash', async () => {
      await writeWorkspaceSettings({
        'idleWatchdog.delay': 'soon',
        'idleWatchdog.actions': ['save', 42, 'fromat'],
        'idleWatchdog.stages': [{ delay: -1, actions: ['save'] }, 'x'],
        'idleWatchdog.when': { noErors: true },
      });
      const editor = await openFile('txt', '');
      await append(editor, 'text that must not be lost');
      const settle = await t.settles.wait(editor.document.uri, 1, 5000);
      assert.equal(settle.stage.delay, 1000, 'fallback delay');
      assert.deepEqual(settle.actions.map((a) => [a.action, a.status]), [['save', 'done']]);
      assert.equal(await readDisk(editor.document.uri), 'text that must not be lost');
      assert.equal(warnings.length, 1, warnings.join(' | '));
      assert.match(warnings[0], /idleWatchdog\.delay: a delay must be a number of milliseconds; using 1000 \(got "soon"\)/);
      assert.match(warnings[0], /and \d+ more in the log/);
    });

    it('delays above 2^31−1 ms do not fire at once', async () => {
      await configure({ delay: 3e9, actions: ['save'] });
      const editor = await openFile('txt', '');
      await append(editor, 'x');
      await sleep(600);
      assert.equal(t.settles.for(editor.document.uri).length, 0);
      const pending = t.api.state(editor.document.uri).pending;
      assert.ok(pending && pending.remainingMs > 2.9e9, JSON.stringify(pending));
      assert.equal(t.api.state().stats.timers, 1);
    });

    it('a closed document is forgotten and never saved after closing', async () => {
      // A delay far beyond the test's pace: the settle is still pending when the tab closes.
      await configure({ delay: 60_000, actions: ['save'] });
      const editor = await openFile('txt', 'on disk');
      await append(editor, ' + unsaved');
      const uri = editor.document.uri;
      assert.ok(t.api.state(uri).pending, 'a settle is pending before the close');
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await waitFor('the closed document to be forgotten', () => t.api.state(uri).pending === undefined && t.api.state().stats.pending === 0);
      assert.equal(t.api.state().stats.timers, 0, 'nothing left that could save it later');
      assert.equal(await readDisk(uri), 'on disk');
      assert.equal(t.settles.for(uri).length, 0);
    });

    it('untitled documents are not pushed into a Save As dialog', async () => {
      await configure({ delay: 200, actions: ['save'] });
      const untitled = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: '', language: 'plaintext' }));
      await append(untitled, 'draft');
      const settle = await t.settles.wait(untitled.document.uri);
      assert.deepEqual(settle.actions.map((a) => [a.action, a.status]), [['save', 'skipped']]);
      assert.match(settle.actions[0].detail, /untitled/);
      assert.equal(untitled.document.getText(), 'draft');
      assert.equal(untitled.document.isUntitled, true, 'still untitled: no Save As happened');
    });

    it('a storm of 100 000 kicks leaves exactly one pending timer and settles once', async () => {
      await configure({ delay: 300, actions: [{ command: 'iwTest.hook' }] });
      const editor = await openFile('txt', '');
      await append(editor, 'x');
      for (let i = 0; i < 100_000; i++) t.api.kick(editor.document.uri);
      assert.equal(t.api.state().stats.timers, 1);
      await t.settles.wait(editor.document.uri);
      assertSettledForGood(t.api, editor.document.uri);
      assert.equal(hookCalls, 1);
      assert.equal(t.settles.for(editor.document.uri).length, 1);
      assert.equal(t.api.state().stats.timers, 0);
    });
  });
}
