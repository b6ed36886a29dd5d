// `npm run bench:host`: what users feel of the extension's size — its activation time — measured
// by VS Code itself (Developer: Startup Performance, "Extension Activation Stats": load code, call
// activate, finish activate) for the production bundle and, in the same window and on the same
// `onStartupFinished`, for a bare extension that does nothing (test/host/bare). Prints
// `activation_ms=`, `activation_bare_ms=` and `activation_vs_bare=`; fails only if the figures
// cannot be read. Goal (issue 19): within 2× of the bare one.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from '../util';

const OURS = 'idle-watchdog.idle-watchdog';
const BARE = 'idle-watchdog-tests.iw-bare';

/** `| id | eager | load | call | finish | event | by |` rows of the stats table, by extension id. */
function activationRows(text: string): Map<string, number> {
  const rows = new Map<string, number>();
  const at = text.indexOf('Extension Activation Stats');
  if (at === -1) return rows;
  for (const line of text.slice(at).split('\n').slice(1)) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 7) {
      if (rows.size > 0) break;
      continue;
    }
    const [load, call, finish] = cells.slice(3, 6).map(Number);
    if ([load, call, finish].every(Number.isFinite)) rows.set(cells[1].toLowerCase(), load + call + finish);
  }
  return rows;
}

export function registerActivationBench(): void {
  describe('activation time (benchmark)', () => {
    it('the production bundle beside a bare extension, both on onStartupFinished', async function () {
      this.timeout(60_000);
      for (const id of [OURS, BARE]) {
        const extension = vscode.extensions.getExtension(id);
        assert.ok(extension, `${id} is installed`);
        await waitFor(`${id} active`, () => extension.isActive, 30_000);
      }
      await vscode.commands.executeCommand('perfview.show');
      const rows = await waitFor(
        'the startup performance document with both extensions',
        () => {
          const document = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'perf');
          const found = document === undefined ? undefined : activationRows(document.getText());
          return found?.has(OURS) && found.has(BARE) ? found : undefined;
        },
        30_000,
      );
      const ours = rows!.get(OURS)!;
      const bare = rows!.get(BARE)!;
      // A bare extension can activate in 0 ms by VS Code's whole-millisecond count: compare with at least 1.
      console.log(`      activation_ms=${ours} activation_bare_ms=${bare} activation_vs_bare=${(ours / Math.max(1, bare)).toFixed(2)}`);
    });
  });
}
