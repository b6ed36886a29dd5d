// The 10 000-documents soak: no state is held for closed documents or notebooks. Its own run (a
// few minutes on a slow machine), so the other suites' runs stay short.
import * as assert from 'node:assert/strict';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import * as vscode from 'vscode';
import { configure, readDisk, useWatchdog, waitFor } from '../util';
import { appendToCell, openNotebook } from './notebooks.test';

/** A full garbage collection in this extension host (no --expose-gc there: turned on at run time). */
function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  gc();
  gc();
}

/** The heap in use after a full collection, in MB. */
function heapAfterGc(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

/** A notebook opened, a cell edited, a cell added and one removed, saved by the settle, closed. */
async function notebookRound(disposables: vscode.Disposable[]): Promise<void> {
  const { notebook } = await openNotebook(['{"a":1}', '{"b":2}', '{"c":3}']);
  const saved = new Promise<void>((resolve) => {
    const sub = vscode.workspace.onDidSaveNotebookDocument((n) => {
      if (n !== notebook) return;
      sub.dispose();
      resolve();
    });
    disposables.push(sub);
  });
  await appendToCell(notebook, 0, ' ');
  const edit = new vscode.WorkspaceEdit();
  edit.set(notebook.uri, [vscode.NotebookEdit.insertCells(3, [new vscode.NotebookCellData(vscode.NotebookCellKind.Code, '{"d":4}', 'json')]), vscode.NotebookEdit.deleteCells(new vscode.NotebookRange(1, 2))]);
  assert.ok(await vscode.workspace.applyEdit(edit));
  await saved;
  await waitFor('the notebook to be clean', () => !notebook.isDirty, 30_000);
  await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
}

export function registerStressSuite(): void {
  describe('stress', () => {
    const t = useWatchdog();
    const disposables: vscode.Disposable[] = [];
    after(() => {
      for (const d of disposables) d.dispose();
    });

    it('after 10 000 documents and 50 notebooks opened, edited, settled and closed, no state is held for any of them, and the heap is back where it was', async function () {
      this.timeout(1_500_000);
      await configure({ delay: 0, actions: ['save'] });
      const count = Number(process.env.IW_MANY_DOCUMENTS ?? 10_000);
      const dir = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'scratch', 'many');
      // Counted, not kept: the test's own memory must not grow with the documents either.
      let closed = 0;
      disposables.push(vscode.workspace.onDidCloseTextDocument(() => closed++));
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
      let notebooksClosed = 0;
      disposables.push(vscode.workspace.onDidCloseNotebookDocument(() => notebooksClosed++));
      // Documents that no editor shows are closed by VS Code itself once it holds too many of them.
      // A notebook every 200 documents: opened, a cell edited, one added, one removed, closed.
      let heapBefore = 0;
      let notebooks = 0;
      for (let i = 0; i < count; i += 50) {
        await Promise.all(Array.from({ length: Math.min(50, count - i) }, (_, k) => one(i + k)));
        // The suite's settle log would keep every settle: this test reads none of them.
        t.settles.events.length = 0;
        if (i % 200 === 50) {
          await notebookRound(disposables);
          notebooks++;
        }
        // Measured once the first of everything has run (code loaded, caches warm).
        if (i === 100) heapBefore = heapAfterGc();
      }
      await waitFor('VS Code to close most of them', () => closed >= count - 100, 60_000);

      // The last saves' rounds end a moment after their save event: then nothing may be left.
      await waitFor('the last rounds to end', () => t.api.state().stats.running === 0 && t.api.state().stats.timers === 0, 30_000);
      const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
      const stats = t.api.state().stats;
      assert.ok(stats.documents <= open.size, `state for ${stats.documents} documents, ${open.size} open`);
      assert.ok(stats.keys <= open.size + 1, `watchdog keys: ${stats.keys}`);
      assert.ok(stats.cachedConfigs <= open.size, `cached configs: ${stats.cachedConfigs}`);
      assert.equal(stats.timers, 0);
      assert.equal(stats.running, 0);
      // Every per-document table: only what the documents still open hold (a few stay open: the
      // last ones VS Code has not closed yet).
      console.log(`      tables after ${count} documents and ${notebooks} notebooks (${open.size} documents still open): ${JSON.stringify(stats.tables)}`);
      // VS Code keeps a notebook document open a while after its editor closed (as it does text
      // documents): their cells are open documents too.
      const openNotebooks = vscode.workspace.notebookDocuments.length;
      const openCells = vscode.workspace.notebookDocuments.reduce((n, notebook) => n + notebook.cellCount, 0);
      console.log(`      notebooks: ${notebooks} opened, ${notebooksClosed} closed by VS Code so far, ${openNotebooks} open with ${openCells} cells`);
      for (const [table, size] of Object.entries(stats.tables)) {
        const bound = table === 'cellsToDo' || table === 'roundCells' ? openNotebooks : open.size + openCells + openNotebooks + 1;
        assert.ok(size <= bound, `${table}: ${size} entries, ${open.size} documents and ${openNotebooks} notebooks (${openCells} cells) open`);
      }
      const heapAfter = heapAfterGc();
      console.log(`      heap after a full GC: ${heapBefore.toFixed(1)} MB after the first 150 documents, ${heapAfter.toFixed(1)} MB after ${count} (${(heapAfter - heapBefore).toFixed(1)} MB)`);
      assert.ok(heapAfter - heapBefore < 8, `the heap grew by ${(heapAfter - heapBefore).toFixed(1)} MB`);
      assert.equal(await readDisk(vscode.Uri.joinPath(dir, 'f7.txt')), 'xy');
    });
  });
}
