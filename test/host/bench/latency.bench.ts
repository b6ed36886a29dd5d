// `npm run bench:host`: settle-to-disk latency, side by side in one run on the same scripted
// typing (a benchmark: it prints figures and fails only if a variant never saves or saves while
// typing). Three ways to save a document DELAY ms after the last edit:
//   watchdog — this extension: idleWatchdog.delay = DELAY, actions ["save"]
//   format   — this extension with actions ["format", "save"] on the same plain-text file, which
//              has no formatter (what a format costs when there is nothing to format)
//   floor    — the least any extension can do: a bare clearTimeout/setTimeout in this same
//              extension host calling document.save()
//   autosave — VS Code's own files.autoSave "afterDelay" (runs in the window, one hop closer)
// Measured from outside the code under test: the moment the file's content lands on disk (an
// fs.watch on its folder, in this process) minus (the moment the last edit was applied + DELAY).
// Rounds are interleaved (watchdog, floor, autosave, watchdog, …) so the machine's noise hits all.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { configure, getApi, openFile, resetSettings, sleep } from '../util';

const DELAY = 500;
const ROUNDS = Number(process.env.IW_BENCH_ROUNDS ?? 40);
const EDITS = 10;
const TYPING_GAP_MS = 40;

type Variant = 'watchdog' | 'format' | 'floor' | 'autosave';
const VARIANTS: Variant[] = ['watchdog', 'format', 'floor', 'autosave'];

/** Resolves with the time `file` first holds `content` on disk (inotify, then a read to confirm). */
export function whenOnDisk(file: string, content: string | ((text: string) => boolean), timeoutMs: number): Promise<number> {
  const wanted = typeof content === 'string' ? (text: string) => text === content : content;
  return new Promise((resolve, reject) => {
    const check = () => {
      const now = performance.now();
      try {
        if (wanted(fs.readFileSync(file, 'utf8'))) {
          watcher.close();
          clearTimeout(timer);
          resolve(now);
        }
      } catch {
        /* mid-write */
      }
    };
    const watcher = fs.watch(path.dirname(file), (_event, name) => {
      if (name === path.basename(file)) check();
    });
    const timer = setTimeout(() => {
      watcher.close();
      reject(new Error(`${path.basename(file)} never got its content on disk`));
    }, timeoutMs);
  });
}

/** The p-th percentile of `values`. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function configureVariant(variant: Variant | 'none'): Promise<void> {
  const files = vscode.workspace.getConfiguration('files');
  await files.update('autoSave', variant === 'autosave' ? 'afterDelay' : 'off', vscode.ConfigurationTarget.Workspace);
  await files.update('autoSaveDelay', DELAY, vscode.ConfigurationTarget.Workspace);
  await configure({ enabled: variant === 'watchdog' || variant === 'format', delay: DELAY, actions: variant === 'format' ? ['format', 'save'] : ['save'], kickOn: ['edit'], 'statusBar.enabled': process.env.IW_BENCH_STATUS !== '0' });
}

export function registerLatencyBench(): void {
  describe('settle-to-disk latency (benchmark)', () => {
    after(async () => {
      await vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Workspace);
      await resetSettings();
    });

    it(`${ROUNDS} rounds of ${EDITS} edits per variant, delay ${DELAY} ms: lateness past the deadline`, async function () {
      this.timeout(0);
      await getApi();
      const lateness: Record<Variant, number[]> = { watchdog: [], format: [], floor: [], autosave: [] };
      const editor = await openFile('txt', '');
      const document = editor.document;
      let floorTimer: ReturnType<typeof setTimeout> | undefined;
      let floorOn = false;
      const floor = vscode.workspace.onDidChangeTextDocument((e) => {
        if (!floorOn || e.document !== document || e.contentChanges.length === 0) return;
        clearTimeout(floorTimer);
        floorTimer = setTimeout(() => void document.save(), DELAY);
      });
      try {
        let text = '';
        for (let round = 0; round < ROUNDS; round++) {
          for (const variant of VARIANTS) {
            await configureVariant(variant);
            floorOn = variant === 'floor';
            let lastEdit = 0;
            for (let i = 0; i < EDITS; i++) {
              const edit = new vscode.WorkspaceEdit();
              edit.insert(document.uri, document.positionAt(text.length), 'x');
              text += 'x';
              assert.ok(await vscode.workspace.applyEdit(edit));
              lastEdit = performance.now();
              if (i < EDITS - 1) await sleep(TYPING_GAP_MS);
            }
            const landed = await whenOnDisk(document.uri.fsPath, text, DELAY + 10_000);
            // Never a save while typing: the content on disk is the whole round's.
            lateness[variant].push(landed - (lastEdit + DELAY));
            // Between rounds nothing saves by itself: a new line, saved by hand.
            floorOn = false;
            clearTimeout(floorTimer);
            await configureVariant('none');
            text += '\n';
            const edit = new vscode.WorkspaceEdit();
            edit.insert(document.uri, document.positionAt(text.length - 1), '\n');
            assert.ok(await vscode.workspace.applyEdit(edit));
            await document.save();
          }
        }
      } finally {
        floor.dispose();
        clearTimeout(floorTimer);
      }
      const line = (v: Variant) => `${v.padEnd(8)} p50 ${percentile(lateness[v], 50).toFixed(1)} ms  p90 ${percentile(lateness[v], 90).toFixed(1)} ms`;
      console.log(`      lateness past the deadline (${ROUNDS} rounds each, interleaved):`);
      for (const v of VARIANTS) console.log(`        ${line(v)}`);
      const p50 = (v: Variant) => percentile(lateness[v], 50);
      console.log(
        `settle_vs_floor_p50=${(p50('watchdog') - p50('floor')).toFixed(1)} settle_vs_floor_p90=${(percentile(lateness.watchdog, 90) - percentile(lateness.floor, 90)).toFixed(1)} settle_vs_autosave_p50=${(p50('watchdog') / Math.max(1, p50('autosave'))).toFixed(2)} format_save_vs_save_p50=${(p50('format') - p50('watchdog')).toFixed(1)}`,
      );
      for (const v of VARIANTS) {
        assert.ok(Math.min(...lateness[v]) > -TYPING_GAP_MS, `${v} saved before the deadline (while typing)`);
      }
    });
  });
}
