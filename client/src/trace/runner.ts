/**
 * One simulation in a worker thread (dist/simWorker.js, simulator/src/worker): the extension
 * host's main thread only receives batches of trace lines and the final summary, so a long run
 * never stalls it. Stopping terminates the worker (the simulator is synchronous inside it).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import type { RunRequestMessage, WorkerMessage } from '../../../simulator/src/worker/protocol';

/** The summary object of a finished run (simulator/src/run/summary.ts summaryJson). */
export interface RunSummary {
  readonly exitCode: number;
  readonly scenario?: string | null;
  readonly reason?: string;
  readonly events?: number;
  readonly endTime?: number;
  readonly counts?: Readonly<Record<string, number>>;
  readonly violations?: readonly { readonly rule: string; readonly message: string }[];
  readonly bugcheck?: { readonly code: string; readonly name: string; readonly reason: string; readonly host: string } | null;
  readonly budget?: { readonly kind: string; readonly limit: number; readonly message: string } | null;
  readonly errors?: readonly { readonly file: string; readonly line: number; readonly col: number; readonly message: string }[];
  /** Driver execution: a DriverEntry or handler that failed, DDIs the simulator does not model. */
  readonly driverFailures?: readonly unknown[];
  readonly unmodelled?: readonly unknown[];
}

export type RunEnd =
  | { readonly kind: 'done'; readonly exitCode: number; readonly summary: RunSummary; readonly text: string }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'stopped' };

export interface RunnerOptions {
  /** dist/simWorker.js. */
  readonly workerFile: string;
  /** Trace lines as they come (batches of JSON Lines). */
  readonly onBatch: (lines: string) => void;
  readonly execArgv?: readonly string[];
}

/** A simulation in progress, whatever runs it. */
export interface Run {
  readonly done: Promise<RunEnd>;
  readonly running: boolean;
  stop(): void;
}

export class SimulationRun implements Run {
  readonly done: Promise<RunEnd>;
  private readonly worker: Worker;
  private settled = false;
  private resolve!: (e: RunEnd) => void;

  constructor(req: RunRequestMessage, opts: RunnerOptions) {
    this.done = new Promise((resolve) => {
      this.resolve = resolve;
    });
    this.worker = new Worker(opts.workerFile, { workerData: { ...req, stream: true }, execArgv: [...(opts.execArgv ?? [])] });
    this.worker.on('message', (m: WorkerMessage) => {
      if (this.settled) return;
      if (m.type === 'trace') opts.onBatch(m.lines);
      else if (m.type === 'done') this.finish({ kind: 'done', exitCode: m.exitCode, summary: m.summary as RunSummary, text: m.text });
      else this.finish({ kind: 'failed', message: m.message });
    });
    this.worker.on('error', (e) => this.finish({ kind: 'failed', message: e.message }));
    this.worker.on('exit', (code) => this.finish({ kind: 'failed', message: `the simulator worker exited (code ${code}) before the run finished` }));
  }

  get running(): boolean {
    return !this.settled;
  }

  private finish(e: RunEnd): void {
    if (this.settled) return;
    this.settled = true;
    this.resolve(e);
    if (e.kind !== 'stopped') void this.worker.terminate();
  }

  /** Stops the run now (the trace so far stays). */
  stop(): void {
    if (this.settled) return;
    this.finish({ kind: 'stopped' });
    void this.worker.terminate();
  }
}

export interface CliRunOptions {
  /** dist/cli.js (or the CLI's source entry with execArgv for tsx). */
  readonly cliFile: string;
  /** The arguments after `ndiswb run`: a scenario file, or `--driver DIR [--kind K]`. */
  readonly args: readonly string[];
  readonly cwd: string;
  /** Where the capture goes. */
  readonly pcapng: string;
  readonly execArgv?: readonly string[];
  readonly onBatch: (lines: string) => void;
}

/**
 * A simulation that runs the developer's own driver: `ndiswb run` in a child process (driver
 * execution needs the C parser of the language server, which the CLI bundle has and the worker
 * does not). The trace streams from its stdout (`--trace -`), the JSON summary comes on stderr;
 * the pipe holds the CLI back when the host is busy, and stopping kills it.
 */
