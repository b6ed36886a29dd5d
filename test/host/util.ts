// Helpers for the host suites: they run inside the real extension host, next to the extension.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { IdleWatchdogApi, SettleEvent } from '../../src/api';

export const EXTENSION_ID = 'idle-watchdog.idle-watchdog';

export async function getApi(): Promise<IdleWatchdogApi> {
  const ext = vscode.extensions.getExtension<IdleWatchdogApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not loaded in the extension host`);
  return ext.activate();
}

/**
 * The extension's own module, as VS Code loaded it from the installed extension's `main`
 * (dist/extension.js, the production bundle): for the few tests that need more than the public
 * API, such as building a second instance. Never import src/ here: the test bundle would carry its
 * own compiled copy of the extension instead of testing what ships (esbuild.mjs checks this).
 */
export function extensionModule(): typeof import('../../src/extension') {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not loaded in the extension host`);
  const main = path.join(ext.extensionPath, (ext.packageJSON as { main: string }).main);
  // A require by a computed path: esbuild leaves it alone, Node returns the module VS Code loaded.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(main) as typeof import('../../src/extension');
}

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the host tests need a workspace folder');
  return folder.uri.fsPath;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `check` until it returns a truthy value; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | Promise<T>, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
      last = value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    await sleep(25);
  }
}

/**
 * No settle can follow for `uri`: nothing pending, no round running, no own-edit bookkeeping left.
 * A re-arm happens before or right at the end of a round, so checking this right after a settle
 * proves "no second settle" without sleeping through a delay.
 */
export function assertSettledForGood(api: IdleWatchdogApi, uri: vscode.Uri): void {
  const state = api.state(uri);
  assert.equal(state.pending, undefined, 'nothing re-armed');
  assert.equal(state.running, false, 'no round running');
  assert.equal(state.stats.ownEditsIdle, true, 'no own-edit bookkeeping left behind');
}

/** Collects every settle reported through the public API while a test runs. */
export class SettleLog {
  readonly events: SettleEvent[] = [];
  private readonly sub: vscode.Disposable;
  constructor(api: IdleWatchdogApi) {
    this.sub = api.onDidSettle((e) => this.events.push(e));
  }
  for(uri: vscode.Uri): SettleEvent[] {
    return this.events.filter((e) => e.document?.toString() === uri.toString());
  }
  /** Waits for the n-th settle (1-based) of `uri`, or of the window when `uri` is "window". */
  async wait(uri: vscode.Uri | 'window', n = 1, timeoutMs = 10_000): Promise<SettleEvent> {
    const pick = () => (uri === 'window' ? this.events.filter((e) => e.stage.scope === 'window') : this.for(uri));
    return waitFor(`settle #${n} of ${uri === 'window' ? 'the window' : path.basename(uri.path)}`, () => pick()[n - 1], timeoutMs);
  }
  dispose(): void {
    this.sub.dispose();
  }
}

const SETTINGS = ['enabled', 'delay', 'actions', 'stages', 'when', 'kickOn', 'settleOn', 'formatScope', 'actionTimeout', 'formatSizeLimit', 'pauseWhileDebugging', 'settingsFiles', 'statusBar.enabled', 'statusBar.showWhenSettled', 'statusBar.alignment'];

/**
 * `config.update`, again when VS Code 1.75 reports its own settings-file race under load ("the
 * content of the file is newer", "has unsaved changes": microsoft/vscode#175515); at most 3 tries.
 */
async function update(config: vscode.WorkspaceConfiguration, key: string, value: unknown, target: vscode.ConfigurationTarget, language?: boolean): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await config.update(key, value, target, language);
    } catch (e) {
      if (attempt === 3 || !/content of the file is newer|has unsaved changes/.test(String(e))) throw e;
    }
  }
}

/** Sets workspace settings of `idleWatchdog.*` (keys without the prefix); `[lang]` keys set language overrides. */
export async function configure(values: Record<string, unknown>, languages: Record<string, Record<string, unknown>> = {}): Promise<void> {
  const config = vscode.workspace.getConfiguration('idleWatchdog');
  for (const [key, value] of Object.entries(values)) {
    await update(config, key, value, vscode.ConfigurationTarget.Workspace);
  }
  for (const [languageId, overrides] of Object.entries(languages)) {
    const scoped = vscode.workspace.getConfiguration('idleWatchdog', { languageId });
    for (const [key, value] of Object.entries(overrides)) {
      await update(scoped, key, value, vscode.ConfigurationTarget.Workspace, true);
    }
  }
}

