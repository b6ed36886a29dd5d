// The 10 000-documents soak: no state is held for closed documents. Its own run (a few minutes on
// a slow machine), so the other suites' runs stay short.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { configure, readDisk, useWatchdog, waitFor } from '../util';

export function registerStressSuite(): void {
  describe('stress', () => {
    const t = useWatchdog();
    const disposables: vscode.Disposable[] = [];
    after(() => {
      for (const d of disposables) d.dispose();
    });

    it('after 10 000 documents opened, edited, settled and closed, no state is held for any of them', async function () {
      this.timeout(1_500_000);
      await configure({ delay: 0, actions: ['save'] });
      const count = Number(process.env.IW_MANY_DOCUMENTS ?? 10_000);
      const dir = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'scratch', 'many');
      const closed = new Set<string>();
      disposables.push(vscode.workspace.onDidCloseTextDocument((d) => closed.add(d.uri.toString())));
      // Each document's save is awaited through onDidSaveTextDocument (no polling: 10 000 of them).
      const saved = new Map<string, () => void>();
      disposables.push(vscode.workspace.onDidSaveTextDocument((d) => saved.get(d.uri.toString())?.()));
      const one = async (i: number) => {
        const uri = vscode.Uri.joinPath(dir, `f${i}.txt`);
        await vscode.workspace.fs.writeFile(uri, Buffer.from('x'));
        const document = await vscode.workspace.openTextDocument(uri);
        const isSaved = new Promise<void>((resolve) => saved.set(uri.toString(), resolve));
        const edit = new vscode.WorkspaceEdit();
        edit.insert(uri, new vscode.Position(0, 1), 'y');
        await vscode.workspace.applyEdit(edit);
        let timer: ReturnType<typeof setTimeout> | undefined;
        const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, 60_000)));
        await Promise.race([isSaved, late]);
        clearTimeout(timer);
        saved.delete(uri.toString());
        assert.equal(document.isDirty, false, `f${i}.txt was not saved within 60 s`);
      };
      // Documents that no editor shows are closed by VS Code itself once it holds too many of them.
      for (let i = 0; i < count; i += 50) {
        await Promise.all(Array.from({ length: Math.min(50, count - i) }, (_, k) => one(i + k)));
      }
      await waitFor('VS Code to close most of them', () => closed.size >= count - 100, 60_000);
      // The last saves' rounds end a moment after their save event: then nothing may be left.
      await waitFor('the last rounds to end', () => t.api.state().stats.running === 0 && t.api.state().stats.timers === 0, 30_000);
      const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
      const stats = t.api.state().stats;
      assert.ok(stats.documents <= open.size, `state for ${stats.documents} documents, ${open.size} open`);
      assert.ok(stats.keys <= open.size + 1, `watchdog keys: ${stats.keys}`);
      assert.ok(stats.cachedConfigs <= open.size, `cached configs: ${stats.cachedConfigs}`);
      assert.equal(stats.timers, 0);
      assert.equal(stats.running, 0);
      assert.equal(await readDisk(vscode.Uri.joinPath(dir, 'f7.txt')), 'xy');
    });
  });
}
