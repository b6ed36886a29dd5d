#!/usr/bin/env node
// `npm start`: try the extension in a real VS Code, in your own browser, offline.
//
//   node test/host/start.mjs [--port N] [--folder PATH]
//
// Starts the offline VS Code server (test/host/server.mjs; installs it once into .vscode-test/)
// on a temp copy of test/fixtures/demo (or on --folder PATH itself, edited in place), trusted,
// and prints the URL that opens it with this repository loaded as a development extension
// (dist/extension.js: `npm start` builds it first). Runs until Ctrl-C, then stops the server and
// removes the temp dirs.
import { existsSync, statSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { CODE_SERVER_VERSION, REPO_ROOT, disposeAll, ensureServer, interrupted, onInterrupt, startServer, workbenchUrl } from './server.mjs';

const DEMO = path.join(REPO_ROOT, 'test', 'fixtures', 'demo');
const USAGE = `usage: node test/host/start.mjs [--port N] [--folder PATH]

  --port N       serve on 127.0.0.1:N (default: a free port)
  --folder PATH  open PATH (edited in place) instead of a temp copy of test/fixtures/demo`;

function parse(argv) {
  const opts = { port: undefined, folder: undefined };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--port') {
      const v = value();
      opts.port = Number(v);
      if (!/^\d+$/.test(v) || opts.port < 1 || opts.port > 65535) throw new Error(`--port: not a port number: ${v}`);
    } else if (flag === '--folder') {
      opts.folder = path.resolve(value());
      if (!existsSync(opts.folder) || !statSync(opts.folder).isDirectory()) throw new Error(`--folder: not a folder: ${opts.folder}`);
    } else if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else {
      throw new Error(`unknown argument: ${argv[i]}`);
    }
  }
  return opts;
}

let opts;
try {
  opts = parse(process.argv.slice(2));
} catch (e) {
  console.error(`start: ${e.message}\n\n${USAGE}`);
  process.exit(2);
}
if (!existsSync(path.join(REPO_ROOT, 'dist', 'extension.js'))) {
  console.error('start: dist/extension.js is missing; run `npm start` (it builds first) or `node esbuild.mjs`.');
  process.exit(1);
}

let demoCopy; // temp dir holding the demo folder's copy, removed on stop
const cleanup = async () => {
  await disposeAll();
  if (demoCopy) await fs.rm(demoCopy, { recursive: true, force: true }).catch(() => {});
};
onInterrupt(() => {
  void cleanup().finally(() => {
    console.log('Stopped.');
    process.exit(0);
  });
});

try {
  await ensureServer();
  let folder = opts.folder;
  if (!folder) {
    demoCopy = await fs.mkdtemp(path.join(os.tmpdir(), 'iw-demo-'));
    folder = path.join(demoCopy, 'demo');
    await fs.cp(DEMO, folder, { recursive: true });
  }
  const server = await startServer({ folder, trusted: true, port: opts.port });
  const url = workbenchUrl({ server, folder, extensionDevelopmentPath: REPO_ROOT });
  console.log(`
Idle Watchdog (development build from ${REPO_ROOT}) in VS Code 1.100 (code-server ${CODE_SERVER_VERSION}) — open this URL in a browser:

  ${url}

Folder: ${folder}${opts.folder ? ' (edited in place)' : ' (a temp copy of test/fixtures/demo, removed on stop)'}
${opts.folder ? 'Open a file' : 'Open data.json or notes.md'}, type, stop typing, and watch the status bar (bottom right).
After a rebuild (\`npm run build\` / \`npm run watch\`), reload the page to load the new bundle.
Server log: ${server.logFile} (removed on stop; IW_HOST_KEEP=1 keeps it)

Press Ctrl-C to stop the server.`);
  const { code, signal } = await server.exited;
  if (interrupted()) await new Promise(() => {}); // Ctrl-C: the interrupt handler exits
  const tail = (await fs.readFile(server.logFile, 'utf8').catch(() => '')).split('\n').slice(-20).join('\n');
  console.error(`start: the server stopped by itself (${signal ?? `exit ${code}`}). Its log (tail):\n${tail}`);
  await cleanup();
  process.exit(1);
} catch (e) {
  if (interrupted()) await new Promise(() => {}); // Ctrl-C: the interrupt handler exits
  console.error(`start: ${e.message}`);
  await cleanup();
  process.exit(1);
}
