/**
 * Compiled expressions and the helpers every expression form uses: rvalue evaluation (with array
 * and function decay), addresses of lvalues, typed loads, stores and assignments, bit-fields.
 *
 * An lvalue is in a register (`reg`), at a constant address (`caddr`, globals and folded
 * constants such as `&((T *)0)->f`), at a frame offset (`boff`), or at a computed address
 * (`addr`). Constants carry `cval` so sizeof, enum values, FIELD_OFFSET and friends fold at
 * compile time.
 */
import type { Memory } from '../memory';
import type { FuncSlot, Frame } from '../runtime';
import { ptrTo, sizeOf, typeName, type CType, type IntType } from '../types';
import * as values from '../values';
import type { Num } from '../values';
// Module-level copies: a call through a namespace getter (CommonJS transpilation) is slow in hot closures.
const { big, intConverter } = values;
import { converter, loadFn, storeFn, type Ev } from './ops';
import { CompileError } from './scope';
import type { Unit } from './unit';
import type { Node } from 'web-tree-sitter';

/** A bit-field member access. */
export interface BitInfo {
  readonly bitOffset: number;
  readonly bitWidth: number;
  readonly unit: number;
}

/** A compiled expression. */
export interface Expr {
  readonly t: CType;
  readonly ev?: Ev;
  readonly addr?: (f: Frame) => number;
  readonly caddr?: number;
  readonly boff?: number;
  readonly reg?: number;
  readonly bits?: BitInfo;
  readonly cval?: Num;
  readonly slot?: FuncSlot;
  readonly lvalue: boolean;
}

export const konst = (t: CType, v: Num): Expr => ({ t, cval: v, lvalue: false });
export const rvalue = (t: CType, ev: Ev): Expr => ({ t, ev, lvalue: false });

/** The type an expression has after array/function decay. */
export function decayed(t: CType): CType {
  if (t.k === 'array') return ptrTo(t.of);
  if (t.k === 'func') return ptrTo(t);
  return t;
}

export function hasAddress(e: Expr): boolean {
  return e.caddr !== undefined || e.boff !== undefined || e.addr !== undefined;
}

/** Closure computing the address of an lvalue (or aggregate). */
export function addressOf(u: Unit, e: Expr, node: Node): (f: Frame) => number {
  if (e.caddr !== undefined) {
    const a = e.caddr;
    return () => a;
  }
  if (e.boff !== undefined) {
    const k = e.boff;
    return (f) => f.bp + k;
  }
  if (e.addr) return e.addr;
  if (e.slot) {
    const a = e.slot.addr;
    return () => a;
  }
  throw new CompileError(e.reg !== undefined ? 'internal: address of a register variable' : 'expression has no address (not an lvalue)', u.loc(node));
}

/** Address-mode-specialised load of a scalar lvalue. */
function loadEv(mem: Memory, t: CType, e: Expr, a: (f: Frame) => number): Ev {
  const ld = loadFn(mem, t);
  if (e.caddr !== undefined) {
    const k = e.caddr;
    return () => ld(k);
  }
  if (e.boff !== undefined) {
    const k = e.boff;
    if (t.k === 'ptr') return (f) => mem.ptr(f.bp + k);
    if (t.k === 'int' && t.size === 4) return t.signed ? (f) => mem.i32(f.bp + k) : (f) => mem.u32(f.bp + k);
    return (f) => ld(f.bp + k);
  }
  if (t.k === 'ptr') return (f) => mem.ptr(a(f));
  if (t.k === 'int') {
    if (t.size === 4) return t.signed ? (f) => mem.i32(a(f)) : (f) => mem.u32(a(f));
    if (t.size === 1 && !t.signed) return (f) => mem.u8(a(f));
    if (t.size === 2 && !t.signed) return (f) => mem.u16(a(f));
  }
  return (f) => ld(a(f));
}

