// Bundles the extension (and, with --tests, the host test suites) with esbuild. `--production`
// minifies (what ships: `npm run package`, and what the host and e2e tests run) and caps the size.
// Types are checked separately by `tsc --noEmit` (esbuild does not type-check).
import { statSync } from 'node:fs';
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
  // The oldest VS Code in engines.vscode (1.75, Electron 19) runs extensions on Node 16.14.
  target: 'node16.14',
  external: ['vscode'],
  logLevel: 'warning',
  // Non-ASCII text (…, —, ’ in messages) as UTF-8, not as \uXXXX escapes.
  charset: 'utf8',
  plugins: watch ? [problemMatcher] : [],
};

/**
 * A guard, not a budget (`--production` fails above it): what users feel is activation time,
 * measured by `npm run bench:host` (activation_ms, activation_vs_bare). Generous, so messages need
 * not be shortened for bytes, yet a mistake such as a bundled dependency still fails the build.
 */
const MAX_BUNDLE_BYTES = 160 * 1024;
/** The bundles that ship: the Node extension host's (`main`) and the web worker's (`browser`). */
const SHIPPED = ['dist/extension.js', 'dist/web/extension.js'];

const builds = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    minify: production,
    sourcemap: !production,
    sourcesContent: false,
  },
  // VS Code for the Web (vscode.dev, github.dev, code-server's web worker extension host): the same
  // code for a web worker — no Node built-ins, no `process` (src/log.ts checks before reading it).
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/web/extension.js',
    platform: 'browser',
    target: 'es2022',
    mainFields: ['browser', 'module', 'main'],
    minify: production,
    sourcemap: !production,
    sourcesContent: false,
  },
];
if (tests) {
  // The host suites run inside the extension host; mocha stays external (loaded from node_modules).
  // They reach the extension only through its bundle (dist/extension.js, loaded by VS Code), never
  // through a copy of src/ compiled into the test bundle: checked below with the metafile.
  builds.push({
    ...common,
    entryPoints: ['test/host/index.ts'],
    outfile: 'out/test/host/index.js',
    external: ['vscode', 'mocha'],
    sourcemap: true,
    metafile: true,
  });
}

/** Fails the build when the test bundle compiled anything from src/ (imports of types only are fine). */
function checkTestBundle(result) {
  const fromSrc = Object.keys(result.metafile.inputs).filter((f) => f.startsWith('src/'));
  if (fromSrc.length) {
    throw new Error(`out/test/host/index.js compiles its own copy of ${fromSrc.join(', ')}: host tests must use the extension's bundle (dist/extension.js) instead`);
  }
}

/** Fails a --production build when a shipped bundle is above MAX_BUNDLE_BYTES. */
function checkBundleSize() {
  for (const file of SHIPPED) {
    const bytes = statSync(file).size;
    if (bytes > MAX_BUNDLE_BYTES) {
      throw new Error(`${file} is ${bytes} bytes, over the ${MAX_BUNDLE_BYTES}-byte cap (${MAX_BUNDLE_BYTES / 1024} KiB)`);
    }
    console.log(`${file}: ${bytes} bytes (cap ${MAX_BUNDLE_BYTES})`);
  }
}

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  try {
    const results = await Promise.all(builds.map((b) => esbuild.build(b)));
    if (tests) checkTestBundle(results[2]);
    if (production) checkBundleSize();
  } catch (e) {
    console.error(`esbuild.mjs: ${e.message}`);
    process.exitCode = 1;
  }
}
