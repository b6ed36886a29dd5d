import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

describe('README', () => {
  it('its settings and commands tables match package.json (run `node test/docs/tables.mjs` after changing either)', async () => {
    const { render } = await import('../docs/tables.mjs');
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    assert.equal(render(readme), readme);
  });

  it('documents every setting and command of the manifest', () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    for (const key of Object.keys(manifest.contributes.configuration.properties)) assert.ok(readme.includes(`\`${key}\``), key);
    for (const c of manifest.contributes.commands) assert.ok(readme.includes(`\`${c.command}\``), c.command);
  });
});

describe('l10n', () => {
  it('l10n/bundle.l10n.json holds exactly the strings src/ shows through vscode.l10n.t (run `node test/docs/l10n.mjs`)', async () => {
    const { bundle } = await import('../docs/l10n.mjs');
    const current = readFileSync(join(__dirname, '..', '..', 'l10n', 'bundle.l10n.json'), 'utf8');
    assert.equal(current, bundle());
    assert.ok(Object.keys(JSON.parse(current)).length >= 20, 'the UI strings are there');
  });
});
