#!/usr/bin/env node
// The README's settings and commands tables, generated from package.json (+ package.nls.json).
//   node test/docs/tables.mjs          rewrite the tables in README.md
//   node test/docs/tables.mjs --check  exit 1 if README.md is out of date (a unit test runs this too)
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const read = (file) => readFileSync(join(root, file), 'utf8');

export function tables() {
  const manifest = JSON.parse(read('package.json'));
  const nls = JSON.parse(read('package.nls.json'));
  const text = (s) => (typeof s === 'string' ? s.replace(/^%(.+)%$/, (_, key) => nls[key] ?? s) : '');
  const cell = (s) => s.replace(/\|/g, '\\|').replace(/\n+/g, ' ');
  const props = manifest.contributes.configuration.properties;
  const settings = [
    '| Setting | Default | Description |',
    '| --- | --- | --- |',
    ...Object.entries(props)
      .sort(([, a], [, b]) => (a.order ?? 99) - (b.order ?? 99))
      .map(([key, p]) => {
        // `#idleWatchdog.x#` links work in the Settings editor; in the README they are code.
        // Setting links become the setting's name; command links (live only in the Settings UI) the command's words.
        const description = text(p.markdownDescription ?? p.description)
          .replace(/`?#([\w.]+)#`?/g, '`$1`')
          .replace(/\[([^\]]+)\]\(command:[\w.]+\)/g, '**Idle Watchdog: $1**');
        return `| \`${key}\` | \`${JSON.stringify(p.default)}\` | ${cell(description)} |`;
      }),
  ].join('\n');
  const commands = [
    '| Command | Title |',
    '| --- | --- |',
    ...manifest.contributes.commands.map((c) => `| \`${c.command}\` | ${c.category}: ${cell(text(c.title))} |`),
  ].join('\n');
  return { settings, commands };
}

export function render(readme) {
  const t = tables();
  const replace = (src, name, body) => {
    const re = new RegExp(`(<!-- ${name}:start[^>]*-->)[\\s\\S]*?(<!-- ${name}:end -->)`);
    if (!re.test(src)) throw new Error(`README.md has no <!-- ${name}:start --> … <!-- ${name}:end --> block`);
    return src.replace(re, (_, a, b) => `${a}\n${body}\n${b}`);
  };
  return replace(replace(readme, 'settings', t.settings), 'commands', t.commands);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const readme = read('README.md');
  const next = render(readme);
  if (process.argv.includes('--check')) {
    if (next !== readme) {
      console.error('README.md tables are out of date: run `node test/docs/tables.mjs`');
      process.exit(1);
    }
  } else {
    writeFileSync(join(root, 'README.md'), next);
    console.log(next === readme ? 'README.md tables already up to date' : 'README.md tables updated');
  }
}
