/**
 * The host side of the trace viewer's protocol (traceProtocol.ts), independent of where the
 * events live and how messages travel: the extension host runs it over a file-backed store and a
 * webview, an HTML report runs it in the page over the embedded lines. It keeps the index
 * (traceIndex.ts), the topology, the current view (the rows a filter selects) and a small ring of
 * the newest events; windows of events are read from the store on request, never held.
 */
import {
  LIVE_INTERVAL_MS, MAX_JOURNEY, MAX_TAIL, MAX_WINDOW,
  type ExportFormat, type HostToWebview, type RunStatus, type TraceEventData, type TraceFilter, type TraceMeta, type TraceOrigin,
  type WebviewToHost, type WireEvent,
} from '../traceProtocol';
import { compileFilter, IntList, scanLine, TraceIndex, type CompiledFilter } from './traceIndex';
import { affectsTopology, TopologyBuilder } from './topology';

/** Where the events are: lines of JSON by position (0-based), as many as were ingested. */
export interface LineStore {
  read(from: number, to: number): Promise<string[]>;
}

/** Where the frames are: the k-th frame is the k-th packet block of the pcapng. */
export interface FrameStore {
  frame(ordinal: number): Promise<Uint8Array | undefined>;
}

/** How the session talks to its surroundings. */
export interface SessionPort {
  post(m: HostToWebview): void;
  /** Lets other tasks run between slices of a long evaluation. */
  yieldNow(): Promise<void>;
  openSource?(file: string, line: number): void;
  exportTrace?(format: ExportFormat): void;
  stop?(): void;
}

export interface SessionOptions {
  readonly title: string;
  readonly origin: TraceOrigin;
  readonly traceFile?: string;
  readonly pcapngFile?: string;
  readonly exports: readonly ExportFormat[];
  readonly port: SessionPort;
  readonly store: LineStore;
  readonly frames?: FrameStore;
  /** Events indexed at most (the rest is counted, not shown); default 10 million. */
  readonly maxEvents?: number;
  /** Time source for slicing long work (ms). */
  readonly now?: () => number;
}

/** One line → one event. A line that is not a JSON object becomes an error log event, so positions never shift. */
export function parseEvent(line: string): TraceEventData {
  try {
    const v = JSON.parse(line) as TraceEventData;
    if (v && typeof v === 'object' && typeof v.kind === 'string') return v;
  } catch {
    /* below */
  }
  return { seq: 0, t: 0, kind: 'log', host: '?', component: 'trace', level: 'error', message: `unreadable trace line: ${line.slice(0, 200)}` };
}

interface View {
  readonly id: number;
  readonly filter: TraceFilter;
  readonly compiled: CompiledFilter;
  /** Positions of the rows; null: every event is a row. */
  readonly rows: IntList | null;
  /** Events evaluated so far. */
  scanned: number;
  scanning: boolean;
}

const RING = 256;
/** States in which a host, driver, adapter, binding, filter module, interface or link counts as up. */
const UP = new Set(['up', 'loaded', 'Running', 'registered', 'connected', 'plugged']);
/** A copy of the topology every this many events, for "the topology at event N". */
const CHECKPOINT_EVERY = 65536;
const SLICE_MS = 8;

export class TraceSession {
  readonly index = new TraceIndex();
  readonly topology = new TopologyBuilder();
  private view: View;
  /** The newest lines and their positions. */
  private readonly ringLines: string[] = new Array(RING);
  private readonly ringPos = new Int32Array(RING).fill(-1);
  /** checkpoints[k]: the topology after event (k + 1) * CHECKPOINT_EVERY - 1. */
  private readonly checkpoints: TopologyBuilder[] = [];
  private run: RunStatus | undefined;
  private bugcheck: WireEvent | undefined;
  private frames: FrameStore | undefined;
  private truncated = false;
  /** How many things (hosts, drivers, adapters, bindings, filter modules, interfaces) are up, and the last event where that was at its highest. */
  private up = 0;
  private peakUp = 0;
  private peak: number | undefined;
  private dirty = false;
  private topologyWanted = false;
  private disposed = false;
  private readonly maxEvents: number;
  private readonly now: () => number;

  constructor(private readonly opts: SessionOptions) {
    this.frames = opts.frames;
    this.maxEvents = opts.maxEvents ?? 10_000_000;
    this.now = opts.now ?? (() => Date.now());
    this.view = this.makeView(0, {});
  }

  get total(): number {
    return this.index.count;
  }

  setFrames(frames: FrameStore | undefined): void {
    this.frames = frames;
  }

