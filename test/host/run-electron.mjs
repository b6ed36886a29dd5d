#!/usr/bin/env node
// `npm run test:electron`: the same host tests (test/host/index.ts, runs.mjs) in desktop VS Code,
// downloaded by @vscode/test-electron. Needs internet (update.code.visualstudio.com) and, on Linux
// without a display, xvfb: `xvfb-run -a npm run test:electron`. Offline, use `npm run test:host`.
//
//   node test/host/run-electron.mjs [--run NAME[,NAME]] [--grep PATTERN]
//
// Environment: IW_VSCODE_VERSION (default "stable"; e.g. "1.100.3" to match the offline runner,
// or "insiders"); IW_VSCODE_EXECUTABLE to use an installed VS Code instead of downloading one.
//
// runTests() always adds --disable-workspace-trust, so untrusted (Restricted Mode) runs launch the
// downloaded VS Code directly, with the same arguments minus that flag.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TestRunFailedError, downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { parseArgs, runName } from './runs.mjs';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const TEST_ENTRY = path.join(REPO_ROOT, 'out', 'test', 'host', 'index');
const VERSION = process.env.IW_VSCODE_VERSION || 'stable';
const RESULT_PREFIX = 'IW-HOST-RESULT ';

/** Collects IW-HOST-RESULT lines from output chunks. */
function resultScanner() {
  let partial = '';
  const results = [];
  return {
    results,
    feed(chunk) {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop();
      for (const line of lines) {
        const i = line.indexOf(RESULT_PREFIX);
        if (i < 0) continue;
        try {
          results.push(JSON.parse(line.slice(i + RESULT_PREFIX.length)));
        } catch {
          /* ignore */
        }
      }
    },
  };
}

/** Same as test-electron's own launch, without --disable-workspace-trust. */
function launchUntrusted(executable, args, env, scanner) {
  return new Promise((resolve) => {
    const child = spawn(executable, args, { env: { ...process.env, ...env } });
    const onSigint = () => child.kill('SIGINT');
    process.on('SIGINT', onSigint);
    child.stdout.on('data', (d) => {
      scanner.feed(d);
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => process.stderr.write(d));
    child.on('error', (e) => console.error(`cannot start VS Code: ${e.message}`));
    child.on('close', (code, signal) => {
      process.off('SIGINT', onSigint);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

async function main() {
  const { selected, grep } = parseArgs(process.argv.slice(2));
  // Both bundles are built here so they are never stale; the extension as it ships (--production).
  const build = spawnSync(process.execPath, ['esbuild.mjs', '--production', '--tests'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('node esbuild.mjs --production --tests failed');
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    console.warn('[electron] no DISPLAY: run under xvfb (xvfb-run -a npm run test:electron) or use npm run test:host');
  }

  const executable =
    process.env.IW_VSCODE_EXECUTABLE ||
    await downloadAndUnzipVSCode({ version: VERSION, cachePath: path.join(REPO_ROOT, '.vscode-test') });
  const env = grep ? { IW_HOST_GREP: grep } : {};
  const outcomes = [];

  for (const run of selected) {
    const name = runName(run);
    console.log(`\n[electron] ▶ ${name}${run.trusted ? '' : ' (restricted mode)'}`);
    const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'iw-electron-'));
    const src = path.resolve(REPO_ROOT, run.fixture);
    // Copy the fixture (tests may edit files), keeping its name: index.ts picks suites by it.
    const copied = src.endsWith('.code-workspace') ? path.dirname(src) : src;
    await fs.cp(copied, path.join(tmp, path.basename(copied)), { recursive: true });
    const target = path.join(tmp, path.basename(copied), ...(src.endsWith('.code-workspace') ? [path.basename(src)] : []));
    const profile = ['--user-data-dir', path.join(tmp, 'user-data'), '--extensions-dir', path.join(tmp, 'extensions')];
    const scanner = resultScanner();
    let code;
    try {
      if (run.trusted) {
        // runTests pipes VS Code's stdout to ours: watch it for the result line.
        const write = process.stdout.write.bind(process.stdout);
        process.stdout.write = (chunk, ...rest) => {
          scanner.feed(chunk);
          return write(chunk, ...rest);
        };
        try {
          code = await runTests({
            vscodeExecutablePath: executable,
            extensionDevelopmentPath: [REPO_ROOT, ...(run.extensions ?? []).map((dir) => path.join(REPO_ROOT, dir))],
            extensionTestsPath: TEST_ENTRY,
            extensionTestsEnv: env,
            launchArgs: [target, '--disable-extensions', '--disable-workspace-trust', ...profile],
          });
        } catch (e) {
          if (!(e instanceof TestRunFailedError)) throw e;
          code = e.code ?? 1;
        } finally {
          process.stdout.write = write;
        }
      } else {
        code = await launchUntrusted(
          executable,
          [
            target,
            '--disable-extensions',
            ...profile,
            '--no-sandbox',
            '--disable-gpu-sandbox',
            '--disable-updates',
            '--skip-welcome',
            '--skip-release-notes',
            `--extensionTestsPath=${TEST_ENTRY}`,
            `--extensionDevelopmentPath=${REPO_ROOT}`,
          ],
          env,
          scanner,
        );
      }
    } finally {
      await fs.rm(tmp, { recursive: true, force: true }).catch(() => {});
    }
    const result = scanner.results.at(-1);
    outcomes.push({ name, code, result, ok: code === 0 && !!result && result.failing === 0 });
  }

  let passing = 0;
  let failing = 0;
  for (const o of outcomes) {
    passing += o.result?.passing ?? 0;
    failing += o.ok ? 0 : Math.max(o.result?.failing ?? 0, 1);
  }
  const info = outcomes.find((o) => o.result)?.result;
  const bad = outcomes.filter((o) => !o.ok).map((o) => o.name);
  if (bad.length) console.log(`\n[electron] failed: ${bad.join(', ')}`);
  console.log(`VS Code ${info?.vscode ?? 'unknown'} (extension host, Node ${info?.node ?? 'unknown'}): ${passing} passing, ${failing} failing`);
  return bad.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`[electron] ${e?.stack ?? e}`);
    console.log('VS Code unknown (extension host, Node unknown): 0 passing, 1 failing');
    process.exit(1);
  },
);
