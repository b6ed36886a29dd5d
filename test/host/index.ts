// The extension-host test entry (VS Code calls `run()`), shared by the offline runner
// (test/host/run-offline.mjs, code-server + Chromium) and @vscode/test-electron (run-electron.mjs).
// Bundled by `node esbuild.mjs --tests` into out/test/host/index.js; mocha stays external. The
// extension itself is the one VS Code loads (dist/extension.js; `npm run test:host` builds it with
// --production, as it ships); the suites reach it through its API or `extensionModule()`.
//
// Which suites run is decided by the opened workspace: the basename of the first workspace folder,
// or the name of the .code-workspace file without its extension (see `suitesByWorkspace`).
// A grep pattern comes from the environment variable IW_HOST_GREP (set by the runners).
import * as path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { registerApiSuite } from './suites/api.test';
import { registerConsentSuite } from './suites/consent.test';
import { registerActivationBench } from './bench/activation.bench';
import { registerLatencyBench } from './bench/latency.bench';
import { registerNotebookBench } from './bench/notebook.bench';
import { registerFileSystemsSuite } from './suites/fileSystems.test';
import { registerFormatSuite } from './suites/format.test';
import { registerMultiRootSuite } from './suites/multiRoot.test';
import { registerOnboardingSuite } from './suites/onboarding.test';
import { registerNotebooksSuite } from './suites/notebooks.test';
import { registerRacesSuite } from './suites/races.test';
import { registerRestrictedSuite } from './suites/restricted.test';
import { registerSafetySuite } from './suites/safety.test';
import { registerSettleSuite } from './suites/settle.test';
import { registerSmokeSuite } from './suites/smoke.test';
import { registerStressSuite } from './suites/stress.test';
import { registerTypistSuite } from './suites/typist.test';
import { registerOracleSuite } from './suites/oracle.test';
import { registerOutsideSuite } from './suites/outside.test';
import { registerLeaveSuite } from './suites/leave.test';
import { registerScopeEnginesSuite, registerScopeSuite } from './suites/scope.test';
import { registerUiSuite } from './suites/ui.test';

/** Workspace (fixture) name → suites to register. Add a fixture under test/fixtures and a run in runs.mjs. */
const suitesByWorkspace: Record<string, Array<() => void>> = {
  basic: [registerSmokeSuite, registerApiSuite, registerSettleSuite, registerUiSuite, registerSafetySuite, registerRacesSuite],
  languages: [registerFormatSuite, registerOnboardingSuite, registerScopeSuite],
  engines: [registerTypistSuite, registerOracleSuite, registerScopeEnginesSuite],
  stress: [registerStressSuite],
  installed: [registerApiSuite],
  bench: [registerActivationBench, registerLatencyBench, registerNotebookBench],
  restricted: [registerRestrictedSuite, registerConsentSuite],
  multi: [registerMultiRootSuite],
  documents: [registerNotebooksSuite, registerFileSystemsSuite, registerOutsideSuite, registerLeaveSuite],
};

/** The line the runners parse; keep the prefix stable. */
const RESULT_PREFIX = 'IW-HOST-RESULT ';

function workspaceKey(): string | undefined {
  const file = vscode.workspace.workspaceFile;
  if (file && file.scheme !== 'untitled') return path.posix.basename(file.path).replace(/\.code-workspace$/, '');
  const first = vscode.workspace.workspaceFolders?.[0];
  return first && path.posix.basename(first.uri.path);
}

type ConsoleMethod = 'log' | 'info' | 'warn' | 'error' | 'debug';

/**
 * While the tests run, console output is formatted here (the web workbench forwards the raw
 * printf-style arguments and would show "%d passing 3") and, when the offline runner sets
 * IW_HOST_LOG_TAG, tagged so the runner can tell extension-host lines from workbench noise.
 * Returns the restore function.
 */
function patchConsole(): () => void {
  const tag = process.env.IW_HOST_LOG_TAG ?? '';
  const methods: ConsoleMethod[] = ['log', 'info', 'warn', 'error', 'debug'];
  // The extension host installs console.* as getter/no-op-setter accessors (to forward output),
  // so plain assignment is ignored: redefine the properties, and put the descriptors back after.
  const saved = methods.map((m) => Object.getOwnPropertyDescriptor(console, m));
  for (const m of methods) {
    const forward = console[m];
    const value = (...args: unknown[]) => forward.call(console, tag + format(...args));
    try {
      Object.defineProperty(console, m, { value, writable: true, configurable: true });
    } catch {
      /* not configurable: output stays unformatted and untagged */
    }
  }
  const baseLog = Mocha.reporters.Base.consoleLog;
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(...args);
  return () => {
    methods.forEach((m, i) => {
      const d = saved[i];
      if (d) Object.defineProperty(console, m, d);
    });
    Mocha.reporters.Base.consoleLog = baseLog;
  };
}

function report(result: { workspace?: string; passing: number; failing: number; pending: number; error?: string }): void {
  console.log(RESULT_PREFIX + JSON.stringify({ ...result, vscode: vscode.version, node: process.version }));
}

export async function run(): Promise<void> {
  const restoreConsole = patchConsole();
  try {
    await runSuites();
  } finally {
    restoreConsole();
  }
}

async function runSuites(): Promise<void> {
  const workspace = workspaceKey();
  const register = workspace === undefined ? undefined : suitesByWorkspace[workspace];
  if (!register) {
    const error = `no host suites for workspace "${workspace ?? '(none)'}"; known: ${Object.keys(suitesByWorkspace).join(', ')}`;
    report({ workspace, passing: 0, failing: 1, pending: 0, error });
    throw new Error(error);
  }

  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 60_000 });
  const grep = process.env.IW_HOST_GREP;
  if (grep) mocha.grep(grep);

  // Many fixtures and suites bring command actions through workspace settings and expect them to
  // run: the question before a folder's own commands (issue 22) is off for the whole run, as a
  // user who wants the old behaviour turns it off; the consent suite turns it on for its tests.
  await vscode.workspace.getConfiguration('idleWatchdog').update('askBeforeWorkspaceCommands', false, vscode.ConfigurationTarget.Global);

  // Define describe/it/before… on globalThis, as `mocha` does for each spec file, then register.
  mocha.suite.emit(Mocha.Suite.constants.EVENT_FILE_PRE_REQUIRE, globalThis, `host/${workspace}`, mocha);
  for (const r of register) r();

  const stats = await new Promise<Mocha.Stats>((resolve, reject) => {
    try {
      const runner = mocha.run(() => resolve(runner.stats ?? ({ passes: 0, failures: 1, pending: 0 } as Mocha.Stats)));
    } catch (e) {
      reject(e);
    }
  });
  report({ workspace, passing: stats.passes, failing: stats.failures, pending: stats.pending });
  if (stats.failures > 0) throw new Error(`${stats.failures} host test(s) failed`);
}
