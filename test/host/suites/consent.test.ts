// Issue 22: the commands a trusted folder's own settings bring ask once. The question is a real
// VS Code notification, answered by clicking its button in the workbench page (the offline
// runner's driver: `answer` below); @vscode/test-electron cannot click, so these tests skip there.
// Each test uses its own list of commands (its own arguments): answers are remembered per list,
// in the extension's global state, for the whole run.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SettleEvent } from '../../../src/api';
import { append, canDrive, openFile, readDisk, useWatchdog, waitFor, workspaceRoot, writeWorkspaceSettings } from '../util';

const COMMAND = 'iwTest.consent';

/** The file the test command writes: what a user notices of it having run. */
const ranFile = (name: string) => path.join(workspaceRoot(), `consent-${name}.txt`);

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false,
  );
}

/** The folder's settings: save, then the test command with `name` (the list the user answers for). */
async function folderSettings(name: string, extra: Record<string, unknown> = {}): Promise<void> {
  await writeWorkspaceSettings({ 'idleWatchdog.delay': 200, 'idleWatchdog.actions': ['save', { command: COMMAND, args: name }], ...extra });
}

/**
 * Clicks `button` on the notification naming `containing`, as a user does (run-offline.mjs
 * `answerNotification`); resolves with the notification's text once it was clicked.
 */
async function answer(button: string, containing: string): Promise<string> {
  const report = path.join(os.tmpdir(), `iw-consent-${process.pid}-${Date.now()}.json`);
  console.log(`IW-DRIVER ${JSON.stringify({ click: button, containing, report })}`);
  const text = await waitFor('the driver to answer the notification', () => fs.readFile(report, 'utf8').catch(() => ''), 20_000);
  await fs.rm(report, { force: true });
  const result = JSON.parse(text) as { message?: string; error?: string };
  assert.ok(result.message !== undefined, `the notification naming ${containing} was answered (${result.error ?? ''})`);
  return result.message;
}

/** The test command's outcome in a settle, with the save's. */
function outcomes(settle: SettleEvent): string[][] {
  return settle.actions.map((a) => [a.action, a.status, a.reason.code === 'notAllowed' ? `notAllowed:${(a.reason as { answer: string }).answer}` : a.reason.code]);
}