export class CliRun implements Run {
  readonly done: Promise<RunEnd>;
  private readonly child: ChildProcess;
  private settled = false;
  private stopped = false;
  private resolve!: (e: RunEnd) => void;

  constructor(opts: CliRunOptions) {
    this.done = new Promise((resolve) => {
      this.resolve = resolve;
    });
    const args = ['run', ...opts.args, '--trace', '-', '--quiet', '--format', 'json', '--pcapng', opts.pcapng];
    this.child = fork(opts.cliFile, args, {
      cwd: opts.cwd,
      execArgv: [...(opts.execArgv ?? [])],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      // In VS Code's Electron the extension host's execPath is Electron: run it as Node.
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    let pending = '';
    this.child.stdout!.setEncoding('utf8');
    this.child.stdout!.on('data', (chunk: string) => {
      pending += chunk;
      const nl = pending.lastIndexOf('\n');
      if (nl < 0 || this.settled) return;
      opts.onBatch(pending.slice(0, nl + 1));
      pending = pending.slice(nl + 1);
    });
    let err = '';
    this.child.stderr!.setEncoding('utf8');
    this.child.stderr!.on('data', (chunk: string) => {
      err = (err + chunk).slice(-256 * 1024);
    });
    this.child.on('error', (e) => this.finish({ kind: 'failed', message: e.message }));
    this.child.on('close', (code) => {
      if (pending.trim() && !this.settled) opts.onBatch(pending.endsWith('\n') ? pending : `${pending}\n`);
      if (this.stopped) return this.finish({ kind: 'stopped' });
      const summary = lastJsonObject(err) as RunSummary | undefined;
      if (summary && typeof summary.exitCode === 'number') this.finish({ kind: 'done', exitCode: code ?? summary.exitCode, summary, text: '' });
      else this.finish({ kind: 'failed', message: err.trim().split('\n').slice(-3).join(' ') || `ndiswb run exited with ${code}` });
    });
  }

  get running(): boolean {
    return !this.settled;
  }

  private finish(e: RunEnd): void {
    if (this.settled) return;
    this.settled = true;
    this.resolve(e);
  }

  stop(): void {
    if (this.settled) return;
    this.stopped = true;
    this.child.kill();
  }
}

/** The last line of `text` that is a JSON object. */
function lastJsonObject(text: string): unknown {
  const lines = text.trim().split('\n');
  for (let k = lines.length - 1; k >= 0; k--) {
    const l = lines[k]!.trim();
    if (!l.startsWith('{')) continue;
    try {
      return JSON.parse(l);
    } catch {
      /* not this one */
    }
  }
  return undefined;
}

/** One line for people about how a run ended, and the budget message when a budget stopped it. */
export function describeEnd(end: RunEnd): { message: string; budget?: string; exitCode?: number } {
  if (end.kind === 'stopped') return { message: 'stopped' };
  if (end.kind === 'failed') return { message: `the simulator failed: ${end.message}` };
  const s = end.summary;
  if (s.errors?.length) return { message: `the scenario has ${s.errors.length} problem${s.errors.length === 1 ? '' : 's'}; nothing was run`, exitCode: 2 };
  if (s.budget) return { message: 'stopped by its budget', budget: `${s.budget.message}.`, exitCode: end.exitCode };
  if (s.bugcheck) return { message: `bug check ${s.bugcheck.code} ${s.bugcheck.name} on ${s.bugcheck.host}`, exitCode: end.exitCode };
  const v = s.violations?.length ?? 0;
  if (v) return { message: `failed: ${v} violation${v === 1 ? '' : 's'}`, exitCode: end.exitCode };
  const f = s.driverFailures?.length ?? 0;
  if (f) return { message: `failed: a driver failed to load: ${String(s.driverFailures![0])}`, exitCode: end.exitCode };
  if (end.exitCode !== 0) return { message: `failed (exit status ${end.exitCode})`, exitCode: end.exitCode };
  return { message: `clean (${s.reason === 'stop-at' ? 'reached stop.at' : s.reason === 'events' ? 'reached stop.events' : 'nothing left to do'})`, exitCode: end.exitCode };
}
