/**
 * A trace being viewed, independent of VS Code (the panel wires it to a webview; the benchmark
 * and the tests drive it directly): the file-backed store, the capture, the protocol session,
 * and for a simulation the worker that produces the events. Live growth is posted to the viewer
 * at most every LIVE_INTERVAL_MS.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { TraceSession, type SessionPort } from '../../../common/src/trace/session';
import { LIVE_INTERVAL_MS, type ExportFormat, type HostToWebview, type WebviewToHost } from '../../../common/src/traceProtocol';
import { FileLineStore, yieldNow } from './fileStore';
import { PcapngFileFrames } from './frames';
import { CliRun, describeEnd, SimulationRun, type Run, type RunEnd } from './runner';

export interface HostHooks {
  openSource?(file: string, line: number): void;
  exportTrace?(format: ExportFormat): void;
  /** Events so far, at most every LIVE_INTERVAL_MS while a run goes on. */
  progress?(events: number): void;
}

/** A scenario of built-in drivers, run in a worker thread (simulator/src/worker). */
export interface WorkerRunSpec {
  readonly title: string;
  /** Scenario YAML, the name used in messages, and the folder relative paths resolve against. */
  readonly text: string;
  readonly file: string;
  readonly dir: string;
  readonly workerFile: string;
  readonly execArgv?: readonly string[];
  readonly maxEvents?: number;
}

/** A run with the developer's own driver code: `ndiswb run` in a child process (runner.ts CliRun). */
export interface CliRunSpec {
  readonly title: string;
  readonly cliFile: string;
  /** After `ndiswb run`: a scenario file, or `--driver DIR [--kind K]`. */
  readonly args: readonly string[];
  readonly cwd: string;
  readonly execArgv?: readonly string[];
}

export type RunSpec = WorkerRunSpec | CliRunSpec;

const TMP_PREFIX = 'ndiswb-trace-';
/** Longest stretch of indexing before the event loop gets a turn. */
const SLICE_MS = 8;
/** Lines indexed between two looks at the clock. */
const INGEST_CHUNK = 256;

/** Removes trace folders of earlier sessions older than a day (a crash leaves them behind). */
export function cleanStaleTraceFolders(now = Date.now()): void {
  try {
    for (const d of fs.readdirSync(os.tmpdir())) {
      if (!d.startsWith(TMP_PREFIX)) continue;
      const p = path.join(os.tmpdir(), d);
      if (now - fs.statSync(p).mtimeMs > 86_400_000) fs.rmSync(p, { recursive: true, force: true });
    }
  } catch {
    /* best effort */
  }
}

/** What a restored viewer remembers of its trace (TraceViewState). */
export interface RestoreInfo {
  readonly title?: string;
  readonly pcapngFile?: string;
}

export class TraceHost {
  readonly session: TraceSession;
  private post: (m: HostToWebview) => void = () => {};
  private run: Run | undefined;
  private timer: NodeJS.Timeout | undefined;
  private disposed = false;
  private readonly queue: string[] = [];
  private lines: string[] = [];
  private lineAt = 0;
  private pumping = false;
  private readonly idle: (() => void)[] = [];
  /** Set when the trace finished loading / the run ended. */
  readonly ready: Promise<RunEnd | undefined>;

  private constructor(
    readonly title: string,
    readonly traceFile: string,
    readonly pcapngFile: string | undefined,
    private readonly store: FileLineStore,
    frames: PcapngFileFrames | undefined,
    private readonly tmpDir: string | undefined,
    private readonly hooks: HostHooks,
    origin: 'run' | 'file',
    start: (host: TraceHost) => Promise<RunEnd | undefined>,
  ) {
    const port: SessionPort = {
      post: (m) => this.post(m),
      yieldNow,
      openSource: (f, l) => hooks.openSource?.(f, l),
      exportTrace: (f) => hooks.exportTrace?.(f),
      stop: () => this.stop(),
    };
    this.session = new TraceSession({
      title, origin, traceFile, ...(pcapngFile ? { pcapngFile } : {}), exports: ['jsonl', 'pcapng', 'html'], port, store,
      ...(frames ? { frames } : {}),
    });
    this.ready = start(this);
  }

