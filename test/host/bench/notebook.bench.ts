// `npm run bench:host`: a notebook's settle, big against small, side by side in one run. A
// notebook of 500 JSON code cells and one of 1 cell, each already formatted; an edit in one cell
// (a stray space the formatter removes), then ["format", "save"] DELAY ms later. Measured from
// outside: the moment the .ipynb on disk has that cell formatted minus (the edit + DELAY).
// Rounds alternate between the sizes so the machine's noise hits both. Prints
// notebook_500_cells_settle_ms= beside notebook_1_cell_settle_ms= and their ratio (goal: within 2×).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { configure, getApi, resetSettings } from '../util';
import { openNotebook } from '../suites/notebooks.test';
import { percentile, whenOnDisk } from './latency.bench';

const DELAY = 500;
const ROUNDS = Number(process.env.IW_BENCH_NOTEBOOK_ROUNDS ?? 6);
const SIZES = [1, 500] as const;

const formatted = (i: number) => `{\n    "n": ${i}\n}`;

/** Whether the .ipynb text has cell `index` as `source` (nbformat stores a cell's lines as an array). */
function cellOnDisk(text: string, index: number, source: string): boolean {
  try {
    const cell = (JSON.parse(text) as { cells: { source: string | string[] }[] }).cells[index];
    return (Array.isArray(cell.source) ? cell.source.join('') : cell.source) === source;
  } catch {
    return false;
  }
}

export function registerNotebookBench(): void {
  describe('notebook settle, 500 cells against 1 (benchmark)', () => {
    after(() => resetSettings());

    it(`${ROUNDS} rounds per size, format + save, delay ${DELAY} ms: lateness past the deadline`, async function () {
      this.timeout(0);
      await getApi();
      await configure({ delay: DELAY, actions: ['format', 'save'], kickOn: ['edit'] });
      const lateness: Record<number, number[]> = { 1: [], 500: [] };
      for (let round = 0; round < ROUNDS; round++) {
        for (const size of SIZES) {
          const { notebook } = await openNotebook(Array.from({ length: size }, (_, i) => formatted(i)));
          const index = Math.floor(size / 2);
          const cell = notebook.cellAt(index).document;
          // The file already has the cell formatted: only the save's write wakes the watch up.
          const landed = whenOnDisk(notebook.uri.fsPath, (text) => cellOnDisk(text, index, formatted(index)), DELAY + 60_000);
          const edit = new vscode.WorkspaceEdit();
          edit.insert(cell.uri, new vscode.Position(0, 1), ' ');
          assert.ok(await vscode.workspace.applyEdit(edit));
          const edited = performance.now();
          lateness[size].push((await landed) - (edited + DELAY));
          assert.equal(notebook.cellAt(index).document.getText(), formatted(index));
          await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
        }
      }
      const p50 = (size: number) => percentile(lateness[size], 50);
      console.log(`      lateness past the deadline (${ROUNDS} rounds each, interleaved): 1 cell ${lateness[1].map((v) => v.toFixed(0)).join(', ')} ms; 500 cells ${lateness[500].map((v) => v.toFixed(0)).join(', ')} ms`);
      console.log(`notebook_500_cells_settle_ms=${p50(500).toFixed(1)} notebook_1_cell_settle_ms=${p50(1).toFixed(1)} notebook_500_vs_1=${(p50(500) / Math.max(1, p50(1))).toFixed(2)}`);
    });
  });
}
