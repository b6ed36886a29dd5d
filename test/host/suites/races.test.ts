// Issue 9: the runner under concurrency in the real extension host. A small in-process "test
// extension" (a slow formatter, a formatter that answers after a keystroke, a slow command, a
// slow save participant) scripts each race; every test waits for outcomes (a settle report, a
// document version, the file on disk), and names the guard it protects.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { append, assertSettledForGood as settledForGood, configure, openFile, readDisk, typeText, useWatchdog, waitFor } from '../util';

/** A promise the test resolves. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((r) => (open = r));
  return { promise, open };
}

export function registerRacesSuite(): void {
  describe('races (runner under concurrency)', () => {
    const t = useWatchdog();
    const disposables: vscode.Disposable[] = [];
    /** What the test formatter does for `*.iwfmt` files; tests set it. */
    let formatter: (document: vscode.TextDocument) => Promise<vscode.TextEdit[]> = async () => [];
    let command: () => Promise<unknown> = async () => undefined;

    before(() => {
      disposables.push(
        vscode.languages.registerDocumentFormattingEditProvider({ pattern: '**/*.iwfmt' }, {
          provideDocumentFormattingEdits: (document) => {
            return formatter(document);
          },
        }),
        vscode.commands.registerCommand('iwTest.slow', () => command()),
      );
    });
    after(async () => {
      for (const d of disposables) d.dispose();
      // Only when set: VS Code 1.75 throws "Can not delete in empty document" for a value that is not there.
      const json = vscode.workspace.getConfiguration('editor', { languageId: 'json' });
      if (json.inspect('formatOnSave')?.workspaceLanguageValue !== undefined) await json.update('formatOnSave', undefined, vscode.ConfigurationTarget.Workspace, true);
    });
    beforeEach(() => {
      formatter = async () => [];
      command = async () => undefined;
    });

    const assertSettledForGood = (uri: vscode.Uri) => settledForGood(t.api, uri);

    it('guard "late-edit drop": a formatter answering after the time limit never changes the document; the round goes on to save', async () => {
      await configure({ delay: 200, actionTimeout: 700, actions: ['format', 'save'] });
      const late = gate();
      const answered = gate();
      formatter = async () => {
        await late.promise;
        answered.open();
        return [vscode.TextEdit.insert(new vscode.Position(0, 0), 'LATE ')];
      };
      const editor = await openFile('iwfmt', '');
      await append(editor, 'typed');
      const settle = await t.settles.wait(editor.document.uri);
      assert.deepEqual(settle.actions.map((a) => [a.action, a.status]), [
        ['format', 'timeout'],
        ['save', 'done'],
      ], 'a hung formatter does not keep the typing unsaved');
      assert.equal(await readDisk(editor.document.uri), 'typed');
      // The formatter answers now, late. Two round trips through the same channel after its answer
      // (a format request, then an edit) come back only after whatever the late answer caused.
      late.open();
      await answered.promise;
      await vscode.commands.executeCommand('vscode.executeFormatDocumentProvider', editor.document.uri, { tabSize: 4, insertSpaces: true });
      await vscode.workspace.applyEdit(new vscode.WorkspaceEdit()); // (an empty edit answers false: only the round trip counts)
      assert.equal(editor.document.getText(), 'typed', 'the late edit was not applied');
      assert.equal(editor.document.isDirty, false, 'saved, and nothing left unsaved behind it');
      assertSettledForGood(editor.document.uri);
    });

    it('guard "version check before applying": a formatter that answers after a keystroke is not applied; the keystroke settles', async () => {
      await configure({ delay: 200, actions: ['format', 'save'] });
      const editor = await openFile('iwfmt', '');
      formatter = async (document) => {
        formatter = async (d) => [vscode.TextEdit.insert(d.lineAt(0).range.end, ';')];
        const version = document.version;
        // The caret away from the end of the line (a `;` right at it would wait for it to move on).
        editor.selection = new vscode.Selection(0, 0, 0, 0);
        // The user types while the formatter computes (its edits are for the older text).
        await editor.edit((b) => b.insert(new vscode.Position(0, document.lineAt(0).text.length), 'X'));
        await waitFor('the keystroke to reach the document', () => document.version > version);
        return [vscode.TextEdit.replace(new vscode.Range(0, 0, 0, 3), 'STALE')];
      };
      await append(editor, 'abc');
      const first = await t.settles.wait(editor.document.uri);
      assert.deepEqual(first.actions.map((a) => [a.action, a.status]), [
        ['format', 'skipped'],
        ['save', 'skipped'],
      ]);
      assert.match(first.actions[0].detail, /you typed/);
      const second = await t.settles.wait(editor.document.uri, 2);
      assert.deepEqual(second.actions.map((a) => a.status), ['done', 'done'], 're-armed by the keystroke');
      assert.equal(editor.document.getText(), 'abcX;', 'formatted once, from the text with the keystroke');
      assert.equal(await readDisk(editor.document.uri), 'abcX;');
      assertSettledForGood(editor.document.uri);
    });

    it('guard "undo kept through a re-arm": an undo while the formatter computes is saved as it is, not formatted by the next round', async () => {
      await configure({ delay: 200, actions: ['format', 'save'] });
      const editor = await openFile('iwfmt', 'abc');
      const end = (d: vscode.TextDocument) => d.lineAt(d.lineCount - 1).range.end;
      formatter = async (document) => {
        formatter = async (d) => [vscode.TextEdit.insert(end(d), ';')];
        const version = document.version;
        // The user undoes the typing while the formatter computes.
        await vscode.commands.executeCommand('undo');
        await waitFor('the undo to reach the document', () => document.version > version);
        return [vscode.TextEdit.insert(end(document), ';')];
      };
      await append(editor, '\ndef');
      const first = await t.settles.wait(editor.document.uri);
      assert.match(first.actions[0].detail, /you typed/, JSON.stringify(first.actions));
      const second = await t.settles.wait(editor.document.uri, 2);
      assert.equal(second.actions[0].action, 'format');
      assert.match(second.actions[0].detail, /you undid/, JSON.stringify(second.actions));
      assert.equal(editor.document.getText(), 'abc', 'what the undo restored, unformatted');
      assert.equal(await readDisk(editor.document.uri), 'abc');
      assertSettledForGood(editor.document.uri);
    });

    it('guard "undo inside a window": an undo while a command runs is still an undo; the format after it leaves the restored text alone', async () => {
      await configure({ delay: 200, actions: [{ command: 'iwTest.slow' }, 'format'] });
      formatter = async (d) => [vscode.TextEdit.insert(d.lineAt(d.lineCount - 1).range.end, ';')];
      const editor = await openFile('iwfmt', 'abc');
      command = async () => {
        command = async () => undefined;
        const version = editor.document.version;
        // The user undoes the typing while the command runs (its changes cannot be told from theirs).
        await vscode.commands.executeCommand('undo');
        await waitFor('the undo to reach the document', () => editor.document.version > version);
      };
      await append(editor, '\ndef');
      const settle = await t.settles.wait(editor.document.uri);
      assert.deepEqual(settle.actions.map((a) => [a.action, a.status]), [
        ['iwTest.slow', 'done'],
        ['format', 'skipped'],
      ], JSON.stringify(settle.actions));
      assert.match(settle.actions[1].detail, /you undid/);
      // The command's window made the change unclear: one more settle (see the command guard below).
      const echo = await t.settles.wait(editor.document.uri, 2);
      assert.deepEqual(echo.actions.map((a) => [a.action, a.status]), [
        ['iwTest.slow', 'done'],
        ['format', 'skipped'],
      ], JSON.stringify(echo.actions));
      assertSettledForGood(editor.document.uri);
      assert.equal(editor.document.getText(), 'abc', 'what the undo restored, unformatted');
    });

    const freshCases: Array<[string, Record<string, unknown>, string[][], string]> = [
      ['format', { actions: ['format', 'save'] }, [['format', 'done'], ['save', 'done']], 'let a = 1;'],
      ['a "noErrors" stage', { actions: ['save'], when: { noErrors: true } }, [['save', 'done']], 'let a = 1'],
    ];
    for (const [what, settings, expected, onDisk] of freshCases) {
      it(`guard "fresh diagnostics": an error reported before the last keystroke does not hold ${what} back; the language server's next word decides`, async () => {
        await configure({ delay: 200, when: {}, ...settings });
        formatter = async (d) => [vscode.TextEdit.insert(d.lineAt(0).range.end, ';')];
        const diagnostics = vscode.languages.createDiagnosticCollection('iwTest');
        disposables.push(diagnostics);
        const editor = await openFile('iwfmt', 'let a =');
        const uri = editor.document.uri;
        // A language server's word on the half-typed line…
        const reported = new Promise<void>((resolve) => {
          const sub = vscode.languages.onDidChangeDiagnostics((e) => e.uris.some((u) => u.toString() === uri.toString()) && (sub.dispose(), resolve()));
        });
        diagnostics.set(uri, [new vscode.Diagnostic(new vscode.Range(0, 0, 0, 7), 'expression expected', vscode.DiagnosticSeverity.Error)]);
        await reported;
        // …then the line is finished, and the server answers a second after the round started
        // (JSON's checks 500 ms after the last keystroke, later on a busy machine).
        await append(editor, ' 1');
        await waitFor('the round to start', () => t.api.state(uri).running);
        setTimeout(() => diagnostics.set(uri, []), 1000);
        const settle = await t.settles.wait(uri);
        assert.deepEqual(settle.actions.map((a) => [a.action, a.status]), expected, JSON.stringify(settle));
        assert.equal(await readDisk(uri), onDisk);
      });
    }

    it('guard "stage queue": two stages due while a slow command runs both run after it, in order', async () => {
      await configure({
        delay: 200,
        actions: [{ command: 'iwTest.slow' }],
        stages: [
          { delay: 400, actions: ['format'] },
          { delay: 600, actions: ['save'] },
        ],
      });
      const slow = gate();
      command = () => slow.promise;
      const editor = await openFile('iwfmt', '');
      formatter = async (document) => [vscode.TextEdit.insert(document.lineAt(0).range.end, ';')];
      await append(editor, 'keep me');
      // The caret away from the end of the line (a `;` right at it would wait for it to move on).
      editor.selection = new vscode.Selection(0, 0, 0, 0);
      await waitFor('both later stages to be due', () => t.api.state(editor.document.uri).fired.length === 3, 10_000);
      assert.equal(t.settles.for(editor.document.uri).length, 0, 'nothing settled while the first stage runs');
      slow.open();
      const third = await t.settles.wait(editor.document.uri, 3);
      const all = t.settles.for(editor.document.uri);
      assert.deepEqual(all.map((s) => [s.stage.index, s.actions.map((a) => `${a.action}=${a.status}`).join()]), [
        [0, 'iwTest.slow=done'],
        [1, 'format=done'],
        [2, 'save=done'],
      ]);
      void third;
      assert.equal(await readDisk(editor.document.uri), 'keep me;');
      assertSettledForGood(editor.document.uri);
    });

    it('guard "own-edit window scope": with editor.formatOnSave on, the save participants\' edits do not re-arm', async () => {
      await vscode.workspace.getConfiguration('editor', { languageId: 'json' }).update('formatOnSave', true, vscode.ConfigurationTarget.Workspace, true);
      await configure({ delay: 200, actions: ['save'] });
      const editor = await openFile('json', '');
      await append(editor, '{"a":1,"b":[2]}');
      const settle = await t.settles.wait(editor.document.uri);
      assert.deepEqual(settle.actions.map((a) => [a.action, a.status]), [['save', 'done']]);
      const formatted = '{\n    "a": 1,\n    "b": [\n        2\n    ]\n}';
      assert.equal(editor.document.getText(), formatted, 'formatOnSave formatted it');
      assert.equal(await readDisk(editor.document.uri), formatted);
      assert.equal(editor.document.isDirty, false);
      assertSettledForGood(editor.document.uri);
    });

    it('a keystroke during a save (a slow save participant) is never lost: on disk at the end, the tab clean', async () => {
      await configure({ delay: 200, actions: ['save'] });
      const editor = await openFile('txt', '');
      let participant = true;
      const sub = vscode.workspace.onWillSaveTextDocument((e) => {
        if (!participant || e.document !== editor.document) return;
        participant = false;
        // The user types while the save waits for its participants.
        e.waitUntil(Promise.resolve(editor.edit((b) => b.insert(editor.document.positionAt(editor.document.getText().length), ' and more'))));
      });
      try {
        await append(editor, 'text');
        await t.settles.wait(editor.document.uri);
        await waitFor('the whole text on disk and a clean tab', async () => !editor.document.isDirty && (await readDisk(editor.document.uri)) === 'text and more');
        assert.equal(editor.document.getText(), 'text and more');
      } finally {
        sub.dispose();
      }
    });

    it('guard "own-edit window scope": a command\'s change of its document cannot be told from the user\'s: one extra settle, then a fixed point', async () => {
      await configure({ delay: 200, actions: [{ command: 'iwTest.slow' }, 'save'] });
      const editor = await openFile('txt', '');
      // A formatter-like command: it changes the document until it is "formatted" (ends with ".").
      command = async () => {
        const text = editor.document.getText();
        if (!text.endsWith('.')) await editor.edit((b) => b.insert(editor.document.positionAt(text.length), '.'));
      };
      await append(editor, 'sentence');
      const first = await t.settles.wait(editor.document.uri);
      assert.deepEqual(first.actions.map((a) => a.status), ['done', 'done'], 'the round goes on');
      const second = await t.settles.wait(editor.document.uri, 2);
      assert.deepEqual(second.actions.map((a) => [a.action, a.status]), [
        ['iwTest.slow', 'done'],
        ['save', 'skipped'],
      ]);
      assert.equal(await readDisk(editor.document.uri), 'sentence.');
      assertSettledForGood(editor.document.uri);
    });

    it('typing is recognised whatever produced it: another extension\'s edit during a format stops the round, also with "edit" removed from kickOn', async () => {
      await configure({ delay: 200, kickOn: ['selection'], actions: ['format', 'save'] });
      const editor = await openFile('iwfmt', 'start');
      formatter = async (document) => {
        formatter = async (d) => [vscode.TextEdit.insert(d.lineAt(0).range.end, ';')];
        // Vim emulation, a snippet, Live Share: an edit with no keyboard or mouse event.
        const edit = new vscode.WorkspaceEdit();
        edit.insert(document.uri, new vscode.Position(0, 5), ' more');
        assert.ok(await vscode.workspace.applyEdit(edit));
        return [vscode.TextEdit.insert(new vscode.Position(0, 0), 'STALE ')];
      };
      assert.ok(t.api.kick(editor.document.uri), 'the API kicks');
      const first = await t.settles.wait(editor.document.uri);
      assert.deepEqual(first.actions.map((a) => [a.action, a.status]), [
        ['format', 'skipped'],
        ['save', 'skipped'],
      ]);
      const second = await t.settles.wait(editor.document.uri, 2);
      assert.deepEqual(second.actions.map((a) => a.status), ['done', 'done'], 're-armed although edits do not kick');
      assert.equal(await readDisk(editor.document.uri), 'start more;');
      assertSettledForGood(editor.document.uri);
      await typeText('x');
      assert.equal(t.api.state(editor.document.uri).pending, undefined, 'without "edit" in kickOn a keystroke does not kick');
    });

    it('a window-scope round never blocks or swallows a document round', async () => {
      await configure({ delay: 200, actions: ['save'], stages: [{ delay: 300, scope: 'window', actions: [{ command: 'iwTest.slow' }] }] });
      const slow = gate();
      command = () => slow.promise;
      const editor = await openFile('txt', '');
      await append(editor, 'one');
      await t.settles.wait(editor.document.uri);
      await waitFor('the window round to run', () => t.api.state().stats.running === 1);
      // Typing while the window round's command runs: the document settles on its own.
      await append(editor, ' two');
      const second = await t.settles.wait(editor.document.uri, 2);
      assert.deepEqual(second.actions.map((a) => a.status), ['done']);
      assert.equal(await readDisk(editor.document.uri), 'one two');
      slow.open();
      await t.settles.wait('window');
    });
  });
}
