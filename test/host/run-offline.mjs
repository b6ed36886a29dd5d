#!/usr/bin/env node
// `npm run test:host`: runs test/host/index.ts inside a real VS Code extension host, offline
// (VS Code server from code-server, workbench in headless Chromium; see test/host/server.mjs).
// Expects the bundles to be built (`node esbuild.mjs --production --tests`, done by the npm script):
// the extension runs from its production bundle, dist/extension.js, as it ships.
//
//   node test/host/run-offline.mjs [--run NAME[,NAME]] [--grep PATTERN] [--vscode VERSION[,VERSION]]
//
// Environment: IW_HOST_TIMEOUT (seconds per run, default 1800), IW_HOST_DEBUG=1 (print the
// workbench's own console too), plus those of server.mjs (IW_HOST_VERBOSE, IW_HOST_KEEP, CHROME_PATH).
// Every selected run runs on every VS Code version of runs.mjs (`versions`), one after the other.
// Each version ends with its line: VS Code <version> (extension host, Node <version>): N passing, M failing
import { existsSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs, runName } from './runs.mjs';
import { execFileSync } from 'node:child_process';
import { REPO_ROOT, disposeAll, ensureServer, installExtension, interrupted, onInterrupt, openWorkbench, startServer } from './server.mjs';

const TEST_ENTRY = path.join(REPO_ROOT, 'out', 'test', 'host', 'index'); // VS Code adds .js
const TIMEOUT_MS = Number(process.env.IW_HOST_TIMEOUT || 1800) * 1000;
const DEBUG = !!process.env.IW_HOST_DEBUG;
const RESULT_PREFIX = 'IW-HOST-RESULT ';
/** index.ts prefixes the extension host's console lines with this (via the environment). */
const LOG_TAG = 'IW-HOST| ';
// A host test asks the workbench page for what only the browser can do (test/host/util.ts `drive`).
const DRIVER_PREFIX = 'IW-DRIVER ';

/**
 * Does what a test asked of the page: `{ "focus": false }` makes the window lose focus as the
 * browser reports it (document.hasFocus() false, then a blur event: what VS Code's host service
 * listens to, and tells the extension host as `onDidChangeWindowState`); `{ "focus": true }` gives
 * it back. Headless Chromium keeps every page "focused", so the focus itself is simulated there.
 */
async function drive(page, request) {
  if (!page) throw new Error(`no workbench page for ${request}`);
  const command = JSON.parse(request);
  if (command.click !== undefined) return answerNotification(page, command);
  const { focus } = command;
  await page.evaluate((focused) => {
    /* global window, document, FocusEvent -- this function runs in the workbench page */
    // VS Code 1.75's focus tracker of the window starts out "not focused" and ignores a blur until
    // it has seen a focus: a focus first (reported as no change), then the blur.
    if (!focused) window.dispatchEvent(new FocusEvent('focus'));
    Object.defineProperty(document, 'hasFocus', { configurable: true, value: () => focused });
    window.dispatchEvent(new FocusEvent(focused ? 'focus' : 'blur'));
  }, focus);
}
/**
 * `{ "click": "Allow", "containing": "iwTest", "report": "/tmp/…json" }`: waits (15 s at most) for
 * the notification whose message contains `containing` and clicks its button `click`, as a user
 * does (`"click": ""`: clicks nothing, only reads it); then writes `{ "message": … }` (the text the user read) or `{ "error": … }` to `report`,
 * the file the test waits for.
 */
async function answerNotification(page, { click, containing, report }) {
  let result;
  try {
    const handle = await page.waitForFunction(
      ({ click, containing }) => {
        // This function runs in the workbench page (`document` is declared global at drive()).
        for (const item of document.querySelectorAll('.notification-list-item')) {
          const message = item.querySelector('.notification-list-item-message')?.textContent ?? '';
          if (!message.includes(containing)) continue;
          // No button named: only read the message (a notification with no buttons).
          if (click === '') return message;
          const button = [...item.querySelectorAll('.monaco-button')].find((b) => b.textContent?.trim() === click);
          if (button === undefined) continue;
          button.click();
          return message;
        }
        return false;
      },
      { click, containing },
      { timeout: 15_000, polling: 100 },
    );
    result = { message: await handle.jsonValue() };
  } catch (e) {
    result = { error: e.message };
  }
  await fs.writeFile(report, JSON.stringify(result));
}

