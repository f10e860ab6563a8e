/**
 * Byte-addressed memory of an interpreted driver.
 *
 * Addresses are plain numbers in a 1 GiB space of 4 KiB pages. Each allocation (a global, a string
 * literal, a heap block, the stack) is its own ArrayBuffer placed at a page-aligned address, and a
 * page table maps every page it spans back to it. So every access is one array lookup plus a
 * bounds check against the allocation's exact size: reading one byte past a 6-byte heap block, a
 * NULL or wild pointer, or a freed block is a MemoryFault (an access violation `__except` can
 * catch), never a silent corruption of a neighbour or a crash of the host.
 *
 * Freed blocks stay mapped as tombstones (so use-after-free is reported as such) until a
 * quarantine of later frees has passed; then their address range is reused.
 *
 * Little-endian, like x64. 64-bit values use the representation of values.ts.
 */
import { BudgetExceeded, hex, MemoryFault } from './errors';
import * as values from './values';
import type { Num } from './values';
// Module-level copies: a call through a namespace getter (CommonJS transpilation) is slow in hot closures.
const { join64, split64 } = values;

export const PAGE_BITS = 12;
export const PAGE_SIZE = 1 << PAGE_BITS;
/** First mapped address: everything below (including NULL + small offsets) faults. */
export const LOW_LIMIT = 0x10000;
/** End of the data address space (1 GiB). */
export const ADDRESS_LIMIT = 0x40000000;
/** Function pointers live here, outside data memory (dereferencing one faults). */
export const FUNCTION_BASE = 0x7f000000;
/** Opaque handles (hosts hand them to the driver) live here; they fault when dereferenced. */
export const HANDLE_BASE = 0x60000000;

export type BlockKind = 'global' | 'string' | 'stack' | 'heap' | 'host';

/** One allocation. */
export class Block {
  readonly base: number;
  readonly size: number;
  readonly dv: DataView;
  readonly u8: Uint8Array;
  readonly kind: BlockKind;
  /** What it is, for messages: a variable name, `heap tag 'Tunp'`, ... */
  readonly label: string;
  freed = false;
  /** Pages reserved (address space), >= size. */
  readonly pages: number;
  constructor(base: number, size: number, kind: BlockKind, label: string, pages: number) {
    this.base = base;
    this.size = size;
    const buf = new ArrayBuffer(size);
    this.dv = new DataView(buf);
    this.u8 = new Uint8Array(buf);
    this.kind = kind;
    this.label = label;
    this.pages = pages;
  }
}

/** Options of a memory instance. */
export interface MemoryOptions {
  /** Total bytes of live allocations allowed (default 256 MiB). */
  readonly maxBytes?: number;
  /** Frees to wait before an address range is reused (default 256). */
  readonly quarantine?: number;
}

/** The memory of one interpreter. */
export class Memory {
  private readonly table: (Block | undefined)[] = new Array<Block | undefined>(ADDRESS_LIMIT >>> PAGE_BITS).fill(undefined);
  private nextPage = LOW_LIMIT >>> PAGE_BITS;
  private readonly freeRuns = new Map<number, number[]>();
  private readonly quarantined: Block[] = [];
  private live = 0;
  private nextHandle = HANDLE_BASE;
  private readonly maxBytes: number;
  private readonly quarantine: number;

  constructor(options: MemoryOptions = {}) {
    this.maxBytes = options.maxBytes ?? 256 * 1024 * 1024;
    this.quarantine = options.quarantine ?? 256;
  }

  /** Bytes currently allocated. */
  get liveBytes(): number {
    return this.live;
  }

  /**
   * Allocate `size` bytes (zero-filled unless `fill` is given). Returns undefined when the memory
   * budget or the address space is exhausted (a host maps that to a NULL return).
   */
  tryAlloc(size: number, kind: BlockKind, label: string, fill?: number): Block | undefined {
    if (!Number.isSafeInteger(size) || size < 0) return undefined;
    if (this.live + size > this.maxBytes) return undefined;
    const pages = Math.max(1, Math.ceil(size / PAGE_SIZE));
    const first = this.takePages(pages);
    if (first === undefined) return undefined;
    const b = new Block(first << PAGE_BITS, size, kind, label, pages);
    if (fill) b.u8.fill(fill);
    for (let p = 0; p < pages; p++) this.table[first + p] = b;
    this.live += size;
    return b;
  }

