// Real VS Code (the code-server build of VS Code's server) driven by headless Chromium, offline.
// Recipe and the reasons behind each step: /work/shared/HOST-TESTS.md (copied in docs of this file).
//
// Used by `npm run test:host` (test/host/run-offline.mjs) and by any script that needs a live
// workbench (screenshots, e2e). Everything this module starts is killed on dispose(), on process
// exit and on SIGINT/SIGTERM/SIGHUP.
//
// Environment:
//   CHROME_PATH         Chromium/Chrome binary (default /usr/bin/chromium)
//   IW_HOST_VERBOSE=1   stream npm output during the install and the server's own log
//   IW_HOST_KEEP=1      keep temp dirs (user data, logs) after dispose, for post-mortems
//   IW_HOST_CACHE_DIR   where code-server is installed (default <repo>/.vscode-test), one folder per version
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The default code-server release (VS Code 1.100.3); each code-server release ships one VS Code. */
export const CODE_SERVER_VERSION = '4.100.3';
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const CACHE_ROOT = path.resolve(process.env.IW_HOST_CACHE_DIR || path.join(REPO_ROOT, '.vscode-test'));
const installDir = (version) => path.join(CACHE_ROOT, `code-server-${version}`);
const lockDir = (version) => `${installDir(version)}.lock`;
const markerFile = (version) => path.join(installDir(version), '.install-complete.json');
/** Native modules to build for the running Node; older releases name some differently (`spdlog`). */
const NATIVE_MODULES = ['@parcel/watcher', '@vscode/spdlog', 'spdlog', 'kerberos', 'native-watchdog', 'node-pty', '@vscode/deviceid'];

const verbose = !!process.env.IW_HOST_VERBOSE;
const keepTemp = !!process.env.IW_HOST_KEEP;
const log = (msg) => console.log(`[host] ${msg}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** `fn` runs once; every call returns that run's promise (so a second dispose() waits for the first). */
const once = (fn) => {
  let p;
  return () => (p ??= fn());
};

function serverPaths(version) {
  const pkgDir = path.join(installDir(version), 'node_modules', 'code-server');
  return {
    version,
    installDir: installDir(version),
    codeServerDir: pkgDir,
    entry: path.join(pkgDir, 'out', 'node', 'entry.js'),
    vscodeDir: path.join(pkgDir, 'lib', 'vscode'),
  };
}

// ---------------------------------------------------------------------------------------------
// Process bookkeeping: everything we start is tracked and killed on exit or on a signal.

/** @type {Set<{ name: string, killSync: () => void, dispose: () => Promise<void> }>} */
const live = new Set();
let handlersInstalled = false;
let interruptedBy;
let interruptHandler;

/** The signal that interrupted this process (SIGINT/SIGTERM/SIGHUP), if any. */
export function interrupted() {
  return interruptedBy;
}

/**
 * On SIGINT/SIGTERM/SIGHUP everything started here is disposed first; then, by default, the
 * process exits with 128+signal. With a handler, `fn(signal)` is called instead and the caller
 * exits (forced after 10 s). A second signal kills everything at once and exits.
 */
export function onInterrupt(fn) {
  interruptHandler = fn;
  installHandlers();
}

function track(resource) {
  installHandlers();
  live.add(resource);
  return () => live.delete(resource);
}

function throwIfInterrupted() {
  if (interruptedBy) throw new Error(`interrupted (${interruptedBy})`);
}

function installHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', () => {
    for (const r of live) r.killSync();
  });
  const signals = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 };
  for (const [sig, num] of Object.entries(signals)) {
    process.on(sig, () => {
      if (interruptedBy) {
        for (const r of live) r.killSync();
        process.exit(128 + num);
      }
      interruptedBy = sig;
      console.error(`\n[host] ${sig}: stopping ${[...live].map((r) => r.name).join(', ') || 'nothing'}`);
      void disposeAll().finally(() => {
        if (!interruptHandler) process.exit(128 + num);
        setTimeout(() => process.exit(128 + num), 10_000).unref();
        interruptHandler(sig);
      });
    });
  }
}

/** Disposes everything this module started (browsers first, then servers). Never throws. */
export async function disposeAll() {
  const all = [...live].reverse();
  await Promise.race([Promise.allSettled(all.map((r) => r.dispose())), sleep(10_000)]);
  for (const r of live) r.killSync();
}

/** pid -> ppid for every process, from /proc (Linux). */
function processTable() {
  const table = new Map();
  let entries = [];
  try {
    entries = readdirSync('/proc');
  } catch {
    return table;
  }
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // "pid (comm) state ppid ..." — comm may contain spaces/parens, so parse after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      table.set(Number(name), ppid);
    } catch {
      /* process vanished */
    }
  }
  return table;
}

function descendants(pid, table = processTable()) {
  const out = [];
  const queue = [pid];
  while (queue.length) {
    const p = queue.shift();
    for (const [child, parent] of table) {
      if (parent === p && !out.includes(child)) {
        out.push(child);
        queue.push(child);
      }
    }
  }
  return out;
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

function signalTree(pid, signal, extra = []) {
  const pids = [pid, ...descendants(pid), ...extra];
  try {
    process.kill(-pid, signal); // the process group (we start leaders with detached: true)
  } catch {
    /* not a group leader / already gone */
  }
  for (const p of pids) {
    try {
      process.kill(p, signal);
    } catch {
      /* gone */
    }
  }
  return pids;
}

/** SIGTERM the process group and all descendants, then SIGKILL whatever is left after `graceMs`. */
async function killTree(pid, graceMs = 3000) {
  const pids = signalTree(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && pids.some(alive)) await sleep(50);
  if (pids.some(alive)) signalTree(pid, 'SIGKILL', pids);
}

// ---------------------------------------------------------------------------------------------
// Install

function runCommand(cmd, args, { cwd, env, label }) {
  return new Promise((resolve, reject) => {
    const output = [];
    // npm must build native modules for the Node that runs the server: put it first on PATH.
    const PATH = `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`;
    const child = spawn(cmd, args, { cwd, env: { ...process.env, PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const untrack = track({ name: label, killSync: () => signalTree(child.pid, 'SIGKILL'), dispose: () => killTree(child.pid) });
    const onData = (d) => {
      output.push(d.toString());
      if (verbose) process.stdout.write(d);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (e) => {
      untrack();
      reject(new Error(`${label}: cannot run ${cmd}: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      untrack();
      if (code === 0) return resolve(output.join(''));
      const tail = output.join('').split('\n').slice(-40).join('\n');
      reject(new Error(`${label} failed (${signal ?? `exit ${code}`}): ${cmd} ${args.join(' ')}\n  in ${cwd}\n${tail}`));
    });
  });
}

