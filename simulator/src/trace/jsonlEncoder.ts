/**
 * A byte-level JSON Lines encoder for the hot event kinds (call, return, state, packet): it
 * writes straight into a Buffer, copying pre-encoded bytes of the strings that repeat (names,
 * summaries, field keys) and formatting integers digit by digit, so a long run spends little on
 * its trace. The bytes are identical to eventToJson's (a unit test compares them); the other
 * kinds go through eventToJson.
 */
import type { TraceEvent } from './events';
import { eventToJson, quoteJson } from './jsonl';

const enc = (s: string): Uint8Array => Buffer.from(s, 'latin1');
const K = {
  seq: enc('{"seq":'), t: enc(',"t":'), host: enc(',"host":'), component: enc(',"component":'), api: enc(',"api":'), fn: enc(',"function":'),
  args: enc(',"args":'), status: enc(',"status":'), out: enc(',"out":'), object: enc(',"object":"'), name: enc('","name":'), from: enc(',"from":'), to: enc(',"to":'),
  nbl: enc(',"nbl":'), hop: enc(',"hop":"'), hopEnd: enc('","from":'), bytes: enc(',"bytes":'), summary: enc(',"summary":'), source: enc(',"source":'),
  /** Bare (unquoted) words used inside constant quotes: hop kinds and state objects. */
  call: enc(',"kind":"call"'), return: enc(',"kind":"return"'), state: enc(',"kind":"state"'), packet: enc(',"kind":"packet"'), nul: enc('null'), end: enc('}\n'),
};

/** Unquoted bytes of the few bare words (hops, state objects), encoded once. */
const WORDS = new Map<string, Uint8Array>();
function word(s: string): Uint8Array {
  let b = WORDS.get(s);
  if (!b) WORDS.set(s, (b = enc(s)));
  return b;
}

/** Writes events into a caller-provided buffer; returns the new offset. Needs at most maxBytes(e) room. */
export class JsonlEncoder {
  private readonly cache = new Map<string, Uint8Array>();
  private lastKey = '';
  private lastBytes: Uint8Array = K.nul;
  /** `,"host":…,"component":…` by host, then component. */
  private readonly where = new Map<string, Map<string, Uint8Array>>();
  /** `,"api":…,"function":…` by api, then function. */
  private readonly callee = new Map<string, Map<string, Uint8Array>>();

  private pair(cache: Map<string, Map<string, Uint8Array>>, a: string, b: string, ka: Uint8Array, kb: Uint8Array): Uint8Array {
    let inner = cache.get(a);
    if (!inner) {
      if (cache.size >= 1024) cache.clear();
      cache.set(a, (inner = new Map()));
    }
    let bytes = inner.get(b);
    if (!bytes) {
      if (inner.size >= 4096) inner.clear();
      const x = this.str(a);
      const y = this.str(b);
      bytes = new Uint8Array(ka.length + x.length + kb.length + y.length);
      bytes.set(ka, 0);
      bytes.set(x, ka.length);
      bytes.set(kb, ka.length + x.length);
      bytes.set(y, ka.length + x.length + kb.length);
      inner.set(b, bytes);
    }
    return bytes;
  }

  /** The quoted, ASCII-escaped JSON of a string, encoded once. */
  private str(s: string): Uint8Array {
    if (s === this.lastKey) return this.lastBytes;
    let b = this.cache.get(s);
    if (b === undefined) {
      if (this.cache.size >= 16384) this.cache.clear();
      b = enc(quoteJson(s));
      this.cache.set(s, b);
    }
    this.lastKey = s;
    this.lastBytes = b;
    return b;
  }

