// Issue 21: settle when you leave (`idleWatchdog.settleOn`). The delay is a minute in each test,
// so whatever lands on disk before it landed because the user left: another editor in front, the
// window losing focus (simulated through the workbench page: see `setWindowFocus`), a command
// started in the real integrated terminal (bash, with VS Code's shell integration where it has it).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { append, canDrive, configure, openFile, readDisk, setWindowFocus, useWatchdog, waitFor } from '../util';

const MINUTE = 60_000;

/** VS Code 1.93+: shell integration in the API (not in the 1.75 types this builds against). */
interface ShellIntegrationApi {
  readonly onDidStartTerminalShellExecution?: vscode.Event<{ readonly terminal: vscode.Terminal }>;
  readonly onDidEndTerminalShellExecution?: vscode.Event<{ readonly terminal: vscode.Terminal }>;
  readonly onDidChangeTerminalShellIntegration?: vscode.Event<{ readonly terminal: vscode.Terminal }>;
}
const shellApi = vscode.window as ShellIntegrationApi;

export function registerLeaveSuite(): void {
  describe('settle when you leave (idleWatchdog.settleOn)', () => {
    const t = useWatchdog();

    it('editorSwitch: the file you leave for another is saved at once, says "Saved (left)"; back in it, typing counts down as usual', async function () {
      this.timeout(60_000);
      await configure({ delay: MINUTE, actions: ['save'], settleOn: ['editorSwitch'] });
      const a = await openFile('txt', '');
      await append(a, 'typed in a');
      assert.ok(t.api.state(a.document.uri).pending, 'a counts down');
      const b = await openFile('txt', 'b');
      const settle = await t.settles.wait(a.document.uri, 1, 15_000);
      assert.equal(settle.trigger, 'editorSwitch');
      assert.deepEqual(settle.actions.map((x) => x.status), ['done']);
      assert.equal(await readDisk(a.document.uri), 'typed in a');
      assert.equal(t.settles.for(b.document.uri).length, 0, 'the editor now in front does not settle');
      // Back in a: the last settle says why it came early; leaving again with nothing typed does nothing.
      await vscode.window.showTextDocument(a.document, { preview: false });
      await waitFor('the status bar to say it was left', () => t.api.state(a.document.uri).statusBar.includes('Saved (left)'));
      assert.match(t.api.state(a.document.uri).statusBarTooltip, /When you leave it \(workspace\) \| what is pending, at once: editorSwitch/);
      await vscode.window.showTextDocument(b.document, { preview: false });
      await vscode.window.showTextDocument(a.document, { preview: false });
      assert.equal(t.settles.for(a.document.uri).length, 1, 'leaving without unsaved typing settles nothing');
      // Typing again: the ordinary countdown, not an early settle.
      await append(a, ' again');
      const pending = t.api.state(a.document.uri).pending;
      assert.ok(pending && pending.remainingMs > MINUTE / 2, JSON.stringify(pending));
      assert.equal(t.settles.for(a.document.uri).length, 1);
      await vscode.window.showTextDocument(b.document, { preview: false });
      assert.equal((await t.settles.wait(a.document.uri, 2, 15_000)).trigger, 'editorSwitch');
      assert.equal(await readDisk(a.document.uri), 'typed in a again');
    });

    it('editorSwitch runs every pending stage of the document at once, in order, each once; window stages are not touched', async function () {
      this.timeout(60_000);
      await configure({
        delay: MINUTE,
        actions: ['format'],
        stages: [
          { delay: 2 * MINUTE, actions: ['save'] },
          { delay: 30 * MINUTE, scope: 'window', actions: [{ notify: 'still there?' }] },
        ],
        settleOn: ['editorSwitch'],
      });
      const a = await openFile('json', '');
      await append(a, '{"a":1}');
      await openFile('txt', '');
      const format = await t.settles.wait(a.document.uri, 1, 15_000);
      const save = await t.settles.wait(a.document.uri, 2, 15_000);
      assert.deepEqual([format.stage.index, format.trigger, format.actions[0].action], [0, 'editorSwitch', 'format']);
      assert.deepEqual([save.stage.index, save.trigger, save.actions[0].action, save.actions[0].status], [1, 'editorSwitch', 'save', 'done']);
      assert.match(await readDisk(a.document.uri), /^\{\n\s+"a": 1\n\}$/);
      assert.equal(t.settles.events.filter((e) => e.stage.scope === 'window').length, 0, 'the window stage waits for its own delay');
      assert.equal(t.settles.for(a.document.uri).length, 2, 'nothing twice');
      assert.equal(t.api.state(a.document.uri).pending, undefined);
    });

    it('edits that waited for the caret (a pause after spaces) are applied when you leave: formatted whole and saved', async function () {
      this.timeout(60_000);
      await configure({ delay: 300, actions: ['format', 'save'], settleOn: ['editorSwitch'] });
      const a = await openFile('json', '{"a":1}');
      a.selection = new vscode.Selection(0, 7, 0, 7);
      await vscode.commands.executeCommand('type', { text: '  ' });
      const first = await t.settles.wait(a.document.uri, 1, 15_000);
      assert.equal(first.trigger, 'delay');
      assert.equal(first.actions[0].reason.code, 'deferredAtCaret', first.actions[0].detail);
      await openFile('txt', '');
      const left = await t.settles.wait(a.document.uri, 2, 15_000);
      assert.equal(left.trigger, 'editorSwitch');
      assert.deepEqual(left.actions.map((x) => x.status), ['done', 'done'], left.actions.map((x) => x.detail).join(' | '));
      const disk = await readDisk(a.document.uri);
      assert.match(disk, /^\{\n\s+"a": 1\n\}$/);
      assert.equal(a.document.getText(), disk);
    });

    it('every stage fired at once sees the lines typed: broken code where you typed still holds a later action of the first stage back', async function () {
      this.timeout(60_000);
      await configure({ delay: MINUTE, actions: ['fixAll', 'format'], stages: [{ delay: 2 * MINUTE, actions: ['save'] }], settleOn: ['editorSwitch'] });
      const a = await openFile('json', '');
      await append(a, '{"a": [1,');
      await openFile('txt', '');
      const first = await t.settles.wait(a.document.uri, 1, 15_000);
      const second = await t.settles.wait(a.document.uri, 2, 15_000);
      assert.equal(first.actions[1].reason.code, 'brokenCode', first.actions.map((x) => x.detail).join(' | '));
      assert.equal(second.actions[0].status, 'done');
      assert.equal(await readDisk(a.document.uri), '{"a": [1,', 'saved as typed, not reformatted');
    });

    it('settleOn is per language: a language without it keeps its delay when left', async function () {
      this.timeout(60_000);
      await configure({ delay: MINUTE, actions: ['save'], settleOn: ['editorSwitch'] }, { plaintext: { settleOn: [] } });
      const txt = await openFile('txt', '');
      await append(txt, 'plain');
      const json = await openFile('json', '');
      await append(json, '{}');
      await openFile('md', '');
      await t.settles.wait(json.document.uri, 1, 15_000);
      assert.equal(t.settles.for(txt.document.uri).length, 0, 'plain text left without a settle');
      assert.ok(t.api.state(txt.document.uri).pending, 'still counting down');
    });

    (canDrive ? it : it.skip)('windowBlur: every pending document settles when the window loses focus, the one in front formatted whole (caret or not)', async function () {
      this.timeout(60_000);
      await setWindowFocus(true);
      try {
        await configure({ delay: MINUTE, actions: ['format', 'save'], settleOn: ['windowBlur'] });
        const back = await openFile('txt', '');
        await append(back, 'in the background');
        const front = await openFile('json', '');
        // A pause after typing spaces: at a settle by delay the spaces at the caret would wait for it to move on.
        await append(front, '{"a":1}  ');
        front.selection = new vscode.Selection(0, 9, 0, 9);
        await setWindowFocus(false);
        const settled = await t.settles.wait(front.document.uri, 1, 15_000);
        assert.equal(settled.trigger, 'windowBlur');
        assert.deepEqual(settled.actions.map((x) => x.status), ['done', 'done'], settled.actions.map((x) => x.detail).join(' | '));
        assert.equal((await t.settles.wait(back.document.uri, 1, 15_000)).trigger, 'windowBlur');
        assert.equal(await readDisk(back.document.uri), 'in the background');
        const disk = await readDisk(front.document.uri);
        assert.match(disk, /^\{\n\s+"a": 1\n\}$/, 'formatted whole: the spaces at the caret too');
        assert.equal(front.document.getText(), disk);
        assert.equal(front.document.isDirty, false);
      } finally {
        await setWindowFocus(true);
      }
    });

    it('terminal: a command run in the integrated terminal reads the file as typed a moment before', async function () {
      this.timeout(120_000);
      await configure({ delay: MINUTE, actions: ['save'], settleOn: ['terminal'] });
      const editor = await openFile('txt', '');
      const source = editor.document.uri.fsPath;
      const copy = (n: number) => path.join(path.dirname(source), `${path.basename(source)}.copy${n}`);
      const terminal = vscode.window.createTerminal({ name: 'leave test', shellPath: '/bin/bash', cwd: path.dirname(source) });
      try {
        await terminal.processId;
        await vscode.window.showTextDocument(editor.document, { preview: false });
        // The first input into a terminal (any VS Code version): here the command itself.
        await append(editor, 'first');
        terminal.sendText(`sleep 0.5 && cp '${source}' '${copy(1)}'`);
        await waitFor('the first copy', () => fs.readFile(copy(1), 'utf8').catch(() => undefined), 20_000);
        assert.equal(await fs.readFile(copy(1), 'utf8'), 'first', 'the command saw what was typed');
        assert.equal(t.settles.for(editor.document.uri)[0]?.trigger, 'terminal');
        if (shellApi.onDidStartTerminalShellExecution === undefined) return; // VS Code < 1.93: only the first input
        // Every later command (1.93+, shell integration): the command's start settles.
        await waitFor('shell integration', () => (terminal as { shellIntegration?: unknown }).shellIntegration !== undefined, 30_000);
        let started = 0;
        const sub = shellApi.onDidStartTerminalShellExecution((e) => {
          if (e.terminal === terminal) started = performance.now();
        });
        try {
          await append(editor, ' second');
          assert.ok(t.api.state(editor.document.uri).pending, 'counting down again');
          terminal.sendText(`sleep 0.5 && cp '${source}' '${copy(2)}'`);
          await t.settles.wait(editor.document.uri, 2, 20_000);
          const landed = performance.now();
          assert.equal(t.settles.for(editor.document.uri)[1].trigger, 'terminal');
          assert.ok(started > 0, 'the command start was reported');
          console.log(`      saved ${Math.round(landed - started)} ms after the command's start was reported`);
          await waitFor('the second copy', () => fs.readFile(copy(2), 'utf8').catch(() => undefined), 20_000);
          assert.equal(await fs.readFile(copy(2), 'utf8'), 'first second');
        } finally {
          sub.dispose();
        }
      } finally {
        terminal.dispose();
      }
    });
  });
}
