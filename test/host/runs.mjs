// The host test runs, shared by run-offline.mjs (code-server + Chromium) and run-electron.mjs.
// Each run opens one fixture (a folder, or a .code-workspace file whose folder is copied whole)
// in a fresh VS Code; test/host/index.ts picks the suites by the fixture's name.
//   trusted: false → opened in Restricted Mode (no --disable-workspace-trust).
export const runs = [
  { fixture: 'test/fixtures/basic', trusted: true },
  { fixture: 'test/fixtures/languages', trusted: true },
  { fixture: 'test/fixtures/notebooks', trusted: true },
  { fixture: 'test/fixtures/multi/multi.code-workspace', trusted: true },
  { fixture: 'test/fixtures/restricted', trusted: false },
  // The positive control: the same settings, trusted, do run their commands.
  { fixture: 'test/fixtures/restricted', trusted: true, name: 'restricted-trusted' },
  // A benchmark, not a test: runs only when named (`npm run bench:host`).
  { fixture: 'test/fixtures/bench', trusted: true, onlyWhenNamed: true },
];

/** `basic` for test/fixtures/basic, `multi` for test/fixtures/multi/multi.code-workspace. */
export function runName(run) {
  return run.name ?? run.fixture.replace(/\/+$/, '').split('/').pop().replace(/\.code-workspace$/, '');
}

/** Parses `--run NAME[,NAME]` (repeatable) and `--grep PATTERN`; returns the selected runs. */
export function parseArgs(argv) {
  const names = [];
  let grep;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--run' || a.startsWith('--run=')) names.push(...value().split(','));
    else if (a === '--grep' || a.startsWith('--grep=') || a === '-g') grep = value();
    else throw new Error(`unknown argument ${a} (use --run NAME, --grep PATTERN)`);
  }
  const unknown = names.filter((n) => !runs.some((r) => runName(r) === n));
  if (unknown.length) throw new Error(`unknown run ${unknown.join(', ')}; known: ${runs.map(runName).join(', ')}`);
  return { grep, selected: names.length ? runs.filter((r) => names.includes(runName(r))) : runs.filter((r) => !r.onlyWhenNamed) };
}
