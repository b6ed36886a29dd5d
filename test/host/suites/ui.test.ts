// Issue 4 (status bar, commands) and issue 5 (deactivation), in the real extension host.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { append, captureMessages, closeAll, configure, extensionModule, openFile, readDisk, SettleLog, sleep, useWatchdog, waitFor } from '../util';

export function registerUiSuite(): void {
  describe('status bar and commands', () => {
    const t = useWatchdog();
    const infos = captureMessages('showInformationMessage');

    it('the status bar counts down to the settle of the active document, then says what it did', async () => {
      await configure({ delay: 3000, actions: ['save'] });
      const editor = await openFile('txt', '');
      assert.equal(t.api.state().statusBar, '$(watch)', 'waiting for an edit');
      await append(editor, 'x');
      await waitFor('the countdown to show 3s', () => t.api.state().statusBar === '$(watch) 3s', 2000);
      // Down in half seconds to 1.0s, 0.5s (a slow machine may skip a value, never go back up without a kick).
      await waitFor('the countdown to reach 1.0s or 0.5s', () => /^\$\(watch\) (1\.0|0\.5)s$/.test(t.api.state().statusBar), 5000);
      await t.settles.wait(editor.document.uri);
      await waitFor('"Saved"', () => t.api.state().statusBar === '$(check) Saved', 2000);
    });

    it('status bar options: hidden, hidden once settled, on the left; a disabled language says Off', async () => {
      await configure({ delay: 300, actions: [], 'statusBar.showWhenSettled': false });
      const editor = await openFile('txt', '');
      await append(editor, 'x');
      await waitFor('the countdown', () => t.api.state().statusBar.startsWith('$(watch) '), 2000);
      await t.settles.wait(editor.document.uri);
      await waitFor('the item to hide once settled', () => t.api.state().statusBar === '', 2000);
      await configure({ 'statusBar.showWhenSettled': true, 'statusBar.alignment': 'left' });
      await waitFor('the item back, on the left', () => t.api.state().statusBar === '$(check) Nothing to do', 2000);
      await configure({ 'statusBar.enabled': false });
      await append(editor, 'y');
      await sleep(100);
      assert.equal(t.api.state().statusBar, '', 'hidden while counting down too');
      await configure({ 'statusBar.enabled': true }, { plaintext: { enabled: false } });
      await waitFor('Off for a disabled language', () => t.api.state().statusBar === '$(circle-slash) Off', 2000);
    });

    it('disabled mid-countdown it says Off and nothing settles; enabled again it waits for the next edit (not "Cancelled")', async () => {
      // Long enough that the settings write lands mid-countdown however loaded the machine.
      await configure({ delay: 600_000, actions: ['save'] });
      const editor = await openFile('txt', '');
      await append(editor, 'x');
      await waitFor('the countdown', () => t.api.state().statusBar.startsWith('$(watch) '), 5000);
      await configure({}, { plaintext: { enabled: false } });
      await waitFor('Off', () => t.api.state().statusBar === '$(circle-slash) Off', 5000);
      assert.equal(t.api.state(editor.document.uri).pending, undefined, 'the pending settle is gone');
      await configure({}, { plaintext: { enabled: true } });
      await waitFor('waiting for an edit', () => t.api.state().statusBar === '$(watch)', 5000);
      assert.equal(t.api.state(editor.document.uri).cancelled, false, 'the user cancelled nothing');
      await configure({ delay: 300 });
      await append(editor, 'y');
      await t.settles.wait(editor.document.uri);
      assert.equal(await readDisk(editor.document.uri), 'xy');
      assert.equal(t.settles.for(editor.document.uri).length, 1, 'nothing settled while it was off');
    });

    it('Pause/Resume: nothing settles while paused, the status bar says so, resume finishes the countdown', async () => {
      await configure({ delay: 500, actions: ['save'] });
      const editor = await openFile('txt', '');
      await append(editor, 'x');
      await vscode.commands.executeCommand('idleWatchdog.togglePause');
      assert.equal(t.api.state().paused, true);
      assert.equal(t.api.state().statusBar, '$(debug-pause) Paused');
      assert.match(t.api.state().statusBarTooltip, /Paused\*\*: nothing settles until you resume: click, then Resume, or press Ctrl\+Alt\+W/);
      assert.equal(t.api.state().stats.timers, 0, 'no timer at all while paused: nothing can fire');
      await sleep(500); // the delay passes
      assert.equal(t.settles.for(editor.document.uri).length, 0, 'nothing settled while paused');
      assert.equal(editor.document.isDirty, true);
      await vscode.commands.executeCommand('idleWatchdog.togglePause');
      assert.equal(t.api.state().paused, false);
      await t.settles.wait(editor.document.uri, 1, 3000);
      assert.equal(await readDisk(editor.document.uri), 'x');
    });

    it("Pause or Resume has a key of its own: no default VS Code key binding uses it", async () => {
      const manifest = vscode.extensions.getExtension('idle-watchdog.idle-watchdog')?.packageJSON as { contributes: { keybindings: { key: string; command: string }[] } };
      const ours = manifest.contributes.keybindings.find((k) => k.command === 'idleWatchdog.togglePause');
      assert.ok(ours, 'a keybinding for idleWatchdog.togglePause');
      // What "Preferences: Open Default Keyboard Shortcuts (JSON)" shows: every default binding of this VS Code.
      const defaults = await vscode.workspace.openTextDocument(vscode.Uri.parse('vscode://defaultsettings/keybindings.json'));
      const clashes = (JSON.parse(defaults.getText().replace(/^\s*\/\/.*$/gm, '')) as { key: string; command: string }[]).filter(
        (k) => k.key === ours.key && !k.command.startsWith('idleWatchdog.') && !k.command.startsWith('-'),
      );
      assert.deepEqual(clashes, [], `${ours.key} is VS Code's own for ${clashes.map((k) => k.command).join(', ')}`);
      assert.ok(defaults.getText().includes('"key":'), 'the defaults were read');
    });

    it('Kick starts a countdown for the active document', async () => {
      await configure({ delay: 400, actions: ['save'] });
      const editor = await openFile('txt', 'unchanged');
      assert.equal(t.api.state().pending, undefined);
      await vscode.commands.executeCommand('idleWatchdog.kick');
      assert.ok(t.api.state().pending, 'pending after a kick');
      const settle = await t.settles.wait(editor.document.uri);
      assert.deepEqual(settle.actions.map((a) => [a.action, a.status]), [['save', 'skipped']]);
    });

    it('Settle Now runs the actions at once, long before the delay', async () => {
      await configure({ delay: 60_000, actions: ['save'] });
      const editor = await openFile('txt', '');
      await append(editor, 'now');
      const asked = Date.now();
      await vscode.commands.executeCommand('idleWatchdog.fireNow');
      const settle = await t.settles.wait(editor.document.uri, 1, 3000);
      assert.ok(settle.time - asked < 2000);
      assert.equal(await readDisk(editor.document.uri), 'now');
    });

    it('Cancel Pending Settle cancels it and says whether there was one', async () => {
      await configure({ delay: 600, actions: ['save'] });
      const editor = await openFile('txt', '');
      await append(editor, 'x');
      await vscode.commands.executeCommand('idleWatchdog.cancel');
      assert.match(infos.at(-1) ?? '', /cancelled the pending settle/);
      assert.equal(t.api.state().cancelled, true);
      await waitFor('the status bar to say Cancelled', () => t.api.state().statusBar === '$(circle-slash) Cancelled', 2000);
      assert.equal(t.api.state().pending, undefined, 'nothing pending: it cannot run');
      await sleep(600); // the delay passes
      assert.equal(t.settles.for(editor.document.uri).length, 0, 'the cancelled settle never ran');
      assert.equal(editor.document.isDirty, true);
      await vscode.commands.executeCommand('idleWatchdog.cancel');
      assert.match(infos.at(-1) ?? '', /already cancelled/);
      assert.equal(t.api.cancel(), false, 'the API gives the same answer');
    });

    it('Show Log and the commands without an editor answer instead of failing', async () => {
      await vscode.commands.executeCommand('idleWatchdog.showLog');
      await closeAll();
      await vscode.commands.executeCommand('idleWatchdog.fireNow');
      assert.match(infos.at(-1) ?? '', /open a file/);
    });

    it('text typed before the watchdog started (a slow start, hot exit) settles; saved files, untitled ones and kickOn without "edit" do not', async () => {
      await configure({ delay: 300, actions: ['save'] });
      t.api.pause(); // the installed instance stays out of the way: the edit happens "before" the second one starts
      const clean = await openFile('txt', 'saved already');
      const scratch = await vscode.workspace.openTextDocument({ content: 'an extension\'s generated text' });
      assert.equal(scratch.isDirty, true);
      const editor = await openFile('txt', '');
      await append(editor, 'typed before start');
      assert.equal(editor.document.isDirty, true);
      const second = extensionModule().createIdleWatchdog({ commands: false });
      const observed = new SettleLog(second.api);
      try {
        assert.equal(second.api.state(clean.document.uri).pending, undefined, 'a saved document is not kicked');
        assert.equal(second.api.state(scratch.uri).pending, undefined, 'an untitled document is not kicked');
        const settle = await observed.wait(editor.document.uri);
        assert.deepEqual(settle.actions.map((a) => `${a.action}: ${a.status}`), ['save: done']);
        assert.equal(await readDisk(editor.document.uri), 'typed before start');
      } finally {
        observed.dispose();
        second.dispose();
      }
      await configure({ kickOn: ['selection'] });
      await append(editor, ' and more');
      const third = extensionModule().createIdleWatchdog({ commands: false });
      try {
        assert.equal(third.api.state(editor.document.uri).pending, undefined, 'without "edit" in kickOn, an unsaved document waits for its kick');
      } finally {
        third.dispose();
      }
    });

    it('deactivation disposes timers, listeners and the status bar; a round in flight does nothing more', async () => {
      await configure({ delay: 200, actions: [{ command: 'iwTest.slow' }, 'save'] });
      let release!: () => void;
      const released = new Promise<void>((r) => (release = r));
      let finished!: () => void;
      const commandDone = new Promise<void>((r) => (finished = r));
      const slow = vscode.commands.registerCommand('iwTest.slow', async () => {
        await released;
        finished();
      });
      t.api.pause(); // the installed instance stays out of the way; a second one is built to be disposed
      const second = extensionModule().createIdleWatchdog({ commands: false });
      const observed = new SettleLog(second.api);
      try {
        const editor = await openFile('txt', '');
        await append(editor, 'unsaved');
        await waitFor('the round to start', () => second.api.state(editor.document.uri).running);
        second.dispose();
        assert.equal(second.api.state().stats.timers, 0, 'no timer left');
        assert.equal(second.api.state().statusBar, '', 'status bar item gone');
        // The command ends after deactivation; a round trip later, no save was asked for.
        release();
        await commandDone;
        await vscode.workspace.applyEdit(new vscode.WorkspaceEdit());
        assert.equal(editor.document.isDirty, true, 'the save after the slow command never ran');
        assert.equal(await readDisk(editor.document.uri), '');
        await append(editor, ' more');
        assert.equal(second.api.state(editor.document.uri).pending, undefined, 'no listener left: edits do not kick');
        assert.equal(observed.events.length, 0);
      } finally {
        observed.dispose();
        slow.dispose();
        second.dispose();
      }
    });
  });
}
