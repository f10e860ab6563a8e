/**
 * The host-side buffer of a trace: the events stay in a JSON Lines file on disk; memory holds only
 * the byte offset of every 64th line and a bounded LRU of recently read blocks. A running
 * simulation appends to the file (appendBatch); an opened file is indexed in chunks
 * (indexFile), so a 10-million-line trace never sits in the extension host's heap.
 */
import * as fs from 'node:fs';
import { splitLines } from '../../../common/src/trace/traceIndex';
import type { LineStore } from '../../../common/src/trace/session';

const BLOCK_BITS = 6;
const BLOCK = 1 << BLOCK_BITS;
const MAX_CACHED_BLOCKS = 256;
const READ_CHUNK = 1 << 18;

const NON_ASCII = /[^\x00-\x7f]/;

/** Lets other tasks run (one turn of the event loop). */
export const yieldNow = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class FileLineStore implements LineStore {
  /** Lines indexed. */
  count = 0;
  /** End offset of the last indexed line (its newline included). */
  private end = 0;
  private blockStart = new Float64Array(1024);
  private readonly cache = new Map<number, string[]>();
  private fd: number | undefined;
  private closed = false;

  private constructor(readonly file: string, private readonly writable: boolean) {
    this.fd = fs.openSync(file, writable ? 'w+' : 'r');
  }

  /** A new, empty trace file a run appends to. */
  static create(file: string): FileLineStore {
    return new FileLineStore(file, true);
  }

  /** An existing trace file (index it with indexFile). */
  static open(file: string): FileLineStore {
    return new FileLineStore(file, false);
  }

  /** Bytes of memory held (offsets and cached blocks; approximate). */
  get memoryBytes(): number {
    let cached = 0;
    for (const b of this.cache.values()) for (const l of b) cached += l.length * 2;
    return this.blockStart.byteLength + cached;
  }

  private noteLine(bytes: number): void {
    if ((this.count & (BLOCK - 1)) === 0) {
      const b = this.count >>> BLOCK_BITS;
      if (b >= this.blockStart.length) {
        const grown = new Float64Array(this.blockStart.length * 2);
        grown.set(this.blockStart);
        this.blockStart = grown;
      }
      this.blockStart[b] = this.end;
    }
    this.count++;
    this.end += bytes;
  }

  /**
   * Appends a batch of JSON Lines (each ending in "\n") from a running simulation: written through
   * at once, so every line the index knows is readable. Returns the lines, for the session.
   */
  appendBatch(text: string): string[] {
    if (!this.writable || this.fd === undefined) throw new Error('trace file is read-only');
    const ascii = !NON_ASCII.test(text);
    // A string is written as is (no Buffer per batch: a run's worth of them would be hundreds of MB
    // of external memory for the collector to chase); writeSync may write less than asked.
    let written = fs.writeSync(this.fd, text, this.end, 'utf8');
    const total = ascii ? text.length : Buffer.byteLength(text, 'utf8');
    if (written < total) {
      const rest = Buffer.from(text, 'utf8');
      while (written < total) written += fs.writeSync(this.fd, rest, written, total - written, this.end + written);
    }
    const lines: string[] = [];
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      const stop = nl < 0 ? text.length : nl + 1;
      if (stop === start) break;
      const raw = text.slice(start, stop);
      const bytes = ascii ? raw.length : Buffer.byteLength(raw, 'utf8');
      const line = raw.replace(/\r?\n$/, '');
      if (line.trim()) {
        this.noteLine(bytes);
        lines.push(line);
      } else this.end += bytes;
      if (nl < 0) break;
      start = stop;
    }
    return lines;
  }

  /**
   * Indexes the whole (read-only) file in chunks, handing each chunk's lines to `onLines` and
   * yielding between chunks. Resolves when the file is indexed or `cancelled()` says stop.
   */
  async indexFile(onLines: (lines: string[]) => void, cancelled: () => boolean = () => false): Promise<void> {
    const fh = await fs.promises.open(this.file, 'r');
    try {
      const buf = Buffer.allocUnsafe(READ_CHUNK);
      let carry: Buffer = Buffer.alloc(0);
      let pos = 0;
      for (;;) {
        if (cancelled() || this.closed) return;
        const { bytesRead } = await fh.read(buf, 0, READ_CHUNK, pos);
        const data = carry.length ? Buffer.concat([carry, buf.subarray(0, bytesRead)]) : buf.subarray(0, bytesRead);
        pos += bytesRead;
        const eof = bytesRead === 0;
        const lines: string[] = [];
        let start = 0;
        for (;;) {
          let nl = data.indexOf(10, start);
          if (nl < 0) {
            if (!eof || start >= data.length) break;
            nl = data.length - 1; // last line without a newline
          }
          const line = data.toString('utf8', start, data[nl] === 10 ? nl : nl + 1).replace(/\r$/, '');
          if (line.trim()) {
            this.noteLine(nl + 1 - start);
            lines.push(line);
          } else this.end += nl + 1 - start;
          start = nl + 1;
        }
        carry = Buffer.from(data.subarray(start));
        if (lines.length) onLines(lines);
        if (eof) return;
        await yieldNow();
      }
    } finally {
      await fh.close();
    }
  }

  /** Lines of events [from, to). */
  async read(from: number, to: number): Promise<string[]> {
    const out: string[] = [];
    const last = Math.min(to, this.count);
    for (let i = Math.max(0, from); i < last; ) {
      const b = i >>> BLOCK_BITS;
      const lines = await this.block(b);
      const first = b << BLOCK_BITS;
      const stop = Math.min(last, first + lines.length);
      if (stop <= i) break; // the block is shorter than the index says (the file changed under us)
      for (; i < stop; i++) out.push(lines[i - first]!);
    }
    return out;
  }

  private async block(b: number): Promise<string[]> {
    const hit = this.cache.get(b);
    if (hit) {
      this.cache.delete(b);
      this.cache.set(b, hit);
      return hit;
    }
    if (this.fd === undefined) return [];
    const start = this.blockStart[b]!;
    const full = (b + 1) << BLOCK_BITS <= this.count;
    const stop = full && ((b + 1) << BLOCK_BITS) < this.count ? this.blockStart[b + 1]! : this.end;
    const buf = Buffer.allocUnsafe(stop - start);
    let got = 0;
    while (got < buf.length) {
      const { bytesRead } = await readAt(this.fd, buf, got, buf.length - got, start + got);
      if (!bytesRead) break;
      got += bytesRead;
    }
    const lines = splitLines(buf.toString('utf8', 0, got));
    if (full) {
      this.cache.set(b, lines);
      if (this.cache.size > MAX_CACHED_BLOCKS) this.cache.delete(this.cache.keys().next().value!);
    }
    return lines;
  }

  close(): void {
    this.closed = true;
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
    this.cache.clear();
  }
}

function readAt(fd: number, buf: Buffer, offset: number, length: number, position: number): Promise<{ bytesRead: number }> {
  return new Promise((resolve, reject) => fs.read(fd, buf, offset, length, position, (err, bytesRead) => (err ? reject(err) : resolve({ bytesRead }))));
}