  setRun(status: RunStatus): void {
    this.run = status;
    this.dirty = true;
    this.opts.port.post({ type: 'meta', meta: this.meta() });
  }

  meta(): TraceMeta {
    const ix = this.index;
    return {
      title: this.opts.title,
      origin: this.opts.origin,
      ...(this.opts.traceFile ? { traceFile: this.opts.traceFile } : {}),
      ...(this.opts.pcapngFile ? { pcapngFile: this.opts.pcapngFile } : {}),
      total: ix.count,
      components: ix.componentRefs.slice(),
      hasFrames: this.frames !== undefined,
      exports: this.opts.exports.filter((f) => f !== 'pcapng' || this.frames !== undefined),
      ...(this.run ? { run: this.run } : {}),
      counts: { ...ix.counts },
      ...(this.truncated ? { truncatedAt: this.maxEvents } : {}),
    };
  }

  /**
   * Adds the next events (one JSON line each, in trace order). The caller has stored the same
   * lines at the same positions. Lines are scanned for the indexed fields (scanLine), and parsed
   * only when the topology or the viewer needs the whole event. Returns how many were indexed
   * (less once the cap is reached).
   */
  ingest(lines: readonly string[]): number {
    let n = 0;
    const v = this.view;
    const live = v.rows !== null && !v.scanning && v.scanned === this.index.count;
    for (const line of lines) {
      if (this.index.count >= this.maxEvents) {
        this.truncated = true;
        break;
      }
      const scanned = scanLine(line);
      let e: TraceEventData | undefined;
      let i: number;
      if (scanned) {
        i = this.index.addScanned(scanned);
        if (affectsTopology(scanned.kind, scanned.api, scanned.from, scanned.to)) {
          e = scanned.kind === 'packet'
            ? { seq: 0, t: 0, kind: 'packet', host: scanned.host, component: scanned.component, ...(scanned.from ? { from: scanned.from } : {}), ...(scanned.to ? { to: scanned.to } : {}) }
            : parseEvent(line);
          this.topology.add(e);
        }
        if (e && scanned.kind === 'state') this.noteState(e, i);
      } else {
        e = parseEvent(line);
        i = this.index.add(e);
        this.topology.add(e);
        if (e.kind === 'state') this.noteState(e, i);
        if (e.kind === 'bugcheck') {
          this.bugcheck = { ...e, i };
          this.opts.port.post({ type: 'bugcheck', event: this.bugcheck });
        }
      }
      if ((i + 1) % CHECKPOINT_EVERY === 0) this.checkpoints.push(this.topology.clone());
      this.ringLines[i % RING] = line;
      this.ringPos[i % RING] = i;
      if (live && v.compiled.test(i) && (!v.compiled.text || line.toLowerCase().includes(v.compiled.text))) v.rows!.push(i);
      n++;
    }
    if (live) v.scanned = this.index.count;
    if (n) this.dirty = true;
    return n;
  }

  /** Counts what is up after a state event (for the topology "when the most was up"). */
  private noteState(e: TraceEventData, i: number): void {
    this.up += (UP.has(e.to ?? '') ? 1 : 0) - (UP.has(e.from ?? '') ? 1 : 0);
    if (this.up >= this.peakUp) {
      this.peakUp = this.up;
      this.peak = i;
    }
  }

  /** Event `i` from the ring of the newest lines, if it is still there. */
  private fromRing(i: number): WireEvent | undefined {
    if (this.ringPos[i % RING] !== i) return undefined;
    return { ...parseEvent(this.ringLines[i % RING]!), i };
  }

  /** Posts the batched growth since the last flush (call every LIVE_INTERVAL_MS while ingesting, and once at the end). */
  flush(): void {
    if (!this.dirty || this.disposed) return;
    this.dirty = false;
    const v = this.view;
    const rows = this.rowCount(v);
    const tail: WireEvent[] = [];
    let tailStart = rows;
    for (let r = rows - 1; r >= 0 && tail.length < MAX_TAIL; r--) {
      const i = v.rows ? v.rows.get(r) : r;
      const w = this.fromRing(i);
      if (!w) break;
      tail.push(w);
      tailStart = r;
    }
    tail.reverse();
    this.opts.port.post({ type: 'grew', meta: this.meta(), viewId: v.id, rows, tailStart, tail });
    if (this.topologyWanted && this.topology.dirty) {
      this.topology.dirty = false;
      this.opts.port.post({ type: 'topology', requestId: 0, topology: this.topology.snapshot() });
    }
  }

