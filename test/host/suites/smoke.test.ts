import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

/** `publisher.name` from package.json. */
export const EXTENSION_ID = 'idle-watchdog.idle-watchdog';

export function registerSmokeSuite(): void {
  describe('smoke', () => {
    let api: unknown;

    it('the extension is loaded in the extension host', () => {
      assert.ok(vscode.extensions.getExtension(EXTENSION_ID), `${EXTENSION_ID} is not loaded`);
    });

    it('activates', async () => {
      const ext = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(ext);
      api = await ext.activate();
      assert.ok(ext.isActive);
    });

    it('idleWatchdog.kick runs', async () => {
      await vscode.commands.executeCommand('idleWatchdog.kick');
    });

    it('idleWatchdog.kick increments api.kicks() (placeholder API)', async function () {
      const kicks = (api as { kicks?: () => number } | undefined)?.kicks;
      if (typeof kicks !== 'function') this.skip(); // the real API has no kicks(): replace this test
      const before = kicks();
      await vscode.commands.executeCommand('idleWatchdog.kick');
      assert.equal(kicks(), before + 1);
    });
  });
}