/** Workbench errors that are expected in this setup. */
const HARMLESS = [
  /DialogService: refused to show dialog in tests/, // the Restricted Mode trust prompt
  /open-vsx\.org|marketplace|gallery/i,
  /handleSaveError.*File Modified Since/, // the outside suite's conflict, provoked on purpose
];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const secs = (ms) => `${(ms / 1000).toFixed(1)}s`;

/** A bare extension that only carries the tests, for runs against the installed .vsix. */
const TEST_CARRIER = path.join(REPO_ROOT, 'test', 'host', 'carrier');

/**
 * Packages the extension (`vsce package`, the production bundle already built) and installs the
 * .vsix into `extensionsDir` with the --install-extension of `version`'s server: what a user installs.
 */
async function installPackaged(tmp, version) {
  const vsix = path.join(tmp, 'idle-watchdog.vsix');
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--out', vsix], {
    cwd: REPO_ROOT,
    stdio: 'ignore',
    env: { ...process.env, npm_config_yes: 'true' },
  });
  const extensionsDir = path.join(tmp, 'extensions');
  await installExtension(vsix, extensionsDir, version.codeServer); // that VS Code's own installer
  return extensionsDir;
}

/**
 * Packages each test-only extension of a run (`run.extensions`, folders in the repository) and
 * installs it into a fresh extensions dir: this server loads one development extension only (the
 * last `extensionDevelopmentPath` of the payload wins), so the others are installed, as a user would.
 */
async function installFixtureExtensions(tmp, dirs, version) {
  const extensionsDir = path.join(tmp, 'extensions');
  for (const dir of dirs) {
    const vsix = path.join(tmp, `${path.basename(dir)}.vsix`);
    execFileSync(
      process.execPath,
      [path.join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', vsix],
      { cwd: path.join(REPO_ROOT, dir), stdio: 'ignore', env: { ...process.env, npm_config_yes: 'true' } },
    );
    await installExtension(vsix, extensionsDir, version.codeServer);
  }
  return extensionsDir;
}

/** Copies the fixture into a fresh temp dir (tests may edit files); returns what to open. */
async function copyFixture(fixture) {
  const src = path.resolve(REPO_ROOT, fixture);
  if (!existsSync(src)) throw new Error(`fixture ${fixture} does not exist`);
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'iw-host-fixture-'));
  if (src.endsWith('.code-workspace')) {
    // A workspace file refers to folders next to it: copy its whole folder.
    const dir = path.dirname(src);
    await fs.cp(dir, path.join(tmp, path.basename(dir)), { recursive: true });
    return { tmp, workspaceFile: path.join(tmp, path.basename(dir), path.basename(src)) };
  }
  await fs.cp(src, path.join(tmp, path.basename(src)), { recursive: true });
  return { tmp, folder: path.join(tmp, path.basename(src)) };
}