export function registerConsentSuite(): void {
  // In Restricted Mode workspace values of these settings are ignored: nothing asks there.
  if (!vscode.workspace.isTrusted) return;
  describe('workspace commands ask once (issue 22)', () => {
    const watchdog = useWatchdog();
    let registered: vscode.Disposable;
    let original: string;
    const settingsFile = () => path.join(workspaceRoot(), '.vscode', 'settings.json');
    const user = () => vscode.workspace.getConfiguration('idleWatchdog');

    before(async () => {
      original = await fs.readFile(settingsFile(), 'utf8');
      registered = vscode.commands.registerCommand(COMMAND, async (name: string) => {
        await fs.writeFile(ranFile(name), 'ran');
      });
      // The folder's own settings first: the fixture's commands would ask as soon as the question is on.
      await folderSettings('none');
      await user().update('askBeforeWorkspaceCommands', true, vscode.ConfigurationTarget.Global);
    });
    after(async () => {
      await user().update('askBeforeWorkspaceCommands', false, vscode.ConfigurationTarget.Global);
      registered.dispose();
      await fs.writeFile(settingsFile(), original);
    });

    /** Types into a new file in front and waits for its n-th settle. */
    async function settle(editor: vscode.TextEditor, text: string, n: number): Promise<SettleEvent> {
      await append(editor, text);
      return watchdog.settles.wait(editor.document.uri, n);
    }

    const label = (name: string) => `${COMMAND}("${name}")`;

    (canDrive ? it : it.skip)('Allow: skipped until answered (the file still saved), then it runs; asked once', async () => {
      await folderSettings('allow');
      const editor = await openFile('txt', '');
      const first = await settle(editor, 'a', 1);
      assert.deepEqual(outcomes(first), [
        ['save', 'done', 'saved'],
        [label('allow'), 'skipped', 'notAllowed:asking'],
      ]);
      assert.match(first.actions[1].detail, /waiting for your answer/);
      assert.equal(await readDisk(editor.document.uri), 'a', 'the save still ran');
      const message = await answer('Allow', label('allow'));
      assert.match(message, /iwTest\.consent\("allow"\)/, 'the question names the command with its arguments');
      // Allowed: the document settles again, and the command runs.
      await waitFor('the allowed command to run', () => exists(ranFile('allow')));
      const again = await watchdog.settles.wait(editor.document.uri, 2);
      assert.deepEqual(outcomes(again)[1], [label('allow'), 'done', 'ran']);
      // The next settle runs it without a question: no skip at all.
      await fs.rm(ranFile('allow'));
      const third = await settle(editor, 'b', 3);
      assert.deepEqual(outcomes(third)[1], [label('allow'), 'done', 'ran']);
      assert.ok(await exists(ranFile('allow')));
    });

    (canDrive ? it : it.skip)('a notification\'s text from the settings reads as written: "[label](command:…)" is no link to click', async () => {
      await writeWorkspaceSettings({ 'idleWatchdog.delay': 200, 'idleWatchdog.actions': [{ notify: 'iwNotify: see [the docs](command:workbench.action.terminal.new)' }] });
      const editor = await openFile('txt', '');
      await settle(editor, 'a', 1);
      const message = await answer('', 'iwNotify');
      assert.match(message, /see \[the docs\]\u200B?\(command:workbench\.action\.terminal\.new\)/, `the text as written, not a link named "the docs": ${message}`);
    });

    (canDrive ? it : it.skip)('your own notification text may link: "[the docs](command:…)" in user settings is a link', async () => {
      await writeWorkspaceSettings({ 'idleWatchdog.delay': 200 });
      await user().update('actions', [{ notify: 'iwUserNotify: see [the docs](command:workbench.action.terminal.new)' }], vscode.ConfigurationTarget.Global);
      try {
        const editor = await openFile('txt', '');
        await settle(editor, 'a', 1);
        const message = await answer('', 'iwUserNotify');
        assert.equal(message.trim(), 'iwUserNotify: see the docs', 'rendered as a link named "the docs"');
      } finally {
        await user().update('actions', undefined, vscode.ConfigurationTarget.Global);
      }
    });

    (canDrive ? it : it.skip)('Not now: skipped for the session without asking again; a changed list asks again', async () => {
      await folderSettings('notnow');
      const editor = await openFile('txt', '');
      assert.deepEqual(outcomes(await settle(editor, 'a', 1))[1], [label('notnow'), 'skipped', 'notAllowed:asking']);
      await answer('Not now', label('notnow'));
      const second = await settle(editor, 'b', 2);
      assert.deepEqual(outcomes(second), [
        ['save', 'done', 'saved'],
        [label('notnow'), 'skipped', 'notAllowed:notNow'],
      ]);
      assert.match(second.actions[1].detail, /Not now/);
      assert.equal(await readDisk(editor.document.uri), 'ab', 'the file is still saved');
      assert.equal(await exists(ranFile('notnow')), false);
      // Another list (the arguments changed) is another question.
      await folderSettings('notnow-changed');
      assert.deepEqual(outcomes(await settle(editor, 'c', 3))[1], [label('notnow-changed'), 'skipped', 'notAllowed:asking']);
      await answer('Not now', label('notnow-changed'));
    });

    (canDrive ? it : it.skip)('a list allowed, then its arguments changed in the folder settings: asked again', async () => {
      await folderSettings('changed-1');
      const editor = await openFile('txt', '');
      await settle(editor, 'a', 1);
      await answer('Allow', label('changed-1'));
      await waitFor('the allowed command to run', () => exists(ranFile('changed-1')));
      await watchdog.settles.wait(editor.document.uri, 2);
      await folderSettings('changed-2');
      assert.deepEqual(outcomes(await settle(editor, 'b', 3))[1], [label('changed-2'), 'skipped', 'notAllowed:asking']);
      const message = await answer('Allow', label('changed-2'));
      assert.match(message, /changed-2/);
      await waitFor('the newly allowed command to run', () => exists(ranFile('changed-2')));
    });

    (canDrive ? it : it.skip)('a language-specific folder value ("[json]") asks too', async () => {
      await writeWorkspaceSettings({ 'idleWatchdog.delay': 200, '[json]': { 'idleWatchdog.actions': ['save', { command: COMMAND, args: 'json' }] } });
      const editor = await openFile('json', '');
      assert.deepEqual(outcomes(await settle(editor, '{}', 1)), [
        ['save', 'done', 'saved'],
        [label('json'), 'skipped', 'notAllowed:asking'],
      ]);
      await answer('Not now', label('json'));
    });

    it('the user settings never ask: the command runs on the first settle', async () => {
      await writeWorkspaceSettings({ 'idleWatchdog.delay': 200 });
      await user().update('actions', ['save', { command: COMMAND, args: 'user' }], vscode.ConfigurationTarget.Global);
      try {
        const editor = await openFile('txt', '');
        assert.deepEqual(outcomes(await settle(editor, 'a', 1)), [
          ['save', 'done', 'saved'],
          [label('user'), 'done', 'ran'],
        ]);
        assert.ok(await exists(ranFile('user')));
      } finally {
        await user().update('actions', undefined, vscode.ConfigurationTarget.Global);
      }
    });

    it('the question cannot be turned off by the folder: its own askBeforeWorkspaceCommands is not read', async () => {
      await folderSettings('folder-off', { 'idleWatchdog.askBeforeWorkspaceCommands': false });
      const editor = await openFile('txt', '');
      assert.deepEqual(outcomes(await settle(editor, 'a', 1))[1], [label('folder-off'), 'skipped', 'notAllowed:asking']);
      if (canDrive) await answer('Not now', label('folder-off'));
    });

    // Last: from its answer on, the folder's commands never run (whatever list), for every later test.
    (canDrive ? it : it.skip)('Never for this folder: skipped without asking, also after the settings are read again, and for another list of the folder', async () => {
      await folderSettings('never');
      const editor = await openFile('txt', '');
      assert.deepEqual(outcomes(await settle(editor, 'a', 1))[1], [label('never'), 'skipped', 'notAllowed:asking']);
      await answer('Never for this folder', label('never'));
      assert.deepEqual(outcomes(await settle(editor, 'b', 2))[1], [label('never'), 'skipped', 'notAllowed:never']);
      // The settings change (the same list): read again, the answer holds.
      await folderSettings('never', { 'idleWatchdog.delay': 250 });
      const third = await settle(editor, 'c', 3);
      assert.equal(third.stage.delay, 250, 'the new settings are in force');
      assert.deepEqual(outcomes(third)[1], [label('never'), 'skipped', 'notAllowed:never']);
      assert.match(third.actions[1].detail, /Never for this folder/);
      assert.equal(await exists(ranFile('never')), false);
      // Another list in that folder (a changed argument): never too, not asked again.
      await folderSettings('never-again');
      const fourth = await settle(editor, 'd', 4);
      assert.deepEqual(outcomes(fourth)[1], [label('never-again'), 'skipped', 'notAllowed:never']);
      assert.equal(await exists(ranFile('never-again')), false);
    });
  });
}