/** Removes every workspace value of `idleWatchdog.*` (and the language overrides the suites use). */
export async function resetSettings(languages: string[] = ['json', 'plaintext', 'typescript']): Promise<void> {
  const config = vscode.workspace.getConfiguration('idleWatchdog');
  for (const key of SETTINGS) {
    if (config.inspect(key)?.workspaceValue !== undefined) await update(config, key, undefined, vscode.ConfigurationTarget.Workspace);
  }
  for (const languageId of languages) {
    const scoped = vscode.workspace.getConfiguration('idleWatchdog', { languageId });
    for (const key of SETTINGS) {
      if (scoped.inspect(key)?.workspaceLanguageValue !== undefined) {
        await update(scoped, key, undefined, vscode.ConfigurationTarget.Workspace, true);
      }
    }
  }
}

/**
 * Writes the workspace's .vscode/settings.json in one go (one configuration change, as when a
 * user saves that file), keeping files.autoSave off.
 */
export async function writeWorkspaceSettings(values: Record<string, unknown>): Promise<void> {
  const file = vscode.Uri.file(path.join(workspaceRoot(), '.vscode', 'settings.json'));
  const changed = new Promise<void>((resolve) => {
    const sub = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('idleWatchdog')) {
        sub.dispose();
        resolve();
      }
    });
  });
  await vscode.workspace.fs.writeFile(file, Buffer.from(JSON.stringify({ 'files.autoSave': 'off', ...values }, null, 2)));
  await changed;
}

let counter = 0;

/** Writes a fresh file into the workspace and opens it in an editor. */
export async function openFile(ext: string, content: string, options: { preview?: boolean; column?: vscode.ViewColumn } = {}): Promise<vscode.TextEditor> {
  const file = path.join(workspaceRoot(), 'scratch', `file${++counter}-${Date.now()}.${ext}`);
  // Through VS Code's file service, so it knows the file (and its time stamp) before opening it.
  await vscode.workspace.fs.writeFile(vscode.Uri.file(file), Buffer.from(content));
  const document = await vscode.workspace.openTextDocument(file);
  return vscode.window.showTextDocument(document, { preview: options.preview ?? false, viewColumn: options.column });
}

/** Types into the active editor as the keyboard does (VS Code's `type` command). */
export async function typeText(text: string): Promise<void> {
  await vscode.commands.executeCommand('type', { text });
}

/** Inserts text at the end of a document through an edit (works for editors in the background). */
export async function append(editor: vscode.TextEditor, text: string): Promise<void> {
  const document = editor.document;
  const end = document.lineAt(document.lineCount - 1).range.end;
  const edit = new vscode.WorkspaceEdit();
  edit.insert(document.uri, end, text);
  assert.ok(await vscode.workspace.applyEdit(edit));
}

export async function readDisk(uri: vscode.Uri): Promise<string> {
  return fs.readFile(uri.fsPath, 'utf8');
}

/** Reverts whatever is dirty and closes every editor, so no "save changes?" dialog can block the next test. */
export async function closeAll(): Promise<void> {
  for (const document of vscode.workspace.textDocuments) {
    if (document.isDirty && !document.isClosed) {
      await vscode.window.showTextDocument(document, { preview: false });
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/**
 * Records the messages the extension shows through `vscode.window[kind]` instead of showing them
 * (the tests share the `vscode` API object with the extension). Call inside a `describe`.
 */
export function captureMessages(kind: 'showInformationMessage' | 'showWarningMessage'): string[] {
  const messages: string[] = [];
  const window = vscode.window as unknown as Record<string, unknown>;
  let original: unknown;
  before(() => {
    original = window[kind];
    window[kind] = (message: string) => {
      messages.push(message);
      return Promise.resolve(undefined);
    };
  });
  beforeEach(() => void (messages.length = 0));
  after(() => void (window[kind] = original));
  return messages;
}

/**
 * The hooks every settle suite needs: the API, a fresh SettleLog per test, and afterwards the
 * settings reset, the watchdog resumed and every editor closed. Call inside a `describe`.
 */
export function useWatchdog(): { readonly api: IdleWatchdogApi; readonly settles: SettleLog } {
  let api: IdleWatchdogApi | undefined;
  let settles: SettleLog | undefined;
  before(async () => void (api = await getApi()));
  beforeEach(() => void (settles = new SettleLog(api!)));
  afterEach(async () => {
    settles?.dispose();
    api?.resume();
    await resetSettings();
    await closeAll();
  });
  return {
    get api() {
      return api!;
    },
    get settles() {
      return settles!;
    },
  };
}

/** Whether the runner can do what only the workbench page can (`drive`): the offline runner can, @vscode/test-electron cannot. */
export const canDrive = process.env.IW_HOST_DRIVER === '1';

/**
 * The window loses (`false`) or gets back (`true`) focus, as the browser would report it (see
 * `drive` in run-offline.mjs); resolves once the extension host has been told.
 */
export async function setWindowFocus(focused: boolean): Promise<void> {
  if (vscode.window.state.focused === focused) return;
  console.log(`IW-DRIVER ${JSON.stringify({ focus: focused })}`);
  await waitFor(`the window to be ${focused ? 'focused' : 'unfocused'}`, () => vscode.window.state.focused === focused, 15_000);
}