async function runOne(run, grep, version) {
  const name = `${runName(run)}@${version.vscode}`;
  const label = `${name}${run.trusted ? '' : ' (restricted mode)'}`;
  const prefix = `  [${name}] `;
  const started = Date.now();
  console.log(`\n[host] ▶ ${label}`);

  let lastBlank = true;
  const print = (text, source = '') => {
    for (const line of text.split('\n')) {
      const blank = line.trim() === '';
      if (!(blank && lastBlank)) console.log(prefix + source + line);
      lastBlank = blank;
    }
  };
  const outcome = { name, result: undefined, exitCode: undefined, error: undefined, ms: 0 };
  const workbenchConsole = []; // the workbench's own console (noise), shown only on trouble
  let fixture, server, workbench, timer;
  try {
    fixture = await copyFixture(run.fixture);
    server = await startServer({
      folder: fixture.folder,
      workspaceFile: fixture.workspaceFile,
      trusted: run.trusted,
      extensionsDir: run.installed ? await installPackaged(fixture.tmp, version) : run.extensions ? await installFixtureExtensions(fixture.tmp, run.extensions, version) : undefined,
      version: version.codeServer,
      // IW_ENGINES_ROOT: where the installed engines fixture finds the prettier and eslint packages.
      env: { IW_HOST_LOG_TAG: LOG_TAG, IW_HOST_DRIVER: '1', IW_ENGINES_ROOT: REPO_ROOT, ...(grep ? { IW_HOST_GREP: grep } : {}) },
    });
    workbench = await openWorkbench({
      server,
      // `installed`: the extension comes from its .vsix; the development path only carries the tests.
      extensionDevelopmentPath: run.installed ? TEST_CARRIER : REPO_ROOT,
      extensionTestsPath: TEST_ENTRY,
      onLog: (type, text) => {
        if (!text.startsWith(LOG_TAG)) {
          // Workbench (renderer) log: noise unless it is an error we do not know to be harmless.
          workbenchConsole.push(`${type}: ${text}`);
          if (DEBUG || (type === 'error' && !HARMLESS.some((re) => re.test(text)))) print(`${type}: ${text}`, '(workbench) ');
          return;
        }
        for (const line of text.slice(LOG_TAG.length).replace(/\s+$/, '').split('\n')) {
          if (line.startsWith(DRIVER_PREFIX)) {
            void drive(workbench?.page, line.slice(DRIVER_PREFIX.length)).catch((e) => print(`error: driver: ${e.message}`));
            continue;
          }
          if (line.startsWith(RESULT_PREFIX)) {
            try {
              outcome.result = JSON.parse(line.slice(RESULT_PREFIX.length));
            } catch {
              /* malformed: reported as missing below */
            }
            continue;
          }
          print((type === 'error' || type === 'warn' ? `${type}: ` : '') + line);
        }
      },
      onConsole: (msg) => {
        const line = `${msg.type()}: ${msg.text()}`;
        if (DEBUG) console.log(`  [workbench] ${line}`);
        workbenchConsole.push(line);
        if (workbenchConsole.length > 200) workbenchConsole.shift();
      },
    });
    workbench.page.on('pageerror', (e) => workbenchConsole.push(`pageerror: ${e.message}`));
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${secs(TIMEOUT_MS)} (IW_HOST_TIMEOUT=${TIMEOUT_MS / 1000})`)), TIMEOUT_MS);
    });
    outcome.exitCode = await Promise.race([workbench.exitCode, timeout]);
    // The result line travels on the same channel just before the exit; allow a moment for it.
    for (let i = 0; i < 20 && !outcome.result; i++) await sleep(50);
  } catch (e) {
    outcome.error = e;
  } finally {
    clearTimeout(timer);
    await workbench?.dispose().catch(() => {});
    await server?.dispose().catch(() => {});
    if (fixture && !process.env.IW_HOST_KEEP) await fs.rm(fixture.tmp, { recursive: true, force: true }).catch(() => {});
  }
  outcome.ms = Date.now() - started;

  const r = outcome.result;
  if (interrupted() && outcome.exitCode === undefined) outcome.error = new Error(`interrupted (${interrupted()})`);
  outcome.ok = !outcome.error && !!r && outcome.exitCode === 0 && r.failing === 0;
  if (outcome.error) {
    console.log(`[host] ✖ ${label}: ${outcome.error.message}`);
    if (!interrupted() && workbenchConsole.length) {
      console.log(`[host]   last workbench console lines:\n    ${workbenchConsole.slice(-25).join('\n    ')}`);
    }
  } else if (!r) {
    console.log(`[host] ✖ ${label}: no ${RESULT_PREFIX.trim()} line (test entry exit code ${outcome.exitCode})`);
  } else if (outcome.exitCode !== 0 && r.failing === 0) {
    console.log(`[host] ✖ ${label}: test entry exited with ${outcome.exitCode}${r.error ? `: ${r.error}` : ''}`);
  } else {
    console.log(`[host] ${r.failing ? '✖' : '✔'} ${label}: ${r.passing} passing, ${r.failing} failing${r.pending ? `, ${r.pending} pending` : ''} (${secs(outcome.ms)})${r.error ? `: ${r.error}` : ''}`);
  }
  if (!outcome.ok && !interrupted() && server) {
    console.log(
      process.env.IW_HOST_KEEP
        ? `[host]   kept: server log ${server.logFile}, user data ${server.userDataDir}, fixture ${fixture.tmp}`
        : '[host]   (IW_HOST_KEEP=1 keeps the server log, user data and fixture copy; IW_HOST_DEBUG=1 shows the workbench console)',
    );
  }
  return outcome;
}

async function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`[host] ${e.message}`);
    return 2;
  }
  if (!existsSync(`${TEST_ENTRY}.js`)) {
    console.error(`[host] ${path.relative(REPO_ROOT, TEST_ENTRY)}.js is missing: run \`node esbuild.mjs --tests\` first (npm run test:host does).`);
    return 2;
  }
  if (!existsSync(path.join(REPO_ROOT, 'dist', 'extension.js'))) {
    console.error('[host] dist/extension.js is missing: run `node esbuild.mjs` first (npm run test:host does).');
    return 2;
  }
  onInterrupt(() => {}); // servers and browsers are already gone; the loop below ends and reports
  let bad = false;
  for (const version of args.versions) {
    if (interrupted()) break;
    // A version's `runs` is its default; runs named with --run run on it all the same.
    const selected = args.named ? args.selected : args.selected.filter((r) => !version.runs || version.runs.includes(runName(r)));
    if (selected.length === 0) continue;
    bad = !(await runVersion(version, selected, args.grep)) || bad;
  }
  if (interrupted()) return 128 + ({ SIGHUP: 1, SIGINT: 2, SIGTERM: 15 }[interrupted()] ?? 0);
  return bad ? 1 : 0;
}