  /** Like tryAlloc, but a failure is a budget error (globals, literals, the stack). */
  alloc(size: number, kind: BlockKind, label: string): Block {
    const b = this.tryAlloc(size, kind, label);
    if (!b) throw new BudgetExceeded(`memory: cannot allocate ${size} bytes for ${label}`);
    return b;
  }

  private takePages(n: number): number | undefined {
    const run = this.freeRuns.get(n);
    if (run && run.length) return run.pop();
    const limit = ADDRESS_LIMIT >>> PAGE_BITS;
    if (this.nextPage + n <= limit) {
      const p = this.nextPage;
      this.nextPage += n + 1; // one unmapped guard page between blocks
      return p;
    }
    return undefined;
  }

  /** Free a heap or host block by its base address. Returns an error text, or undefined. */
  free(addr: number): string | undefined {
    const b = this.blockAt(addr);
    if (!b) return `free of ${hex(addr)}, which is not an allocation`;
    if (b.base !== addr) return `free of ${hex(addr)}, inside ${b.label} at ${hex(b.base)}`;
    if (b.freed) return `double free of ${hex(addr)} (${b.label})`;
    if (b.kind !== 'heap' && b.kind !== 'host') return `free of ${b.label}, which was not allocated from the heap`;
    b.freed = true;
    this.live -= b.size;
    this.quarantined.push(b);
    if (this.quarantined.length > this.quarantine) {
      const old = this.quarantined.shift()!;
      const first = old.base >>> PAGE_BITS;
      for (let p = 0; p < old.pages; p++) this.table[first + p] = undefined;
      let run = this.freeRuns.get(old.pages);
      if (!run) this.freeRuns.set(old.pages, (run = []));
      run.push(first);
    }
    return undefined;
  }

  /** The block containing `addr` (live or freed), if any. */
  blockAt(addr: number): Block | undefined {
    if (!(addr >= 0 && addr < ADDRESS_LIMIT)) return undefined;
    return this.table[Math.floor(addr) >>> PAGE_BITS];
  }

  /** A fresh opaque handle value (not dereferenceable). */
  newHandle(): number {
    this.nextHandle += 16;
    return this.nextHandle;
  }

  /** Resolve an access of `n` bytes at `a`: the block, with `this.off` set. Faults otherwise. */
  private at(a: number, n: number, write: boolean): Block {
    const b = this.table[a >>> PAGE_BITS];
    if (b !== undefined && !b.freed) {
      const off = a - b.base;
      if (off >= 0 && off + n <= b.size) {
        this.off = off;
        return b;
      }
    }
    return this.fault(a, n, write);
  }

  /** Offset inside the block returned by the last `at` call. */
  private off = 0;

  private fault(a: number, n: number, write: boolean): never {
    const what = `${write ? 'write' : 'read'} of ${n} byte${n === 1 ? '' : 's'} at ${hex(a)}`;
    if (a >= 0 && a < LOW_LIMIT) throw new MemoryFault(`${what} (NULL pointer${a ? ` + ${a}` : ''})`, a);
    if (a >= HANDLE_BASE && a < FUNCTION_BASE) throw new MemoryFault(`${what} (an opaque handle, not memory)`, a);
    if (a >= FUNCTION_BASE && a < 0x80000000) throw new MemoryFault(`${what} (a function address)`, a);
    const b = this.blockAt(a) ?? this.blockAt(a + n - 1);
    if (b?.freed) throw new MemoryFault(`${what} (use after free of ${b.label})`, a);
    if (b) {
      const off = a - b.base;
      throw new MemoryFault(`${what} (out of bounds: offset ${off} of ${b.label}, ${b.size} bytes)`, a);
    }
    throw new MemoryFault(`${what} (wild pointer)`, a);
  }

  /** True when `n` bytes at `a` are accessible. */
  valid(a: number, n: number): boolean {
    const b = this.blockAt(a);
    return !!b && !b.freed && a - b.base + n <= b.size && a >= b.base;
  }

