// Issue 18: only the user's typing settles. Files changed or deleted on disk (by git, a terminal,
// a generator: Node's fs here, as those tools write), and commands that stay on their document.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as vscode from 'vscode';
import { append, assertSettledForGood, configure, openFile, readDisk, typeText, useWatchdog, waitFor } from '../util';
import { appendToCell, cellsOnDisk, openNotebook } from './notebooks.test';

export function registerOutsideSuite(): void {
  describe('changes from outside the editor, commands on their own document', () => {
    const t = useWatchdog();

    it('a clean file rewritten on disk (a git pull) is reloaded, not reformatted or saved back', async () => {
      await configure({ delay: 300, actions: ['format', 'save'] });
      const editor = await openFile('json', '{\n    "a": 1\n}\n');
      const uri = editor.document.uri;
      // Another tool writes the file, unformatted (whole, as git does: a new file renamed over it).
      await fs.writeFile(`${uri.fsPath}.tmp`, '{"b":2}');
      await fs.rename(`${uri.fsPath}.tmp`, uri.fsPath);
      await waitFor('VS Code to reload the file', () => editor.document.getText() === '{"b":2}', 15_000);
      assert.equal(editor.document.isDirty, false);
      // The reload is not typing: whatever it started ends without a settle (no format, no save).
      await waitFor('the reload to be over', () => t.api.state(uri).pending === undefined && !t.api.state(uri).running, 10_000);
      assertSettledForGood(t.api, uri);
      assert.equal(t.settles.for(uri).length, 0, 'no settle');
      assert.equal(await readDisk(uri), '{"b":2}', 'the other tool’s content is left as it wrote it');
      // Typing afterwards is the user's, and settles as always (the caret away from the typed space).
      editor.selection = new vscode.Selection(0, 0, 0, 0);
      await append(editor, ' ');
      const settle = await t.settles.wait(uri, 1);
      assert.deepEqual(settle.actions.map((a) => a.status), ['done', 'done'], settle.actions.map((a) => a.detail).join(' | '));
      await waitFor('formatted and saved', async () => (await readDisk(uri)) === '{\n    "b": 2\n}', 10_000);
    });

    it('a file deleted on disk under unsaved typing is never created again; the status bar says so; a save by hand brings it back', async () => {
      await configure({ delay: 300, actions: ['save'] });
      const editor = await openFile('txt', 'hello');
      const uri = editor.document.uri;
      await fs.unlink(uri.fsPath);
      await append(editor, ' world');
      const settle = await t.settles.wait(uri, 1);
      assert.deepEqual(settle.actions.map((a) => a.status), ['skipped']);
      assert.match(settle.actions[0].detail, /^deleted on disk: not created again/);
      await assert.rejects(fs.stat(uri.fsPath), 'the file is still gone');
      assert.equal(editor.document.getText(), 'hello world', 'the typing stays in the editor');
      await waitFor(`"Deleted on disk" (${t.api.state().statusBar})`, () => t.api.state().statusBar === '$(warning) Deleted on disk', 3000);
      // The user saves by hand: the file is back, and settles save it again.
      assert.ok(await editor.document.save());
      await append(editor, '!');
      await t.settles.wait(uri, 2);
      await waitFor('saved again', async () => (await readDisk(uri)) === 'hello world!', 10_000);
    });

    it('a save in conflict (the file changed on disk under unsaved typing) is not retried by a timer; Conflict in the status bar; a revert resolves it', async () => {
      await configure({ delay: 1000, actions: ['save'] });
      const editor = await openFile('txt', 'one');
      const uri = editor.document.uri;
      await append(editor, ' two');
      await t.settles.wait(uri, 1);
      await waitFor('saved', async () => (await readDisk(uri)) === 'one two' && !editor.document.isDirty, 10_000);
      // More typing, and another writer rewrites the file before it settles.
      await append(editor, ' three');
      await fs.writeFile(uri.fsPath, 'theirs');
      const second = await t.settles.wait(uri, 2, 15_000);
      assert.deepEqual(second.actions.map((a) => a.status), ['skipped'], second.actions.map((a) => a.detail).join(' | '));
      assert.match(second.actions[0].detail, /^conflict: the file changed on disk/);
      await waitFor(`"Conflict" (${t.api.state().statusBar})`, () => t.api.state().statusBar === '$(warning) Conflict', 3000);
      // Typing on: the other writer's content is never overwritten by a timer.
      await append(editor, ' four');
      const third = await t.settles.wait(uri, 3, 15_000);
      assert.match(third.actions[0].detail, /^conflict \(held since the failed save/, 'not tried again');
      assert.equal(await readDisk(uri), 'theirs');
      assert.equal(editor.document.getText(), 'one two three four', 'the typing stays in the editor');
      // The user takes the file as it is on disk: settles save again.
      await vscode.window.showTextDocument(editor.document);
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await waitFor('reverted', () => editor.document.getText() === 'theirs' && !editor.document.isDirty, 10_000);
      await append(editor, '!');
      await t.settles.wait(uri, 4, 15_000);
      await waitFor('saved again', async () => (await readDisk(uri)) === 'theirs!', 10_000);
    });

    it('a document counting down keeps its settle when its language mode changes, and when it is renamed', async () => {
      await configure({ delay: 800, actions: ['save'] });
      const editor = await openFile('txt', 'one');
      await append(editor, ' two');
      // Changing the language closes and reopens the document (a new TextDocument, the same file).
      const markdown = await vscode.languages.setTextDocumentLanguage(editor.document, 'markdown');
      await t.settles.wait(markdown.uri, 1);
      await waitFor('saved under its new language', async () => (await readDisk(markdown.uri)) === 'one two' && !markdown.isDirty, 10_000);
      // Renamed while counting down (as the Explorer renames): it settles under the new name.
      await append(await vscode.window.showTextDocument(markdown), ' three');
      const renamed = vscode.Uri.file(markdown.uri.fsPath.replace(/\.txt$/, '-renamed.txt'));
      const rename = new vscode.WorkspaceEdit();
      rename.renameFile(markdown.uri, renamed);
      assert.ok(await vscode.workspace.applyEdit(rename));
      await waitFor(`a settle under the new name (${JSON.stringify(t.settles.events.map((e) => [e.document?.path.split('/').pop(), e.actions.map((a) => a.detail)]))}; open: ${vscode.workspace.textDocuments.map((d) => `${d.uri.path.split('/').pop()}${d.isDirty ? '*' : ''}`).join(' ')})`, () => t.settles.for(renamed)[0], 15_000);
      await waitFor('saved under its new name', async () => (await readDisk(renamed).catch(() => '')) === 'one two three', 10_000);
    });

    it('saveAll saves every unsaved file and notebook the watchdog acts on, never one where it is disabled', async () => {
      await configure({ delay: 400, actions: ['saveAll'] }, { plaintext: { enabled: false } });
      const off = await openFile('txt', 'off');
      await append(off, ' typed');
      const { notebook } = await openNotebook(['1']);
      await appendToCell(notebook, 0, '2');
      const on = await openFile('json', '{}');
      await append(on, ' ');
      // The notebook's settle or the JSON file's, whichever comes first, saves both.
      await waitFor('a saveAll that saved', () => t.settles.events.some((e) => e.actions.some((a) => a.status === 'done' && /^saved [12] files?$/.test(a.detail))), 10_000);
      await waitFor('the JSON file and the notebook saved', async () => !on.document.isDirty && !notebook.isDirty && (await cellsOnDisk(notebook.uri))[0] === '12', 10_000);
      assert.equal(await readDisk(on.document.uri), '{} ');
      assert.equal(off.document.isDirty, true, 'plain text is disabled here: not saved');
      assert.equal(await readDisk(off.document.uri), 'off');
    });

    it('saveWithoutFormatting saves the active editor as typed although editor.formatOnSave is on', async () => {
      const editorConfig = vscode.workspace.getConfiguration('editor');
      await editorConfig.update('formatOnSave', true, vscode.ConfigurationTarget.Workspace);
      try {
        await configure({ delay: 300, actions: ['saveWithoutFormatting'] });
        const editor = await openFile('json', '{"a":1}');
        await append(editor, ' ');
        const settle = await t.settles.wait(editor.document.uri, 1);
        assert.deepEqual(settle.actions.map((a) => [a.status, a.detail]), [['done', 'saved without formatting']]);
        assert.equal(await readDisk(editor.document.uri), '{"a":1} ', 'not formatted on save');
      } finally {
        await editorConfig.update('formatOnSave', undefined, vscode.ConfigurationTarget.Workspace);
      }
    });

    it('a command runs on its own document only: switching editors before the settle leaves the other one alone', async () => {
      await configure({ delay: 600, actions: [{ command: 'editor.action.transformToUppercase' }, 'save'] });
      const other = await openFile('txt', 'other words');
      const editor = await openFile('txt', 'abc');
      const uri = editor.document.uri;
      editor.selection = new vscode.Selection(0, 3, 0, 3);
      await typeText('d');
      // The user moves on to another file before the settle.
      await vscode.window.showTextDocument(other.document, { preview: false });
      const settle = await t.settles.wait(uri, 1, 15_000);
      assert.deepEqual(settle.actions.map((a) => a.status), ['skipped', 'done'], settle.actions.map((a) => a.detail).join(' | '));
      assert.match(settle.actions[0].detail, /is not the active editor .* it runs when you are back there/);
      assert.equal(other.document.getText(), 'other words', 'the editor in front was not touched');
      assert.equal(await readDisk(uri), 'abcd', 'what was typed is saved on time');
      // Back to the document: its command runs there.
      await vscode.window.showTextDocument(editor.document, { preview: false });
      await waitFor(`the command ran on its document (${JSON.stringify(t.settles.for(uri).map((e) => e.actions.map((a) => a.detail)))})`, () => editor.document.getText() === 'ABCD', 15_000);
      await waitFor('and it was saved', async () => (await readDisk(uri)) === 'ABCD', 15_000);
      assert.equal(other.document.getText(), 'other words');
    });
  });
}