function readMarker(version) {
  try {
    return JSON.parse(readFileSync(markerFile(version), 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * The install is usable if it completed, its native modules match the running Node's ABI and
 * spdlog's binding was built (installs made before the nan step completed without it).
 */
function installIsComplete(version) {
  const m = readMarker(version);
  const modules = path.join(serverPaths(version).vscodeDir, 'node_modules');
  const spdlogBuilt = ['@vscode/spdlog', 'spdlog'].some((n) => existsSync(path.join(modules, n, 'build', 'Release', 'spdlog.node')));
  return !!m && m.version === version && m.modules === process.versions.modules && existsSync(serverPaths(version).entry) && spdlogBuilt;
}

/** The built-in TypeScript language features need the extensions' shared `typescript` package. */
function typescriptPath(version) {
  return path.join(serverPaths(version).vscodeDir, 'extensions', 'node_modules', 'typescript', 'package.json');
}

/**
 * Installs the shared `typescript` package into lib/vscode/extensions (from its own package.json,
 * production dependencies only), so the built-in TypeScript server runs offline. Also for caches
 * made before this step existed.
 */
async function ensureTypescript(version, npmFlags) {
  if (existsSync(typescriptPath(version))) return;
  const cwd = path.join(serverPaths(version).vscodeDir, 'extensions');
  const t = Date.now();
  log('  typescript for the built-in TypeScript language features (lib/vscode/extensions)');
  await runCommand('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-save', '--no-package-lock', ...npmFlags], { cwd, label: 'npm install typescript' });
  log(`      done in ${((Date.now() - t) / 1000).toFixed(0)}s`);
}

/**
 * `nan` is the C++ header library native modules compile against (read only while compiling).
 * Before 2.18 it does not compile against Node 20's V8: code-server 4.10/4.12 (VS Code 1.75/1.77)
 * pin nan 2.15 under `spdlog` 0.13.6, whose build then fails with "error: 'AccessorSignature' is
 * not a member of 'v8'", and their extension host does not start without spdlog's binding.
 * Each nan older than 2.18 in lib/vscode is replaced by NAN_VERSION before the rebuild; every
 * module's own source, and all of VS Code, stay as shipped. Newer releases have no old nan.
 */
const NAN_VERSION = '2.22.0';

async function newerNan(paths, step) {
  const root = path.join(paths.vscodeDir, 'node_modules');
  const scopes = (dir) => (existsSync(dir) ? readdirSync(dir) : []).flatMap((n) => (n.startsWith('@') ? readdirSync(path.join(dir, n)).map((m) => `${n}/${m}`) : [n]));
  const candidates = [path.join(root, 'nan'), ...scopes(root).map((m) => path.join(root, m, 'node_modules', 'nan'))];
  const old = candidates.filter((dir) => {
    try {
      const [major, minor] = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).version.split('.').map(Number);
      return major < 2 || (major === 2 && minor < 18);
    } catch {
      return false;
    }
  });
  if (old.length === 0) return;
  const tools = path.join(paths.installDir, 'build-tools');
  await fs.mkdir(tools, { recursive: true });
  await fs.writeFile(path.join(tools, 'package.json'), JSON.stringify({ name: 'iw-build-tools', private: true }));
  await step('2b', `nan@${NAN_VERSION} for ${old.map((d) => path.relative(root, d)).join(', ')} (older nan does not compile on Node 20)`, tools, ['install', '--ignore-scripts', '--no-package-lock', `nan@${NAN_VERSION}`]);
  for (const dir of old) {
    await fs.rm(dir, { recursive: true, force: true });
    await fs.cp(path.join(tools, 'node_modules', 'nan'), dir, { recursive: true });
  }
}

/** The extension host does not start without spdlog's binding: a failed build fails the install here. */
async function checkSpdlog(paths) {
  const name = ['@vscode/spdlog', 'spdlog'].find((m) => existsSync(path.join(paths.vscodeDir, 'node_modules', m)));
  if (!name) return;
  await runCommand(process.execPath, ['-e', `require(${JSON.stringify(path.join(paths.vscodeDir, 'node_modules', name))})`], {
    cwd: paths.vscodeDir,
    label: `load ${name}'s native binding`,
  });
}

async function acquireLock(version) {
  const LOCK_DIR = lockDir(version);
  await fs.mkdir(CACHE_ROOT, { recursive: true });
  let announced = false;
  for (;;) {
    try {
      await fs.mkdir(LOCK_DIR);
      await fs.writeFile(path.join(LOCK_DIR, 'pid'), String(process.pid));
      return async () => fs.rm(LOCK_DIR, { recursive: true, force: true });
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
    }
    let owner = NaN;
    try {
      owner = Number(readFileSync(path.join(LOCK_DIR, 'pid'), 'utf8'));
    } catch {
      /* being created right now, or left empty by a crash */
    }
    const stat = await fs.stat(LOCK_DIR).catch(() => undefined);
    const stale = Number.isFinite(owner) && owner > 0 ? !alive(owner) : !!stat && Date.now() - stat.mtimeMs > 10_000;
    if (stale) {
      log(`removing stale install lock ${LOCK_DIR}`);
      await fs.rm(LOCK_DIR, { recursive: true, force: true });
      continue;
    }
    if (!announced) {
      log(`waiting for another process (pid ${owner}) installing code-server…`);
      announced = true;
    }
    await sleep(1000);
  }
}

/**
 * Installs code-server (VS Code server) `version` (default CODE_SERVER_VERSION) once into
 * `.vscode-test/code-server-<version>/`, beside the other versions. Safe to call from several
 * processes at once (a lock dir per version serialises installs).
 * @param {string} [version]
 * @returns {Promise<{ version: string, installDir: string, codeServerDir: string, entry: string, vscodeDir: string }>}
 */
export async function ensureServer(version = CODE_SERVER_VERSION) {
  throwIfInterrupted();
  const paths = serverPaths(version);
  const INSTALL_DIR = installDir(version);
  const npmFlags = ['--no-audit', '--no-fund', '--loglevel=error'];
  if (installIsComplete(version) && existsSync(typescriptPath(version))) return paths;
  const release = await acquireLock(version);
  try {
    if (installIsComplete(version)) {
      // someone else finished while we waited, or a cache from before the typescript step
      await ensureTypescript(version, npmFlags);
      return paths;
    }
    const rg = ['/usr/bin/rg', '/usr/local/bin/rg'].find((p) => existsSync(p));
    if (!rg) throw new Error('ripgrep not found: apt-get install -y ripgrep');
    if (!existsSync('/usr/include/krb5.h') && !existsSync('/usr/include/gssapi/gssapi.h')) {
      log('warning: libkrb5-dev seems missing (kerberos will not compile): apt-get install -y libkrb5-dev');
    }

    const started = Date.now();
    log(`installing code-server ${version} (VS Code server) into ${path.relative(REPO_ROOT, INSTALL_DIR)} — about 2 minutes, once`);
    await fs.rm(INSTALL_DIR, { recursive: true, force: true }); // a half install is redone from scratch
    await fs.mkdir(INSTALL_DIR, { recursive: true });
    // Own package.json, or npm would walk up and install into the repository itself.
    await fs.writeFile(
      path.join(INSTALL_DIR, 'package.json'),
      JSON.stringify({ name: 'iw-code-server-cache', private: true, description: 'cache for test/host/server.mjs' }, null, 2),
    );
    const step = async (n, what, cwd, args, env) => {
      const t = Date.now();
      log(`  ${n}/5 ${what}`);
      await runCommand('npm', [...args, ...npmFlags], { cwd, env, label: what });
      log(`      done in ${((Date.now() - t) / 1000).toFixed(0)}s`);
    };

    await step(1, `npm install code-server@${version}`, INSTALL_DIR, ['install', '--ignore-scripts', `code-server@${version}`]);
    // Older releases' dependencies were resolved by yarn: npm finds peer conflicts (xterm's addons
    // in 4.10) that yarn ignored; those install as yarn did with --legacy-peer-deps.
    await step(2, 'npm install (lib/vscode, production deps)', paths.vscodeDir, ['install', '--omit=dev', '--ignore-scripts']).catch((e) => {
      if (!/ERESOLVE/.test(e.message)) throw e;
      log('      peer dependency conflict (a yarn-era release): again with --legacy-peer-deps');
      return step(2, 'npm install --legacy-peer-deps (lib/vscode, production deps)', paths.vscodeDir, ['install', '--omit=dev', '--ignore-scripts', '--legacy-peer-deps']);
    });
    await newerNan(paths, step);
    const natives = NATIVE_MODULES.filter((m) => existsSync(path.join(paths.vscodeDir, 'node_modules', m)));
    await step(3, `npm rebuild ${natives.join(' ')}`, paths.vscodeDir, ['rebuild', ...natives], { npm_config_yes: 'true' });
    await checkSpdlog(paths);

    log('  4/5 ripgrep from Debian, node_modules.asar link');
    const rgDest = path.join(paths.vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');
    await fs.mkdir(path.dirname(rgDest), { recursive: true });
    await fs.copyFile(rg, rgDest);
    await fs.chmod(rgDest, 0o755);
    const asar = path.join(paths.vscodeDir, 'node_modules.asar');
    await fs.rm(asar, { force: true, recursive: true });
    await fs.symlink('node_modules', asar);

    await step(5, 'npm rebuild argon2', INSTALL_DIR, ['rebuild', 'argon2']);
    await ensureTypescript(version, npmFlags);

    // Sanity check: the server starts and reports its version.
    const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'iw-cs-check-'));
    try {
      const out = await runCommand(process.execPath, [paths.entry, '--config', path.join(tmp, 'config.yaml'), '--version'], {
        cwd: tmp,
        env: { XDG_DATA_HOME: path.join(tmp, 'xdg-data') },
        label: 'code-server --version',
      });
      log(`  check: code-server --version → ${out.trim().split('\n').pop()}`);
    } finally {
      await fs.rm(tmp, { recursive: true, force: true });
    }

    await fs.writeFile(
      markerFile(version),
      JSON.stringify({ version, node: process.version, modules: process.versions.modules, at: new Date().toISOString() }, null, 2),
    );
    log(`code-server ${version} installed in ${((Date.now() - started) / 1000).toFixed(0)}s`);
    return paths;
  } finally {
    await release();
  }
}

// ---------------------------------------------------------------------------------------------
// Server

/** A free TCP port on 127.0.0.1 (asked from the OS; tiny race window until the server binds it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Whether `port` on 127.0.0.1 can be bound right now. */
export function portIsFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

function httpOk(url) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode !== undefined && res.statusCode < 500);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
  });
}

