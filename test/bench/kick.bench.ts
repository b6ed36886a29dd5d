/**
 * `npm run bench`: what one kick costs, side by side in one process (absolute times drift on
 * these machines; the ratios on the last line are what to compare).
 *
 * - core:   the Watchdog, 1 000 keys kicked round-robin, 3 stages each
 * - floor:  the least any debounce can do: `performance.now()` stored in a Map entry
 * - naive:  the usual hand-written debounce, clearTimeout + setTimeout per kick; it needs one
 *           timer per stage to do the same job, so it re-arms 3 per kick
 * - lodash: lodash.debounce, one debounced function per key (one stage only: it can do no more)
 */
import debounce from 'lodash.debounce';
import { countingClock, systemClock } from '../../src/core/clock';
import { Watchdog } from '../../src/core/watchdog';

const KEYS = 1000;
const KICKS = Number(process.env.BENCH_KICKS ?? 2_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const keys = Array.from({ length: KEYS }, (_, i) => `file:///work/src/file${i}.ts`);
const noop = () => {};
const settled = (key: string) => key.length;

const stages = [{ delay: 700 }, { delay: 2000 }, { delay: 30 * 60_000 }];

function nsPerKick(run: () => void): number {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / KICKS;
}

function benchCore(): number {
  const dog = new Watchdog<string>({ onFire: noop, defaultStages: stages });
  const ns = nsPerKick(() => {
    for (let i = 0; i < KICKS; i++) dog.kick(keys[i % KEYS]);
  });
  dog.dispose();
  return ns;
}

function benchFloor(): number {
  const last = new Map<string, { t: number }>(keys.map((k) => [k, { t: 0 }]));
  return nsPerKick(() => {
    for (let i = 0; i < KICKS; i++) last.get(keys[i % KEYS])!.t = performance.now();
  });
}

function benchNaive(): number {
  const handles = new Map<string, Array<ReturnType<typeof setTimeout>>>(keys.map((k) => [k, []]));
  const ns = nsPerKick(() => {
    for (let i = 0; i < KICKS; i++) {
      const key = keys[i % KEYS];
      const timers = handles.get(key)!;
      for (let s = 0; s < stages.length; s++) {
        clearTimeout(timers[s]);
        timers[s] = setTimeout(() => settled(key), stages[s].delay);
      }
    }
  });
  for (const timers of handles.values()) timers.forEach(clearTimeout);
  return ns;
}

function benchLodash(): number {
  const fns = new Map(keys.map((k) => [k, debounce(noop, 700)]));
  const ns = nsPerKick(() => {
    for (let i = 0; i < KICKS; i++) fns.get(keys[i % KEYS])!();
  });
  for (const f of fns.values()) f.cancel();
  return ns;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

async function timerCounts(): Promise<{ armed: number; settled: number; fired: number }> {
  const clock = countingClock(systemClock);
  let fired = 0;
  const dog = new Watchdog<string>({ clock, onFire: () => void fired++, defaultStages: [{ delay: 20 }, { delay: 40 }, { delay: 60 }] });
  for (let i = 0; i < 10_000; i++) dog.kick(`key${i}`);
  const armed = clock.pending;
  await new Promise((r) => setTimeout(r, 300));
  const settled = clock.pending;
  dog.dispose();
  return { armed, settled, fired };
}

async function main() {
  const results: Record<'core' | 'floor' | 'naive' | 'lodash', number[]> = { core: [], floor: [], naive: [], lodash: [] };
  const benches = { core: benchCore, floor: benchFloor, naive: benchNaive, lodash: benchLodash };
  // Warm up every candidate, then interleave rounds so drift hits all of them alike.
  for (const run of Object.values(benches)) run();
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, run] of Object.entries(benches)) {
      (globalThis as { gc?: () => void }).gc?.();
      results[name as keyof typeof results].push(run());
    }
    await new Promise((r) => setImmediate(r));
  }
  const m = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, median(v)])) as Record<keyof typeof results, number>;
  console.log(`Node ${process.version}, ${KEYS} keys round-robin, ${KICKS} kicks x ${ROUNDS} rounds (median ns per kick)`);
  for (const [name, ns] of Object.entries(m)) console.log(`  ${name.padEnd(7)} ${ns.toFixed(1).padStart(8)} ns/kick`);
  const counts = await timerCounts();
  console.log(`  pending timers after arming 10000 keys: ${counts.armed} (must be 1)`);
  console.log(`  pending timers after all settled:       ${counts.settled} (must be 0), stages fired: ${counts.fired}`);
  const r = (x: number) => x.toFixed(2);
  console.log(`kick_vs_floor=${r(m.core / m.floor)} kick_vs_lodash=${r(m.core / m.lodash)} naive_vs_kick=${r(m.naive / m.core)}`);
  if (counts.armed !== 1 || counts.settled !== 0) process.exitCode = 1;
}

void main();
