/**
 * A compact, column-oriented index of a trace: a few bytes per event (kind, host, component, peer,
 * API, status, NBL as interned ids in chunked typed arrays), enough to evaluate every structured
 * filter of the viewer without reading the events again. The events themselves stay where they
 * are (a file on disk, or the lines of a report); the index never holds them.
 */
import { TRACE_KINDS, type ComponentRef, type TraceEventData, type TraceFilter, type TraceKindName } from '../traceProtocol';

const CHUNK_BITS = 16;
const CHUNK = 1 << CHUNK_BITS;
const MASK = CHUNK - 1;

type NumArray = Uint8Array | Uint16Array | Int32Array | Uint32Array;

/** A growable array of numbers kept in 64K-element chunks (no copying as it grows). */
export class Column {
  private readonly chunks: NumArray[] = [];
  constructor(private readonly make: (n: number) => NumArray) {}
  get(i: number): number {
    return this.chunks[i >>> CHUNK_BITS]![i & MASK]!;
  }
  set(i: number, v: number): void {
    let c = this.chunks[i >>> CHUNK_BITS];
    if (!c) {
      c = this.make(CHUNK);
      this.chunks[i >>> CHUNK_BITS] = c;
    }
    c[i & MASK] = v;
  }
  /** Bytes held. */
  get bytes(): number {
    return this.chunks.reduce((n, c) => n + c.byteLength, 0);
  }
}