/** Rvalue closure of an expression (arrays and functions decay to addresses). */
export function value(u: Unit, e: Expr, node: Node): Ev {
  if (e.cval !== undefined) {
    const v = e.cval;
    return () => v;
  }
  if (e.t.k === 'array') {
    const a = addressOf(u, e, node);
    return a;
  }
  if (e.t.k === 'func') {
    if (e.slot) {
      const a = e.slot.addr;
      return () => a;
    }
    if (e.ev) return e.ev;
    return addressOf(u, e, node);
  }
  if (e.reg !== undefined) {
    const s = e.reg;
    return (f) => f.r[s]!;
  }
  if (e.t.k === 'struct') throw new CompileError(`a ${typeName(e.t)} value is used where a scalar is needed`, u.loc(node));
  if (e.t.k === 'void') {
    if (e.ev) return e.ev;
    return () => 0;
  }
  if (e.bits) return bitLoad(u.program.memory, e.t as IntType, e.bits, addressOf(u, e, node));
  if (hasAddress(e)) return loadEv(u.program.memory, e.t, e, addressOf(u, e, node));
  if (e.ev) return e.ev;
  throw new CompileError('expression has no value', u.loc(node));
}

/** Rvalue converted to `to`. */
export function valueAs(u: Unit, e: Expr, to: CType, node: Node): Ev {
  if (to.k === 'struct') throw new CompileError(`cannot convert to ${typeName(to)}`, u.loc(node));
  const from = decayed(e.t);
  if (from.k === 'struct') throw new CompileError(`cannot convert ${typeName(from)} to ${typeName(to)}`, u.loc(node));
  const c = converter(from, to);
  if (e.cval !== undefined) {
    const v = c ? c(e.cval) : e.cval;
    return () => v;
  }
  const ev = value(u, e, node);
  return c ? (f) => c(ev(f)) : ev;
}

/** Constant value converted to `to`, if the expression is constant. */
export function constAs(e: Expr, to: CType): Num | undefined {
  if (e.cval === undefined) return undefined;
  const c = converter(decayed(e.t), to);
  return c ? c(e.cval) : e.cval;
}

function bitLoad(mem: Memory, t: IntType, b: BitInfo, a: (f: Frame) => number): Ev {
  const ld = bitLoadAt(mem, t, b);
  return (f) => ld(a(f));
}

/** Loader of a bit-field at a given storage-unit address. */
function bitLoadAt(mem: Memory, t: IntType, b: BitInfo): (addr: number) => Num {
  const { bitOffset, bitWidth, unit } = b;
  if (unit <= 4 && bitWidth < 32) {
    const ld = unit === 1 ? (x: number) => mem.u8(x) : unit === 2 ? (x: number) => mem.u16(x) : (x: number) => mem.u32(x);
    const mask = (1 << bitWidth) - 1;
    const shift = 32 - bitWidth;
    return t.signed ? (x) => (((ld(x) >>> bitOffset) & mask) << shift) >> shift : (x) => ((ld(x) >>> bitOffset) & mask) >>> 0;
  }
  const conv = intConverter(t.size, t.signed);
  const mask = (1n << BigInt(bitWidth)) - 1n;
  return (addr) => {
    const raw = unit === 8 ? big(mem.u64(addr)) : BigInt(unit === 4 ? mem.u32(addr) : unit === 2 ? mem.u16(addr) : mem.u8(addr));
    let v = (raw >> BigInt(bitOffset)) & mask;
    if (t.signed && bitWidth > 0 && v >> BigInt(bitWidth - 1)) v -= 1n << BigInt(bitWidth);
    return conv(v);
  };
}

function bitStore(mem: Memory, t: IntType, b: BitInfo): (addr: number, v: Num) => Num {
  const { bitOffset, bitWidth, unit } = b;
  const conv = intConverter(t.size, t.signed);
  const mask = (1n << BigInt(bitWidth)) - 1n;
  return (addr, v) => {
    const raw = unit === 8 ? big(mem.u64(addr)) : BigInt(unit === 4 ? mem.u32(addr) : unit === 2 ? mem.u16(addr) : mem.u8(addr));
    const field = big(v) & mask;
    const next = (raw & ~(mask << BigInt(bitOffset))) | (field << BigInt(bitOffset));
    if (unit === 8) mem.w64(addr, BigInt.asUintN(64, next));
    else if (unit === 4) mem.w32(addr, Number(BigInt.asUintN(32, next)));
    else if (unit === 2) mem.w16(addr, Number(BigInt.asUintN(16, next)));
    else mem.w8(addr, Number(BigInt.asUintN(8, next)));
    // The value of the assignment is the field as read back (truncated, sign-extended).
    let back = field;
    if (t.signed && bitWidth > 0 && back >> BigInt(bitWidth - 1)) back -= 1n << BigInt(bitWidth);
    return conv(back);
  };
}

