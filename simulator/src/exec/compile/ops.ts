/**
 * Type-directed building blocks the compiler assembles closures from: loads and stores per type,
 * conversions between types, and the arithmetic/bitwise/comparison operators for each operand
 * type (32-bit ops stay on JS numbers; 64-bit ops use values.ts).
 */
import type { Memory } from '../memory';
import { sizeOf, type CType, type FloatType, type IntType } from '../types';
import * as values from '../values';
import type { Num } from '../values';
// Module-level copies: a call through a namespace getter (CommonJS transpilation) is slow in hot closures.
const { add64, and64, div32, div64, floatToInt, intConverter, mul64, neg64, not64, or64, rem32, rem64, shl64, shr64, sub64, toNumber, xor64 } = values;

export type Ev = (f: import('../runtime').Frame) => Num;
export type Load = (a: number) => Num;
export type Store = (a: number, v: Num) => void;

/** Load function for a scalar type. */
export function loadFn(mem: Memory, t: CType): Load {
  if (t.k === 'ptr') return (a) => mem.ptr(a);
  if (t.k === 'float') return t.size === 4 ? (a) => mem.f32(a) : (a) => mem.f64(a);
  if (t.k === 'int') {
    switch (t.size) {
      case 1:
        return t.signed ? (a) => mem.i8(a) : (a) => mem.u8(a);
      case 2:
        return t.signed ? (a) => mem.i16(a) : (a) => mem.u16(a);
      case 4:
        return t.signed ? (a) => mem.i32(a) : (a) => mem.u32(a);
      default:
        return t.signed ? (a) => mem.i64(a) : (a) => mem.u64(a);
    }
  }
  throw new Error(`no scalar load for ${t.k}`);
}

/** Store function for a scalar type (the value must already have the type). */
export function storeFn(mem: Memory, t: CType): Store {
  if (t.k === 'ptr') return (a, v) => mem.w64(a, v);
  if (t.k === 'float') return t.size === 4 ? (a, v) => mem.wf32(a, v as number) : (a, v) => mem.wf64(a, v as number);
  if (t.k === 'int') {
    switch (t.size) {
      case 1:
        return (a, v) => mem.w8(a, v as number);
      case 2:
        return (a, v) => mem.w16(a, v as number);
      case 4:
        return (a, v) => mem.w32(a, v as number);
      default:
        return (a, v) => mem.w64(a, v);
    }
  }
  throw new Error(`no scalar store for ${t.k}`);
}

/** Converter of a value of type `from` to type `to` (scalars); undefined when it is the identity. */
export function converter(from: CType, to: CType): ((v: Num) => Num) | undefined {
  if (to.k === 'void') return () => 0;
  if (to.k === 'int') {
    if (to.isBool) return (v) => (v != 0 ? 1 : 0); // eslint-disable-line eqeqeq
    if (from.k === 'float') return (v) => floatToInt(v as number, to.size, to.signed);
    if (from.k === 'int' && from.size === to.size && from.signed === to.signed) return undefined;
    if (from.k === 'int' && !from.isBool && from.size < to.size && (from.signed === to.signed || !from.signed)) return undefined;
    if (from.k === 'int' && from.isBool) return undefined;
    return intConverter(to.size, to.signed);
  }
  if (to.k === 'ptr') {
    if (from.k === 'ptr' || from.k === 'array' || from.k === 'func') return undefined;
    if (from.k === 'float') return (v) => toNumber(floatToInt(v as number, 8, false));
    return (v) => (typeof v === 'number' ? (v < 0 ? toNumber(intConverter(8, false)(v)) : v) : toNumber(BigInt.asUintN(64, v)));
  }
  if (to.k === 'float') {
    const round = to.size === 4 ? Math.fround : undefined;
    if (from.k === 'float') return from.size === to.size ? undefined : round ? (v) => round(v as number) : undefined;
    return round ? (v) => round(toNumber(v)) : (v) => toNumber(v);
  }
  return undefined;
}

/** Apply an optional converter to an evaluator. */
export function convertEv(ev: Ev, from: CType, to: CType): Ev {
  const c = converter(from, to);
  return c ? (f) => c(ev(f)) : ev;
}

export type BinOp = (a: Num, b: Num) => Num;

