// Issue 23: format only what you changed (`idleWatchdog.formatScope`). Files far from formatted
// stay byte for byte but for the lines typed in (`changed`) or those that differ from Git's HEAD
// (`modifications`), with the built-in TypeScript and JSON formatters (both have range
// formatting) and, in the engines run, the Prettier fixture (document formatting only).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SettleEvent } from '../../../src/api';
import { configure, openFile, readDisk, SettleLog, useWatchdog, waitFor, workspaceRoot } from '../util';

/** Puts the caret at (line, character) and types `text` there, as the keyboard does. */
async function typeAt(editor: vscode.TextEditor, line: number, character: number, text: string): Promise<void> {
  editor.selection = new vscode.Selection(line, character, line, character);
  await vscode.commands.executeCommand('type', { text });
}

/** Moves the caret to the start of the file (away from what was typed). */
function caretHome(editor: vscode.TextEditor): void {
  editor.selection = new vscode.Selection(0, 0, 0, 0);
}

const lines = async (uri: vscode.Uri) => (await readDisk(uri)).split('\n');

/** Waits until `uri`'s formatter answers with edits (its language server is up). */
async function formatterReady(uri: vscode.Uri): Promise<void> {
  await waitFor(
    'the formatter',
    async () => {
      const edits = await vscode.commands.executeCommand<vscode.TextEdit[] | undefined>('vscode.executeFormatDocumentProvider', uri, { tabSize: 4, insertSpaces: true });
      return Array.isArray(edits) && edits.length > 0;
    },
    60_000,
  );
}

const LEGACY_TS = 'const a   =   1\nconst b   =   2\nconst c   =   3\n';

/** A far-from-formatted file with format + save on `changed`; `2` typed at the end of its second line, the caret moved away, settled. */
async function typedOnLine2(settles: SettleLog, ext: string): Promise<{ editor: vscode.TextEditor; uri: vscode.Uri; settle: SettleEvent }> {
  await configure({ delay: 400, actions: ['format', 'save'], formatScope: 'changed' });
  const editor = await openFile(ext, LEGACY_TS);
  const uri = editor.document.uri;
  await formatterReady(uri);
  await typeAt(editor, 1, 15, '2');
  caretHome(editor);
  return { editor, uri, settle: await settles.wait(uri, 1, 30_000) };
}

