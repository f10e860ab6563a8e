/**
 * Entry point of a simulator worker thread (bundled as dist/simWorker.js): runs the scenario in
 * workerData off the caller's thread, so an editor never blocks on a simulation, and posts the
 * trace and the result back (worker/protocol.ts).
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { exitCode, runScenario } from '../run/run';
import { summaryJson, summaryText } from '../run/summary';
import { JsonlBatchSink } from '../trace/jsonl';
import type { RunRequestMessage, WorkerMessage } from './protocol';

function post(m: WorkerMessage): void {
  parentPort!.postMessage(m);
}

/** Run one request and post its messages. */
export function serve(req: RunRequestMessage): void {
  try {
    const batch = req.stream ? new JsonlBatchSink((lines) => post({ type: 'trace', lines })) : undefined;
    const o = runScenario({
      text: req.text, file: req.file, dir: req.dir,
      ...(req.seed !== undefined ? { seed: req.seed } : {}), ...(req.maxEvents !== undefined ? { maxEvents: req.maxEvents } : {}),
      ...(req.trace !== undefined ? { trace: req.trace } : {}), ...(req.pcapng !== undefined ? { pcapng: req.pcapng } : {}),
      sinks: batch ? [batch] : [],
    });
    post({ type: 'done', exitCode: exitCode(o), summary: summaryJson(o), text: summaryText(o) });
  } catch (e) {
    post({ type: 'failed', message: (e as Error)?.message ?? String(e) });
  }
}

if (!isMainThread && parentPort) serve(workerData as RunRequestMessage);
