#!/usr/bin/env node
// After `stryker run` (npm run test:mutation): the mutation score of every mutated file, and the
// per-file floor that Stryker's own `thresholds.break` (overall only) cannot express.
//
//   node test/mutation/check.mjs [report.json] [--min-file 85]
//
// Score = detected / (detected + undetected), as Stryker counts it: killed and timed-out mutants
// are detected; survived and uncovered ones are not; ignored ones (`// Stryker disable` with a
// reason) and compile errors are left out. Prints one line per file and `mutation: N %` overall;
// exits 1 when a file is below the floor.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const flag = args.indexOf('--min-file');
const minFile = flag >= 0 ? Number(args[flag + 1]) : 85;
const reportPath = args.find((a, i) => !a.startsWith('--') && (flag < 0 || i !== flag + 1)) ?? path.join(root, 'reports', 'mutation', 'mutation.json');

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

/** `{ detected, undetected, ignored }` of a list of mutants. */
export function tally(mutants) {
  let detected = 0;
  let undetected = 0;
  let ignored = 0;
  for (const { status } of mutants) {
    if (DETECTED.has(status)) detected++;
    else if (UNDETECTED.has(status)) undetected++;
    else ignored++;
  }
  return { detected, undetected, ignored };
}

const score = ({ detected, undetected }) => (detected + undetected === 0 ? 100 : (100 * detected) / (detected + undetected));

const report = JSON.parse(readFileSync(reportPath, 'utf8'));
const rows = Object.entries(report.files)
  .map(([file, { mutants }]) => ({ file, ...tally(mutants) }))
  .sort((a, b) => score(a) - score(b));
const all = rows.reduce((s, r) => ({ detected: s.detected + r.detected, undetected: s.undetected + r.undetected, ignored: s.ignored + r.ignored }), { detected: 0, undetected: 0, ignored: 0 });
const low = rows.filter((r) => score(r) < minFile);
for (const r of rows) {
  const mark = score(r) < minFile ? '  ← below the floor' : '';
  console.log(`${score(r).toFixed(1).padStart(5)} %  ${String(r.detected).padStart(4)} detected ${String(r.undetected).padStart(3)} not  ${String(r.ignored).padStart(3)} marked  ${r.file}${mark}`);
}
console.log(`mutation: ${score(all).toFixed(1)} % overall (${all.detected} detected, ${all.undetected} not, ${all.ignored} marked equivalent), every file ≥ ${minFile} %: ${low.length === 0 ? 'yes' : `no (${low.length})`}`);
process.exit(low.length === 0 ? 0 : 1);