/** Environment for the server (and so for the extension host): drop what would confuse it. */
function serverEnv(extra) {
  const env = { ...process.env };
  for (const k of Object.keys(env)) {
    // VSCODE_IPC_HOOK_CLI & co (when run from a VS Code terminal) make code-server act as a CLI
    // of the outer instance; NODE_OPTIONS (e.g. --inspect, --import tsx) leaks into every process.
    if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE' || k === 'NODE_OPTIONS') delete env[k];
  }
  return { ...env, EXTENSIONS_GALLERY: '{}', ...extra };
}

function serverArgs(paths, { tmp, extensionsDir, userDataDir, port }) {
  return [
    paths.entry,
    '--config', path.join(tmp, 'config.yaml'),
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--ignore-last-opened',
    '--disable-getting-started-override',
  ];
}

/**
 * Starts a VS Code server on a free loopback port, with fresh user-data/extensions/config dirs.
 * With `port`, that port instead of a free one (an error if it is taken).
 * @param {{ folder?: string, workspaceFile?: string, trusted?: boolean, extensionsDir?: string,
 *           userDataDir?: string, env?: Record<string,string>, onLog?: (line: string) => void,
 *           startTimeoutMs?: number, port?: number, version?: string }} opts (version: code-server's, default CODE_SERVER_VERSION)
 * @returns {Promise<{ port: number, url: string, pid: number, tmpDir: string, userDataDir: string,
 *           extensionsDir: string, logFile: string, folder?: string, workspaceFile?: string,
 *           dispose: () => Promise<void> }>}
 */
