// The host test runs, shared by run-offline.mjs (code-server + Chromium) and run-electron.mjs.
// Each run opens one fixture (a folder, or a .code-workspace file whose folder is copied whole)
// in a fresh VS Code; test/host/index.ts picks the suites by the fixture's name.
//   trusted: false → opened in Restricted Mode (no --disable-workspace-trust).
export const runs = [
  { fixture: 'test/fixtures/basic', trusted: true },
  { fixture: 'test/fixtures/languages', trusted: true },
  // Issue 17: real Prettier and ESLint engines (test/host/engines, a second development extension).
  { fixture: 'test/fixtures/engines', trusted: true, extensions: ['test/host/engines'] },
  { fixture: 'test/fixtures/stress', trusted: true },
  // The public API of the extension installed from its .vsix, as another extension sees it.
  { fixture: 'test/fixtures/installed', trusted: true, installed: true },
  { fixture: 'test/fixtures/documents', trusted: true },
  { fixture: 'test/fixtures/multi/multi.code-workspace', trusted: true },
  { fixture: 'test/fixtures/restricted', trusted: false },
  // The positive control: the same settings, trusted, do run their commands.
  { fixture: 'test/fixtures/restricted', trusted: true, name: 'restricted-trusted' },
  // A benchmark, not a test: runs only when named (`npm run bench:host`). The bare extension is
  // what the activation time is compared with.
  { fixture: 'test/fixtures/bench', trusted: true, onlyWhenNamed: true, extensions: ['test/host/bare'] },
];

/**
 * The VS Code versions the host suites run on, each a code-server release (one VS Code each; the
 * npm registry has no code-server with 1.74, so 1.75.1 is the oldest at or above the API floor,
 * LogOutputChannel in 1.74). `runs`: which runs by default (all when absent); a run named with
 * --run runs on every version.
 * code-server 4.10.0 (VS Code 1.75.1) and 4.12.0 (1.77.3) pin `spdlog` 0.13.6 with nan 2.15,
 * which does not compile against Node 20's V8 ("error: 'AccessorSignature' is not a member of
 * 'v8'"), and their extension host does not start without it; server.mjs builds it against a
 * newer nan (header-only, compile time), the rest as shipped. 4.14.1 (1.79.2) and later run as is.
 */
export const versions = [
  { codeServer: '4.100.3', vscode: '1.100.3' },
  // Every run but `stress` (the 10 000-documents soak of the extension's own bookkeeping, the
  // longest run): two full passes would take CI past an hour on a loaded machine.
  { codeServer: '4.10.0', vscode: '1.75.1', runs: ['basic', 'languages', 'engines', 'installed', 'documents', 'multi', 'restricted', 'restricted-trusted'] },
];

/** `basic` for test/fixtures/basic, `multi` for test/fixtures/multi/multi.code-workspace. */
export function runName(run) {
  return run.name ?? run.fixture.replace(/\/+$/, '').split('/').pop().replace(/\.code-workspace$/, '');
}

/**
 * Parses `--run NAME[,NAME]` (repeatable), `--grep PATTERN` and `--vscode VERSION[,VERSION]` (a VS
 * Code or code-server version of `versions`; default: every one); returns the selected runs and
 * versions, and whether the runs were named.
 */
export function parseArgs(argv) {
  const names = [];
  const wanted = [];
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
    else if (a === '--vscode' || a.startsWith('--vscode=')) wanted.push(...value().split(','));
    else throw new Error(`unknown argument ${a} (use --run NAME, --grep PATTERN, --vscode VERSION)`);
  }
  const unknown = names.filter((n) => !runs.some((r) => runName(r) === n));
  if (unknown.length) throw new Error(`unknown run ${unknown.join(', ')}; known: ${runs.map(runName).join(', ')}`);
  const unknownVersions = wanted.filter((w) => !versions.some((v) => v.vscode === w || v.codeServer === w));
  if (unknownVersions.length) throw new Error(`unknown VS Code version ${unknownVersions.join(', ')}; known: ${versions.map((v) => v.vscode).join(', ')}`);
  return {
    grep,
    named: names.length > 0,
    selected: names.length ? runs.filter((r) => names.includes(runName(r))) : runs.filter((r) => !r.onlyWhenNamed),
    versions: wanted.length ? versions.filter((v) => wanted.includes(v.vscode) || wanted.includes(v.codeServer)) : versions,
  };
}