  /** Runs a scenario (in a worker) or a driver (the CLI in a child process), streaming its trace into a temporary folder. */
  static run(spec: RunSpec, hooks: HostHooks = {}): TraceHost {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), TMP_PREFIX));
    const traceFile = path.join(dir, 'trace.jsonl');
    const pcapngFile = path.join(dir, 'capture.pcapng');
    const store = FileLineStore.create(traceFile);
    const frames = new PcapngFileFrames(pcapngFile);
    return new TraceHost(spec.title, traceFile, pcapngFile, store, frames, dir, hooks, 'run', async (host) => {
      host.session.setRun({ running: true, message: 'running' });
      host.startTimer();
      const onBatch = (text: string): void => host.enqueue(text);
      host.run = 'cliFile' in spec
        ? new CliRun({ cliFile: spec.cliFile, args: spec.args, cwd: spec.cwd, pcapng: pcapngFile, onBatch, ...(spec.execArgv ? { execArgv: spec.execArgv } : {}) })
        : new SimulationRun(
          { text: spec.text, file: spec.file, dir: spec.dir, pcapng: pcapngFile, ...(spec.maxEvents !== undefined ? { maxEvents: spec.maxEvents } : {}) },
          { workerFile: spec.workerFile, onBatch, ...(spec.execArgv ? { execArgv: spec.execArgv } : {}) },
        );
      const end = await host.run.done;
      await host.drained();
      host.stopTimer();
      if (host.disposed) return end;
      const d = describeEnd(end);
      host.session.setRun({ running: false, message: d.message, ...(d.exitCode !== undefined ? { exitCode: d.exitCode } : {}), ...(d.budget ? { budget: d.budget } : {}) });
      host.session.flush();
      return end;
    });
  }

  /**
   * Opens a trace file: JSON Lines (with the .pcapng of the same name beside it, when there is
   * one, for frames) or a pcapng capture (its packets become the events).
   */
  static open(file: string, hooks: HostHooks = {}, summarize: (frame: Uint8Array) => string = () => '', restored: RestoreInfo = {}): TraceHost {
    const title = restored.title ?? path.basename(file);
    if (/\.pcapng$/i.test(file)) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), TMP_PREFIX));
      const traceFile = path.join(dir, 'trace.jsonl');
      const store = FileLineStore.create(traceFile);
      const frames = new PcapngFileFrames(file);
      return new TraceHost(title, traceFile, file, store, frames, dir, hooks, 'file', async (host) => {
        host.startTimer();
        try {
          for await (const events of frames.events(summarize)) {
            if (host.disposed) break;
            host.session.ingest(store.appendBatch(events.map((e) => JSON.stringify(e) + '\n').join('')));
            await yieldNow();
          }
        } catch (e) {
          host.post({ type: 'notice', level: 'error', message: `cannot read ${title}: ${(e as Error).message}` });
        }
        host.stopTimer();
        host.session.flush();
        return undefined;
      });
    }
    const sibling = file.replace(/\.jsonl?$/i, '') + '.pcapng';
    const capture = restored.pcapngFile ?? sibling;
    const pcapngFile = capture !== file && fs.existsSync(capture) ? capture : undefined;
    const store = FileLineStore.open(file);
    // A run's trace reopened after a reload still lives in its temporary folder: it goes with this viewer.
    const dir = path.dirname(file);
    const owned = path.dirname(dir) === os.tmpdir() && path.basename(dir).startsWith(TMP_PREFIX) ? dir : undefined;
    return new TraceHost(title, file, pcapngFile, store, pcapngFile ? new PcapngFileFrames(pcapngFile) : undefined, owned, hooks, 'file', async (host) => {
      host.startTimer();
      await store.indexFile((lines) => host.session.ingest(lines), () => host.disposed);
      host.stopTimer();
      host.session.flush();
      return undefined;
    });
  }

  /**
   * A batch from the worker. Node delivers a backlog of worker messages in one task, so batches
   * are only queued here and indexed in slices of at most SLICE_MS (pump), letting timers, I/O
   * and the webview's requests run in between: no long task on the extension host's thread.
   */
  private enqueue(text: string): void {
    if (this.disposed) return;
    this.queue.push(text);
    this.schedule();
  }

  private schedule(): void {
    if (this.pumping || this.disposed) return;
    this.pumping = true;
    setImmediate(() => this.pump());
  }

  private pump(): void {
    this.pumping = false;
    if (this.disposed) return;
    const t0 = performance.now();
    while (performance.now() - t0 < SLICE_MS) {
      if (this.lineAt < this.lines.length) {
        const end = Math.min(this.lines.length, this.lineAt + INGEST_CHUNK);
        this.session.ingest(this.lines.slice(this.lineAt, end));
        this.lineAt = end;
      } else if (this.queue.length) {
        this.lines = this.store.appendBatch(this.queue.shift()!);
        this.lineAt = 0;
      } else break;
    }
    if (this.lineAt < this.lines.length || this.queue.length) this.schedule();
    else for (const r of this.idle.splice(0)) r();
  }

  /** Resolves when every queued batch is indexed. */
  private drained(): Promise<void> {
    if (this.lineAt >= this.lines.length && !this.queue.length) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /** Where host → webview messages go (a new webview after a reload replaces the old one). */
  attach(post: (m: HostToWebview) => void): void {
    this.post = post;
  }

  handle(m: WebviewToHost): Promise<void> {
    return this.session.handle(m);
  }

  get running(): boolean {
    return this.run?.running ?? false;
  }

  get events(): number {
    return this.session.total;
  }

  stop(): void {
    this.run?.stop();
  }

  private startTimer(): void {
    this.timer ??= setInterval(() => {
      this.session.flush();
      this.hooks.progress?.(this.session.total);
    }, LIVE_INTERVAL_MS);
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.run?.stop();
    this.stopTimer();
    this.queue.length = 0;
    for (const r of this.idle.splice(0)) r();
    this.session.dispose();
    this.store.close();
    if (this.tmpDir) fs.rmSync(this.tmpDir, { recursive: true, force: true });
  }
}