/** Arithmetic operator on operands already converted to `t` (the usual arithmetic conversion). */
export function arithOp(op: string, t: IntType | FloatType): BinOp | undefined {
  if (t.k === 'float') {
    const r = t.size === 4 ? Math.fround : (x: number) => x;
    switch (op) {
      case '+': return (a, b) => r((a as number) + (b as number));
      case '-': return (a, b) => r((a as number) - (b as number));
      case '*': return (a, b) => r((a as number) * (b as number));
      case '/': return (a, b) => r((a as number) / (b as number));
    }
    return undefined;
  }
  const s = t.signed;
  if (t.size === 8) {
    switch (op) {
      case '+': return (a, b) => add64(a, b, s);
      case '-': return (a, b) => sub64(a, b, s);
      case '*': return (a, b) => mul64(a, b, s);
      case '/': return (a, b) => div64(a, b, s);
      case '%': return (a, b) => rem64(a, b, s);
      case '&': return (a, b) => and64(a, b, s);
      case '|': return (a, b) => or64(a, b, s);
      case '^': return (a, b) => xor64(a, b, s);
    }
    return undefined;
  }
  if (s) {
    switch (op) {
      case '+': return (a, b) => ((a as number) + (b as number)) | 0;
      case '-': return (a, b) => ((a as number) - (b as number)) | 0;
      case '*': return (a, b) => Math.imul(a as number, b as number);
      case '/': return (a, b) => div32(a as number, b as number, true);
      case '%': return (a, b) => rem32(a as number, b as number, true);
      case '&': return (a, b) => (a as number) & (b as number);
      case '|': return (a, b) => (a as number) | (b as number);
      case '^': return (a, b) => (a as number) ^ (b as number);
    }
    return undefined;
  }
  switch (op) {
    case '+': return (a, b) => ((a as number) + (b as number)) >>> 0;
    case '-': return (a, b) => ((a as number) - (b as number)) >>> 0;
    case '*': return (a, b) => Math.imul(a as number, b as number) >>> 0;
    case '/': return (a, b) => div32(a as number, b as number, false);
    case '%': return (a, b) => rem32(a as number, b as number, false);
    case '&': return (a, b) => ((a as number) & (b as number)) >>> 0;
    case '|': return (a, b) => ((a as number) | (b as number)) >>> 0;
    case '^': return (a, b) => ((a as number) ^ (b as number)) >>> 0;
  }
  return undefined;
}

/** Shift of a value of promoted type `t` by any integer amount. */
export function shiftOp(op: '<<' | '>>', t: IntType): BinOp {
  if (t.size === 8) return op === '<<' ? (a, b) => shl64(a, b, t.signed) : (a, b) => shr64(a, b, t.signed);
  const n = (b: Num): number => (typeof b === 'number' ? b & 31 : Number(BigInt.asUintN(5, b)));
  if (t.signed) return op === '<<' ? (a, b) => (a as number) << n(b) : (a, b) => (a as number) >> n(b);
  return op === '<<' ? (a, b) => ((a as number) << n(b)) >>> 0 : (a, b) => (a as number) >>> n(b);
}

/** Relational/equality result as boolean (operands converted to a common type). */
export function compareOp(op: string): (a: Num, b: Num) => boolean {
  switch (op) {
    case '<': return (a, b) => a < b;
    case '>': return (a, b) => a > b;
    case '<=': return (a, b) => a <= b;
    case '>=': return (a, b) => a >= b;
    case '==': return (a, b) => a == b; // eslint-disable-line eqeqeq -- number/bigint
    default: return (a, b) => a != b; // eslint-disable-line eqeqeq
  }
}

/** Unary minus and complement in type `t`. */
export function unaryOp(op: '-' | '~', t: IntType | FloatType): (a: Num) => Num {
  if (t.k === 'float') return (a) => -(a as number);
  if (t.size === 8) return op === '-' ? (a) => neg64(a, t.signed) : (a) => not64(a, t.signed);
  if (t.signed) return op === '-' ? (a) => -(a as number) | 0 : (a) => ~(a as number);
  return op === '-' ? (a) => -(a as number) >>> 0 : (a) => ~(a as number) >>> 0;
}

/** Pointer plus integer (scaled by the pointee size). */
export function ptrAdd(size: number, sign: 1 | -1): BinOp {
  const k = size * sign;
  return (p, i) => (p as number) + toNumber(i) * k;
}

/** Element size for pointer arithmetic (void* and function pointers count 1, as MSVC does). */
export function strideOf(t: CType): number {
  if (t.k === 'ptr') return sizeOf(t.to) ?? 1;
  return 1;
}

/** Truth test of a scalar value. */
export const isTrue = (v: Num): boolean => v != 0; // eslint-disable-line eqeqeq

