/**
 * Running a scenario in a worker thread from the host side: start the worker, collect streamed
 * trace batches, resolve with the result. A worker that outlives `timeoutMs` (its own wall-time
 * budget should stop it first) is terminated.
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DoneMessage, RunRequestMessage, WorkerMessage } from './protocol';

export interface WorkerOptions {
  /** The worker script; default dist/simWorker.js next to the running bundle. */
  readonly workerFile?: string;
  /** execArgv for the worker (tests running TypeScript pass ['--import', 'tsx']). */
  readonly execArgv?: readonly string[];
  readonly onTrace?: (lines: string) => void;
  readonly timeoutMs?: number;
}

export type WorkerResult = { readonly ok: true; readonly done: DoneMessage } | { readonly ok: false; readonly message: string };

/** Run `req` in a worker thread. Never rejects: failures come back as { ok: false }. */
export function runInWorker(req: RunRequestMessage, opts: WorkerOptions = {}): Promise<WorkerResult> {
  const file = opts.workerFile ?? path.join(__dirname, 'simWorker.js');
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r: WorkerResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const w = new Worker(file, { workerData: req, execArgv: [...(opts.execArgv ?? [])] });
    const timer = setTimeout(() => {
      void w.terminate();
      finish({ ok: false, message: `the simulation did not finish within ${opts.timeoutMs} ms; the worker was terminated` });
    }, opts.timeoutMs ?? 120_000);
    w.on('message', (m: WorkerMessage) => {
      if (m.type === 'trace') opts.onTrace?.(m.lines);
      else if (m.type === 'done') finish({ ok: true, done: m });
      else finish({ ok: false, message: m.message });
    });
    w.on('error', (e) => finish({ ok: false, message: e.message }));
    w.on('exit', (code) => finish({ ok: false, message: `the worker exited with code ${code} before it finished` }));
  });
}
