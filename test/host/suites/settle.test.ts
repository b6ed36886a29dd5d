// Issue 4: kicked by editor changes, settles into actions, per-document, per-language, live settings.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { append, assertSettledForGood, configure, openFile, readDisk, sleep, typeText, useWatchdog, waitFor } from '../util';

export function registerSettleSuite(): void {
  describe('settling into actions', () => {
    const t = useWatchdog();
    const recorded: unknown[] = [];
    let recorder: vscode.Disposable;
    before(() => {
      recorder = vscode.commands.registerCommand('iwTest.record', (...args: unknown[]) => void recorded.push(args.length <= 1 ? args[0] : args));
    });
    after(() => recorder.dispose());
    beforeEach(() => void (recorded.length = 0));

    it('typing into JSON with ["format", "save"] leaves it formatted and saved on disk, not dirty, caret kept', async () => {
      await configure({ delay: 400, actions: ['format', 'save'] });
      const editor = await openFile('json', '');
      await append(editor, '{"name":"idle","tags":["a","b"],"n":1}');
      // The caret sits inside `"name"`, after `"na` (where nothing is inserted right at it: at the
      // end of what was typed the closing brace's new line would wait for the caret, issue 17).
      editor.selection = new vscode.Selection(0, 4, 0, 4);
      const settle = await t.settles.wait(editor.document.uri);
      assert.deepEqual(settle.actions.map((a) => [a.action, a.status]), [
        ['format', 'done'],
        ['save', 'done'],
      ]);
      const expected = '{\n    "name": "idle",\n    "tags": [\n        "a",\n        "b"\n    ],\n    "n": 1\n}';
      assert.equal(editor.document.getText(), expected);
      assert.equal(await readDisk(editor.document.uri), expected);
      assert.equal(editor.document.isDirty, false);
      const caret = editor.selection.active;
      assert.equal(editor.document.getText(new vscode.Range(caret.line, 0, caret.line, caret.character)), '    "na', 'the caret stays right after the same characters');
      // Our own format edit and save did not kick: no second settle follows.
      assertSettledForGood(t.api, editor.document.uri);
      assert.equal(t.settles.for(editor.document.uri).length, 1);
    });

    it('formatting keeps the scroll position: the line under the eyes stays at the top, the caret on its line', async () => {
      await configure({ delay: 300, actions: ['format'] });
      // Compact lines above the viewport expand into many lines when formatted.
      const head = Array.from({ length: 10 }, (_, i) => `"k${i}":[1,2,3,4,5,6,7,8],`).join('\n');
      const body = Array.from({ length: 200 }, (_, i) => `"line${i}": ${i},`).join('\n');
      const editor = await openFile('json', `{\n${head}\n${body}\n"end": true\n}`);
      editor.revealRange(new vscode.Range(120, 0, 120, 0), vscode.TextEditorRevealType.AtTop);
      const topLine = () => editor.visibleRanges[0]?.start.line ?? -1;
      await waitFor(`the editor to scroll (top line ${topLine()})`, () => topLine() >= 110, 3000);
      const before = topLine();
      const topText = editor.document.lineAt(before).text.trim();
      editor.selection = new vscode.Selection(125, 3, 125, 3);
      await append(editor, ' ');
      const settle = await t.settles.wait(editor.document.uri);
      assert.equal(settle.actions[0].status, 'done');
      await waitFor(`the view to follow its content (top line ${topLine()})`, () => topLine() > before + 50, 3000);
      const top = topLine();
      assert.ok(top > 150, `the view moved down with its content (top line ${top})`);
      // VS Code's "reveal at top" keeps a few lines of context above the line (5 here), so the
      // line that was at the top is within those few lines of it (unformatted, it would be ~70 off).
      const wasTop = Array.from({ length: 7 }, (_, i) => editor.document.lineAt(top + i).text.trim());
      assert.ok(wasTop.includes(topText), `${topText} is at the top of the view, give or take the context lines: ${wasTop.join(' | ')}`);
      assert.match(editor.document.lineAt(editor.selection.active.line).text, /"line114": 114,/, 'the caret is still on its line');
    });

    it('format leaves broken code alone (an auto-closed bracket stays where the user will type over it)', async () => {
      await configure({ delay: 300, actions: ['format', 'save'] });
      const editor = await openFile('json', '');
      await append(editor, '{"q":[1,]}'); // what the editor shows after typing `{"q":[1,` with auto-closing
      const settle = await t.settles.wait(editor.document.uri);
      assert.deepEqual(settle.actions.map((a) => [a.action, a.status]), [
        ['format', 'skipped'],
        ['save', 'done'],
      ]);
      assert.match(settle.actions[0].detail, /error/);
      assert.equal(editor.document.getText(), '{"q":[1,]}');
    });

    it('undoing a format is not formatted again: the undone text is saved as it is', async () => {
      // Far above the pace of two typing commands: one settle, after both (at 300 ms a loaded
      // machine settled the half-typed text, and that round ended as "you typed").
      await configure({ delay: 1500, actions: ['format', 'save'] });
      const editor = await openFile('json', '');
      await typeText('{');
      await typeText('"u": 1');
      // The caret leaves the end of the line (there the closing brace's new line would wait for it).
      editor.selection = new vscode.Selection(0, 0, 0, 0);
      const compact = editor.document.getText();
      const first = await t.settles.wait(editor.document.uri);
      assert.equal(first.actions[0].status, 'done', JSON.stringify(first.actions));
      assert.notEqual(editor.document.getText(), compact, 'formatted');
      await vscode.commands.executeCommand('undo');
      assert.equal(editor.document.getText(), compact, 'the undo restored the typed text');
      const second = await t.settles.wait(editor.document.uri, 2);
      assert.deepEqual(second.actions.map((a) => [a.action, a.status]), [
        ['format', 'skipped'],
        ['save', 'done'],
      ]);
      assert.equal(await readDisk(editor.document.uri), compact);
      assertSettledForGood(t.api, editor.document.uri);
      assert.equal(t.settles.for(editor.document.uri).length, 2, 'and nothing more');
    });

    it('two documents edited one right after the other each settle on their own, with their own actions', async () => {
      await configure({ delay: 600 }, { json: { actions: ['format', 'save'] }, plaintext: { delay: 3000, actions: ['save'] } });
      const a = await openFile('json', '');
      await append(a, '{"a":1}');
      const b = await openFile('txt', 'hello', { column: vscode.ViewColumn.Beside });
      await vscode.commands.executeCommand('cursorBottom');
      // Keep typing into B until A settles: A must settle anyway, in the background, not held
      // back by B's typing (whatever this machine's speed).
      let typed = 0;
      while (t.settles.for(a.document.uri).length === 0 && typed < 100) {
        await typeText('!');
        typed++;
        await sleep(100); // the user's pace
      }
      const settleA = t.settles.for(a.document.uri)[0];
      assert.ok(settleA, `A did not settle while B was typed into (${typed} keystrokes)`);
      assert.equal(t.settles.for(b.document.uri).length, 0, 'B is still being typed into');
      assert.ok(t.api.state(b.document.uri).pending, 'B still counting down');
      assert.deepEqual(settleA.actions.map((x) => x.action), ['format', 'save']);
      assert.equal(await readDisk(a.document.uri), '{\n    "a": 1\n}');
      assert.equal(vscode.window.activeTextEditor?.document, b.document, 'focus stayed on B');
      const settleB = await t.settles.wait(b.document.uri);
      assert.deepEqual(settleB.actions.map((x) => [x.action, x.status]), [['save', 'done']]);
      assert.equal(await readDisk(b.document.uri), `hello${'!'.repeat(typed)}`);
    });

    it('a window-scope stage fires after no activity anywhere', async () => {
      await configure({
        delay: 300,
        actions: [],
        // Far above the pace of the edits below, also on a machine that stalls for a second or two.
        stages: [{ delay: 4000, scope: 'window', actions: [{ command: 'iwTest.record', args: 'still there?' }] }],
      });
      const a = await openFile('txt', '');
      const b = await openFile('md', '', { column: vscode.ViewColumn.Beside });
      // Activity alternates between documents: the window round keeps restarting.
      let last = 0;
      for (let i = 0; i < 6; i++) {
        await append(i % 2 ? a : b, 'x');
        last = Date.now();
        await sleep(300); // the user's pace between edits, far below the window stage's delay
      }
      assert.deepEqual(recorded, [], 'no window settle while there is activity somewhere');
      const settle = await t.settles.wait('window');
      assert.deepEqual(recorded, ['still there?']);
      assert.ok(settle.time - last >= 4000 - 50, `only after 4 s of no activity anywhere (${settle.time - last} ms after the last edit)`);
      assert.equal(settle.actions[0].status, 'done');
    });

    it('a "[json]" override of delay and actions is honoured; other languages keep the defaults', async () => {
      await configure({ delay: 1500, actions: [{ command: 'iwTest.record', args: 'default' }] }, { json: { delay: 300, actions: [{ command: 'iwTest.record', args: 'json' }] } });
      // Each in front when it settles: a document's command runs only while it is in the active editor.
      const text = await openFile('txt', '', { column: vscode.ViewColumn.Beside });
      const json = await openFile('json', '', { column: vscode.ViewColumn.One });
      await append(json, '[]');
      await append(text, 'x');
      const jsonSettle = await t.settles.wait(json.document.uri);
      assert.equal(jsonSettle.stage.delay, 300);
      assert.deepEqual(recorded, ['json']);
      await vscode.window.showTextDocument(text.document, { viewColumn: vscode.ViewColumn.Beside });
      const textSettle = await t.settles.wait(text.document.uri);
      assert.equal(textSettle.stage.delay, 1500);
      assert.deepEqual(recorded, ['json', 'default']);
    });

    it('a settings change mid-countdown applies at once', async () => {
      await configure({ delay: 30_000, actions: [{ command: 'iwTest.record', args: 'settled' }] });
      const editor = await openFile('txt', '');
      await append(editor, 'x');
      await sleep(200);
      assert.ok(t.api.state(editor.document.uri).pending!.remainingMs > 25_000);
      const changed = Date.now();
      await configure({ delay: 500 });
      const settle = await t.settles.wait(editor.document.uri, 1, 5000);
      assert.ok(settle.time - changed < 2000, 'the new, shorter delay applied to the running countdown');
      assert.equal(settle.stage.delay, 500);
      assert.deepEqual(recorded, ['settled']);
    });

    it('several stages follow one another: format at the first, save at the second', async () => {
      await configure({ delay: 300, actions: ['format'], stages: [{ delay: 900, actions: ['save'] }] });
      const editor = await openFile('json', '');
      await append(editor, '{"x":[1,2]}');
      const first = await t.settles.wait(editor.document.uri, 1);
      assert.deepEqual(first.actions.map((a) => a.action), ['format']);
      assert.equal(editor.document.isDirty, true, 'not saved yet between the stages');
      const second = await t.settles.wait(editor.document.uri, 2);
      assert.deepEqual(second.actions.map((a) => [a.action, a.status]), [['save', 'done']]);
      assert.equal(await readDisk(editor.document.uri), '{\n    "x": [\n        1,\n        2\n    ]\n}');
    });

    it('cursor moves hold a pending settle back but never start one', async () => {
      await configure({ delay: 600, actions: [{ command: 'iwTest.record', args: 'settled' }] });
      const editor = await openFile('txt', 'line one\nline two\n');
      for (let i = 0; i < 4; i++) {
        await vscode.commands.executeCommand('cursorDown');
        await sleep(100);
      }
      assert.equal(t.api.state(editor.document.uri).pending, undefined, 'moving the cursor in an unedited file starts nothing');
      assert.deepEqual(recorded, []);
      await typeText('x');
      const kicked = Date.now();
      for (let i = 0; i < 6; i++) {
        await sleep(300);
        await vscode.commands.executeCommand(i % 2 ? 'cursorRight' : 'cursorLeft');
      }
      const settle = await t.settles.wait(editor.document.uri);
      assert.ok(settle.time - kicked >= 1800 + 500, `cursor moves held the settle back (settled after ${settle.time - kicked} ms)`);
      assert.deepEqual(recorded, ['settled']);
    });

    it("programmatic selection changes (the extension's own caret restore included) never hold a settle back", async () => {
      await configure({ delay: 5000, actions: [{ command: 'iwTest.record', args: 'settled' }] });
      const editor = await openFile('txt', 'one\ntwo\nthree\n');
      await append(editor, 'x');
      // The moment it will settle, read twice in one go: now + the time left.
      const due = () => Date.now() + t.api.state(editor.document.uri).pending!.remainingMs;
      const before = due();
      for (let i = 0; i < 8; i++) {
        editor.selection = new vscode.Selection(i % 3, 0, i % 3, 1);
        await sleep(100); // the selection's event reaches the extension meanwhile
      }
      await vscode.workspace.applyEdit(new vscode.WorkspaceEdit()); // a round trip after them
      const after = due();
      assert.ok(Math.abs(after - before) < 50, `the settle moved by ${after - before} ms`);
      t.api.cancel(editor.document.uri);
    });

    it('only real documents kick: output channels and changes with no content change do not', async () => {
      await configure({ delay: 300, actions: [] });
      const channel = vscode.window.createOutputChannel('iwTest output');
      try {
        const before = t.api.state().stats.keys;
        channel.appendLine('log line');
        channel.show(true);
        for (let i = 0; i < 5; i++) channel.appendLine(`more ${i}`);
        await sleep(300); // the delay: a kick from the channel would be pending by now
        const editor = await openFile('txt', 'same');
        await editor.edit(() => undefined); // an edit with no change
        await sleep(300);
        assert.equal(t.api.state().stats.keys, before, 'no state for the output channel or the empty edit');
        assert.equal(t.settles.events.length, 0);
      } finally {
        channel.dispose();
      }
    });

    it('onDidSettle reports each action outcome, failures included', async () => {
      await configure({ delay: 300, actions: [{ command: 'iwTest.record', args: 1 }, 'iwTest.noSuchCommand', { notify: 'Settled!' }] });
      const editor = await openFile('txt', '');
      await append(editor, 'x');
      const settle = await t.settles.wait(editor.document.uri);
      assert.deepEqual(settle.actions.map((a) => [a.action, a.status]), [
        ['iwTest.record(1)', 'done'],
        ['iwTest.noSuchCommand', 'failed'],
        ['notify "Settled!"', 'done'],
      ]);
      assert.match(settle.actions[1].detail, /not found/);
      assert.equal(settle.stage.scope, 'document');
      assert.equal(settle.document?.toString(), editor.document.uri.toString());
    });

    it('"when" conditions are checked when the stage fires: languages, pattern, onlyDirty', async () => {
      await configure({ delay: 300, actions: [{ command: 'iwTest.record', args: 'ran' }], when: { languages: ['json'], pattern: 'scratch/**/*.json', onlyDirty: true } });
      const text = await openFile('txt', '');
      await append(text, 'x');
      const skipped = await t.settles.wait(text.document.uri);
      assert.match(skipped.skipped ?? '', /language "plaintext" is not one of json/);
      const json = await openFile('json', '');
      await append(json, '{}');
      await t.settles.wait(json.document.uri);
      assert.deepEqual(recorded, ['ran']);
    });

    it('noErrors waits for the language server and skips a document with errors', async () => {
      await configure({ delay: 300, actions: ['save'], when: { noErrors: true } });
      const editor = await openFile('json', '');
      await append(editor, '{"a": 1,,}');
      const bad = await t.settles.wait(editor.document.uri);
      assert.match(bad.skipped ?? '', /error/);
      assert.equal(editor.document.isDirty, true);
      const edit = new vscode.WorkspaceEdit();
      edit.replace(editor.document.uri, new vscode.Range(0, 0, 1, 0), '{"a": 1}');
      await vscode.workspace.applyEdit(edit);
      const good = await t.settles.wait(editor.document.uri, 2);
      assert.equal(good.skipped, undefined);
      assert.equal(await readDisk(editor.document.uri), '{"a": 1}');
    });
  });
}