export async function startServer(opts = {}) {
  const { folder, workspaceFile, trusted = true, env, onLog, startTimeoutMs = 60_000 } = opts;
  if (folder && workspaceFile) throw new Error('startServer: pass folder or workspaceFile, not both');
  const target = folder ?? workspaceFile;
  if (target && !existsSync(target)) throw new Error(`startServer: ${target} does not exist`);
  const paths = await ensureServer(opts.version);
  throwIfInterrupted();

  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'iw-host-server-'));
  const userDataDir = opts.userDataDir ?? path.join(tmp, 'user-data');
  const extensionsDir = opts.extensionsDir ?? path.join(tmp, 'extensions');
  await fs.mkdir(userDataDir, { recursive: true });
  await fs.mkdir(extensionsDir, { recursive: true });
  await fs.mkdir(path.join(tmp, 'tmp'));
  const port = opts.port ?? (await freePort());
  if (opts.port !== undefined && !(await portIsFree(port))) {
    await fs.rm(tmp, { recursive: true, force: true }).catch(() => {});
    throw new Error(`startServer: port ${port} on 127.0.0.1 is in use`);
  }
  await fs.writeFile(path.join(tmp, 'config.yaml'), `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const logFile = path.join(tmp, 'server.log');
  const logStream = (await fs.open(logFile, 'w')).createWriteStream();

  const args = serverArgs(paths, { tmp, extensionsDir, userDataDir, port });
  if (trusted) args.push('--disable-workspace-trust');
  if (target) args.push(path.resolve(target));

  const child = spawn(process.execPath, args, {
    cwd: tmp,
    // TMPDIR: VS Code leaves sockets (vscode-ipc-*.sock, vscode-git-*.sock) in it; XDG_DATA_HOME: coder-logs.
    env: serverEnv({ XDG_DATA_HOME: path.join(tmp, 'xdg-data'), TMPDIR: path.join(tmp, 'tmp'), ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own process group: dispose kills the extension host, pty host, watchers too
  });
  let exited = false;
  const exitPromise = new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      exited = true;
      resolve({ code, signal });
    }),
  );
  child.on('error', () => {});
  let partial = '';
  const onData = (d) => {
    logStream.write(d);
    if (verbose) process.stdout.write(d);
    if (!onLog) return;
    const lines = (partial + d.toString()).split('\n');
    partial = lines.pop();
    for (const l of lines) onLog(l);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);

  const resource = {
    name: `code-server :${port}`,
    killSync: () => signalTree(child.pid, 'SIGKILL'),
    dispose: once(async () => {
      if (!exited) await killTree(child.pid);
      else signalTree(child.pid, 'SIGKILL'); // orphans of a crashed server, if any
      await Promise.race([exitPromise, sleep(2000)]);
      await new Promise((r) => logStream.end(r));
      if (!keepTemp) {
        await fs.rm(tmp, { recursive: true, force: true }).catch(() => {});
      }
      untrack();
    }),
  };
  const untrack = track(resource);

  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + startTimeoutMs;
  try {
    for (;;) {
      throwIfInterrupted();
      if (exited) throw new Error(`code-server exited during start-up`);
      if (await httpOk(`${url}healthz`)) break;
      if (Date.now() > deadline) throw new Error(`code-server did not answer on ${url} within ${startTimeoutMs / 1000}s`);
      await sleep(100);
    }
  } catch (e) {
    const tail = (await fs.readFile(logFile, 'utf8').catch(() => '')).split('\n').slice(-30).join('\n');
    await resource.dispose();
    throw new Error(`${e.message}\n--- server log (tail) ---\n${tail}`);
  }

  return {
    port,
    url,
    pid: child.pid,
    tmpDir: tmp,
    userDataDir,
    extensionsDir,
    logFile,
    folder: folder && path.resolve(folder),
    workspaceFile: workspaceFile && path.resolve(workspaceFile),
    exited: exitPromise,
    dispose: resource.dispose,
  };
}

/** Installs a .vsix into `extensionsDir` with the server's own `--install-extension`. */
export async function installExtension(vsixPath, extensionsDir, version = CODE_SERVER_VERSION) {
  const paths = await ensureServer(version);
  if (!existsSync(vsixPath)) throw new Error(`installExtension: ${vsixPath} does not exist`);
  await fs.mkdir(extensionsDir, { recursive: true });
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'iw-host-install-'));
  try {
    const out = await runCommand(
      process.execPath,
      [
        paths.entry,
        '--config', path.join(tmp, 'config.yaml'),
        '--user-data-dir', path.join(tmp, 'user-data'),
        '--extensions-dir', extensionsDir,
        '--install-extension', path.resolve(vsixPath),
        '--force',
      ],
      { cwd: tmp, env: serverEnv({ XDG_DATA_HOME: path.join(tmp, 'xdg-data'), TMPDIR: tmp }), label: `install ${path.basename(vsixPath)}` },
    );
    return out.trim();
  } finally {
    await fs.rm(tmp, { recursive: true, force: true }).catch(() => {});
  }
}

// ---------------------------------------------------------------------------------------------
// Browser

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

function chromePath() {
  const p = process.env.CHROME_PATH || '/usr/bin/chromium';
  if (!existsSync(p)) {
    throw new Error(
      `Chromium not found at ${p}. Install it (apt-get install -y chromium) or set CHROME_PATH to a Chromium/Chrome binary.`,
    );
  }
  return p;
}

function childPids() {
  const t = processTable();
  return new Set([...t].filter(([, ppid]) => ppid === process.pid).map(([pid]) => pid));
}

/**
 * The workbench URL for `server` (what openWorkbench opens; also for a person's own browser):
 * `http://127.0.0.1:PORT/?folder=…&payload=…`, the payload carrying the development extension
 * and the test module, if any.
 * `extensionDevelopmentKind: 'web'` runs the development extension in the web worker extension
 * host (its `browser` entry) instead of the Node one.
 * @param {{ server: { port: number }, folder?: string, workspaceFile?: string,
 *           extensionDevelopmentPath?: string, extensionTestsPath?: string, extensionDevelopmentKind?: 'ui' | 'workspace' | 'web' }} opts
 */
export function workbenchUrl({ server, folder, workspaceFile, extensionDevelopmentPath, extensionTestsPath, extensionDevelopmentKind }) {
  const remote = `vscode-remote://127.0.0.1:${server.port}`;
  const payload = [['skipWelcome', 'true'], ['skipReleaseNotes', 'true']];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote + path.resolve(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote + path.resolve(extensionTestsPath)]);
  if (extensionDevelopmentKind) payload.push(['extensionDevelopmentKind', extensionDevelopmentKind]);
  const query = [];
  if (folder) query.push(`folder=${encodeURIComponent(path.resolve(folder))}`);
  else if (workspaceFile) query.push(`workspace=${encodeURIComponent(path.resolve(workspaceFile))}`);
  query.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
  return `http://127.0.0.1:${server.port}/?${query.join('&')}`;
}