/**
 * A closure storing `rhs` (already of the lvalue's type) into `lhs`, evaluating to the stored
 * value (structs: copied, evaluating to the destination address).
 */
export function assignTo(u: Unit, lhs: Expr, rhs: Ev, node: Node): Ev {
  const mem = u.program.memory;
  if (!lhs.lvalue) throw new CompileError('assignment to something that is not an lvalue', u.loc(node));
  if (lhs.t.k === 'array' || lhs.t.k === 'func') throw new CompileError(`cannot assign to ${typeName(lhs.t)}`, u.loc(node));
  if (lhs.reg !== undefined) {
    const s = lhs.reg;
    return (f) => (f.r[s] = rhs(f));
  }
  const a = addressOf(u, lhs, node);
  if (lhs.t.k === 'struct') {
    const size = sizeOf(lhs.t) ?? 0;
    return (f) => {
      const dst = a(f);
      mem.copy(dst, rhs(f) as number, size);
      return dst;
    };
  }
  if (lhs.bits) {
    const st = bitStore(mem, lhs.t as IntType, lhs.bits);
    return (f) => st(a(f), rhs(f));
  }
  const t = lhs.t;
  if (lhs.boff !== undefined) {
    const k = lhs.boff;
    if (t.k === 'ptr' || (t.k === 'int' && t.size === 8)) return (f) => { const v = rhs(f); mem.w64(f.bp + k, v); return v; };
    if (t.k === 'int' && t.size === 4) return (f) => { const v = rhs(f) as number; mem.w32(f.bp + k, v); return v; };
  }
  if (t.k === 'ptr') return (f) => { const v = rhs(f); mem.w64(a(f), v); return v; };
  if (t.k === 'int' && t.size === 4) return (f) => { const v = rhs(f) as number; mem.w32(a(f), v); return v; };
  const st = storeFn(mem, t);
  return (f) => {
    const v = rhs(f);
    st(a(f), v);
    return v;
  };
}

/**
 * Read-modify-write of an lvalue: `update(old) → new` (already of the lvalue's type); the closure
 * evaluates to the new value, or the old one when `postfix`.
 */
export function modify(u: Unit, lhs: Expr, update: (old: Num, f: Frame) => Num, postfix: boolean, node: Node): Ev {
  const mem = u.program.memory;
  if (!lhs.lvalue || lhs.t.k === 'struct' || lhs.t.k === 'array') throw new CompileError('operand must be a modifiable scalar lvalue', u.loc(node));
  if (lhs.reg !== undefined) {
    const s = lhs.reg;
    return postfix
      ? (f) => { const old = f.r[s]!; f.r[s] = update(old, f); return old; }
      : (f) => (f.r[s] = update(f.r[s]!, f));
  }
  const a = addressOf(u, lhs, node);
  if (lhs.bits) {
    const ld = bitLoadAt(mem, lhs.t as IntType, lhs.bits);
    const st = bitStore(mem, lhs.t as IntType, lhs.bits);
    return (f) => {
      const addr = a(f);
      const old = ld(addr);
      const nv = st(addr, update(old, f));
      return postfix ? old : nv;
    };
  }
  const ld = loadFn(mem, lhs.t);
  const st = storeFn(mem, lhs.t);
  return postfix
    ? (f) => { const addr = a(f); const old = ld(addr); st(addr, update(old, f)); return old; }
    : (f) => { const addr = a(f); const nv = update(ld(addr), f); st(addr, nv); return nv; };
}
