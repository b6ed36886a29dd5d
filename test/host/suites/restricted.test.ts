// Issue 5: a cloned repository's settings never make the watchdog run its commands before the
// user trusts it. The `restricted` fixture's workspace settings would create files through a
// command; this suite runs twice: in Restricted Mode (nothing may appear) and trusted (the
// positive control: the same settings do run).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { append, closeAll, getApi, openFile, readDisk, SettleLog, sleep, waitFor, workspaceRoot } from '../util';

const PWNED = ['pwned-by-actions.txt', 'pwned-by-stage.txt', 'pwned-by-language.txt', 'pwned-by-window.txt'];

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false,
  );
}

export function registerRestrictedSuite(): void {
  describe(`workspace settings that run commands (${vscode.workspace.isTrusted ? 'trusted: positive control' : 'Restricted Mode'})`, () => {
    let created: vscode.Disposable;
    before(() => {
      created = vscode.commands.registerCommand('iwTest.createFile', async (name?: string) => {
        await fs.writeFile(path.join(workspaceRoot(), name ?? 'pwned-by-window.txt'), 'obeyed the workspace settings');
      });
    });
    after(async () => {
      created.dispose();
      await closeAll();
    });

    it('the extension is active either way', async () => {
      await getApi();
      assert.ok(vscode.extensions.getExtension('idle-watchdog.idle-watchdog')?.isActive);
    });

    it(vscode.workspace.isTrusted ? 'trusted: the workspace settings run their commands' : 'untrusted: not one of them runs; the default "save" does', async () => {
      const api = await getApi();
      const settles = new SettleLog(api);
      try {
        // The text file in front: a document's commands run only while it is in the active editor.
        const json = await openFile('json', '', { column: vscode.ViewColumn.Beside });
        const text = await openFile('txt', '', { column: vscode.ViewColumn.One });
        await append(text, 'notes');
        await append(json, '{}');
        if (vscode.workspace.isTrusted) {
          for (const name of PWNED) {
            // The JSON file's own (language) command runs once it is in front.
            if (name === 'pwned-by-language.txt') await vscode.window.showTextDocument(json.document, { viewColumn: vscode.ViewColumn.Beside });
            const file = path.join(workspaceRoot(), name);
            await settles.wait(text.document.uri, 2).catch(() => undefined);
            const end = Date.now() + 5000;
            while (!(await exists(file)) && Date.now() < end) await sleep(50);
            assert.ok(await exists(file), `${name} was created: the control shows these settings do run when trusted`);
          }
        } else {
          // The user's (default) actions apply: save, on each document.
          const textSettle = await settles.wait(text.document.uri);
          const jsonSettle = await settles.wait(json.document.uri);
          assert.equal(textSettle.stage.delay, 200, 'the workspace delay runs nothing by itself, so it still applies');
          assert.deepEqual(textSettle.actions.map((a) => [a.action, a.status]), [['save', 'done']]);
          assert.deepEqual(jsonSettle.actions.map((a) => [a.action, a.status]), [['save', 'done']]);
          assert.equal(await readDisk(text.document.uri), 'notes');
          // Nothing left pending anywhere (no later stage, no window stage): nothing more can run.
          await waitFor('nothing pending', () => api.state().stats.pending === 0 && api.state().stats.running === 0);
          for (const name of PWNED) assert.equal(await exists(path.join(workspaceRoot(), name)), false, `${name} must not exist`);
        }
      } finally {
        settles.dispose();
      }
    });

    it(`${vscode.workspace.isTrusted ? 'trusted' : 'untrusted'}: the workspace's when.pattern applies, and a hostile one settles at once on a long file name`, async () => {
      const api = await getApi();
      const settles = new SettleLog(api);
      // 240 characters: each of the pattern's 24 "*?" could take any share of them.
      const file = path.join(workspaceRoot(), `${'a'.repeat(237)}.md`);
      try {
        await fs.writeFile(file, '');
        const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
        await append(editor, 'x');
        // The document's own stage (its window stage has no `when`, and may come first on a loaded machine).
        const settle = await waitFor('the document stage to settle', () => settles.for(editor.document.uri).find((e) => e.stage.scope === 'document'));
        assert.ok(settle);
        assert.equal(settle.skip?.code, 'condition', JSON.stringify(settle));
        assert.match(settle.skipped ?? '', /does not match the pattern "\{scratch\/\*\.txt,scratch\/\*\.json,\*\?/);
        assert.equal(editor.document.isDirty, true, 'not saved: the pattern kept the save from running');
      } finally {
        settles.dispose();
        await closeAll();
        await fs.rm(file, { force: true });
      }
    });

    if (!vscode.workspace.isTrusted) {
      it('untrusted: the user\'s own settings still apply', async () => {
        const api = await getApi();
        const settles = new SettleLog(api);
        const config = vscode.workspace.getConfiguration('idleWatchdog');
        await config.update('actions', [{ command: 'iwTest.createFile', args: 'by-user-settings.txt' }], vscode.ConfigurationTarget.Global);
        try {
          const text = await openFile('txt', '');
          await append(text, 'x');
          const settle = await settles.wait(text.document.uri);
          assert.deepEqual(settle.actions.map((a) => [a.action, a.status]), [['iwTest.createFile("by-user-settings.txt")', 'done']]);
          assert.ok(await exists(path.join(workspaceRoot(), 'by-user-settings.txt')));
        } finally {
          await config.update('actions', undefined, vscode.ConfigurationTarget.Global);
          settles.dispose();
        }
      });
    }
  });
}