  /** A message for the viewer's status line. */
  notify(message: string, level: 'info' | 'error' = 'info'): void {
    this.opts.port.post({ type: 'notice', level, message });
  }

  dispose(): void {
    this.disposed = true;
  }

  private rowCount(v: View): number {
    return v.rows ? v.rows.length : Math.min(v.scanned, this.index.count);
  }

  private makeView(id: number, filter: TraceFilter): View {
    const compiled = compileFilter(filter, this.index);
    return { id, filter, compiled, rows: compiled.all ? null : new IntList(), scanned: compiled.all ? Number.MAX_SAFE_INTEGER : 0, scanning: !compiled.all };
  }

  /** Handles one message from the webview. */
  async handle(m: WebviewToHost): Promise<void> {
    if (this.disposed) return;
    const port = this.opts.port;
    switch (m.type) {
      case 'ready':
        port.post({ type: 'init', meta: this.meta(), ...(this.bugcheck ? { bugcheck: this.bugcheck } : {}) });
        return;
      case 'setFilter':
        return this.setFilter(m.viewId, m.filter);
      case 'getWindow':
        return this.window(m.requestId, m.viewId, m.start, m.count);
      case 'getFrame':
        return this.frame(m.requestId, m.i);
      case 'find':
        return this.find(m.requestId, m.viewId, m.fromRow, m.direction, m.kind);
      case 'rowOf': {
        const v = this.view;
        const row = v.id !== m.viewId || m.i < 0 || m.i >= this.index.count ? -1 : v.rows ? v.rows.indexOf(m.i) : m.i;
        port.post({ type: 'found', requestId: m.requestId, row, i: m.i });
        return;
      }
      case 'journey':
        return this.journey(m.requestId, m.nbl);
      case 'getTopology': {
        const at = m.at === 'running' ? this.peak : m.at;
        if (at !== undefined && at >= 0 && at < this.index.count - 1) {
          const t = await this.topologyAt(at);
          port.post({ type: 'topology', requestId: m.requestId, topology: t.snapshot(this.topology), at });
          return;
        }
        this.topologyWanted = true;
        this.topology.dirty = false;
        port.post({ type: 'topology', requestId: m.requestId, topology: this.topology.snapshot() });
        return;
      }
      case 'openSource':
        port.openSource?.(m.file, m.line);
        return;
      case 'export':
        port.exportTrace?.(m.format);
        return;
      case 'stop':
        port.stop?.();
        return;
    }
  }

  /** The topology just after event `at`: the nearest checkpoint before it, then the events in between. */
  private async topologyAt(at: number): Promise<TopologyBuilder> {
    const k = Math.min(this.checkpoints.length - 1, Math.floor((at + 1) / CHECKPOINT_EVERY) - 1);
    const b = k >= 0 ? this.checkpoints[k]!.clone() : new TopologyBuilder();
    let from = k >= 0 ? (k + 1) * CHECKPOINT_EVERY : 0;
    while (from <= at) {
      const to = Math.min(at + 1, from + 4096);
      for (const line of await this.opts.store.read(from, to)) b.add(parseEvent(line));
      from = to;
      await this.opts.port.yieldNow();
    }
    return b;
  }

  private async setFilter(viewId: number, filter: TraceFilter): Promise<void> {
    const v = this.makeView(viewId, filter);
    this.view = v;
    const port = this.opts.port;
    if (!v.rows) {
      port.post({ type: 'view', viewId, rows: this.index.count, done: true });
      return;
    }
    port.post({ type: 'view', viewId, rows: 0, done: false });
    let lastPost = this.now();
    // Evaluate in slices; events that arrive meanwhile are picked up before the loop ends.
    while (this.view === v && !this.disposed && v.scanned < this.index.count) {
      const sliceStart = this.now();
      while (v.scanned < this.index.count && this.now() - sliceStart < SLICE_MS) {
        const from = v.scanned;
        const to = Math.min(this.index.count, from + (v.compiled.text ? 2048 : 16384));
        if (v.compiled.text) {
          const lines = await this.opts.store.read(from, to);
          if (this.view !== v) return;
          for (let i = from; i < to; i++) if (v.compiled.test(i) && lines[i - from]!.toLowerCase().includes(v.compiled.text)) v.rows.push(i);
        } else {
          for (let i = from; i < to; i++) if (v.compiled.test(i)) v.rows.push(i);
        }
        v.scanned = to;
      }
      if (this.now() - lastPost >= LIVE_INTERVAL_MS) {
        lastPost = this.now();
        port.post({ type: 'view', viewId, rows: v.rows.length, done: false });
      }
      await port.yieldNow();
    }
    if (this.view !== v || this.disposed) return;
    v.scanning = false;
    port.post({ type: 'view', viewId, rows: v.rows.length, done: true });
  }