  /** Encode `e` at `off` in `buf` (which must have room: see fits()); returns the offset after the newline. */
  encode(e: TraceEvent, buf: Buffer, off: number): number {
    if (e.kind !== 'call' && e.kind !== 'return' && e.kind !== 'state' && e.kind !== 'packet') {
      off += buf.write(eventToJson(e), off, 'latin1');
      buf[off] = 10;
      return off + 1;
    }
    off = put(buf, off, K.seq);
    off = putInt(buf, off, e.seq);
    off = put(buf, off, K.t);
    off = putInt(buf, off, e.t);
    off = put(buf, off, K[e.kind]);
    off = put(buf, off, this.pair(this.where, e.host, e.component, K.host, K.component));
    if (e.kind === 'call' || e.kind === 'return') {
      off = put(buf, off, this.pair(this.callee, e.api, e.function, K.api, K.fn));
      if (e.kind === 'call') {
        if (e.args) off = this.putObject(buf, put(buf, off, K.args), e.args);
      } else {
        if (e.status !== undefined) off = put(buf, put(buf, off, K.status), this.str(e.status));
        if (e.out) off = this.putObject(buf, put(buf, off, K.out), e.out);
      }
    } else if (e.kind === 'state') {
      off = put(buf, off, K.object);
      off = put(buf, off, word(e.object));
      off = put(buf, off, K.name);
      off = put(buf, off, this.str(e.name));
      off = put(buf, off, K.from);
      off = put(buf, off, this.str(e.from));
      off = put(buf, off, K.to);
      off = put(buf, off, this.str(e.to));
    } else {
      off = put(buf, off, K.nbl);
      off = e.nbl === null ? put(buf, off, K.nul) : putInt(buf, off, e.nbl);
      off = put(buf, off, K.hop);
      off = put(buf, off, word(e.hop));
      off = put(buf, off, K.hopEnd);
      off = put(buf, off, this.str(e.from));
      off = put(buf, off, K.to);
      off = put(buf, off, this.str(e.to));
      off = put(buf, off, K.bytes);
      off = putInt(buf, off, e.bytes);
      off = put(buf, off, K.summary);
      off = put(buf, off, this.str(e.summary));
      if (e.status !== undefined) off = put(buf, put(buf, off, K.status), this.str(e.status));
    }
    if (e.source) off = putRaw(buf, off, K.source, quoteJson(e.source));
    return put(buf, off, K.end);
  }

  /** A flat object of strings, integers and booleans byte by byte (anything else through JSON). */
  private putObject(buf: Buffer, off: number, o: Readonly<Record<string, unknown>>): number {
    buf[off++] = 123; // {
    let first = true;
    for (const k in o) {
      const v = o[k];
      if (v === undefined) continue;
      if (!first) buf[off++] = 44; // ,
      first = false;
      off = put(buf, off, this.str(k));
      buf[off++] = 58; // :
      if (typeof v === 'string') off = put(buf, off, this.str(v));
      else if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) off = putInt(buf, off, v);
      else off += buf.write(quoteJson(v), off, 'latin1');
    }
    buf[off++] = 125; // }
    return off;
  }

  /**
   * An upper bound of the bytes encode() writes. Hot kinds are bounded by their strings (names,
   * summaries: short) plus their small flat args/out objects, which get a generous allowance;
   * the other kinds are measured exactly.
   */
  maxBytes(e: TraceEvent): number {
    if (e.kind === 'call' || e.kind === 'return' || e.kind === 'state' || e.kind === 'packet') {
      let n = 512 + e.host.length + e.component.length;
      if (e.kind === 'call' || e.kind === 'return') n += e.api.length + e.function.length + (e.kind === 'call' ? (e.args ? 4096 : 0) : e.out ? 4096 : 0);
      else if (e.kind === 'state') n += e.name.length + e.from.length + e.to.length;
      else n += e.from.length + e.to.length + e.summary.length;
      return 6 * n + (e.source ? 6 * e.source.file.length + 64 : 0);
    }
    return eventToJson(e).length + 1;
  }
}

function put(buf: Buffer, off: number, b: Uint8Array): number {
  const n = b.length;
  if (n > 32) {
    buf.set(b, off);
    return off + n;
  }
  for (let i = 0; i < n; i++) buf[off + i] = b[i]!;
  return off + n;
}

function putRaw(buf: Buffer, off: number, key: Uint8Array, json: string): number {
  off = put(buf, off, key);
  return off + buf.write(json, off, 'latin1');
}

/** A non-negative integer (< 2^53) in decimal. */
function putInt(buf: Buffer, off: number, v: number): number {
  if (v < 10) {
    buf[off] = 48 + v;
    return off + 1;
  }
  let digits = 0;
  for (let x = v; x >= 1; x = Math.floor(x / 10)) digits++;
  let x = v;
  for (let i = off + digits - 1; i >= off; i--) {
    const q = Math.floor(x / 10);
    buf[i] = 48 + (x - q * 10);
    x = q;
  }
  return off + digits;
}
