/**
 * Integer values with C semantics.
 *
 * Representation (chosen for speed, see README of exec): integers of up to 32 bits are JS numbers
 * already wrapped to their type (int32 or uint32 range). 64-bit integers are numbers while they are
 * safe integers and BigInt otherwise (canonical form: a value is a BigInt only when it is outside
 * ±(2^53-1)), so the common small-value case never allocates and every result is still exact.
 * Pointers are plain numbers (addresses). Floating values are numbers.
 */
import { SehException, STATUS_INTEGER_DIVIDE_BY_ZERO } from './errors';

/** An integer, pointer or floating value. */
export type Num = number | bigint;

const MAX = Number.MAX_SAFE_INTEGER;
const MAXN = BigInt(MAX);
const U32N = 0xffffffffn;

/** Canonical u64 from a BigInt. */
export function normU64(b: bigint): Num {
  b = BigInt.asUintN(64, b);
  return b <= MAXN ? Number(b) : b;
}

/** Canonical i64 from a BigInt. */
export function normI64(b: bigint): Num {
  b = BigInt.asIntN(64, b);
  return b <= MAXN && b >= -MAXN ? Number(b) : b;
}

/** Exact BigInt of an integer value. */
export function big(v: Num): bigint {
  return typeof v === 'bigint' ? v : BigInt(v);
}

/** The value as a JS number (lossy above 2^53; for addresses and diagnostics). */
export function toNumber(v: Num): number {
  return typeof v === 'number' ? v : Number(v);
}

/** C truth value. */
export function truthy(v: Num): boolean {
  return v != 0; // eslint-disable-line eqeqeq -- number/bigint mix
}

// ---- conversions to each integer type (from any integer value) ----

export const toI8 = (v: Num): number => (typeof v === 'number' ? (v << 24) >> 24 : Number(BigInt.asIntN(8, v)));
export const toU8 = (v: Num): number => (typeof v === 'number' ? v & 0xff : Number(BigInt.asUintN(8, v)));
export const toI16 = (v: Num): number => (typeof v === 'number' ? (v << 16) >> 16 : Number(BigInt.asIntN(16, v)));
export const toU16 = (v: Num): number => (typeof v === 'number' ? v & 0xffff : Number(BigInt.asUintN(16, v)));
export const toI32 = (v: Num): number => (typeof v === 'number' ? v | 0 : Number(BigInt.asIntN(32, v)));
export const toU32 = (v: Num): number => (typeof v === 'number' ? v >>> 0 : Number(BigInt.asUintN(32, v)));
export const toI64 = (v: Num): Num => (typeof v === 'number' ? v : normI64(v));
export const toU64 = (v: Num): Num => (typeof v === 'number' ? (v >= 0 ? v : normU64(BigInt(v))) : normU64(v));

/** The conversion function for an integer type of `size` bytes. */
export function intConverter(size: number, signed: boolean): (v: Num) => Num {
  switch (size) {
    case 1:
      return signed ? toI8 : toU8;
    case 2:
      return signed ? toI16 : toU16;
    case 4:
      return signed ? toI32 : toU32;
    default:
      return signed ? toI64 : toU64;
  }
}

/** Float to integer (truncation toward zero; out-of-range values wrap like the BigInt would). */
export function floatToInt(x: number, size: number, signed: boolean): Num {
  if (!Number.isFinite(x)) return 0;
  const t = Math.trunc(x);
  const conv = intConverter(size, signed);
  return Number.isSafeInteger(t) ? conv(t) : conv(BigInt(t));
}

// ---- 64-bit arithmetic: fast path on safe numbers, exact BigInt fallback ----

export function add64(a: Num, b: Num, signed: boolean): Num {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    if (signed ? r <= MAX && r >= -MAX : r <= MAX) return r;
  }
  return signed ? normI64(big(a) + big(b)) : normU64(big(a) + big(b));
}

export function sub64(a: Num, b: Num, signed: boolean): Num {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a - b;
    if (signed ? r <= MAX && r >= -MAX : r >= 0) return r;
  }
  return signed ? normI64(big(a) - big(b)) : normU64(big(a) - big(b));
}

export function mul64(a: Num, b: Num, signed: boolean): Num {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a * b;
    if (r <= MAX && r >= -MAX) return r === 0 ? 0 : r;
  }
  return signed ? normI64(big(a) * big(b)) : normU64(big(a) * big(b));
}

