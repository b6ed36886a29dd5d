// Issue 2: the extension loads in the real extension host, activates, and a command runs.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { IdleWatchdogApi } from '../../../src/api';
import { closeAll, EXTENSION_ID, openFile } from '../util';

export function registerSmokeSuite(): void {
  describe('smoke', () => {
    it('the extension is loaded in the extension host and activates on startup', async () => {
      const ext = vscode.extensions.getExtension<IdleWatchdogApi>(EXTENSION_ID);
      assert.ok(ext, `${EXTENSION_ID} is not loaded`);
      const api = await ext.activate();
      assert.ok(ext.isActive);
      assert.equal(typeof api.onDidSettle, 'function');
    });

    it('its commands are registered, and idleWatchdog.kick arms the active document', async () => {
      const commands = await vscode.commands.getCommands(true);
      for (const id of ['idleWatchdog.kick', 'idleWatchdog.fireNow', 'idleWatchdog.togglePause', 'idleWatchdog.cancel', 'idleWatchdog.showLog']) {
        assert.ok(commands.includes(id), `${id} is registered`);
      }
      const api = await vscode.extensions.getExtension<IdleWatchdogApi>(EXTENSION_ID)!.activate();
      const editor = await openFile('txt', 'smoke');
      assert.equal(api.state(editor.document.uri).pending, undefined);
      await vscode.commands.executeCommand('idleWatchdog.kick');
      assert.ok(api.state(editor.document.uri).pending, 'the kick armed it');
      assert.equal(api.cancel(editor.document.uri), true);
      await closeAll();
    });
  });
}