export function registerScopeSuite(): void {
  describe('format only what you changed (idleWatchdog.formatScope)', () => {
    const t = useWatchdog();

    it('TypeScript, "changed": the line typed in is formatted, every other byte stays; then two places at once', async function () {
      this.timeout(120_000);
      const { editor, uri, settle: first } = await typedOnLine2(t.settles, 'ts');
      assert.match(first.actions[0].detail, /^formatted 1 changed line \(\d+ edits?; scope: changed\)/, first.actions[0].detail);
      assert.deepEqual(await lines(uri), ['const a   =   1', 'const b = 22', 'const c   =   3', '']);
      assert.match(t.api.state(uri).statusBarTooltip, /\| format \(workspace\) \| only the lines you typed \|/);
      // Two places between settles: both formatted, the line between as it is now.
      await typeAt(editor, 0, 15, '1');
      await typeAt(editor, 2, 15, '3');
      caretHome(editor);
      const second = await t.settles.wait(uri, 2, 30_000);
      assert.match(second.actions[0].detail, /^formatted 2 changed lines/, second.actions[0].detail);
      assert.deepEqual(await lines(uri), ['const a = 11', 'const b = 22', 'const c = 33', '']);
      assert.equal(editor.document.getText(), await readDisk(uri));
    });

    it('TypeScript, "changed": a line whose edits waited for the caret is formatted at a later settle, once the caret moved on', async function () {
      this.timeout(120_000);
      await configure({ delay: 400, actions: ['format', 'save'], formatScope: 'changed' });
      const editor = await openFile('ts', LEGACY_TS);
      const uri = editor.document.uri;
      await formatterReady(uri);
      // A pause after a space typed among the blanks after `c`: changing those blanks would move
      // what is typed next; the rest of the line is formatted now.
      await typeAt(editor, 2, 7, ' ');
      const first = await t.settles.wait(uri, 1, 30_000);
      assert.match(first.actions[0].detail, /at your caret/, first.actions[0].detail);
      assert.deepEqual((await lines(uri)).slice(0, 2), ['const a   =   1', 'const b   =   2']);
      assert.match((await lines(uri))[2], /^const c {4}=/, 'the blanks at the caret stay');
      caretHome(editor); // the caret moves on: the line is formatted at the next settle
      await t.settles.wait(uri, 2, 30_000).catch((e: Error) => assert.fail(`${e.message}; first: ${first.actions.map((a) => a.detail).join(' | ')}`));
      assert.deepEqual(await lines(uri), ['const a   =   1', 'const b   =   2', 'const c = 3', '']);
    });

    it('JSON, "changed": the typed line is formatted through the range formatter, the rest stays byte for byte', async function () {
      this.timeout(120_000);
      await configure({ delay: 400, actions: ['format', 'save'], formatScope: 'changed' });
      const editor = await openFile('json', '{\n"a":   1,\n"b":   2\n}');
      const uri = editor.document.uri;
      await formatterReady(uri);
      await typeAt(editor, 1, 8, '0');
      caretHome(editor);
      const settle = await t.settles.wait(uri, 1, 30_000);
      assert.match(settle.actions[0].detail, /scope: changed/, settle.actions[0].detail);
      const [open, a, b, close] = await lines(uri);
      assert.match(a, /^\s*"a": 10,$/, JSON.stringify(await lines(uri)));
      assert.deepEqual([open, b, close], ['{', '"b":   2', '}']);
    });

    it('"modifications": a committed file gets only what differs from HEAD formatted; an untracked one the typed lines, and the log says so', async function () {
      this.timeout(120_000);
      const repo = path.join(workspaceRoot(), 'scratch', `repo-${Date.now()}`);
      await fs.mkdir(repo, { recursive: true });
      await fs.writeFile(path.join(repo, 'committed.ts'), LEGACY_TS);
      await fs.writeFile(path.join(repo, 'edited.ts'), LEGACY_TS);
      const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], { cwd: repo });
      git('init', '-q');
      git('add', 'committed.ts', 'edited.ts');
      git('commit', '-qm', 'legacy');
      // Changed on disk after the commit, before it is opened: its first line differs from HEAD.
      await fs.writeFile(path.join(repo, 'edited.ts'), LEGACY_TS.replace('1', '100'));
      await fs.writeFile(path.join(repo, 'untracked.ts'), LEGACY_TS);
      await configure({ delay: 400, actions: ['format', 'save'], formatScope: 'modifications' });
      const open = async (name: string) => vscode.window.showTextDocument(await vscode.workspace.openTextDocument(path.join(repo, name)), { preview: false });
      const gitApi = (await vscode.extensions.getExtension<{ getAPI(v: 1): { getRepository(uri: vscode.Uri): unknown } }>('vscode.git')!.activate()).getAPI(1);

      const committed = await open('committed.ts');
      await formatterReady(committed.document.uri);
      await waitFor('the Git extension to see the repository', () => gitApi.getRepository(committed.document.uri) !== null, 30_000);
      await typeAt(committed, 1, 15, '2');
      caretHome(committed);
      const one = await t.settles.wait(committed.document.uri, 1, 30_000);
      assert.match(one.actions[0].detail, /^formatted 1 modified line .*scope: modifications\)/, one.actions[0].detail);
      assert.deepEqual(await lines(committed.document.uri), ['const a   =   1', 'const b = 22', 'const c   =   3', '']);

      const edited = await open('edited.ts');
      await typeAt(edited, 2, 15, '3');
      caretHome(edited);
      const two = await t.settles.wait(edited.document.uri, 1, 30_000);
      assert.match(two.actions[0].detail, /^formatted 2 modified lines/, two.actions[0].detail);
      assert.deepEqual(await lines(edited.document.uri), ['const a = 100', 'const b   =   2', 'const c = 33', '']);

      const untracked = await open('untracked.ts');
      await typeAt(untracked, 1, 15, '2');
      caretHome(untracked);
      const three = await t.settles.wait(untracked.document.uri, 1, 30_000);
      assert.match(three.actions[0].detail, /scope: modifications, but the file is not committed \(untracked or new\): the typed lines/, three.actions[0].detail);
      assert.deepEqual(await lines(untracked.document.uri), ['const a   =   1', 'const b = 22', 'const c   =   3', '']);
    });
  });
}

/** The engines run: Prettier formats documents only (one whole-document edit), never ranges. */
export function registerScopeEnginesSuite(): void {
  describe('format only what you changed, with Prettier (document formatting only)', () => {
    const t = useWatchdog();

    it('"changed": Prettier formats the whole file, only the edits on the typed line are applied; every other byte stays', async function () {
      this.timeout(120_000);
      const { editor, uri, settle } = await typedOnLine2(t.settles, 'js');
      assert.match(settle.actions[0].detail, /^formatted 1 changed line \(\d+ edits?; scope: changed\)/, settle.actions[0].detail);
      assert.deepEqual(await lines(uri), ['const a   =   1', 'const b = 22;', 'const c   =   3', '']);
      // The same file with the whole-file scope: Prettier's answer as it is.
      await configure({ formatScope: 'file' });
      await typeAt(editor, 0, 15, '1');
      caretHome(editor);
      await t.settles.wait(uri, 2, 30_000);
      assert.deepEqual(await lines(uri), ['const a = 11;', 'const b = 22;', 'const c = 3;', '']);
    });
  });
}
