/**
 * JSON Lines serialisation of trace events (docs/trace-format.md) and a file sink that streams
 * them to disk through a bounded buffer, so a 10-million-event run never holds its trace in
 * memory. Field order is fixed per kind; absent optional fields are left out; the packet's raw
 * `frame` is never written (it goes to pcapng).
 */
import * as fs from 'node:fs';
import type { TraceEvent, TraceSink } from './events';
import { JsonlEncoder } from './jsonlEncoder';

const NON_ASCII = /[\u007f-\uffff]/g;

/** JSON text with every non-ASCII character escaped (\uXXXX): the trace is pure ASCII. */
function ascii(json: string): string {
  NON_ASCII.lastIndex = 0;
  return NON_ASCII.test(json) ? json.replace(NON_ASCII, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : json;
}

/** Quoted JSON strings of recently seen values: summary strings repeat at every hop. */
const quoted = new Map<string, string>();
function q(s: string): string {
  let v = quoted.get(s);
  if (v === undefined) {
    if (quoted.size >= 8192) quoted.clear();
    v = ascii(JSON.stringify(s));
    quoted.set(s, v);
  }
  return v;
}

/** Any JSON value, ASCII only. */
function qj(v: unknown): string {
  return ascii(JSON.stringify(v));
}

/** A value as the trace writes it: JSON with every non-ASCII character escaped. */
export const quoteJson = qj;

const UNSAFE = /["\\\u0000-\u001f\u007f-\uffff]/;
/** Quote a name (host, component, api, function): names rarely need escaping, so test first. */
function n(s: string): string {
  return UNSAFE.test(s) ? qj(s) : `"${s}"`;
}

/** One event → one line of JSON, ASCII only (without the newline). Same event, same text. */
export function eventToJson(e: TraceEvent): string {
  let s = `{"seq":${e.seq},"t":${e.t},"kind":"${e.kind}","host":${n(e.host)},"component":${n(e.component)}`;
  switch (e.kind) {
    case 'call':
      s += `,"api":${n(e.api)},"function":${n(e.function)}`;
      if (e.args) s += `,"args":${qj(e.args)}`;
      break;
    case 'return':
      s += `,"api":${n(e.api)},"function":${n(e.function)}`;
      if (e.status !== undefined) s += `,"status":${q(e.status)}`;
      if (e.out) s += `,"out":${qj(e.out)}`;
      break;
    case 'state':
      s += `,"object":"${e.object}","name":${q(e.name)},"from":${q(e.from)},"to":${q(e.to)}`;
      break;
    case 'packet':
      s += `,"nbl":${e.nbl},"hop":"${e.hop}","from":${n(e.from)},"to":${n(e.to)},"bytes":${e.bytes},"summary":${q(e.summary)}`;
      if (e.status !== undefined) s += `,"status":${q(e.status)}`;
      break;
    case 'violation':
      s += `,"rule":${q(e.rule)},"message":${qj(e.message)}`;
      break;
    case 'bugcheck':
      s += `,"code":${q(e.code)},"params":${qj(e.params)},"name":${q(e.name)},"reason":${qj(e.reason)},"stack":${qj(e.stack)}`;
      break;
    case 'log':
      s += `,"level":"${e.level}","message":${qj(e.message)}`;
      break;
  }
  if (e.source) s += `,"source":${qj(e.source)}`;
  return s + '}';
}

/**
 * Writes JSON Lines to a file descriptor (or path), buffering up to `bufferChars` characters
 * between writes. Writes are synchronous so that a bug check or budget stop can never lose the
 * tail of the trace.
 */
export class JsonlFileSink implements TraceSink {
  private readonly buf: Buffer;
  private used = 0;
  private readonly fd: number;
  private readonly ownsFd: boolean;
  private readonly encoder = new JsonlEncoder();

  constructor(target: string | number, bufferBytes = 1 << 20) {
    this.ownsFd = typeof target === 'string';
    this.fd = typeof target === 'string' ? fs.openSync(target, 'w') : target;
    this.buf = Buffer.allocUnsafe(Math.max(bufferBytes, 1 << 16));
  }

  write(e: TraceEvent): void {
    const need = this.encoder.maxBytes(e);
    if (this.used + need > this.buf.length) {
      this.flush();
      if (need > this.buf.length) {
        writeAll(this.fd, Buffer.from(eventToJson(e) + '\n', 'latin1'));
        return;
      }
    }
    this.used = this.encoder.encode(e, this.buf, this.used);
  }

  flush(): void {
    if (!this.used) return;
    writeAll(this.fd, this.buf.subarray(0, this.used));
    this.used = 0;
  }

  close(): void {
    this.flush();
    if (this.ownsFd) fs.closeSync(this.fd);
  }
}

/** Collects JSON lines in batches and hands each batch to `emit` (e.g. a worker's postMessage). */
export class JsonlBatchSink implements TraceSink {
  private parts: string[] = [];
  constructor(
    private readonly emit: (lines: string) => void,
    private readonly batch = 2000,
  ) {}
  write(e: TraceEvent): void {
    this.parts.push(eventToJson(e));
    if (this.parts.length >= this.batch) this.flush();
  }
  flush(): void {
    if (!this.parts.length) return;
    this.emit(this.parts.join('\n') + '\n');
    this.parts = [];
  }
  close(): void {
    this.flush();
  }
}

/** fs.writeSync until every byte is written (pipes may accept partial writes; EAGAIN is retried). */
export function writeAll(fd: number, data: Uint8Array): void {
  let off = 0;
  while (off < data.length) {
    try {
      off += fs.writeSync(fd, data, off, data.length - off);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
    }
  }
}