/**
 * Opens the workbench of `server` in Chromium. With `extensionTestsPath`, VS Code runs that test
 * module in the extension host and reports through `codeAutomationExit` → `exitCode`.
 * @param {{ server: { port: number, folder?: string, workspaceFile?: string }, folder?: string,
 *           workspaceFile?: string, extensionDevelopmentPath?: string, extensionTestsPath?: string,
 *           onLog?: (type: string, text: string) => void, onConsole?: (msg: import('playwright-core').ConsoleMessage) => void,
 *           headless?: boolean, viewport?: { width: number, height: number },
 *           extensionDevelopmentKind?: 'ui' | 'workspace' | 'web', onPage?: (page: import('playwright-core').Page) => unknown }} opts
 * @returns {Promise<{ browser: import('playwright-core').Browser, page: import('playwright-core').Page,
 *           url: string, exitCode: Promise<number>, dispose: () => Promise<void> }>}
 */
export async function openWorkbench(opts) {
  const { server, extensionDevelopmentPath, extensionTestsPath, onLog, onConsole, headless = true } = opts;
  throwIfInterrupted();
  const folder = opts.folder ?? (opts.workspaceFile ? undefined : server.folder);
  const workspaceFile = opts.workspaceFile ?? (opts.folder ? undefined : server.workspaceFile);
  const executablePath = chromePath();
  const { chromium } = await import('playwright-core');

  const url = workbenchUrl({ server, folder, workspaceFile, extensionDevelopmentPath, extensionTestsPath, extensionDevelopmentKind: opts.extensionDevelopmentKind });

  // Chromium's crashpad and caches go to XDG dirs (~/.config/chromium…): keep them in a temp dir.
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'iw-host-browser-'));
  const before = childPids();
  const browser = await chromium.launch({
    executablePath,
    headless,
    args: CHROMIUM_ARGS,
    env: { ...process.env, XDG_CONFIG_HOME: path.join(tmp, 'config'), XDG_CACHE_HOME: path.join(tmp, 'cache'), TMPDIR: tmp },
    // We clean up ourselves (playwright's own SIGINT handler would exit before the server is killed).
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  const browserPids = [...childPids()].filter((p) => !before.has(p));

  const resource = {
    name: 'chromium',
    killSync: () => browserPids.forEach((p) => signalTree(p, 'SIGKILL')),
    dispose: once(async () => {
      await Promise.race([browser.close().catch(() => {}), sleep(5000)]);
      for (const p of browserPids) await killTree(p, 1000);
      if (!keepTemp) await fs.rm(tmp, { recursive: true, force: true }).catch(() => {});
      untrack();
    }),
  };
  const untrack = track(resource);

  try {
    throwIfInterrupted();
    const page = await browser.newPage({ viewport: opts.viewport ?? { width: 1400, height: 900 } });
    let settle;
    let fail;
    const exitCode = new Promise((resolve, reject) => {
      settle = resolve;
      fail = reject;
    });
    exitCode.catch(() => {}); // callers that never await it must not crash the process
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      if (!onLog) return;
      const text = (Array.isArray(args) ? args : [args]).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
      onLog(String(type), text);
    });
    await page.exposeFunction('codeAutomationExit', (code) => settle(Number(code)));
    page.on('crash', () => fail(new Error('the workbench page crashed')));
    page.on('close', () => fail(new Error('the workbench page closed')));
    if (onConsole) page.on('console', onConsole);
    await opts.onPage?.(page); // before navigation: e.g. to see every request
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    return { browser, page, url, exitCode, dispose: resource.dispose };
  } catch (e) {
    await resource.dispose();
    throw e;
  }
}
