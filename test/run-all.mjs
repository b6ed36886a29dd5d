#!/usr/bin/env node
// `npm test`: type check, lint (and the import-cycle check), unit tests, host tests, end-to-end test, mutation score — in that order, stopping at the
// first failure — then one closing line with the totals: `tests: N passed, M failed`.
import { spawn } from 'node:child_process';

const steps = [
  { script: 'typecheck' },
  // eslint, and no import cycle in src (madge; type-only imports count)
  { script: 'lint' },
  // mocha's summary: "  68 passing (52ms)" / "  2 failing"
  { script: 'test:unit', passed: /^\s*(\d+) passing/m, failed: /^\s*(\d+) failing/m },
  // the host runner's line per VS Code version: "VS Code 1.100.3 (extension host, Node v20…): N passing, M failing"
  { script: 'test:host', passed: /^VS Code .*: (\d+) passing, \d+ failing\s*$/gm, failed: /^VS Code .*: \d+ passing, (\d+) failing\s*$/gm },
  // "web: N passed, M failed (VS Code 1.100.3, web worker extension host)"
  { script: 'test:web', passed: /^web: (\d+) passed/m, failed: /^web: \d+ passed, (\d+) failed/m },
  // "e2e: N passed, M failed"
  { script: 'test:e2e', passed: /^e2e: (\d+) passed/m, failed: /^e2e: \d+ passed, (\d+) failed/m },
  // Mutation testing of the pure layers (StrykerJS, incremental: only the mutants of what changed
  // since test/mutation/stryker-incremental.json are run again): fails below 90 % overall or 85 % in
  // any file. Not a count of tests: "mutation: 91.2 % overall …".
  { script: 'test:mutation' },
];

function run(script) {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => {
      process.stdout.write(d);
      out += d;
    });
    child.stderr.on('data', (d) => process.stderr.write(d));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), out }));
  });
}

let passed = 0;
let failed = 0;
let exitCode = 0;
for (const step of steps) {
  console.log(`\n=== npm run ${step.script}`);
  const { code, out } = await run(step.script);
  // A /g pattern counts every line it matches (the host runner prints one per VS Code version).
  const count = (re) => (re === undefined ? 0 : re.global ? [...out.matchAll(re)].reduce((n, m) => n + Number(m[1]), 0) : Number(re.exec(out)?.[1] ?? 0));
  passed += count(step.passed);
  failed += count(step.failed);
  if (code !== 0) {
    console.log(`=== npm run ${step.script} failed (exit ${code}); stopping`);
    if (!step.failed || count(step.failed) === 0) failed += 1; // a failure the step could not count
    exitCode = code;
    break;
  }
}
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(exitCode);
