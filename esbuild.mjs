// Bundles the extension (and, with --tests, the host test suites) with esbuild.
// Types are checked separately by `tsc --noEmit` (esbuild does not type-check).
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');

/** Prints errors in the format of VS Code's `$esbuild-watch` problem matcher. */
const problemMatcher = {
  name: 'esbuild-problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: ['vscode'],
  logLevel: 'warning',
  plugins: watch ? [problemMatcher] : [],
};

/**
 * Internal member names the production build may shorten (the bundle must stay small). Only names
 * that never cross the bundle's edge: not settings keys read from JSON, not the `vscode` API, not
 * the public API of src/api.ts. The e2e test runs the packaged (mangled) build.
 */
const INTERNAL_NAMES = [
  // core/watchdog.ts
  'heapIndex', 'heapDeadline', 'lastKick', 'pausedAt', 'afterHeapChange', 'reportError', 'dispatching',
  'restartRound', 'reposition', 'applyStages', 'armTimer', 'clearTimer', 'onTimer', 'heapPush', 'heapRemove',
  'siftUp', 'siftDown', 'rebuildHeap', 'timerDeadline', 'defaultSource', 'onFireCallback', 'isPending',
  'delays', 'epoch', '_onDidChangePending', '_onDidFire', '_onDidCancel', '_onDidError',
  // adapters
  'disposables', 'ownEdits', 'controller', 'listeners', 'disposed', 'lastSettles', 'runActions', 'withTimeLimit',
  'recordFailure', 'backoff', 'failures', 'rounds', 'navigations', 'swallowed', 'forgotten', 'readDocument',
  'readWindow', 'reportNew', 'windowConfig', 'ensureItem', 'clearTick', 'tooltipFor', 'settingsBatch',
  'settingsShown', 'settingsTimer', 'applySettings', 'watchdog', 'settings', 'heap', 'expected', 'forDocument',
  'windowStages', 'restoredKeys', 'refresh', 'clock', 'notifyPending',
];

const builds = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    minify: production,
    mangleProps: production ? new RegExp(`^(${INTERNAL_NAMES.join('|')})$`) : undefined,
    sourcemap: !production,
    sourcesContent: false,
  },
];
if (tests) {
  // The host suites run inside the extension host; mocha stays external (loaded from node_modules).
  builds.push({
    ...common,
    entryPoints: ['test/host/index.ts'],
    outfile: 'out/test/host/index.js',
    external: ['vscode', 'mocha'],
    sourcemap: true,
  });
}

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
