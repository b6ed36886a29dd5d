// Issue 17: never fight the typist. Format and save on settle with the real engines (the engines
// fixture: prettier answering with one whole-document edit, eslint publishing "eslint"
// diagnostics and source.fixAll.eslint), typed through the editor's own typing path (the `type`
// command, key by key, auto-closing and all), and the typing resumed after each settle: what the
// user sees next at the caret is what these tests assert.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { configure, openFile, readDisk, useWatchdog, waitFor } from '../util';

/** Types `text` key by key into the active editor, as the keyboard does (each key one `type`). */
export async function typeKeys(text: string): Promise<void> {
  for (const key of text) await vscode.commands.executeCommand('type', { text: key });
}

/** Puts the caret of `editor` at `line`, `character` (the end of the line when omitted). */
export function caretAt(editor: vscode.TextEditor, line: number, character?: number): void {
  const at = new vscode.Position(line, character ?? editor.document.lineAt(line).text.length);
  editor.selection = new vscode.Selection(at, at);
}

/** Sets (or, with undefined, removes) workspace settings outside `idleWatchdog.*` (`section.key`). */
export async function setEditorSetting(key: string, value: unknown, languageId?: string): Promise<void> {
  const dot = key.indexOf('.');
  const config = vscode.workspace.getConfiguration(key.slice(0, dot), languageId ? { languageId } : undefined);
  await config.update(key.slice(dot + 1), value, vscode.ConfigurationTarget.Workspace, languageId !== undefined ? true : undefined);
}

/** The engines fixture (prettier, eslint), active: its formatter and linter are registered. */
async function enginesReady(): Promise<void> {
  const engines = vscode.extensions.getExtension('idle-watchdog-tests.iw-engines');
  assert.ok(engines, 'the engines fixture extension is installed');
  await engines.activate();
}

