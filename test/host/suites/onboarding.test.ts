// Issue 13: the first ten minutes — a status bar that tells the truth, a menu that holds settles,
// recipes without JSON, settings files left alone, pause while debugging.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { append, captureMessages, closeAll, configure, openFile, readDisk, sleep, useWatchdog, waitFor, workspaceRoot } from '../util';

type Pick = (items: readonly vscode.QuickPickItem[]) => vscode.QuickPickItem | undefined;

/** Answers the extension's quick picks (the tests share the `vscode` API object with it). */
function answerQuickPicks(): { answers: Pick[]; titles: string[] } {
  const window = vscode.window as unknown as Record<string, unknown>;
  const state = { answers: [] as Pick[], titles: [] as string[] };
  let original: unknown;
  before(() => {
    original = window.showQuickPick;
    window.showQuickPick = async (items: readonly vscode.QuickPickItem[] | Thenable<readonly vscode.QuickPickItem[]>, options?: vscode.QuickPickOptions) => {
      state.titles.push(options?.title ?? '');
      const answer = state.answers.shift();
      return answer?.(await items);
    };
  });
  after(() => void (window.showQuickPick = original));
  return state;
}

const byLabel = (label: string | RegExp): Pick => (items) => items.find((i) => (typeof label === 'string' ? i.label === label : label.test(i.label)));