  // ---- typed loads ----
  u8(a: number): number {
    return this.at(a, 1, false).u8[this.off]!;
  }
  i8(a: number): number {
    return this.at(a, 1, false).dv.getInt8(this.off);
  }
  u16(a: number): number {
    return this.at(a, 2, false).dv.getUint16(this.off, true);
  }
  i16(a: number): number {
    return this.at(a, 2, false).dv.getInt16(this.off, true);
  }
  u32(a: number): number {
    return this.at(a, 4, false).dv.getUint32(this.off, true);
  }
  i32(a: number): number {
    return this.at(a, 4, false).dv.getInt32(this.off, true);
  }
  u64(a: number): Num {
    const b = this.at(a, 8, false);
    return join64(b.dv.getUint32(this.off, true), b.dv.getUint32(this.off + 4, true), false);
  }
  i64(a: number): Num {
    const b = this.at(a, 8, false);
    return join64(b.dv.getUint32(this.off, true), b.dv.getInt32(this.off + 4, true), true);
  }
  /** A pointer (an address number; high garbage bits make it a wild pointer). */
  ptr(a: number): number {
    const b = this.at(a, 8, false);
    const lo = b.dv.getUint32(this.off, true);
    const hi = b.dv.getUint32(this.off + 4, true);
    return hi === 0 ? lo : hi * 4294967296 + lo;
  }
  f32(a: number): number {
    return this.at(a, 4, false).dv.getFloat32(this.off, true);
  }
  f64(a: number): number {
    return this.at(a, 8, false).dv.getFloat64(this.off, true);
  }

  // ---- typed stores (values already converted to the type) ----
  w8(a: number, v: number): void {
    this.at(a, 1, true).u8[this.off] = v;
  }
  w16(a: number, v: number): void {
    this.at(a, 2, true).dv.setUint16(this.off, v, true);
  }
  w32(a: number, v: number): void {
    this.at(a, 4, true).dv.setUint32(this.off, v >>> 0, true);
  }
  w64(a: number, v: Num): void {
    const b = this.at(a, 8, true);
    const [lo, hi] = split64(v);
    b.dv.setUint32(this.off, lo, true);
    b.dv.setInt32(this.off + 4, hi, true);
  }
  wf32(a: number, v: number): void {
    this.at(a, 4, true).dv.setFloat32(this.off, v, true);
  }
  wf64(a: number, v: number): void {
    this.at(a, 8, true).dv.setFloat64(this.off, v, true);
  }

  // ---- bulk operations ----
  /** memmove semantics (overlap allowed). */
  copy(dst: number, src: number, n: number): void {
    if (n <= 0) return;
    const s = this.at(src, n, false);
    const so = this.off;
    const d = this.at(dst, n, true);
    d.u8.set(s.u8.subarray(so, so + n), this.off);
  }
  fill(dst: number, byte: number, n: number): void {
    if (n <= 0) return;
    const d = this.at(dst, n, true);
    d.u8.fill(byte & 0xff, this.off, this.off + n);
  }
  read(a: number, n: number): Uint8Array {
    if (n <= 0) return new Uint8Array(0);
    const b = this.at(a, n, false);
    return b.u8.slice(this.off, this.off + n);
  }
  write(a: number, bytes: Uint8Array): void {
    if (!bytes.length) return;
    const b = this.at(a, bytes.length, true);
    b.u8.set(bytes, this.off);
  }
  /** Compare n bytes (memcmp). */
  compare(a: number, b: number, n: number): number {
    const x = this.read(a, n);
    const y = this.read(b, n);
    for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
    return 0;
  }

  // ---- strings ----
  /** A NUL-terminated narrow string (at most `max` chars). */
  cString(a: number, max = 65536): string {
    let s = '';
    for (let i = 0; i < max; i++) {
      const c = this.u8(a + i);
      if (!c) break;
      s += String.fromCharCode(c);
    }
    return s;
  }
  /** A NUL-terminated wide (UTF-16) string. */
  wString(a: number, max = 65536): string {
    let s = '';
    for (let i = 0; i < max; i++) {
      const c = this.u16(a + 2 * i);
      if (!c) break;
      s += String.fromCharCode(c);
    }
    return s;
  }
  /** `n` UTF-16 code units. */
  wChars(a: number, n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String.fromCharCode(this.u16(a + 2 * i));
    return s;
  }
  /** Read a UNICODE_STRING { USHORT Length; USHORT MaximumLength; PWSTR Buffer; } at `a`. */
  unicodeString(a: number): string {
    const len = this.u16(a);
    const buf = this.ptr(a + 8);
    return len && buf ? this.wChars(buf, len >>> 1) : '';
  }
}