/** Runs `selected` on one VS Code version; prints its result line; true when all passed. */
async function runVersion(version, selected, grep) {
  const started = Date.now();
  await ensureServer(version.codeServer);
  const outcomes = [];
  for (const run of selected) {
    if (interrupted()) break;
    outcomes.push(await runOne(run, grep, version));
  }

  let passing = 0;
  let failing = 0;
  let vscodeVersion = `${version.vscode} (expected; no run reported)`;
  let nodeVersion = 'unknown';
  for (const o of outcomes) {
    passing += o.result?.passing ?? 0;
    // A run that crashed, timed out or rejected without failing tests still counts as one failure.
    failing += o.ok ? 0 : Math.max(o.result?.failing ?? 0, 1);
    if (o.result?.vscode) vscodeVersion = o.result.vscode;
    if (o.result?.node) nodeVersion = o.result.node;
  }
  const bad = outcomes.filter((o) => !o.ok).map((o) => o.name);
  const notRun = selected.length - outcomes.length;
  const notes = [
    bad.length && `failed: ${bad.join(', ')}`,
    interrupted() && `interrupted by ${interrupted()}${notRun ? `, ${notRun} not run` : ''}`,
  ].filter(Boolean);
  console.log(`\n[host] ${outcomes.length} run(s) in ${secs(Date.now() - started)}${notes.length ? `; ${notes.join('; ')}` : ''}`);
  console.log(`VS Code ${vscodeVersion} (extension host, Node ${nodeVersion}): ${passing} passing, ${failing} failing`);
  return bad.length === 0 && !interrupted();
}

main()
  .then(async (code) => {
    await disposeAll();
    process.exit(code);
  })
  .catch(async (e) => {
    console.error(`[host] ${e?.stack ?? e}`);
    await disposeAll();
    console.log('VS Code unknown (extension host, Node unknown): 0 passing, 1 failing');
    process.exit(1);
  });
