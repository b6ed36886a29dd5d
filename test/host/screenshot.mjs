#!/usr/bin/env node
// `npm run screenshot`: media/screenshot.png, the picture at the top of the README (and so of the
// Marketplace page), taken in a real VS Code (offline server + headless Chromium, see server.mjs).
//
//   node test/host/screenshot.mjs [--out FILE]
//
// Opens a temp copy of test/fixtures/demo with this repository as the development extension
// (dist/extension.js: the npm script builds it first), answers the first-run notice (its picture:
// media/first-run.png), opens data.json with Quick Open, types a line of JSON with the real
// keyboard, and takes the picture while the status bar counts down and its tooltip shows the
// stages. Then: the tooltip after the settle, the menu, the recipe picker, app.ts left half-typed
// (Saved · not formatted), the notebook's cell formatted and saved, the Settings UI, and the
// walkthrough's pictures (media/walkthrough/*.jpg). Fixed viewport 1280×720 at scale 1, dark theme.
import { existsSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT, disposeAll, onInterrupt, openWorkbench, startServer } from './server.mjs';

/* global document */

const DEMO = path.join(REPO_ROOT, 'test', 'fixtures', 'demo');
const outArg = process.argv.indexOf('--out');
const OUT = path.resolve(outArg > 0 ? process.argv[outArg + 1] : path.join(REPO_ROOT, 'media', 'screenshot.png'));
const VIEWPORT = { width: 1280, height: 720 };
/** VS Code renders a status bar entry with the id `<extension id>.<item id>`. */
const STATUS_ITEM = '[id="idle-watchdog.idle-watchdog.idleWatchdog.status"]';
const ATTEMPTS = 3;

/**
 * User settings for the pictures only: a quiet workbench. What the watchdog does comes from the
 * demo folder's own settings, so the pictures show what a person trying the demo sees.
 */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.layoutControl.enabled': false,
  'chat.commandCenter.enabled': false,
  'editor.minimap.enabled': false,
  'editor.fontSize': 15,
  'editor.cursorBlinking': 'solid',
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.parameterHints.enabled': false,
  'editor.hover.enabled': false,
  'breadcrumbs.enabled': false,
  'extensions.ignoreRecommendations': true,
  'workbench.hover.delay': 300,
};

