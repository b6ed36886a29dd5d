// Issue 17's typing oracle: a program typed key by key through the editor, with pauses longer
// than the delay at seeded points (after a space, on a fresh line, inside a comment, inside
// unfinished code), formatted by the prettier fixture on every settle. What lands on disk,
// formatted once more, must equal the program as meant, formatted once: no settle may glue two
// words, move a line, or lose a key. A failure names the program and the seed to replay it with.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { configure, openFile, readDisk, useWatchdog, waitFor } from '../util';
import { rng } from '../../support/rng';
import { caretAt, setEditorSetting, typeKeys } from './typist.test';

const PROGRAMS: { name: string; ext: string; language: string; text: string }[] = [
  {
    name: 'JavaScript',
    ext: 'js',
    language: 'javascript',
    text: [
      '// totals of an order ',
      "const names = ['apple', 'pear']",
      'function total(items) {',
      '  let sum = 0',
      '  for (const item of items) {',
      '    sum += item.price * item.count // per line ',
      '  }',
      '  return sum',
      '}',
      "console.log(total([{ price: 2, count: 3 }]), 'done')",
      '',
    ].join('\n'),
  },
  {
    name: 'TypeScript',
    ext: 'ts',
    language: 'typescript',
    text: [
      'interface Point { x: number; y: number }',
      '// distance between two points ',
      'export function distance(a: Point, b: Point): number {',
      '  const dx = a.x - b.x',
      '  const dy = a.y - b.y',
      "  const label: string = 'd'",
      '  return Math.sqrt(dx * dx + dy * dy)',
      '}',
      '',
    ].join('\n'),
  },
  {
    name: 'Markdown',
    ext: 'md',
    language: 'markdown',
    text: ['# Notes on the trip', '', 'We left early in the morning and drove north ', 'for three hours.', '', '## Second day', '', 'Rain all day, so we stayed in and read.', ''].join('\n'),
  },
  {
    name: 'JSON',
    ext: 'json',
    language: 'json',
    text: ['{', '  "name": "trip notes",', '  "days": [1, 2, 3],', '  "nested": { "a": true, "b": null }', '}', ''].join('\n'),
  },
];

/**
 * Where to pause in `text` (offsets: the pause comes after that many keys), `count` of them:
 * half after a space or a line break (the typist's usual pause), half anywhere (inside a word,
 * an unfinished call, a comment).
 */
function pausePoints(text: string, seed: number, count: number): number[] {
  const next = rng(seed);
  const afterBlank: number[] = [];
  for (let i = 1; i < text.length; i++) if (text[i - 1] === ' ' || text[i - 1] === '\n') afterBlank.push(i);
  const points = new Set<number>();
  while (points.size < count) {
    points.add(points.size % 2 === 0 ? afterBlank[Math.floor(next() * afterBlank.length)] : 1 + Math.floor(next() * (text.length - 1)));
  }
  return [...points].sort((a, b) => a - b);
}

/** `text` formatted by the prettier fixture, as `language` (through an untitled document). */
async function prettierFormat(text: string, language: string): Promise<string> {
  const document = await vscode.workspace.openTextDocument({ language, content: text });
  const edits = await vscode.commands.executeCommand<vscode.TextEdit[] | undefined>('vscode.executeFormatDocumentProvider', document.uri, { tabSize: 2, insertSpaces: true });
  if (!edits || edits.length === 0) return text;
  const edit = new vscode.WorkspaceEdit();
  edit.set(document.uri, edits);
  assert.ok(await vscode.workspace.applyEdit(edit));
  const formatted = document.getText();
  await vscode.window.showTextDocument(document);
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  return formatted;
}

/** Editor helpers that would type for the typist (closing brackets, indenting, accepting a suggestion on Enter): off, so each key is one character. */
const PLAIN_TYPING: Record<string, unknown> = {
  'editor.autoClosingBrackets': 'never',
  'editor.autoClosingQuotes': 'never',
  'editor.autoClosingComments': 'never',
  'editor.autoSurround': 'never',
  'editor.autoIndent': 'none',
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.suggestOnTriggerCharacters': false,
  'editor.acceptSuggestionOnEnter': 'off',
  'editor.formatOnType': false,
  'editor.parameterHints.enabled': false,
};

export function registerOracleSuite(): void {
  describe('the typing oracle: programs typed with seeded pauses, formatted on every settle', () => {
    const t = useWatchdog();
    // Only the settings this VS Code has (1.75 has no editor.autoClosingComments).
    const known = () => Object.entries(PLAIN_TYPING).filter(([key]) => vscode.workspace.getConfiguration().inspect(key)?.defaultValue !== undefined);
    before(async () => {
      for (const [key, value] of known()) await setEditorSetting(key, value);
    });
    after(async () => {
      for (const [key] of known()) await setEditorSetting(key, undefined);
    });

    const SEEDS = [17, 2026];
    for (const program of PROGRAMS) {
      for (const seed of SEEDS) {
        it(`${program.name}, seed ${seed}: on disk, formatted once more, is the program as meant, formatted`, async function () {
          this.timeout(180_000);
          await configure({ delay: 300, actions: ['format', 'save'] });
          const editor = await openFile(program.ext, '');
          const uri = editor.document.uri;
          const engines = vscode.extensions.getExtension('idle-watchdog-tests.iw-engines');
          await engines?.activate();
          const pauses = pausePoints(program.text, seed, 6);
          const trail: string[] = [];
          let typed = 0;
          try {
            for (const point of [...pauses, program.text.length]) {
              await typeKeys(program.text.slice(typed, point));
              typed = point;
              const since = Date.now();
              const count = t.settles.for(uri).length;
              // The pause: one settle after the last key (more if one was cut short by a key).
              await waitFor(`a settle after key ${point}`, () => t.settles.for(uri).slice(count).some((e) => e.time >= since), 20_000);
              trail.push(`${point}: ${JSON.stringify(editor.document.getText().slice(Math.max(0, editor.document.offsetAt(editor.selection.active) - 20), editor.document.offsetAt(editor.selection.active)))}|`);
            }
            // The typist moves on: whatever waited at the caret is applied, and saved.
            caretAt(editor, 0, 0);
            await waitFor('everything applied and saved', () => !editor.document.isDirty && t.api.state(uri).pending === undefined && !t.api.state(uri).running, 20_000);
            const disk = await readDisk(uri);
            assert.equal(await prettierFormat(disk, program.language), await prettierFormat(program.text, program.language));
          } catch (e) {
            const why = e instanceof Error ? e.message : String(e);
            assert.fail(`${program.name} with seed ${seed} (pauses after keys ${pauses.join(', ')}): ${why}\ncaret at each pause:\n${trail.join('\n')}`);
          }
        });
      }
    }
  });
}
