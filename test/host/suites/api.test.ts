// The public API (src/api.ts) as another extension gets it: from the installed extension's
// activate(), which runs the production bundle. Every step checks what a user or a calling
// extension would notice: the pending settle, the Cancelled/Paused status, the settle event,
// the file on disk.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { IdleWatchdogApi, SettleEvent } from '../../../src/api';
import { append, closeAll, configure, EXTENSION_ID, openFile, readDisk, resetSettings, waitFor } from '../util';

/** Resolves with the first settle of `uri` reported by `api.onDidSettle`. */
function nextSettle(api: IdleWatchdogApi, uri: vscode.Uri): { settled: Promise<SettleEvent>; seen: () => SettleEvent | undefined; dispose(): void } {
  let first: SettleEvent | undefined;
  let resolve!: (e: SettleEvent) => void;
  const settled = new Promise<SettleEvent>((r) => (resolve = r));
  const sub = api.onDidSettle((e) => {
    if (first === undefined && e.document?.toString() === uri.toString()) {
      first = e;
      resolve(e);
    }
  });
  return { settled, seen: () => first, dispose: () => sub.dispose() };
}

export function registerApiSuite(): void {
  describe('public API of the installed extension', () => {
    let api: IdleWatchdogApi;

    before(async () => {
      const ext = vscode.extensions.getExtension<IdleWatchdogApi>(EXTENSION_ID);
      assert.ok(ext, `${EXTENSION_ID} is installed`);
      api = await ext.activate();
      for (const method of ['kick', 'cancel', 'state', 'pause', 'resume', 'onDidSettle'] as const) {
        assert.equal(typeof api[method], 'function', `the API has ${method}()`);
      }
    });
    it('comes from the installed .vsix in the `installed` run, from this checkout\'s production bundle otherwise', () => {
      const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
      const installedRun = vscode.workspace.workspaceFolders?.[0]?.name === 'installed';
      const fromExtensionsDir = /[\\/]extensions[\\/]idle-watchdog\.idle-watchdog-\d/.test(ext.extensionPath);
      assert.equal(fromExtensionsDir, installedRun, ext.extensionPath);
    });

    afterEach(async () => {
      api.resume();
      await resetSettings();
      await closeAll();
    });

    it('kick arms a settle (state.pending), cancel answers true once and the state says Cancelled; a new kick settles', async () => {
      await configure({ delay: 500, actions: ['save'] });
      const editor = await openFile('txt', 'on disk');
      const uri = editor.document.uri;
      const settle = nextSettle(api, uri);
      try {
        assert.equal(api.state(uri).pending, undefined, 'nothing pending before the kick');
        assert.equal(api.kick(uri), true, 'kick says the document is watched and armed');
        const pending = api.state(uri).pending;
        assert.ok(pending, 'state.pending after the kick');
        assert.deepEqual([pending.stage, pending.delay, pending.actions], [0, 500, ['save']]);
        assert.ok(pending.remainingMs > 0 && pending.remainingMs <= 500, `remainingMs ${pending.remainingMs}`);

        assert.equal(api.cancel(uri), true, 'a pending settle was cancelled');
        const state = api.state(uri);
        assert.equal(state.cancelled, true);
        assert.equal(state.pending, undefined);
        assert.equal(state.statusBar, '$(circle-slash) Cancelled', 'the status bar shows it');
        assert.equal(api.cancel(uri), false, 'nothing left to cancel');

        // A later kick of the same document is settled; the cancelled one never was.
        assert.equal(api.kick(uri), true);
        const event = await settle.settled;
        assert.equal(event.stage.index, 0);
        assert.equal(api.state(uri).lastSettle?.time, event.time);
      } finally {
        settle.dispose();
      }
    });

    it('pause holds the edit (Paused, no settle, no save) until resume; onDidSettle then reports the save and the file on disk has the text', async () => {
      const delay = 300;
      await configure({ delay, actions: ['save'] });
      const editor = await openFile('txt', '');
      const uri = editor.document.uri;
      const settle = nextSettle(api, uri);
      try {
        api.pause();
        assert.equal(api.state(uri).paused, true);
        assert.equal(api.state(uri).statusBar, '$(debug-pause) Paused');

        await append(editor, 'typed through the API test');
        const held = api.state(uri).pending;
        assert.ok(held, 'the edit is pending while paused');

        // Three times the delay, checking all along: no settle, the document stays dirty, the
        // countdown stays where it stopped, the file on disk stays empty.
        const until = Date.now() + 3 * delay;
        await waitFor('three delays to pass while paused', async () => {
          assert.equal(settle.seen(), undefined, 'nothing settles while paused');
          assert.equal(editor.document.isDirty, true);
          assert.equal(api.state(uri).pending?.remainingMs, held.remainingMs, 'the countdown is frozen');
          assert.equal(await readDisk(uri), '');
          return Date.now() > until;
        }, 10 * delay);

        api.resume();
        assert.equal(api.state(uri).paused, false);
        const event = await settle.settled;
        assert.equal(event.document?.toString(), uri.toString());
        assert.deepEqual(event.actions.map((a) => [a.action, a.status]), [['save', 'done']]);
        await waitFor('the text on disk', async () => (await readDisk(uri)) === 'typed through the API test', 3000);
        assert.equal(editor.document.isDirty, false);
        assert.equal(api.state(uri).pending, undefined, 'nothing pending after the settle');
      } finally {
        settle.dispose();
      }
    });
  });
}
