/**
 * `ndiswb check` on the generated 20k-line driver, as a whole process (start-up, wasm load,
 * parse, analysis, output), against `gcc -fsyntax-only` on the same text as a baseline.
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { NDISWB_BIN } from '../helpers/lspClient';
import { benchInput } from './input';
import { median, type Metric } from './types';

const RUNS = 5;

export const name = 'check';

/** Wall time of one process run, in ms; throws when it fails. */
function timeProcess(cmd: string, args: readonly string[], cwd: string, ok: (status: number | null) => boolean): number {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 120_000 });
  const ms = performance.now() - t0;
  if (r.error) throw r.error;
  if (!ok(r.status)) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}:\n${(r.stderr ?? '').slice(0, 2000)}`);
  return ms;
}

function sample(n: number, f: () => number): number[] {
  f(); // warm the page cache and the compile cache; not measured
  return Array.from({ length: n }, f);
}

function hasGcc(): boolean {
  const r = spawnSync('gcc', ['--version'], { encoding: 'utf8' });
  return !r.error && r.status === 0;
}

export async function run(): Promise<Metric[]> {
  const { dir, file, driver } = benchInput();
  const check = median(sample(RUNS, () => timeProcess(process.execPath, [NDISWB_BIN, 'check', file, '--format', 'json'], dir, (s) => s === 0 || s === 1)));
  const metrics: Metric[] = [
    { name: 'check.lines_per_s', value: Math.round(driver.lines / (check / 1000)), unit: 'lines/s' },
    { name: 'check.wall_ms', value: round1(check), unit: 'ms' },
  ];
  if (!hasGcc()) {
    process.stderr.write('bench: gcc not found; gcc.fsyntax_ms and check.vs_gcc_ratio skipped\n');
    return metrics;
  }
  // -Wno-multichar: pool tags are multi-character constants ('bTdN'), as in every WDK driver.
  const gcc = median(sample(RUNS, () => timeProcess('gcc', ['-fsyntax-only', '-Wno-multichar', '-x', 'c', file], dir, (s) => s === 0)));
  metrics.push(
    { name: 'gcc.fsyntax_ms', value: round1(gcc), unit: 'ms' },
    { name: 'check.vs_gcc_ratio', value: Math.round((check / gcc) * 100) / 100, unit: 'x', target: { max: 1.0 } },
  );
  return metrics;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