/** A growable list of non-negative integers (rows of a view, events of a kind). */
export class IntList {
  private readonly col = new Column((n) => new Uint32Array(n));
  length = 0;
  push(v: number): void {
    this.col.set(this.length++, v);
  }
  get(k: number): number {
    return this.col.get(k);
  }
  /** Position of `v` in the (ascending) list, or -1. */
  indexOf(v: number): number {
    const k = this.lowerBound(v);
    return k < this.length && this.get(k) === v ? k : -1;
  }
  /** First position whose value is >= v (the list is ascending). */
  lowerBound(v: number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.get(mid) < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** Strings to small ids; id 0 is the empty string (no value). */
export class Interner {
  private readonly ids = new Map<string, number>([['', 0]]);
  readonly names: string[] = [''];
  id(s: string | undefined): number {
    if (!s) return 0;
    let v = this.ids.get(s);
    if (v === undefined) {
      v = this.names.length;
      if (v > 0xffff) return 0xffff; // more than 65535 distinct values: the rest share the last id
      this.ids.set(s, v);
      this.names.push(s);
    }
    return v;
  }
  /** The id of `s` if it was seen, else -1. */
  find(s: string): number {
    return this.ids.get(s) ?? -1;
  }
}

export const NO_NBL = -1;
/** A frame on a wire: `nbl: null`. */
export const WIRE_NBL = -2;

const KIND_IDS = new Map<string, number>(TRACE_KINDS.map((k, i) => [k, i]));

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 0x7fffffff ? v : undefined;
}

/** The API column's value for an event: what the "API" filter matches. */
export function apiLabel(e: TraceEventData): string | undefined {
  switch (e.kind) {
    case 'call':
    case 'return':
      return e.api;
    case 'state':
      return e.object;
    case 'packet':
      return e.hop;
    case 'violation':
      return e.rule;
    case 'bugcheck':
      return e.code && e.name ? `${e.code} ${e.name}` : e.code;
    case 'log':
      return e.level;
  }
}

/** The status column's value: a return's status (or out.status), a send completion's NBL status. */
export function statusLabel(e: TraceEventData): string | undefined {
  if (e.status) return e.status;
  const s = e.out?.status;
  return typeof s === 'string' ? s : undefined;
}

/** The NBL an event is about: a hop's NBL, or an NBL a call passes (`args.nbl`) or returns (`out.nbl`). */
export function nblOf(e: TraceEventData): number {
  if (e.kind === 'packet') return e.nbl === null ? WIRE_NBL : num(e.nbl) ?? NO_NBL;
  return num(e.args?.nbl) ?? num(e.out?.nbl) ?? NO_NBL;
}

/** Is this packet hop one whose frame is written to pcapng (docs/trace-format.md)? */
export function carriesFrame(e: TraceEventData): boolean {
  return e.kind === 'packet' && (e.hop === 'send' || e.hop === 'indicate');
}

/** The fields of a line the index needs, read without parsing the whole line. */
export interface ScannedLine {
  kind: TraceKindName;
  host: string;
  component: string;
  /** apiLabel() of the event. */
  api: string | undefined;
  status: string | undefined;
  nbl: number;
  from: string | undefined;
  to: string | undefined;
  hop: string | undefined;
}

/** The string value of the first `"key":"…"` in a JSON line (undefined: absent, null: needs a real parse). */
function str(line: string, key: string, from = 0): string | undefined | null {
  const k = line.indexOf(key, from);
  if (k < 0) return undefined;
  const start = k + key.length;
  const end = line.indexOf('"', start);
  if (end < 0) return null;
  const v = line.slice(start, end);
  return v.includes('\\') ? null : v;
}

/** The integer after the first `"key":`, NO_NBL when absent, WIRE_NBL for null. */
function intAfter(line: string, key: string): number {
  const k = line.indexOf(key);
  if (k < 0) return NO_NBL;
  let i = k + key.length;
  if (line.startsWith('null', i)) return WIRE_NBL;
  let v = 0;
  let digits = 0;
  for (; i < line.length; i++) {
    const c = line.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    v = v * 10 + c;
    digits++;
  }
  return digits && digits < 10 ? v : NO_NBL;
}

const SCAN: ScannedLine = { kind: 'log', host: '', component: '', api: undefined, status: undefined, nbl: NO_NBL, from: undefined, to: undefined, hop: undefined };

/**
 * Reads the indexed fields of one trace line as `ndiswb` writes it (docs/trace-format.md: the
 * common fields first, names without escapes) by searching for the keys, which is several times
 * faster than JSON.parse. Returns undefined when the line is not in that form (another writer,
 * escaped names): the caller parses it. The returned object is reused by the next call.
 */
export function scanLine(line: string): ScannedLine | undefined {
  if (!line.startsWith('{"seq":')) return undefined;
  const kind = str(line, '"kind":"');
  const host = str(line, '"host":"');
  const component = str(line, '"component":"');
  if (!kind || !KIND_IDS.has(kind) || host == null || component == null) return undefined;
  const s = SCAN;
  s.kind = kind as TraceKindName;
  s.host = host;
  s.component = component;
  s.from = s.to = s.hop = undefined;
  let api: string | undefined | null;
  switch (kind) {
    case 'call':
    case 'return':
      api = str(line, '"api":"');
      break;
    case 'state':
      api = str(line, '"object":"');
      break;
    case 'packet': {
      api = s.hop = str(line, '"hop":"') ?? undefined;
      const from = str(line, '"from":"');
      const to = str(line, '"to":"');
      if (from === null || to === null || s.hop === null) return undefined;
      s.from = from;
      s.to = to;
      break;
    }
    case 'violation':
      api = str(line, '"rule":"');
      break;
    case 'log':
      api = str(line, '"level":"');
      break;
    default:
      return undefined; // bug checks are rare: parsed
  }
  if (api === null) return undefined;
  const status = kind === 'return' || kind === 'packet' ? str(line, '"status":"') : undefined;
  if (status === null) return undefined;
  s.api = api;
  s.status = status;
  s.nbl = kind === 'packet' || kind === 'call' || kind === 'return' ? intAfter(line, '"nbl":') : NO_NBL;
  return s;
}

/** The scanned fields of a parsed event (lines scanLine cannot read). */
export function scanEvent(e: TraceEventData): ScannedLine {
  const packet = e.kind === 'packet';
  return { kind: e.kind, host: e.host, component: e.component, api: apiLabel(e), status: statusLabel(e), nbl: nblOf(e), from: packet ? e.from : undefined, to: packet ? e.to : undefined, hop: packet ? e.hop : undefined };
}

export class TraceIndex {
  count = 0;
  private readonly kind = new Column((n) => new Uint8Array(n));
  private readonly host = new Column((n) => new Uint16Array(n));
  private readonly comp = new Column((n) => new Uint16Array(n));
  private readonly peer = new Column((n) => new Uint16Array(n));
  private readonly api = new Column((n) => new Uint16Array(n));
  private readonly status = new Column((n) => new Uint16Array(n));
  private readonly nbl = new Column((n) => new Int32Array(n));
  readonly hosts = new Interner();
  readonly components = new Interner();
  readonly apis = new Interner();
  readonly statuses = new Interner();
  /** Events whose frame is in the pcapng, in order: the k-th is the k-th packet block. */
  readonly frameEvents = new IntList();
  /** Positions of the violations and bug checks (for "next violation"). */
  readonly violations = new IntList();
  readonly bugchecks = new IntList();
  /** (host, component) pairs in first-seen order. */
  readonly componentRefs: ComponentRef[] = [];
  private readonly seenPairs = new Set<number>();
  readonly counts: Partial<Record<TraceKindName, number>> = {};

  /** Adds one event; returns its position. */
  add(e: TraceEventData): number {
    return this.addScanned(scanEvent(e));
  }