export function registerOnboardingSuite(): void {
  describe('the first ten minutes', () => {
    const t = useWatchdog();
    const infos = captureMessages('showInformationMessage');
    const warnings = captureMessages('showWarningMessage');
    const picks = answerQuickPicks();
    const status = () => t.api.state().statusBar;

    afterEach(async () => {
      const user = vscode.workspace.getConfiguration('idleWatchdog');
      for (const key of ['delay', 'actions', 'when', 'stages', 'settingsFiles', 'pauseWhileDebugging']) {
        if (user.inspect(key)?.globalValue !== undefined) await user.update(key, undefined, vscode.ConfigurationTarget.Global);
      }
      // Only when set: VS Code 1.75 throws "Can not delete in empty document" for a value that is not there.
      const json = vscode.workspace.getConfiguration('idleWatchdog', { languageId: 'json' });
      if (json.inspect('delay')?.globalLanguageValue !== undefined) await json.update('delay', undefined, vscode.ConfigurationTarget.Global, true);
      picks.answers.length = 0;
    });

    it('the status bar says what each settle did: Saved, Formatted, Nothing to do, Not run: 1 error, Saved · not formatted, Skipped: untitled', async function () {
      this.timeout(60_000);
      await configure({ delay: 200, actions: ['save'] }, { json: { actions: ['format'] } });
      const text = await openFile('txt', '');
      await append(text, 'x');
      await t.settles.wait(text.document.uri);
      await waitFor('Saved', () => status() === '$(check) Saved');
      const json = await openFile('json', '');
      await append(json, '{"a":1}');
      await t.settles.wait(json.document.uri);
      await waitFor('Formatted', () => status() === '$(check) Formatted');
      assert.equal(json.document.isDirty, true, '"Formatted", not "Saved": the tab is still dirty');
      // Saved by hand, then kicked with no change: a save with nothing to save. (Typing and then
      // saving by hand would race the 200 ms delay on a slow machine.)
      await configure({}, { json: { actions: ['save'] } });
      assert.ok(await json.document.save(), 'saved by hand');
      await vscode.commands.executeCommand('idleWatchdog.kick');
      const idle = await t.settles.wait(json.document.uri, 2);
      assert.deepEqual(idle.actions.map((a) => `${a.action}: ${a.status}`), ['save: skipped'], 'the new [json] actions are in force');
      await waitFor('Nothing to do', () => status() === '$(check) Nothing to do', 5000);
      await configure({ actions: ['save'], when: { noErrors: true } }, { json: { actions: ['save'] } });
      const broken = await openFile('json', '');
      await append(broken, '{"a":');
      const notRun = await t.settles.wait(broken.document.uri);
      assert.match(notRun.skipped ?? '', /error/);
      await waitFor('Not run: 1 error', () => /^\$\(warning\) Not run: \d+ errors?$/.test(status()), 5000);
      assert.equal(broken.document.isDirty, true, 'no check mark over a dirty file');
      // Format, then save, on broken code: saved, but not formatted, and the status bar says so.
      await configure({ when: {} }, { json: { actions: ['format', 'save'] } });
      await append(broken, '1');
      const held = await t.settles.wait(broken.document.uri, 2);
      assert.deepEqual(held.actions.map((a) => `${a.action}: ${a.status}`), ['format: skipped', 'save: done'], held.actions.map((a) => a.detail).join(' | '));
      await waitFor('Saved · not formatted', () => status() === '$(warning) Saved · not formatted', 5000);
      const untitled = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: '', language: 'plaintext' }));
      await append(untitled, 'draft');
      await t.settles.wait(untitled.document.uri);
      await waitFor('Skipped: untitled', () => status() === '$(circle-slash) Skipped: untitled');
      assert.match(t.api.state().statusBarTooltip, /save: skipped — untitled/);
    });

    it('where the document is disabled it says Off; with an invalid setting it says ⚠ Settings and the tooltip names it', async () => {
      await configure({ delay: 200 }, { plaintext: { enabled: false } });
      await openFile('txt', 'x');
      await waitFor('Off', () => status() === '$(circle-slash) Off');
      assert.match(t.api.state().statusBarTooltip, /Off for this document: `idleWatchdog.enabled` is false \(workspace \[plaintext\]\)/);
      await configure({ actionTimeout: 'soon', delay: 'soon' }, { plaintext: { enabled: true } });
      await openFile('md', '');
      await waitFor('⚠ Settings', () => status() === '$(warning) Settings');
      assert.match(t.api.state().statusBarTooltip, /2 invalid settings.*idleWatchdog\.actionTimeout/s);
      // The delay in force is the fallback, not the workspace's "soon": the tooltip says so.
      assert.match(t.api.state().statusBarTooltip, /\| 1 s \(workspace, rejected: fallback in use\) \| save \(default\) \|/);
    });

    it('the tooltip says where each value comes from, and shows a pending window-scope stage', async () => {
      await configure(
        { delay: 30_000, actions: ['save'], stages: [{ delay: 60_000, scope: 'window', actions: [{ notify: 'still there?' }] }] },
        { json: { delay: 25_000 } },
      );
      const editor = await openFile('json', '');
      await append(editor, '[]');
      await waitFor('the countdown', () => status().startsWith('$(watch)'));
      const tooltip = t.api.state().statusBarTooltip;
      assert.match(tooltip, /\| 25 s \(workspace \[json\]\) \| save \(workspace\) \|/);
      assert.match(tooltip, /Next with no activity anywhere: notify "still there\?" in (1 min|59\.\d s)/);
    });

    it('while the menu is open, pending settles hold; Cancel from it is no race; Settle Now with nothing to do says so', async () => {
      await configure({ delay: 600, actions: ['save'] });
      const editor = await openFile('txt', '');
      await append(editor, 'x');
      const menu = vscode.commands.executeCommand('idleWatchdog.menu');
      await waitFor('the menu to hold the settle', () => t.api.state().stats.timers === 0);
      const held = t.api.state(editor.document.uri).pending!.remainingMs;
      await sleep(600); // the delay passes while the menu is open
      assert.equal(t.settles.for(editor.document.uri).length, 0, 'nothing settled while the menu was open');
      assert.equal(t.api.state(editor.document.uri).pending!.remainingMs, held, 'time stood still');
      // Cancel Pending Settle: third item (Pause, Settle Now, Cancel…).
      await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
      await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await menu;
      await waitFor('the cancel message', () => infos.some((m) => /cancelled the pending settle/.test(m)));
      assert.equal(t.api.state(editor.document.uri).cancelled, true);
      await sleep(600);
      assert.equal(t.settles.for(editor.document.uri).length, 0, 'cancelled, not settled');
      await vscode.commands.executeCommand('workbench.action.files.save');
      await vscode.commands.executeCommand('idleWatchdog.fireNow');
      assert.match(infos.at(-1) ?? '', /nothing to settle in .*: no edit is waiting and it has no unsaved changes/);
    });

    it('a second menu opened over the first keeps the settles held until it closes too', async () => {
      await configure({ delay: 600, actions: ['save'] });
      const editor = await openFile('txt', '');
      await append(editor, 'x');
      const first = vscode.commands.executeCommand('idleWatchdog.menu');
      await waitFor('the menu to hold the settle', () => t.api.state().stats.timers === 0);
      const second = vscode.commands.executeCommand('idleWatchdog.menu');
      await first; // the second menu replaced it
      assert.equal(t.api.state().stats.timers, 0, 'still held by the menu that is open');
      assert.ok(t.api.state(editor.document.uri).pending, 'still pending');
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      await second;
      await t.settles.wait(editor.document.uri);
      assert.equal(await readDisk(editor.document.uri), 'x');
    });

    it('Choose a Recipe writes the settings where asked, keeps the user\'s own stages, and warns when a more specific setting wins', async () => {
      await vscode.workspace.getConfiguration('idleWatchdog').update('stages', [{ delay: 5000, actions: ['save'] }], vscode.ConfigurationTarget.Global);
      await openFile('json', '{}');
      picks.answers.push(byLabel('"Still there?" after 30 minutes'), byLabel('User settings'));
      assert.equal(await vscode.commands.executeCommand('idleWatchdog.chooseRecipe'), true);
      const stages = vscode.workspace.getConfiguration('idleWatchdog').inspect('stages')?.globalValue as unknown[];
      assert.equal(stages.length, 2, 'the user\'s own stage kept, the switch added');
      assert.match(JSON.stringify(stages[1]), /Still there\?/);
      assert.match(infos.at(-1) ?? '', /recipe written to User settings/);
      assert.match(picks.titles[1], /where should it apply/);
      // The workspace sets a delay: a user-level recipe does not win there, and it says so.
      await configure({ delay: 3000 });
      picks.answers.push(byLabel('Format, then save'), byLabel('User settings'));
      assert.equal(await vscode.commands.executeCommand('idleWatchdog.chooseRecipe'), true);
      assert.equal(vscode.workspace.getConfiguration('idleWatchdog').inspect('delay')?.globalValue, 700);
      assert.match(warnings.at(-1) ?? '', /written to User settings, but a more specific setting wins here: idleWatchdog\.delay \(workspace\)/);
      // Only for this language, at the user level: written as a [json] override.
      picks.answers.push(byLabel('A delay for this language'), byLabel('User settings, only for [json]'));
      const input = vscode.window.showInputBox;
      (vscode.window as unknown as Record<string, unknown>).showInputBox = async () => '450';
      try {
        assert.equal(await vscode.commands.executeCommand('idleWatchdog.chooseRecipe'), true);
      } finally {
        (vscode.window as unknown as Record<string, unknown>).showInputBox = input;
      }
      assert.equal(vscode.workspace.getConfiguration('idleWatchdog', { languageId: 'json' }).inspect('delay')?.globalLanguageValue, 450);
    });

    it('VS Code\'s own settings file is left alone by default; idleWatchdog.settingsFiles turns that back on', async () => {
      await configure({ delay: 200, actions: ['save'] });
      await vscode.commands.executeCommand('workbench.action.openSettingsJson');
      // `vscode-userdata:` in desktop VS Code; a file in the server's user data folder here.
      const editor: vscode.TextEditor = await waitFor('the user settings.json', () =>
        /\/User\/settings\.json$/.test(vscode.window.activeTextEditor?.document.uri.path ?? '') ? (vscode.window.activeTextEditor as vscode.TextEditor) : (undefined as unknown as vscode.TextEditor),
      );
      const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
      try {
        await editor.edit((b) => b.insert(end, '\n// typed'));
        assert.equal(t.api.state(editor.document.uri).pending, undefined, 'no settle armed');
        await waitFor('Off', () => status() === '$(circle-slash) Off');
      } finally {
        await vscode.commands.executeCommand('workbench.action.files.revert');
      }
      await vscode.workspace.getConfiguration('idleWatchdog').update('settingsFiles', true, vscode.ConfigurationTarget.Global);
      await editor.edit((b) => b.insert(editor.document.lineAt(editor.document.lineCount - 1).range.end, '\n// typed'));
      try {
        assert.ok(t.api.state(editor.document.uri).pending, 'settles again when asked to');
      } finally {
        t.api.cancel(editor.document.uri);
        await vscode.commands.executeCommand('workbench.action.files.revert');
        await closeAll();
      }
    });

    it('while a debug session runs: the "debugging": false condition holds a stage, pauseWhileDebugging holds every settle', async function () {
      this.timeout(60_000);
      const script = path.join(workspaceRoot(), 'scratch', 'wait.js');
      await fs.mkdir(path.dirname(script), { recursive: true });
      await fs.writeFile(script, 'setTimeout(() => {}, 60000);\n');
      await configure({ delay: 200, actions: ['save'], when: { debugging: false } });
      const started = new Promise<vscode.DebugSession>((resolve) => {
        const sub = vscode.debug.onDidStartDebugSession((s) => {
          sub.dispose();
          resolve(s);
        });
      });
      assert.ok(await vscode.debug.startDebugging(vscode.workspace.workspaceFolders![0], { type: 'node', request: 'launch', name: 'iw wait', program: script }));
      const session = await started;
      try {
        const editor = await openFile('txt', '');
        await append(editor, 'x');
        const settle = await t.settles.wait(editor.document.uri);
        assert.equal(settle.skipped, 'not run: a debug session is running');
        await waitFor('Not run: debugging', () => status() === '$(warning) Not run: debugging');
        await configure({ when: {}, pauseWhileDebugging: true });
        await waitFor('Paused: debugging', () => status() === '$(debug-pause) Paused: debugging');
        await append(editor, 'y');
        // Held: the edit is pending, and no timer exists that could fire it.
        assert.ok(t.api.state(editor.document.uri).pending, 'the edit is pending');
        assert.equal(t.api.state().stats.timers, 0, 'held while debugging: nothing can fire');
        assert.equal(t.settles.for(editor.document.uri).length, 1, 'held while debugging');
        const ended = new Promise<void>((resolve) => {
          const sub = vscode.debug.onDidTerminateDebugSession(() => {
            sub.dispose();
            resolve();
          });
        });
        await vscode.debug.stopDebugging(session);
        await ended;
        const second = await t.settles.wait(editor.document.uri, 2);
        assert.deepEqual(second.actions.map((a) => a.status), ['done']);
        assert.equal(await readDisk(editor.document.uri), 'xy');
      } finally {
        if (vscode.debug.activeDebugSession) await vscode.debug.stopDebugging();
        await vscode.workspace.getConfiguration('idleWatchdog').update('pauseWhileDebugging', undefined, vscode.ConfigurationTarget.Workspace);
      }
    });
  });
}
