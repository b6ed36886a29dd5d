// Issue 4: multi-root workspaces: each folder's own values, and live changes per folder.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { append, getApi, readDisk, SettleLog } from '../util';

export function registerMultiRootSuite(): void {
  describe('multi-root workspace', () => {
    const recorded: unknown[] = [];
    let recorder: vscode.Disposable;
    before(() => {
      recorder = vscode.commands.registerCommand('iwTest.record', (arg: unknown) => void recorded.push(arg));
    });
    after(() => recorder.dispose());

    const open = async (folderIndex: number) => {
      const folder = vscode.workspace.workspaceFolders![folderIndex];
      const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'notes.txt'));
      return vscode.window.showTextDocument(document, { preview: false, viewColumn: folderIndex === 0 ? vscode.ViewColumn.One : vscode.ViewColumn.Two });
    };

    it('each folder settles with its own delay and actions; the workspace file fills in the rest', async () => {
      const api = await getApi();
      const settles = new SettleLog(api);
      // Each in front when it settles: a document's commands run only while it is in the active editor.
      const beta = await open(1);
      const alpha = await open(0);
      await append(alpha, 'a');
      await append(beta, 'b');
      const a = await settles.wait(alpha.document.uri);
      await vscode.window.showTextDocument(beta.document, { viewColumn: vscode.ViewColumn.Two });
      const b = await settles.wait(beta.document.uri);
      assert.equal(a.stage.delay, 300, 'alpha/.vscode/settings.json');
      assert.equal(b.stage.delay, 1500, 'the .code-workspace value, as beta sets none');
      assert.deepEqual(recorded, ['alpha', 'beta']);
      assert.equal(await readDisk(alpha.document.uri), 'alpha notes\na');
      assert.equal(beta.document.isDirty, true, 'beta does not save');
      settles.dispose();
    });

    it('a folder setting changed mid-countdown applies to that folder only', async () => {
      const api = await getApi();
      const settles = new SettleLog(api);
      const alpha = await open(0);
      const beta = await open(1);
      await vscode.workspace.getConfiguration('idleWatchdog', beta.document.uri).update('delay', 20_000, vscode.ConfigurationTarget.WorkspaceFolder);
      await append(beta, 'b');
      await append(alpha, 'a');
      await settles.wait(alpha.document.uri);
      assert.ok(api.state(beta.document.uri).pending!.remainingMs > 15_000);
      const changed = Date.now();
      await vscode.workspace.getConfiguration('idleWatchdog', beta.document.uri).update('delay', 200, vscode.ConfigurationTarget.WorkspaceFolder);
      const b = await settles.wait(beta.document.uri, 1, 5000);
      assert.ok(b.time - changed < 2000);
      assert.equal(b.stage.delay, 200);
      settles.dispose();
    });
  });
}
