#!/usr/bin/env node
// `npm run test:web`: one settle in the web worker extension host (VS Code for the Web), offline.
// The workbench (code-server, headless Chromium) loads the development extension with
// `extensionDevelopmentKind: web`, so it runs from its `browser` bundle (dist/web/extension.js) in
// a web worker, not in the Node extension host. Then, as a person would: Quick Open notes.txt,
// type with the real keyboard, and wait for the file on disk to have the text (files.autoSave is
// off: only the watchdog's `save` can write it).
//
// Proof it is the web worker: the workbench fetches dist/web/extension.js (the Node extension host
// would load dist/extension.js from disk, with no request), the manifest has no `main`, and no
// line of the Node extension host's log of the extension shows. The typing may come before the
// extension activated (a web worker starts late on a busy machine): the watchdog kicks what is
// unsaved at start, as a user expects. On failure it prints the status bar, dirty tabs and editor
// text (IW_HOST_DEBUG=1: the workbench console also on success).
// The last line: `web: N passed, M failed (VS Code <version>)`.
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT, disposeAll, ensureServer, openWorkbench, startServer } from './server.mjs';

const TYPED = 'typed in the web worker';
const version = process.env.IW_CODE_SERVER_VERSION || undefined;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what, fn, timeoutMs) {
  const end = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await fn().catch((e) => e.message);
    if (last === true) return;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
    await sleep(100);
  }
}

async function main() {
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'iw-web-'));
  const folder = path.join(tmp, 'web');
  await fs.mkdir(path.join(folder, '.vscode'), { recursive: true });
  await fs.writeFile(path.join(folder, 'notes.txt'), 'notes: ');
  await fs.writeFile(
    path.join(folder, '.vscode', 'settings.json'),
    JSON.stringify({ 'files.autoSave': 'off', 'idleWatchdog.delay': 500, 'idleWatchdog.actions': ['save'] }, null, 2),
  );
  // The development extension as a web-only extension: its manifest without `main`, so VS Code can
  // run it only in the web worker extension host. (The payload's extensionDevelopmentKind "web" is
  // ignored by the 1.100 web workbench: its environment service has that value under another name.)
  const ext = path.join(tmp, 'extension');
  const manifest = JSON.parse(await fs.readFile(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  delete manifest.main;
  await fs.mkdir(path.join(ext, 'dist', 'web'), { recursive: true });
  await fs.writeFile(path.join(ext, 'package.json'), JSON.stringify(manifest, null, 2));
  await fs.copyFile(path.join(REPO_ROOT, 'package.nls.json'), path.join(ext, 'package.nls.json'));
  await fs.copyFile(path.join(REPO_ROOT, 'dist', 'web', 'extension.js'), path.join(ext, 'dist', 'web', 'extension.js'));
  const requests = [];
  const workerLines = [];
  let vscodeVersion = 'unknown';
  let page;
  try {
    const paths = await ensureServer(version);
    vscodeVersion = JSON.parse(await fs.readFile(path.join(paths.vscodeDir, 'package.json'), 'utf8')).version;
    // A Node extension host running the extension would mirror its log to the console with this set.
    const server = await startServer({ folder, version, env: { IDLE_WATCHDOG_LOG_TO_CONSOLE: '1' } });
    const workbench = await openWorkbench({
      server,
      extensionDevelopmentPath: ext,
      extensionDevelopmentKind: 'web',
      onConsole: (m) => workerLines.push(m.text()),
      onPage: (page) => {
        page.context().on('request', (r) => requests.push(decodeURIComponent(r.url())));
        page.on('worker', (w) => workerLines.push(`worker ${w.url()}`));
        page.on('pageerror', (e) => workerLines.push(`page error: ${e.stack ?? e.message}`));
      },
    });
    page = workbench.page;
    await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60_000 });
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await waitFor('Quick Open', async () => {
      await page.keyboard.press('Control+P');
      await input.waitFor({ state: 'visible', timeout: 3000 });
      return true;
    }, 30_000);
    await page.keyboard.type('notes.txt');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'notes.txt' }).first().waitFor({ timeout: 30_000 });
    await page.keyboard.press('Enter');
    await page.locator('.editor-instance .monaco-editor.focused').waitFor({ timeout: 30_000 });
    await page.keyboard.press('Control+End');
    await page.keyboard.type(TYPED);
    const file = path.join(folder, 'notes.txt');
    await waitFor('notes.txt on disk to have the typed text', async () => (await fs.readFile(file, 'utf8')) === `notes: ${TYPED}` || (await fs.readFile(file, 'utf8')), 60_000);
    const web = requests.filter((u) => u.includes('dist/web/extension.js'));
    const node = requests.filter((u) => /dist\/extension\.js/.test(u));
    const mirrored = workerLines.filter((l) => l.includes('[idle-watchdog'));
    console.log(`web: the .txt on disk has the typed text; the workbench fetched dist/web/extension.js ${web.length} time(s), dist/extension.js ${node.length} time(s); Node extension host log lines of the extension: ${mirrored.length}`);
    if (mirrored.length > 0) throw new Error(`the Node extension host ran the extension: ${mirrored[0]}`);
    if (web.length === 0) throw new Error(`no request for dist/web/extension.js: the extension did not run in the web worker (requests: ${requests.filter((u) => u.includes('idle') || u.includes('dist')).join(', ')})`);
    if (process.env.IW_HOST_DEBUG) console.log(`  worker/console lines:\n    ${workerLines.join('\n    ')}`);
    console.log(`web: 1 passed, 0 failed (VS Code ${vscodeVersion}, web worker extension host)`);
    return 0;
  } catch (e) {
    console.log(`web: ${e.message}`);
    if (page !== undefined) {
      const seen = await Promise.all([
        page.locator('.monaco-workbench .part.statusbar .statusbar-item').allInnerTexts().catch(() => []),
        page.locator('.tabs-container .tab.dirty').count().catch(() => 'unknown'),
        page.locator('.editor-instance .view-lines').first().innerText({ timeout: 1000 }).catch(() => 'unknown'),
      ]);
      console.log(`  status bar: ${JSON.stringify(seen[0].filter((t) => t.trim() !== ''))}; dirty tabs: ${seen[1]}; editor text: ${JSON.stringify(seen[2])}`);
    }
    console.log(`  worker/console lines:\n    ${workerLines.slice(-30).join('\n    ')}`);
    console.log(`web: 0 passed, 1 failed (VS Code ${vscodeVersion}, web worker extension host)`);
    return 1;
  } finally {
    await disposeAll();
    await fs.rm(tmp, { recursive: true, force: true }).catch(() => {});
  }
}

process.exit(await main());