  /** Adds one event from its scanned fields; returns its position. */
  addScanned(e: ScannedLine): number {
    const i = this.count++;
    const k = KIND_IDS.get(e.kind) ?? KIND_IDS.get('log')!;
    this.kind.set(i, k);
    const h = this.hosts.id(e.host);
    const c = this.components.id(e.component);
    this.host.set(i, h);
    this.comp.set(i, c);
    let p = 0;
    if (e.kind === 'packet') {
      p = this.components.id(e.to === e.component ? e.from : e.to);
      this.notePair(h, e.from);
      this.notePair(h, e.to);
    }
    this.peer.set(i, p);
    this.notePair(h, e.component, c);
    this.api.set(i, this.apis.id(e.api));
    this.status.set(i, this.statuses.id(e.status));
    this.nbl.set(i, e.nbl);
    this.counts[e.kind] = (this.counts[e.kind] ?? 0) + 1;
    if (e.kind === 'packet' && (e.hop === 'send' || e.hop === 'indicate')) this.frameEvents.push(i);
    else if (e.kind === 'violation') this.violations.push(i);
    else if (e.kind === 'bugcheck') this.bugchecks.push(i);
    return i;
  }

  private notePair(h: number, component: string | undefined, id?: number): void {
    if (!component) return;
    const c = id ?? this.components.id(component);
    const key = h * 65536 + c;
    if (this.seenPairs.has(key)) return;
    this.seenPairs.add(key);
    this.componentRefs.push({ host: this.hosts.names[h]!, component });
  }

  kindOf(i: number): TraceKindName {
    return TRACE_KINDS[this.kind.get(i)]!;
  }
  nblAt(i: number): number {
    return this.nbl.get(i);
  }
  hostAt(i: number): number {
    return this.host.get(i);
  }
  compAt(i: number): number {
    return this.comp.get(i);
  }
  peerAt(i: number): number {
    return this.peer.get(i);
  }
  apiAt(i: number): number {
    return this.api.get(i);
  }
  statusAt(i: number): number {
    return this.status.get(i);
  }
  kindIdAt(i: number): number {
    return this.kind.get(i);
  }

  /** Position of event `i`'s frame among the frames (its packet block), or -1. */
  frameOrdinal(i: number): number {
    return this.frameEvents.indexOf(i);
  }

  /** Bytes the index holds (for the benchmark and the memory bound). */
  get bytes(): number {
    return [this.kind, this.host, this.comp, this.peer, this.api, this.status, this.nbl].reduce((n, c) => n + c.bytes, 0);
  }
}

/** A filter made ready to test events by position. */
export interface CompiledFilter {
  /** True when every event matches (the view is the whole trace). */
  readonly all: boolean;
  /** Lower-cased text every matching event's line must contain, if any. */
  readonly text?: string;
  /** The structured part (everything but the text). */
  test(i: number): boolean;
}

/** Substring matcher over an interner with a cache per id (new ids appear while a run goes on). */
function idMatcher(names: Interner, needle: string): (id: number) => boolean {
  const want = needle.toLowerCase();
  const cache = new Map<number, boolean>();
  return (id) => {
    let v = cache.get(id);
    if (v === undefined) {
      v = id !== 0 && names.names[id]!.toLowerCase().includes(want);
      cache.set(id, v);
    }
    return v;
  };
}

export function compileFilter(f: TraceFilter, ix: TraceIndex): CompiledFilter {
  const tests: ((i: number) => boolean)[] = [];
  if (f.kinds && f.kinds.length && f.kinds.length < TRACE_KINDS.length) {
    const mask = f.kinds.reduce((m, k) => m | (1 << (KIND_IDS.get(k) ?? 31)), 0);
    tests.push((i) => ((mask >>> ix.kindIdAt(i)) & 1) === 1);
  }
  if (f.host) {
    const name = f.host;
    tests.push((i) => ix.hosts.names[ix.hostAt(i)] === name);
  }
  if (f.component) {
    const name = f.component;
    tests.push((i) => ix.components.names[ix.compAt(i)] === name || ix.components.names[ix.peerAt(i)] === name);
  }
  if (f.api) {
    const m = idMatcher(ix.apis, f.api);
    tests.push((i) => m(ix.apiAt(i)));
  }
  if (f.status) {
    const m = idMatcher(ix.statuses, f.status);
    tests.push((i) => m(ix.statusAt(i)));
  }
  if (f.nbl !== undefined && Number.isInteger(f.nbl)) {
    const n = f.nbl;
    tests.push((i) => ix.nblAt(i) === n);
  }
  const text = f.text?.trim() ? f.text.trim().toLowerCase() : undefined;
  const test = tests.length === 0 ? () => true : tests.length === 1 ? tests[0]! : (i: number) => tests.every((t) => t(i));
  return { all: tests.length === 0 && !text, ...(text ? { text } : {}), test };
}

/** Split a chunk of JSON Lines into lines (without the newlines); empty lines are dropped. */
export function splitLines(chunk: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (;;) {
    const nl = chunk.indexOf('\n', start);
    const end = nl < 0 ? chunk.length : nl;
    let line = chunk.slice(start, end);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.trim()) out.push(line);
    if (nl < 0) return out;
    start = nl + 1;
  }
}