export function registerTypistSuite(): void {
  describe('never fight the typist: real prettier and eslint, typing resumed after each settle', () => {
    const t = useWatchdog();
    const touched: string[] = [];
    afterEach(async () => {
      for (const key of touched.splice(0)) await setEditorSetting(key, undefined);
    });
    const editorSetting = async (key: string, value: unknown) => {
      touched.push(key);
      await setEditorSetting(key, value);
    };

    it('quotes, semicolons and trailing commas inserted above and at the caret: typing resumes where it left off', async function () {
      this.timeout(60_000);
      await configure({ delay: 400, actions: ['format', 'save'] });
      const editor = await openFile('js', "const a = 'x'\nconst o = {\n  b: 1,\n  c: 2\n}\nfunction f() {\n  return 1 + 2\n}\n");
      const uri = editor.document.uri;
      await enginesReady();
      caretAt(editor, 6);
      await typeKeys(' + 3');
      const first = await t.settles.wait(uri, 1, 20_000);
      assert.deepEqual(first.actions.map((a) => a.status), ['done', 'done'], first.actions.map((a) => a.detail).join(' | '));
      assert.match(first.actions[0].detail, /at your caret wait until you move on/);
      // Everything above is formatted; the caret's line waits (its semicolon would go right at the caret).
      assert.equal(editor.document.getText(), 'const a = "x";\nconst o = {\n  b: 1,\n  c: 2,\n};\nfunction f() {\n  return 1 + 2 + 3\n}\n');
      assert.deepEqual([editor.selection.active.line, editor.selection.active.character], [6, 18], 'the caret is where the typing stopped');
      await typeKeys(' + 4');
      assert.equal(editor.document.lineAt(6).text, '  return 1 + 2 + 3 + 4', 'the next keys land where the user left off');
      await t.settles.wait(uri, 2, 20_000);
      // The caret moves on: what waited is applied on the next settle.
      caretAt(editor, 0, 0);
      await t.settles.wait(uri, 3, 20_000);
      const formatted = 'const a = "x";\nconst o = {\n  b: 1,\n  c: 2,\n};\nfunction f() {\n  return 1 + 2 + 3 + 4;\n}\n';
      await waitFor('the rest formatted and saved', async () => editor.document.getText() === formatted && (await readDisk(uri)) === formatted, 10_000);
    });

    it('a pause after a space in a comment: the next word stays on the comment line', async function () {
      this.timeout(60_000);
      await configure({ delay: 400, actions: ['format', 'save'] });
      const editor = await openFile('js', 'const a = 1;\n');
      const uri = editor.document.uri;
      await enginesReady();
      caretAt(editor, 1, 0);
      await typeKeys('// hello ');
      const first = await t.settles.wait(uri, 1, 20_000);
      assert.equal(first.actions[0].status, 'skipped', first.actions[0].detail);
      assert.match(first.actions[0].detail, /every change is at your caret/);
      assert.equal(await readDisk(uri), 'const a = 1;\n// hello ', 'saved as typed');
      await typeKeys('world');
      assert.equal(editor.document.getText(), 'const a = 1;\n// hello world', 'no `world;` on a line of its own');
      await t.settles.wait(uri, 2, 20_000);
      caretAt(editor, 0, 0);
      await t.settles.wait(uri, 3, 20_000);
      await waitFor('formatted once the caret moved on', async () => (await readDisk(uri)) === 'const a = 1;\n// hello world\n', 10_000);
    });

    it('a pause after a space inside a string: the quotes are changed, the next word lands inside it', async function () {
      this.timeout(60_000);
      await configure({ delay: 400, actions: ['format', 'save'] });
      const editor = await openFile('js', '');
      const uri = editor.document.uri;
      await enginesReady();
      // Typed key by key: the editor closes the quote itself, the caret sits before it.
      await typeKeys("const s = 'hello ");
      await t.settles.wait(uri, 1, 20_000);
      await typeKeys('world');
      assert.match(editor.document.getText(), /^const s = (["'])hello world\1;?\n?$/, JSON.stringify(editor.document.getText()));
      await t.settles.wait(uri, 2, 20_000);
      caretAt(editor, 0, 0);
      await t.settles.wait(uri, 3, 20_000);
      await waitFor('formatted and saved', async () => (await readDisk(uri)) === 'const s = "hello world";\n', 10_000);
    });

    it('a pause after a space in Markdown prose, and after an Enter: the words stay apart, the lines too', async function () {
      this.timeout(60_000);
      await configure({ delay: 400, actions: ['format', 'save'] });
      const editor = await openFile('md', '# Notes\n');
      const uri = editor.document.uri;
      await enginesReady();
      caretAt(editor, 1, 0);
      await typeKeys('Hello ');
      await t.settles.wait(uri, 1, 20_000);
      await typeKeys('world');
      assert.equal(editor.document.lineAt(1).text, 'Hello world');
      await typeKeys('\n');
      await t.settles.wait(uri, 2, 20_000);
      await typeKeys('Next line');
      assert.match(editor.document.getText(), /\nHello world\nNext line$/, JSON.stringify(editor.document.getText()));
    });

    it('an Enter before the pause: the empty line the caret is on is not removed, the next line is not joined', async function () {
      this.timeout(60_000);
      await configure({ delay: 400, actions: ['format', 'save'] });
      const editor = await openFile('js', 'const a = 1;\n');
      const uri = editor.document.uri;
      await enginesReady();
      caretAt(editor, 0);
      await typeKeys('\n');
      await t.settles.wait(uri, 1, 20_000);
      await typeKeys('const b = 2;');
      assert.equal(editor.document.getText(), 'const a = 1;\nconst b = 2;\n');
    });

    it('plain save with editor.formatOnSave (prettier): saved on time, the space at the caret kept in the editor', async function () {
      this.timeout(60_000);
      await editorSetting('editor.formatOnSave', true);
      await configure({ delay: 400, actions: ['save'] });
      const editor = await openFile('js', 'const a = 1;\n');
      const uri = editor.document.uri;
      await enginesReady();
      caretAt(editor, 1, 0);
      await typeKeys('// hello ');
      const first = await t.settles.wait(uri, 1, 20_000);
      assert.equal(first.actions[0].status, 'done', first.actions[0].detail);
      assert.match(first.actions[0].detail, /at your caret kept out of the editor until you move on/);
      assert.equal(await readDisk(uri), 'const a = 1;\n// hello\n', 'the file is saved (formatted) on time');
      assert.equal(editor.document.getText(), 'const a = 1;\n// hello ', 'the editor keeps the space the caret sits after');
      await typeKeys('world');
      assert.equal(editor.document.getText(), 'const a = 1;\n// hello world');
      await t.settles.wait(uri, 2, 20_000);
      await waitFor('what was typed saved', async () => (await readDisk(uri)) === 'const a = 1;\n// hello world\n', 10_000);
      caretAt(editor, 0, 0);
      await t.settles.wait(uri, 3, 20_000);
      await waitFor('the rest applied once the caret moved on', () => editor.document.getText() === 'const a = 1;\n// hello world\n' && !editor.document.isDirty, 10_000);
    });

    it('plain save with files.trimTrailingWhitespace: `return ` + a pause + `x` is `return x`, never `returnx`', async function () {
      this.timeout(60_000);
      await editorSetting('files.trimTrailingWhitespace', true);
      await configure({ delay: 400, actions: ['save'] });
      const editor = await openFile('txt', '');
      const uri = editor.document.uri;
      await typeKeys('return ');
      await t.settles.wait(uri, 1, 20_000);
      assert.equal(await readDisk(uri), 'return', 'saved on time, trimmed on disk');
      await typeKeys('x');
      assert.equal(editor.document.getText(), 'return x');
      await t.settles.wait(uri, 2, 20_000);
      await waitFor('saved', async () => (await readDisk(uri)) === 'return x' && !editor.document.isDirty, 10_000);
    });

    it("ESLint's fix-all runs on the lint errors of the lines just typed, and saves", async function () {
      this.timeout(60_000);
      await configure({ delay: 400, actions: [{ codeAction: 'source.fixAll.eslint' }, 'save'] });
      const editor = await openFile('js', 'export const a = 1;\n');
      const uri = editor.document.uri;
      await enginesReady();
      caretAt(editor, 1, 0);
      await typeKeys('var b = 2;\nexport { b };');
      await waitFor('eslint to report no-var on the typed line', () => vscode.languages.getDiagnostics(uri).some((d) => d.source === 'eslint' && d.range.start.line === 1), 10_000);
      const settle = await t.settles.wait(uri, 1, 20_000);
      assert.deepEqual(settle.actions.map((a) => a.status), ['done', 'done'], settle.actions.map((a) => a.detail).join(' | '));
      assert.equal(await readDisk(uri), 'export const a = 1;\nconst b = 2;\nexport { b };');
      assert.equal(editor.document.getText(), 'export const a = 1;\nconst b = 2;\nexport { b };');
    });

    it('a real syntax error at the caret still holds format back, and the log says what and from where', async function () {
      this.timeout(60_000);
      await configure({ delay: 400, actions: ['format', 'save'] });
      const editor = await openFile('js', 'const ok = 1;\n');
      const uri = editor.document.uri;
      await enginesReady();
      caretAt(editor, 1, 0);
      await typeKeys('const half = (1 +');
      const settle = await t.settles.wait(uri, 1, 20_000);
      assert.deepEqual(settle.actions.map((a) => a.status), ['skipped', 'done'], settle.actions.map((a) => a.detail).join(' | '));
      assert.match(settle.actions[0].detail, /held back: .* on line 2, where you typed, is a (syntax|parsing) error/);
      assert.match(await readDisk(uri), /^const ok = 1;\nconst half = \(1 \+\)?$/, 'saved as typed, not reformatted');
    });
  });
}
