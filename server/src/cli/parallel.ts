/**
 * `ndiswb check` on worker threads: drivers are independent, so with several drivers and enough
 * source to pay for a worker's start-up (~100 ms: bundle load, wasm compile), they are analysed in
 * parallel, one worker per core. The worker is this same bundle, entered with `workerData`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { NdisSettings } from '../../../common/src/settings';
import type { NdisDiagnostic } from '../analysis/analyze';
import { listSourceFiles } from '../model/driver';

/** What one driver directory produced. */
export interface DriverOutcome {
  readonly files: string[];
  readonly diags: NdisDiagnostic[];
  readonly errors: string[];
  readonly unreadable: boolean;
}

export type AnalyzeDirectories = (dirs: readonly string[], settings: NdisSettings) => Promise<DriverOutcome[]>;

interface WorkerInput {
  readonly ndiswbCheckWorker: true;
  readonly dirs: readonly string[];
  readonly settings: NdisSettings;
}

/** Below this much source in total, workers cost more than they save. */
function minBytes(): number {
  const env = Number(process.env.NDISWB_PARALLEL_MIN_BYTES);
  return Number.isFinite(env) && env >= 0 ? env : 512 * 1024;
}

/** Bytes of source under each directory (for the decision and for balancing). */
function sourceBytes(dir: string): number {
  let n = 0;
  for (const f of listSourceFiles(dir, true)) {
    try {
      n += fs.statSync(f).size;
    } catch {
      /* unreadable: counted by the analysis itself */
    }
  }
  return n;
}

/** How many workers to use for these directories (0 = analyse here). */
export function plannedWorkers(dirs: readonly string[]): { workers: number; sizes: number[] } {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  // Workers re-enter this file as a script: only possible from the bundled CLI, not from sources run by tsx.
  if (dirs.length < 2 || cores < 2 || !__filename.endsWith('.js')) return { workers: 0, sizes: [] };
  const sizes = dirs.map(sourceBytes);
  const total = sizes.reduce((a, b) => a + b, 0);
  return total < minBytes() ? { workers: 0, sizes } : { workers: Math.min(cores, dirs.length), sizes };
}

/** Analyse directories on `workers` threads; outcomes come back in the order of `dirs`. */
export async function analyzeInWorkers(dirs: readonly string[], sizes: readonly number[], settings: NdisSettings, workers: number): Promise<DriverOutcome[]> {
  // Largest first onto the least-loaded worker.
  const buckets: { load: number; idx: number[] }[] = Array.from({ length: workers }, () => ({ load: 0, idx: [] }));
  for (const i of dirs.map((_, i) => i).sort((a, b) => (sizes[b] ?? 0) - (sizes[a] ?? 0))) {
    const b = buckets.reduce((m, x) => (x.load < m.load ? x : m));
    b.idx.push(i);
    b.load += sizes[i] ?? 0;
  }
  const out: DriverOutcome[] = new Array(dirs.length);
  await Promise.all(
    buckets
      .filter((b) => b.idx.length)
      .map(
        (b) =>
          new Promise<void>((resolve, reject) => {
            const input: WorkerInput = { ndiswbCheckWorker: true, dirs: b.idx.map((i) => dirs[i]!), settings };
            const w = new Worker(__filename, { workerData: input });
            w.once('message', (results: DriverOutcome[]) => {
              b.idx.forEach((i, k) => (out[i] = results[k]!));
              resolve();
            });
            w.once('error', reject);
            w.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`check worker exited with ${code}`))));
          }),
      ),
  );
  return out;
}

/** In a worker started by analyzeInWorkers: analyse and post the outcomes back. Returns true when it was one. */
export function runAsCheckWorker(analyze: AnalyzeDirectories): boolean {
  const input = workerData as WorkerInput | undefined;
  if (isMainThread || !input?.ndiswbCheckWorker) return false;
  void analyze(input.dirs, input.settings).then((results) => parentPort!.postMessage(results));
  return true;
}
