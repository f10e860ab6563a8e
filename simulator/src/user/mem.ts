/**
 * Reading and writing the driver's memory by C type and member path, with the interpreter's own
 * x64 layouts (`offsetOf`, `sizeOf`), plus the string forms NDIS uses (UNICODE_STRING, GUID) and
 * short-lived allocations for parameters NDIS hands to a handler for the duration of one call.
 */
import type { Interpreter, Memory, Num } from '../exec';
import { toNumber } from '../exec/values';

export class Mem {
  readonly m: Memory;
  private readonly offsets = new Map<string, number>();
  private readonly sizes = new Map<string, number>();

  constructor(readonly interp: Interpreter) {
    this.m = interp.memory;
  }

  /** Offset of `path` in struct `type` (cached). */
  off(type: string, path: string): number {
    const k = `${type}.${path}`;
    let o = this.offsets.get(k);
    if (o === undefined) this.offsets.set(k, (o = this.interp.offsetOf(type, path)));
    return o;
  }

  size(type: string): number {
    let s = this.sizes.get(type);
    if (s === undefined) this.sizes.set(type, (s = this.interp.sizeOf(type)));
    return s;
  }

  u8(a: number, t: string, p: string): number {
    return this.m.u8(a + this.off(t, p));
  }
  u16(a: number, t: string, p: string): number {
    return this.m.u16(a + this.off(t, p));
  }
  u32(a: number, t: string, p: string): number {
    return this.m.u32(a + this.off(t, p));
  }
  /** A 64-bit member as a JS number (exact below 2^53). */
  u64(a: number, t: string, p: string): number {
    return toNumber(this.m.u64(a + this.off(t, p)));
  }
  ptr(a: number, t: string, p: string): number {
    return this.m.ptr(a + this.off(t, p));
  }
  w8(a: number, t: string, p: string, v: number): void {
    this.m.w8(a + this.off(t, p), v & 0xff);
  }
  w16(a: number, t: string, p: string, v: number): void {
    this.m.w16(a + this.off(t, p), v & 0xffff);
  }
  w32(a: number, t: string, p: string, v: number): void {
    this.m.w32(a + this.off(t, p), v >>> 0);
  }
  w64(a: number, t: string, p: string, v: Num): void {
    this.m.w64(a + this.off(t, p), typeof v === 'number' && v >= 2 ** 63 ? BigInt.asIntN(64, BigInt(Math.round(v))) : v);
  }

  /** Zeroed memory owned by the simulated NDIS (`host` blocks). */
  alloc(size: number, label: string): number {
    return this.interp.allocate(Math.max(1, size), label);
  }

  free(addr: number): void {
    if (addr) this.interp.free(addr);
  }

  /** The text of a UNICODE_STRING at `a` (empty for NULL). */
  ustr(a: number): string {
    return a ? this.m.unicodeString(a) : '';
  }

  /** Write a UNICODE_STRING at `at` whose buffer (allocated here) holds `s` and a NUL. Returns the buffer. */
  setUstr(at: number, s: string, label: string, extraNul = false): number {
    const chars = s.length + (extraNul ? 2 : 1);
    const buf = this.alloc(chars * 2, label);
    for (let i = 0; i < s.length; i++) this.m.w16(buf + 2 * i, s.charCodeAt(i));
    this.m.w16(at, Math.min((s.length + (extraNul ? 1 : 0)) * 2, 0xfffe));
    this.m.w16(at + 2, Math.min(chars * 2, 0xfffe));
    this.m.w64(at + 8, buf);
    return buf;
  }

  /** A new UNICODE_STRING (and buffer) holding `s`; returns its address and the blocks to free. */
  newUstr(s: string, label: string, extraNul = false): { addr: number; blocks: number[] } {
    const addr = this.alloc(16, label);
    const buf = this.setUstr(addr, s, `${label} buffer`, extraNul);
    return { addr, blocks: [addr, buf] };
  }

  /** GUID at `a` in registry form {xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}. */
  guid(a: number): string {
    const h = (v: number, n: number): string => v.toString(16).padStart(n, '0');
    const b = this.m.read(a + 8, 8);
    return `{${h(this.m.u32(a), 8)}-${h(this.m.u16(a + 4), 4)}-${h(this.m.u16(a + 6), 4)}-${h(b[0]!, 2)}${h(b[1]!, 2)}-${[...b.slice(2)].map((x) => h(x, 2)).join('')}}`;
  }

  /** Whether `n` bytes at `a` are readable. */
  valid(a: number, n: number): boolean {
    return a !== 0 && this.m.valid(a, n);
  }

  /** A live view of `n` bytes at `a` (writes go to the driver's memory), or undefined. */
  view(a: number, n: number): Uint8Array | undefined {
    if (!n) return new Uint8Array(0);
    const b = this.m.blockAt(a);
    if (!b || b.freed || a < b.base || a - b.base + n > b.size) return undefined;
    return b.u8.subarray(a - b.base, a - b.base + n);
  }
}

/** A number from a Num (pointers and 32-bit values are always exact). */
export function num(v: Num): number {
  return typeof v === 'number' ? v : Number(v);
}
