#!/usr/bin/env node
// l10n/bundle.l10n.json: every string the extension shows through `vscode.l10n.t('…')` (or a pure
// module's injected `localize('…')`, which is `vscode.l10n.t` in the extension), keyed by
// itself (the English text), the file translators start from (bundle.l10n.<locale>.json beside it).
//   node test/docs/l10n.mjs          rewrite l10n/bundle.l10n.json from src/
//   (a unit test checks the bundle is up to date)
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(file);
    else if (file.endsWith('.ts')) yield file;
  }
}

/** The bundle the sources call for, as formatted JSON text. */
export function bundle() {
  const strings = new Set();
  for (const file of files(join(root, 'src'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:vscode\.l10n\.t|\blocalize)\(\s*'((?:[^'\\]|\\.)*)'/g)) strings.add(m[1].replace(/\\'/g, "'"));
  }
  const sorted = [...strings].sort();
  return `${JSON.stringify(Object.fromEntries(sorted.map((s) => [s, s])), null, 2)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  mkdirSync(join(root, 'l10n'), { recursive: true });
  writeFileSync(join(root, 'l10n', 'bundle.l10n.json'), bundle());
  console.log('l10n/bundle.l10n.json updated');
}