function divZero(): never {
  throw new SehException('exception', STATUS_INTEGER_DIVIDE_BY_ZERO, 'integer division by zero');
}

export function div64(a: Num, b: Num, signed: boolean): Num {
  if (b == 0) divZero(); // eslint-disable-line eqeqeq
  if (typeof a === 'number' && typeof b === 'number') {
    const r = Math.trunc(a / b);
    return r === 0 ? 0 : r;
  }
  return signed ? normI64(big(a) / big(b)) : normU64(big(a) / big(b));
}

export function rem64(a: Num, b: Num, signed: boolean): Num {
  if (b == 0) divZero(); // eslint-disable-line eqeqeq
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a % b;
    return r === 0 ? 0 : r;
  }
  return signed ? normI64(big(a) % big(b)) : normU64(big(a) % big(b));
}

/** 32-bit and narrower division: operands are already promoted numbers. */
export function div32(a: number, b: number, signed: boolean): number {
  if (b === 0) divZero();
  return signed ? (a / b) | 0 : Math.trunc(a / b) >>> 0;
}

export function rem32(a: number, b: number, signed: boolean): number {
  if (b === 0) divZero();
  return signed ? (a % b) | 0 : (a % b) >>> 0;
}

const fits32 = (v: Num): v is number => typeof v === 'number' && v >= -0x80000000 && v <= 0xffffffff;

export function and64(a: Num, b: Num, signed: boolean): Num {
  if (fits32(a) && fits32(b) && a >= 0 && b >= 0) return (a & b) >>> 0;
  return signed ? normI64(big(a) & big(b)) : normU64(big(a) & big(b));
}

export function or64(a: Num, b: Num, signed: boolean): Num {
  if (fits32(a) && fits32(b) && a >= 0 && b >= 0) return (a | b) >>> 0;
  return signed ? normI64(big(a) | big(b)) : normU64(big(a) | big(b));
}

export function xor64(a: Num, b: Num, signed: boolean): Num {
  if (fits32(a) && fits32(b) && a >= 0 && b >= 0) return (a ^ b) >>> 0;
  return signed ? normI64(big(a) ^ big(b)) : normU64(big(a) ^ big(b));
}

export function shl64(a: Num, n: Num, signed: boolean): Num {
  const s = Number(big(n) & 63n);
  if (typeof a === 'number' && a >= 0) {
    const r = a * 2 ** s;
    if (r <= MAX) return r;
  }
  return signed ? normI64(big(a) << BigInt(s)) : normU64(big(a) << BigInt(s));
}

export function shr64(a: Num, n: Num, signed: boolean): Num {
  const s = Number(big(n) & 63n);
  if (typeof a === 'number') return Math.floor(a / 2 ** s);
  return signed ? normI64(a >> BigInt(s)) : normU64(BigInt.asUintN(64, a) >> BigInt(s));
}

export function neg64(a: Num, signed: boolean): Num {
  if (typeof a === 'number' && signed) return a === 0 ? 0 : -a;
  return signed ? normI64(-big(a)) : normU64(-big(a));
}

export function not64(a: Num, signed: boolean): Num {
  if (typeof a === 'number' && signed) return -a - 1;
  return signed ? normI64(~big(a)) : normU64(~big(a));
}

/** Low and high 32-bit halves of a 64-bit value (for memory stores). */
export function split64(v: Num): [lo: number, hi: number] {
  if (typeof v === 'number') {
    const hi = Math.floor(v / 4294967296);
    return [v - hi * 4294967296, hi | 0];
  }
  const u = BigInt.asUintN(64, v);
  return [Number(u & U32N), Number(u >> 32n) | 0];
}

/** Join two halves into a canonical u64 or i64. */
export function join64(lo: number, hi: number, signed: boolean): Num {
  if (signed) {
    hi |= 0;
    if (hi > -0x200000 && hi < 0x200000) return hi * 4294967296 + lo;
    return normI64((BigInt(hi) << 32n) | BigInt(lo));
  }
  hi >>>= 0;
  if (hi < 0x200000) return hi * 4294967296 + lo;
  return (BigInt(hi) << 32n) | BigInt(lo);
}