  /** Reads events at the given ascending positions, grouping contiguous runs into one read each. */
  async events(positions: readonly number[]): Promise<WireEvent[]> {
    const out: WireEvent[] = [];
    let k = 0;
    while (k < positions.length) {
      let end = k + 1;
      while (end < positions.length && positions[end] === positions[end - 1]! + 1) end++;
      const from = positions[k]!;
      const to = positions[end - 1]! + 1;
      const cached: WireEvent[] = [];
      for (let i = from; i < to; i++) {
        const w = this.fromRing(i);
        if (!w) break;
        cached.push(w);
      }
      if (cached.length === to - from) out.push(...cached);
      else {
        const lines = await this.opts.store.read(from, to);
        for (let j = 0; j < lines.length; j++) out.push({ ...parseEvent(lines[j]!), i: from + j });
      }
      k = end;
    }
    return out;
  }

  private async window(requestId: number, viewId: number, start: number, count: number): Promise<void> {
    const v = this.view;
    const port = this.opts.port;
    if (v.id !== viewId) {
      port.post({ type: 'window', requestId, viewId, start, events: [] });
      return;
    }
    const rows = this.rowCount(v);
    const from = Math.max(0, Math.min(start, rows));
    const to = Math.min(rows, from + Math.max(0, Math.min(count, MAX_WINDOW)));
    const positions: number[] = [];
    for (let r = from; r < to; r++) positions.push(v.rows ? v.rows.get(r) : r);
    const events = await this.events(positions);
    port.post({ type: 'window', requestId, viewId, start: from, events });
  }

  private async frame(requestId: number, i: number): Promise<void> {
    const port = this.opts.port;
    const ordinal = i >= 0 && i < this.index.count ? this.index.frameOrdinal(i) : -1;
    if (ordinal < 0) {
      port.post({ type: 'frame', requestId, i, reason: 'only send and indicate hops carry a frame (completions and returns hand back ownership)' });
      return;
    }
    if (!this.frames) {
      port.post({ type: 'frame', requestId, i, reason: 'this trace has no capture next to it (open the .pcapng, or a .jsonl with its .pcapng beside it)' });
      return;
    }
    const frame = await this.frames.frame(ordinal);
    port.post(frame ? { type: 'frame', requestId, i, frame } : { type: 'frame', requestId, i, reason: this.run?.running ? 'the frame is not written yet; it will be when the run ends' : 'the capture has no frame for this hop' });
  }

  private async find(requestId: number, viewId: number, fromRow: number, direction: 1 | -1, kind: 'violation' | 'bugcheck'): Promise<void> {
    const port = this.opts.port;
    const v = this.view;
    const list = kind === 'violation' ? this.index.violations : this.index.bugchecks;
    let found = { row: -1, i: -1 };
    if (v.id === viewId && list.length) {
      const rows = this.rowCount(v);
      const fromI = fromRow < 0 ? -1 : fromRow >= rows ? this.index.count : v.rows ? v.rows.get(fromRow) : fromRow;
      // The candidates after (or before) the current event, nearest first.
      let k = direction === 1 ? list.lowerBound(fromI + 1) : list.lowerBound(fromI) - 1;
      for (let steps = 0; k >= 0 && k < list.length; k += direction) {
        const i = list.get(k);
        const row = v.rows ? v.rows.indexOf(i) : i < rows ? i : -1;
        if (row >= 0) {
          found = { row, i };
          break;
        }
        if (++steps % 4096 === 0) await port.yieldNow();
      }
    }
    port.post({ type: 'found', requestId, ...found });
  }

  private async journey(requestId: number, nbl: number): Promise<void> {
    const positions: number[] = [];
    let truncated = false;
    const n = this.index.count;
    let sliceStart = this.now();
    for (let i = 0; i < n; i++) {
      if (this.index.nblAt(i) === nbl) {
        if (positions.length >= MAX_JOURNEY) {
          truncated = true;
          break;
        }
        positions.push(i);
      }
      if ((i & 0xffff) === 0 && this.now() - sliceStart > SLICE_MS) {
        await this.opts.port.yieldNow();
        sliceStart = this.now();
      }
    }
    const events = await this.events(positions);
    this.opts.port.post({ type: 'journey', requestId, nbl, events, truncated });
  }
}


