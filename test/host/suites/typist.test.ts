// Issue 17: never fight the typist. Format and save on settle with the real engines (the engines
// fixture: prettier answering with one whole-document edit, eslint publishing "eslint"
// diagnostics and source.fixAll.eslint), typed through the editor's own typing path (the `type`
// command, key by key, auto-closing and all), and the typing resumed after each settle: what the
// user sees next at the caret is what these tests assert.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SettleEvent } from '../../../src/api';
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
    let since = 0;
    /** Types `text` key by key; the next `settled()` is the first settle after the last key. */
    const type = async (text: string) => {
      await typeKeys(text);
      since = Date.now();
    };
    /** Moves the caret; the next `settled()` is the first settle after that. */
    const moveCaret = (editor: vscode.TextEditor, line: number, character?: number) => {
      caretAt(editor, line, character);
      since = Date.now();
    };
    /**
     * The first settle of `uri` that began after the last key typed (or caret moved): on a loaded
     * machine a key can come later than the delay, and the settle between two keys is not the one
     * the test is about.
     */
    const settled = (uri: vscode.Uri): Promise<SettleEvent> => {
      const after = since;
      // A round that was running when the last key came was stopped by it ("you typed") and runs again.
      const after_ = (e: SettleEvent) => e.time >= after && !/^you typed/.test(e.skipped ?? '') && !e.actions.some((a) => /^you typed/.test(a.detail));
      return waitFor(`a settle of ${uri.path.split('/').pop()} after the last key`, () => t.settles.for(uri).find(after_)!, 20_000);
    };
    const touched: string[] = [];
    afterEach(async () => {
      for (const key of touched.splice(0)) await setEditorSetting(key, undefined);
    });
    /** Settings for the test, a fresh file with `content` in front, the engines ready. */
    const start = async (settings: Record<string, unknown>, ext: string, content: string) => {
      await configure(settings);
      const editor = await openFile(ext, content);
      await enginesReady();
      return { editor, uri: editor.document.uri };
    };
    const editorSetting = async (key: string, value: unknown) => {
      touched.push(key);
      await setEditorSetting(key, value);
    };

    it('quotes, semicolons and trailing commas inserted above and at the caret: typing resumes where it left off', async function () {
      this.timeout(60_000);
      const { editor, uri } = await start({ delay: 800, actions: ['format', 'save'] }, 'js', "const a = 'x'\nconst o = {\n  b: 1,\n  c: 2\n}\nfunction f() {\n  return 1 + 2\n}\n");
      caretAt(editor, 6);
      await type(' + 3');
      const first = await settled(uri);
      assert.deepEqual(first.actions.map((a) => a.status), ['done', 'done'], first.actions.map((a) => a.detail).join(' | '));
      assert.match(first.actions[0].detail, /at your caret wait until you move on/);
      // Everything above is formatted; the caret's line waits (its semicolon would go right at the caret).
      assert.equal(editor.document.getText(), 'const a = "x";\nconst o = {\n  b: 1,\n  c: 2,\n};\nfunction f() {\n  return 1 + 2 + 3\n}\n');
      assert.deepEqual([editor.selection.active.line, editor.selection.active.character], [6, 18], 'the caret is where the typing stopped');
      await type(' + 4');
      assert.equal(editor.document.lineAt(6).text, '  return 1 + 2 + 3 + 4', 'the next keys land where the user left off');
      await settled(uri);
      // The caret moves on: what waited is applied on the next settle.
      moveCaret(editor, 0, 0);
      await settled(uri);
      const formatted = 'const a = "x";\nconst o = {\n  b: 1,\n  c: 2,\n};\nfunction f() {\n  return 1 + 2 + 3 + 4;\n}\n';
      await waitFor('the rest formatted and saved', async () => editor.document.getText() === formatted && (await readDisk(uri)) === formatted, 10_000);
    });

    it('a pause after a space in a comment: the next word stays on the comment line', async function () {
      this.timeout(60_000);
      const { editor, uri } = await start({ delay: 800, actions: ['format', 'save'] }, 'js', 'const a = 1;\n');
      caretAt(editor, 1, 0);
      await type('// hello ');
      const first = await settled(uri);
      assert.equal(first.actions[0].status, 'skipped', first.actions[0].detail);
      assert.match(first.actions[0].detail, /every change is at your caret/);
      assert.equal(await readDisk(uri), 'const a = 1;\n// hello ', 'saved as typed');
      await type('world');
      assert.equal(editor.document.getText(), 'const a = 1;\n// hello world', 'no `world;` on a line of its own');
      await settled(uri);
      moveCaret(editor, 0, 0);
      await settled(uri);
      await waitFor('formatted once the caret moved on', async () => (await readDisk(uri)) === 'const a = 1;\n// hello world\n', 10_000);
    });

    it('a pause after a space inside a string: the quotes are changed, the next word lands inside it', async function () {
      this.timeout(60_000);
      // The closing quote is there already, as the editor's auto-closing puts it (on a loaded machine
      // VS Code 1.75 can take the first keys of a new file before its language's auto-closing pairs
      // are loaded, so the test does not depend on that).
      const { editor, uri } = await start({ delay: 800, actions: ['format', 'save'] }, 'js', "const s = ''");
      caretAt(editor, 0, 11);
      await type('hello ');
      await settled(uri);
      // Nothing touched the space the caret sat after: the quotes and the semicolon were applied.
      assert.equal(editor.document.getText(), 'const s = "hello ";\n');
      await type('world');
      assert.equal(editor.document.getText(), 'const s = "hello world";\n');
      await settled(uri);
      await waitFor('formatted and saved', async () => (await readDisk(uri)) === 'const s = "hello world";\n', 10_000);
    });

    it('a pause after a comma in a list: the comma the caret follows stays, the next element lands after it', async function () {
      this.timeout(60_000);
      // `const x = [1, 2,|]`, the closing bracket there already as auto-closing puts it (not typed
      // through it: see the string test).
      const { editor, uri } = await start({ delay: 800, actions: ['format', 'save'] }, 'js', 'const a = 1;\nconst x = []');
      caretAt(editor, 1, 11);
      await type('1, 2,');
      await settled(uri);
      await type(' 3');
      assert.match(editor.document.lineAt(1).text, /^const x = \[1, 2, 3\];?$/, JSON.stringify(editor.document.getText()));
    });

    it('a pause after a space in Markdown prose, and after an Enter: the words stay apart, the lines too', async function () {
      this.timeout(60_000);
      const { editor, uri } = await start({ delay: 800, actions: ['format', 'save'] }, 'md', '# Notes\n');
      caretAt(editor, 1, 0);
      await type('Hello ');
      await settled(uri);
      await type('world');
      assert.equal(editor.document.lineAt(1).text, 'Hello world');
      await type('\n');
      await settled(uri);
      await type('Next line');
      assert.match(editor.document.getText(), /\nHello world\nNext line$/, JSON.stringify(editor.document.getText()));
    });

    it('an Enter before the pause: the empty line the caret is on is not removed, the next line is not joined', async function () {
      this.timeout(60_000);
      const { editor, uri } = await start({ delay: 800, actions: ['format', 'save'] }, 'js', 'const a = 1;\n');
      caretAt(editor, 0);
      await type('\n');
      await settled(uri);
      await type('const b = 2;');
      assert.deepEqual(editor.document.getText().split('\n').slice(0, 2), ['const a = 1;', 'const b = 2;'], JSON.stringify(editor.document.getText()));
      await settled(uri);
      caretAt(editor, 0, 0);
      await waitFor('formatted and saved', async () => (await readDisk(uri)) === 'const a = 1;\nconst b = 2;\n', 15_000);
    });

    it('plain save with editor.formatOnSave (prettier): saved on time, the space at the caret kept in the editor', async function () {
      this.timeout(60_000);
      await editorSetting('editor.formatOnSave', true);
      const { editor, uri } = await start({ delay: 800, actions: ['save'] }, 'js', 'const a = 1;\n');
      caretAt(editor, 1, 0);
      await type('// hello ');
      const first = await settled(uri);
      assert.equal(first.actions[0].status, 'done', first.actions[0].detail);
      assert.match(first.actions[0].detail, /at your caret kept out of the editor until you move on/);
      assert.equal(await readDisk(uri), 'const a = 1;\n// hello\n', 'the file is saved (formatted) on time');
      assert.equal(editor.document.getText(), 'const a = 1;\n// hello ', 'the editor keeps the space the caret sits after');
      await type('world');
      assert.equal(editor.document.getText(), 'const a = 1;\n// hello world');
      await settled(uri);
      await waitFor('what was typed saved', async () => (await readDisk(uri)) === 'const a = 1;\n// hello world\n', 10_000);
      moveCaret(editor, 0, 0);
      await settled(uri);
      await waitFor('the rest applied once the caret moved on', () => editor.document.getText() === 'const a = 1;\n// hello world\n' && !editor.document.isDirty, 10_000);
    });

    it('plain save with files.trimTrailingWhitespace: `return ` + a pause + `x` is `return x`, never `returnx`', async function () {
      this.timeout(60_000);
      await editorSetting('files.trimTrailingWhitespace', true);
      await configure({ delay: 800, actions: ['save'] });
      const editor = await openFile('txt', '');
      const uri = editor.document.uri;
      await type('return ');
      await settled(uri);
      assert.equal(await readDisk(uri), 'return', 'saved on time, trimmed on disk');
      await type('x');
      assert.equal(editor.document.getText(), 'return x');
      await settled(uri);
      await waitFor('saved', async () => (await readDisk(uri)) === 'return x' && !editor.document.isDirty, 10_000);
    });

    it("ESLint's fix-all runs on the lint errors of the lines just typed, and saves", async function () {
      this.timeout(60_000);
      const { editor, uri } = await start({ delay: 800, actions: [{ codeAction: 'source.fixAll.eslint' }, 'save'] }, 'js', 'export const a = 1;\n');
      caretAt(editor, 1, 0);
      await type('var b = 2;\nexport { b };');
      await waitFor('eslint to report no-var on the typed line', () => vscode.languages.getDiagnostics(uri).some((d) => d.source === 'eslint' && d.range.start.line === 1), 10_000);
      const settle = await settled(uri);
      assert.deepEqual(settle.actions.map((a) => a.status), ['done', 'done'], settle.actions.map((a) => a.detail).join(' | '));
      assert.equal(await readDisk(uri), 'export const a = 1;\nconst b = 2;\nexport { b };');
      assert.equal(editor.document.getText(), 'export const a = 1;\nconst b = 2;\nexport { b };');
    });

    it('a syntax error on a line typed before the last settle does not hold format back for good', async function () {
      this.timeout(60_000);
      const { editor, uri } = await start({ delay: 800, actions: ['format', 'save'] }, 'js', 'const a = 1;\n\n\n\n\nconst z = 26;\n');
      caretAt(editor, 1, 0);
      await type('const half = (1 +');
      const first = await settled(uri);
      assert.match(first.actions[0].detail, /^held back: .* on line 2, where you typed/);
      // Typing far below: the error on line 2 was typed before the last settle, it no longer holds.
      caretAt(editor, 4, 0);
      await type('const b = 2;');
      const second = await settled(uri);
      assert.doesNotMatch(second.actions[0].detail, /held back/, second.actions.map((a) => a.detail).join(' | '));
    });

    it('TypeScript: an unresolved import (a type error) on a line just typed does not hold format back', async function () {
      this.timeout(120_000);
      const { uri } = await start({ delay: 800, actions: ['format', 'save'] }, 'ts', '');
      await type('import { readFileSync } from "fs";\n');
      // No @types/node in this folder: "Cannot find module 'fs'" (2307), a type error, not broken code.
      await waitFor('the TypeScript server to report 2307 on line 1', () => vscode.languages.getDiagnostics(uri).some((d) => d.range.start.line === 0 && String(typeof d.code === 'object' ? d.code.value : d.code) === '2307'), 90_000);
      await type("export const y = readFileSync('b');\n");
      const settle = await settled(uri);
      assert.deepEqual(settle.actions.map((a) => a.status), ['done', 'done'], settle.actions.map((a) => a.detail).join(' | '));
      assert.match(settle.actions[0].detail, /1 error where you typed is not a syntax error and did not stop it/);
      await waitFor('formatted and saved', async () => (await readDisk(uri)) === 'import { readFileSync } from "fs";\nexport const y = readFileSync("b");\n', 10_000);
    });

    it('a real syntax error at the caret still holds format back, and the log says what and from where', async function () {
      this.timeout(60_000);
      const { editor, uri } = await start({ delay: 800, actions: ['format', 'save'] }, 'js', 'const ok = 1;\n');
      caretAt(editor, 1, 0);
      await type('const half = (1 +');
      const settle = await settled(uri);
      assert.deepEqual(settle.actions.map((a) => a.status), ['skipped', 'done'], settle.actions.map((a) => a.detail).join(' | '));
      assert.match(settle.actions[0].detail, /held back: .* on line 2, where you typed, is a (syntax|parsing) error/);
      assert.match(await readDisk(uri), /^const ok = 1;\nconst half = \(1 \+\)?$/, 'saved as typed, not reformatted');
    });
  });
}