const log = (msg) => console.log(`[screenshot] ${msg}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function statusText(page) {
  return ((await page.locator(STATUS_ITEM).textContent({ timeout: 1000 }).catch(() => null)) ?? '').trim();
}

async function waitFor(what, fn, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
    await sleep(50);
  }
}

/** Ctrl+P, the file name, Enter; resolves once that file's editor has focus. */
async function quickOpen(page, name) {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await waitFor(
    'Quick Open',
    async () => {
      if (!(await input.isVisible())) {
        await page.keyboard.press('Control+P');
        await input.waitFor({ state: 'visible', timeout: 3000 }).catch(() => {});
      }
      return input.isVisible();
    },
    30_000,
  );
  await page.keyboard.type(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 30_000 });
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: 30_000 });
  await page.locator('.editor-instance .monaco-editor.focused').waitFor({ timeout: 30_000 });
}

/**
 * The dark theme, picked in the theme picker (Ctrl+K Ctrl+T): this VS Code build does not apply
 * `workbench.colorTheme` from the settings at start-up (it stays on Light+), but the picker works.
 */
async function darkTheme(page) {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Dark Modern' }).first();
  await waitFor(
    'the theme picker',
    async () => {
      if (!(await input.isVisible())) {
        await page.keyboard.press('Control+K');
        await page.keyboard.press('Control+T');
      }
      await row.waitFor({ timeout: 3000 }).catch(() => {});
      return row.isVisible();
    },
    30_000,
  );
  await page.keyboard.type('Dark Modern');
  await page.keyboard.press('Enter');
  await page.locator('.monaco-workbench.vs-dark').waitFor({ timeout: 10_000 });
  await input.waitFor({ state: 'hidden', timeout: 10_000 });
}

const isCountdown = (text) => /^\d+(\.\d)?s$/.test(text);

/** The first-run notice, pictured, then answered with Keep. */
async function firstRun(page) {
  const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'Idle Watchdog is now on' });
  await toast.waitFor({ state: 'visible', timeout: 30_000 });
  await sleep(300); // it slides in
  await picture(page, 'first-run.png', CORNER);
  await toast.locator('.monaco-button', { hasText: 'Keep' }).click();
  await toast.waitFor({ state: 'hidden', timeout: 10_000 });
}

/**
 * Hides what is only about this setup (keyboard layout, forwarded ports, the "[Extension
 * Development Host]" title a person who installed the extension never sees).
 */
async function hideSetup(page) {
  await page.evaluate(() => {
    for (const id of ['status.workbench.keyboardLayout', 'status.forwardedPorts']) {
      const el = document.getElementById(id);
      if (el) el.style.display = 'none';
    }
    const walker = document.createTreeWalker(document.querySelector('.part.titlebar') ?? document.body, 4 /* NodeFilter.SHOW_TEXT */);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.nodeValue.includes('[Extension Development Host] ')) n.nodeValue = n.nodeValue.replace('[Extension Development Host] ', '');
    }
  });
}

async function takePicture(page, folder) {
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60_000 });
  await quickOpen(page, 'data.json');
  // The extension activates on startup: its item appears (a bare watch icon) for the active file.
  await page.locator(STATUS_ITEM).waitFor({ state: 'visible', timeout: 30_000 });
  await darkTheme(page);
  await firstRun(page);
  await page.locator('.editor-instance .monaco-editor .view-lines').click();
  await page.locator('.editor-instance .monaco-editor.focused').waitFor({ timeout: 10_000 });

  // A new line of compact JSON after `"description": "…",` (line 3).
  await page.keyboard.press('Control+G');
  await page.keyboard.type('3');
  await page.keyboard.press('Enter');
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await sleep(300);
  // Auto-closed quotes and brackets are typed over, so the text ends up as typed.
  await page.keyboard.type('"tags": ["format","save"],', { delay: 25 });
  await waitFor('the countdown', async () => isCountdown(await statusText(page)), 5000);

  // Only what a person who installed the extension sees, then the item's stages tooltip.
  await hideSetup(page);
  await page.locator(STATUS_ITEM).hover();
  // The hover hides for a moment when the countdown's text changes: take the picture when it is
  // up, and keep it only if nothing changed while it was taken.
  const hover = page.locator('.workbench-hover, .monaco-hover').filter({ hasText: 'Idle Watchdog' }).first();
  const countdown = async () => {
    const text = await statusText(page);
    return isCountdown(text) && (await hover.isVisible()) ? text : undefined;
  };
  const shown = await waitFor('the countdown with its tooltip', countdown, 4000);
  await sleep(120); // the hover fades in
  const png = await page.screenshot({ type: 'png' });
  if ((await countdown()) !== shown) throw new Error('the status bar changed while the picture was taken');
  await picture(page, 'walkthrough/countdown.jpg', CORNER);
  await fs.mkdir(path.dirname(OUT), { recursive: true });
  await fs.writeFile(OUT, png);
  log(`status bar showed "${shown}"`);

  // Sanity: the watchdog then formats and saves the file (the picture shows what really happens).
  await page.mouse.move(600, 300);
  await waitFor('the settle', async () => (await statusText(page)) === 'Saved', 10_000);
  const saved = await fs.readFile(path.join(folder, 'data.json'), 'utf8');
  const data = JSON.parse(saved);
  if (JSON.stringify(data.tags) !== '["format","save"]' || !saved.includes('    "tags": [\n        "format",')) {
    throw new Error(`data.json was not formatted and saved as expected:\n${saved}`);
  }
  await morePictures(page, folder);
}

/** The bottom-right quarter (the status bar and its tooltip) or the top middle (a quick pick). */
const CORNER = { x: 560, y: 300, width: 720, height: 420 };
const TOP = { x: 290, y: 0, width: 700, height: 380 };

/** `name` in media/ (beside OUT); a .jpg is a JPEG (the walkthrough's, small enough to ship). */
async function picture(page, name, clip) {
  const file = path.join(path.dirname(OUT), name);
  await fs.mkdir(path.dirname(file), { recursive: true });
  const jpeg = name.endsWith('.jpg');
  await fs.writeFile(file, await page.screenshot(jpeg ? { type: 'jpeg', quality: 60, clip } : { type: 'png', clip }));
  log(`wrote ${path.relative(process.cwd(), file)}`);
}

/** app.ts with a line left half-typed: saved, not formatted, and the status bar says so. */
async function notFormatted(page, folder) {
  await quickOpen(page, 'app.ts');
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('const total = ', { delay: 25 });
  let status = '';
  await waitFor('Saved · not formatted', async () => (status = await statusText(page)) === 'Saved · not formatted', 30_000).catch((e) => {
    throw new Error(`${e.message}; the status bar says "${status}"`);
  });
  const saved = await fs.readFile(path.join(folder, 'app.ts'), 'utf8');
  if (!saved.endsWith('const total = ') || !saved.includes("import { join } from 'node:path';\nimport { readFileSync }")) {
    throw new Error(`app.ts should be saved as typed, not formatted or reorganized:\n${saved}`);
  }
  await page.locator(STATUS_ITEM).hover();
  await page.locator('.workbench-hover, .monaco-hover').filter({ hasText: 'Last settle' }).first().waitFor({ timeout: 5000 });
  await sleep(150);
  await picture(page, 'status-not-formatted.png', CORNER);
  await page.mouse.move(600, 300);
  // Undo the half line (Ctrl+Z to the start) so the file is whole again.
  await page.locator('.editor-instance .monaco-editor .view-lines').click();
  for (let i = 0; i < 3; i++) await page.keyboard.press('Control+Z');
}

/** The notebook: a key typed in its code cell; the cell is formatted and the .ipynb saved. */
async function notebook(page, folder) {
  await quickOpen(page, 'cells.ipynb').catch(() => {}); // a notebook's editor is not a text editor: its focus is checked below
  const cell = page.locator('.notebook-editor .cell-list-container .code-cell-row').first();
  await cell.waitFor({ timeout: 30_000 });
  await cell.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(' ');
  const file = path.join(folder, 'cells.ipynb');
  await waitFor(
    'the notebook formatted and saved',
    // (read while VS Code writes it, the file can be half there: not yet)
    async () => (await fs.readFile(file, 'utf8')).includes('"const greeting = { text: \'hello\', times: 3 };\\n"'),
    20_000,
  );
  log('cells.ipynb: the code cell formatted and saved');
}

/** The Settings UI on the extension's settings (Ctrl+, then its filter). */
async function settingsUi(page) {
  await page.keyboard.press('Control+,');
  const search = page.locator('.settings-editor .settings-header .suggest-input-container .monaco-editor');
  await search.waitFor({ timeout: 20_000 });
  await search.click();
  await page.keyboard.type('@ext:idle-watchdog.idle-watchdog');
  await page.locator('.settings-editor .setting-item-contents', { hasText: 'Delay' }).first().waitFor({ timeout: 20_000 });
  await sleep(500);
  await hideSetup(page);
  await picture(page, 'settings-ui.png', { x: 0, y: 0, width: 1280, height: 720 });
}

/** The walkthrough's pictures: the recipe picker, the log (the countdown's is taken with the main picture). */
async function walkthroughPictures(page) {
  await quickOpen(page, 'notes.md');
  await page.locator(STATUS_ITEM).click();
  const rows = page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
  await rows.filter({ hasText: 'Choose a Recipe' }).first().click();
  await rows.filter({ hasText: 'Format, then save' }).first().waitFor({ timeout: 10_000 });
  await sleep(150);
  await picture(page, 'walkthrough/recipe.jpg', TOP);
  await page.keyboard.press('Escape');
  // Back in the editor: the status bar item keeps no focus (its tooltip would show over the log).
  await page.locator('.editor-instance .monaco-editor .view-lines').click();
  await page.keyboard.press('F1');
  await page.keyboard.type('Idle Watchdog: Show Log');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Show Log' }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
  await page.locator('.part.panel .output-view, .part.panel [id="workbench.panel.output"]').first().waitFor({ timeout: 10_000 });
  await page.mouse.move(600, 200); // no tooltip over the log
  await sleep(500);
  await picture(page, 'walkthrough/log.jpg', { x: 348, y: 420, width: 932, height: 280 });
}

/** After the settle: what it did (tooltip), the menu, the recipe picker. */
async function morePictures(page, folder) {
  await page.locator(STATUS_ITEM).hover();
  const hover = page.locator('.workbench-hover, .monaco-hover').filter({ hasText: 'Last settle' }).first();
  await hover.waitFor({ timeout: 5000 });
  await sleep(150);
  await picture(page, 'status-saved.png', CORNER);
  await page.mouse.move(600, 300);
  await page.locator(STATUS_ITEM).click();
  const rows = page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
  await rows.filter({ hasText: 'Choose a Recipe' }).first().waitFor({ timeout: 10_000 });
  await sleep(150);
  await picture(page, 'status-menu.png', TOP);
  await rows.filter({ hasText: 'Choose a Recipe' }).first().click();
  await rows.filter({ hasText: 'Format, then save' }).first().waitFor({ timeout: 10_000 });
  await sleep(150);
  await picture(page, 'recipe-picker.png', TOP);
  await page.keyboard.press('Escape');
  await notFormatted(page, folder);
  await notebook(page, folder);
  await settingsUi(page);
  await walkthroughPictures(page);
}

let tmp;
let failed = false;
const cleanup = async () => {
  await disposeAll();
  if (tmp) await fs.rm(tmp, { recursive: true, force: true }).catch(() => {});
};
onInterrupt(() => void cleanup().finally(() => process.exit(130)));

const started = Date.now();
try {
  if (!existsSync(path.join(REPO_ROOT, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing: run `npm run screenshot` (it builds first)');
  for (let attempt = 1; ; attempt++) {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'iw-screenshot-'));
    const folder = path.join(tmp, 'demo');
    await fs.cp(DEMO, folder, { recursive: true });
    const server = await startServer({ folder, trusted: true });
    await fs.mkdir(path.join(server.userDataDir, 'User'), { recursive: true });
    await fs.writeFile(path.join(server.userDataDir, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
    const workbench = await openWorkbench({ server, extensionDevelopmentPath: REPO_ROOT, viewport: VIEWPORT });
    try {
      await takePicture(workbench.page, folder);
      break;
    } catch (e) {
      if (attempt >= ATTEMPTS) throw e;
      log(`attempt ${attempt} failed (${e.message.split('\n')[0]}); trying again`);
    } finally {
      await cleanup();
    }
  }
  const { size } = await fs.stat(OUT);
  log(`wrote ${path.relative(process.cwd(), OUT)} (${VIEWPORT.width}×${VIEWPORT.height}, ${(size / 1024).toFixed(0)} KB) in ${((Date.now() - started) / 1000).toFixed(1)}s`);
} catch (e) {
  failed = true;
  console.error(`[screenshot] failed: ${e.stack ?? e}`);
} finally {
  await cleanup();
}
process.exit(failed ? 1 : 0);
