/**
 * Expression compilation: tree-sitter expression nodes to closures (see exprCore.ts for the
 * representation). Binary operators, assignments and conditions are in binary.ts, calls in
 * call.ts.
 */
import type { Node } from 'web-tree-sitter';
import { decodeStrings, charLiteralValue, parseIntLiteral } from '../literals';
import {
  arrayOf, DOUBLE, FLOAT, I32, I64, isArith, isInt, promote, ptrTo, sizeOf, alignOf, SIZE_T, typeName, U16, U32, U64, I8,
  type CType, type IntType, type RecordType,
} from '../types';
import * as values from '../values';
import type { Num } from '../values';
// Module-level copies: a call through a namespace getter (CommonJS transpilation) is slow in hot closures.
const { toNumber } = values;
import { compileAssignment, compileBinary, compileCond } from './binary';
import { compileCall } from './call';
import { typeDescriptor } from './ctype';
import { addressOf, decayed, konst, modify, rvalue, value, valueAs, type Expr } from './exprCore';
import { arithOp, converter, ptrAdd, strideOf, unaryOp } from './ops';
import { CompileError } from './scope';
import type { Unit } from './unit';

const MAX_DEPTH = 400;

/** Compile an expression node. */
export function compileExpr(u: Unit, node: Node): Expr {
  if (++u.depth > MAX_DEPTH) {
    u.depth--;
    throw new CompileError('expression nested too deeply', u.loc(node));
  }
  try {
    return compileInner(u, node);
  } finally {
    u.depth--;
  }
}

function compileInner(u: Unit, node: Node): Expr {
  switch (node.type) {
    case 'parenthesized_expression': {
      const inner = node.namedChildren.filter((c) => c.type !== 'comment');
      if (inner.length !== 1) throw new CompileError('unsupported parenthesized expression', u.loc(node));
      return compileExpr(u, inner[0]!);
    }
    case 'number_literal':
      return numberLiteral(u, node);
    case 'char_literal': {
      const { value: v, wide } = charLiteralValue(node.text);
      return konst(wide ? U16 : I32, v);
    }
    case 'string_literal':
    case 'concatenated_string':
      return stringLiteral(u, node);
    case 'true':
      return konst(I32, 1);
    case 'false':
      return konst(I32, 0);
    case 'null':
      return konst(ptrTo({ k: 'void' }), 0);
    case 'identifier':
      return identifier(u, node);
    case 'field_expression':
      return member(u, node);
    case 'subscript_expression':
      return subscript(u, node);
    case 'pointer_expression':
      return pointerExpr(u, node);
    case 'unary_expression':
      return unary(u, node);
    case 'update_expression':
      return update(u, node);
    case 'cast_expression': {
      const t = typeDescriptor(u, node.childForFieldName('type')!);
      return castTo(u, compileExpr(u, node.childForFieldName('value')!), t, node);
    }
    case 'sizeof_expression':
      return sizeofExpr(u, node);
    case 'alignof_expression': {
      const td = node.childForFieldName('type');
      return konst(SIZE_T, alignOf(td ? typeDescriptor(u, td) : compileExpr(u, node.namedChildren[0]!).t));
    }
    case 'offsetof_expression': {
      const t = typeDescriptor(u, node.childForFieldName('type')!);
      const m = node.childForFieldName('member')!;
      if (t.k !== 'struct') throw new CompileError('offsetof of a non-struct type', u.loc(node));
      const mem = t.members.get(m.text);
      if (!mem) throw new CompileError(`no member ${m.text} in ${typeName(t)}`, u.loc(m));
      return konst(SIZE_T, mem.offset);
    }
    case 'binary_expression':
      return compileBinary(u, node);
    case 'assignment_expression':
      return compileAssignment(u, node);
    case 'conditional_expression':
      return conditional(u, node);
    case 'comma_expression': {
      const l = compileExpr(u, node.childForFieldName('left')!);
      const r = compileExpr(u, node.childForFieldName('right')!);
      const le = sideEffect(u, l, node);
      if (r.t.k === 'struct') {
        const ra = addressOf(u, r, node);
        return { t: r.t, addr: (f) => (le(f), ra(f)), lvalue: false };
      }
      const re = value(u, r, node);
      return rvalue(decayed(r.t), (f) => (le(f), re(f)));
    }
    case 'call_expression':
      return compileCall(u, node);
    case 'compound_literal_expression':
      return u.compoundLiteral(node);
    default:
      throw new CompileError(`unsupported expression ${node.type}`, u.loc(node));
  }
}

/** A closure evaluating an expression for its side effects. */
export function sideEffect(u: Unit, e: Expr, node: Node): (f: import('../runtime').Frame) => unknown {
  if (e.cval !== undefined || e.slot) return () => 0;
  if (e.t.k === 'struct' || e.t.k === 'array') {
    if (e.ev) return e.ev;
    return e.addr ?? (() => 0);
  }
  return value(u, e, node);
}

function numberLiteral(u: Unit, node: Node): Expr {
  const text = node.text;
  const lit = parseIntLiteral(text);
  if (lit) {
    const t: IntType = lit.size === 4 ? (lit.signed ? I32 : U32) : lit.signed ? I64 : U64;
    const v = lit.size === 4 ? Number(lit.value) : lit.value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(lit.value) : lit.value;
    return konst(t, lit.size === 4 && lit.signed ? (v as number) | 0 : v);
  }
  const m = /^([0-9.]+(?:[eE][+-]?\d+)?|0[xX][0-9a-fA-F.]+[pP][+-]?\d+)([fFlL]?)$/.exec(text);
  if (m) return konst(m[2]!.toLowerCase() === 'f' ? FLOAT : DOUBLE, Number(m[1]));
  throw new CompileError(`invalid number ${text}`, u.loc(node));
}

function stringLiteral(u: Unit, node: Node): Expr {
  const parts = node.type === 'concatenated_string' ? node.namedChildren.filter((c) => c.type === 'string_literal').map((c) => c.text) : [node.text];
  const s = decodeStrings(parts);
  const addr = u.program.stringLiteral(s.units, s.unit);
  const elem = s.unit === 1 ? I8 : s.unit === 2 ? U16 : U32;
  return { t: arrayOf(elem, s.units.length + 1), caddr: addr, lvalue: true };
}

function identifier(u: Unit, node: Node): Expr {
  const name = node.text;
  const s = u.scope.lookup(name);
  if (!s) {
    if ((name === '__FUNCTION__' || name === '__func__') && u.fn) {
      const units = [...u.fn.name].map((c) => c.charCodeAt(0));
      return { t: arrayOf(I8, units.length + 1), caddr: u.program.stringLiteral(units, 1), lvalue: true };
    }
    throw new CompileError(`undeclared identifier ${name}`, u.loc(node));
  }
  switch (s.k) {
    case 'const':
      return konst(s.type, s.value);
    case 'reg':
      return { t: s.type, reg: s.slot, lvalue: true };
    case 'frame':
      return { t: s.type, boff: s.off, lvalue: true };
    case 'global': {
      const gv = s.gv;
      if (gv.addr) return { t: gv.type, caddr: gv.addr, lvalue: true };
      if (u.program.linked) throw new CompileError(`variable ${name} has no storage`, u.loc(node));
      // Before linking (array sizes, sizeof in declarations): the address is looked up late.
      return { t: gv.type, addr: () => gv.addr, lvalue: true };
    }
    case 'func':
      return { t: s.slot.type, slot: s.slot, lvalue: false };
    case 'typedef':
      throw new CompileError(`type name ${name} used as a value`, u.loc(node));
  }
}

function recordOf(u: Unit, t: CType, node: Node): RecordType {
  if (t.k !== 'struct') throw new CompileError(`member access on ${typeName(t)}`, u.loc(node));
  if (!t.complete) throw new CompileError(`member access on incomplete ${typeName(t)}`, u.loc(node));
  return t;
}

function member(u: Unit, node: Node): Expr {
  const baseNode = node.childForFieldName('argument')!;
  const arrow = node.childForFieldName('operator')?.text === '->';
  const fieldName = node.childForFieldName('field')!.text;
  const base = compileExpr(u, baseNode);
  let rec: RecordType;
  let baseAddr: Expr;
  if (arrow) {
    const pt = decayed(base.t);
    if (pt.k !== 'ptr') throw new CompileError(`-> on ${typeName(base.t)}`, u.loc(node));
    rec = recordOf(u, pt.to, node);
    baseAddr = base.cval !== undefined ? { t: rec, caddr: toNumber(base.cval), lvalue: true } : { t: rec, addr: value(u, base, baseNode) as (f: import('../runtime').Frame) => number, lvalue: true };
  } else {
    rec = recordOf(u, base.t, node);
    baseAddr = base;
  }
  const m = rec.members.get(fieldName);
  if (!m) throw new CompileError(`${typeName(rec)} has no member ${fieldName}`, u.loc(node));
  const off = m.offset;
  const bits = m.bitWidth !== undefined ? { bitOffset: m.bitOffset!, bitWidth: m.bitWidth, unit: sizeOf(m.type)! } : undefined;
  const lv = baseAddr.lvalue || arrow;
  if (baseAddr.caddr !== undefined) return { t: m.type, caddr: baseAddr.caddr + off, ...(bits ? { bits } : {}), lvalue: lv };
  if (baseAddr.boff !== undefined) return { t: m.type, boff: baseAddr.boff + off, ...(bits ? { bits } : {}), lvalue: lv };
  const a = addressOf(u, baseAddr, baseNode);
  return { t: m.type, addr: off ? (f) => a(f) + off : a, ...(bits ? { bits } : {}), lvalue: lv };
}

function subscript(u: Unit, node: Node): Expr {
  let baseNode = node.childForFieldName('argument')!;
  let idxNode = node.childForFieldName('index')!;
  let base = compileExpr(u, baseNode);
  let idx = compileExpr(u, idxNode);
  if (isInt(decayed(base.t)) && decayed(idx.t).k === 'ptr') {
    [base, idx] = [idx, base];
    [baseNode, idxNode] = [idxNode, baseNode];
  }
  const pt = decayed(base.t);
  if (pt.k !== 'ptr') throw new CompileError(`subscript of ${typeName(base.t)}`, u.loc(node));
  if (!isInt(decayed(idx.t))) throw new CompileError('array index is not an integer', u.loc(idxNode));
  const size = sizeOf(pt.to);
  if (size === undefined) throw new CompileError(`subscript of pointer to incomplete ${typeName(pt.to)}`, u.loc(node));
  if (idx.cval !== undefined) {
    const k = toNumber(idx.cval) * size;
    if (base.t.k === 'array' && base.caddr !== undefined) return { t: pt.to, caddr: base.caddr + k, lvalue: true };
    if (base.t.k === 'array' && base.boff !== undefined) return { t: pt.to, boff: base.boff + k, lvalue: true };
    const p = value(u, base, baseNode);
    return { t: pt.to, addr: (f) => (p(f) as number) + k, lvalue: true };
  }
  const p = value(u, base, baseNode);
  const i = value(u, idx, idxNode);
  const it = decayed(idx.t) as IntType;
  if (it.size <= 4) return { t: pt.to, addr: (f) => (p(f) as number) + (i(f) as number) * size, lvalue: true };
  return { t: pt.to, addr: (f) => (p(f) as number) + toNumber(i(f)) * size, lvalue: true };
}

function pointerExpr(u: Unit, node: Node): Expr {
  const op = node.childForFieldName('operator')!.text;
  const argNode = node.childForFieldName('argument')!;
  const arg = compileExpr(u, argNode);
  if (op === '&') {
    if (arg.slot) return konst(ptrTo(arg.t), arg.slot.addr);
    if (arg.bits) throw new CompileError('address of a bit-field', u.loc(node));
    const t = ptrTo(arg.t);
    if (arg.caddr !== undefined) return konst(t, arg.caddr);
    if (arg.boff !== undefined) {
      const k = arg.boff;
      return rvalue(t, (f) => f.bp + k);
    }
    return rvalue(t, addressOf(u, arg, argNode));
  }
  // Dereference.
  const pt = decayed(arg.t);
  if (pt.k !== 'ptr') throw new CompileError(`dereference of ${typeName(arg.t)}`, u.loc(node));
  if (pt.to.k === 'func') return { t: pt.to, ev: value(u, arg, argNode), lvalue: false };
  if (arg.cval !== undefined) return { t: pt.to, caddr: toNumber(arg.cval), lvalue: true };
  if (arg.t.k === 'array') {
    if (arg.caddr !== undefined) return { t: pt.to, caddr: arg.caddr, lvalue: true };
    if (arg.boff !== undefined) return { t: pt.to, boff: arg.boff, lvalue: true };
  }
  return { t: pt.to, addr: value(u, arg, argNode) as (f: import('../runtime').Frame) => number, lvalue: true };
}

function unary(u: Unit, node: Node): Expr {
  const op = node.childForFieldName('operator')!.text;
  const argNode = node.childForFieldName('argument')!;
  const arg = compileExpr(u, argNode);
  const t = decayed(arg.t);
  if (op === '!') {
    const c = compileCond(u, argNode, arg);
    return rvalue(I32, (f) => (c(f) ? 0 : 1));
  }
  if (!isArith(t)) throw new CompileError(`operator ${op} on ${typeName(arg.t)}`, u.loc(node));
  const rt = t.k === 'int' ? promote(t) : t;
  if (op === '+') return arg.cval !== undefined ? konst(rt, converter(t, rt)?.(arg.cval) ?? arg.cval) : rvalue(rt, valueAs(u, arg, rt, argNode));
  if (op === '~' && rt.k !== 'int') throw new CompileError('~ on a floating value', u.loc(node));
  const fn = unaryOp(op as '-' | '~', rt);
  if (arg.cval !== undefined) return konst(rt, fn(converter(t, rt)?.(arg.cval) ?? arg.cval));
  const v = valueAs(u, arg, rt, argNode);
  return rvalue(rt, (f) => fn(v(f)));
}

function update(u: Unit, node: Node): Expr {
  const op = node.childForFieldName('operator')!.text;
  const argNode = node.childForFieldName('argument')!;
  const postfix = node.child(0)?.id === argNode.id;
  const arg = compileExpr(u, argNode);
  const t = arg.t;
  let step: (old: Num) => Num;
  if (t.k === 'ptr') {
    const add = ptrAdd(strideOf(t), op === '++' ? 1 : -1);
    step = (old) => add(old, 1);
  } else if (isArith(t)) {
    const ct = t.k === 'int' ? promote(t) : t;
    const fn = arithOp(op === '++' ? '+' : '-', ct)!;
    const back = converter(ct, t);
    const up = converter(t, ct);
    const one = ct.k === 'float' ? 1 : 1;
    step = (old) => {
      const r = fn(up ? up(old) : old, one);
      return back ? back(r) : r;
    };
  } else throw new CompileError(`${op} on ${typeName(t)}`, u.loc(node));
  return rvalue(t, modify(u, arg, step, postfix, node));
}

/** Cast an expression to `t`. */
export function castTo(u: Unit, e: Expr, t: CType, node: Node): Expr {
  if (t.k === 'void') {
    const se = sideEffect(u, e, node);
    return rvalue(t, (f) => (se(f), 0));
  }
  if (t.k === 'struct') {
    if (e.t === t) return e;
    throw new CompileError(`cast to ${typeName(t)}`, u.loc(node));
  }
  const from = decayed(e.t);
  if (from.k === 'struct') throw new CompileError(`cast of ${typeName(from)} to ${typeName(t)}`, u.loc(node));
  if (e.cval !== undefined) {
    const c = converter(from, t);
    return konst(t, c ? c(e.cval) : e.cval);
  }
  if (e.slot && t.k === 'ptr') return konst(t, e.slot.addr);
  if (e.t.k === 'array' && t.k === 'ptr' && e.caddr !== undefined) return konst(t, e.caddr);
  return rvalue(t, valueAs(u, e, t, node));
}

function sizeofExpr(u: Unit, node: Node): Expr {
  const td = node.childForFieldName('type');
  let t: CType;
  if (td) t = typeDescriptor(u, td);
  else {
    const v = node.childForFieldName('value')!;
    const inner = v.type === 'parenthesized_expression' ? v.namedChildren[0] : undefined;
    const sym = inner?.type === 'identifier' ? u.scope.lookup(inner.text) : undefined;
    t = sym?.k === 'typedef' ? sym.type : compileExpr(u, v).t;
  }
  const s = sizeOf(t);
  if (s === undefined) throw new CompileError(`sizeof of incomplete type ${typeName(t)}`, u.loc(node));
  return konst(SIZE_T, s);
}

function conditional(u: Unit, node: Node): Expr {
  const cNode = node.childForFieldName('condition')!;
  const aNode = node.childForFieldName('consequence');
  const bNode = node.childForFieldName('alternative')!;
  const c = compileCond(u, cNode);
  const condExpr = aNode ? undefined : compileExpr(u, cNode);
  const a = aNode ? compileExpr(u, aNode) : condExpr!;
  const b = compileExpr(u, bNode);
  const at = decayed(a.t);
  const bt = decayed(b.t);
  if (at.k === 'struct' || bt.k === 'struct') {
    const aa = addressOf(u, a, aNode ?? cNode);
    const ba = addressOf(u, b, bNode);
    return { t: a.t, addr: (f) => (c(f) ? aa(f) : ba(f)), lvalue: false };
  }
  let t: CType;
  if (isArith(at) && isArith(bt)) t = usual(at, bt);
  else if (at.k === 'ptr') t = bt.k === 'ptr' && at.to.k === 'void' ? bt : at;
  else if (bt.k === 'ptr') t = bt;
  else if (at.k === 'void' || bt.k === 'void') t = { k: 'void' };
  else t = at;
  const av = t.k === 'void' ? sideEffect(u, a, aNode ?? cNode) : valueAs(u, a, t, aNode ?? cNode);
  const bv = t.k === 'void' ? sideEffect(u, b, bNode) : valueAs(u, b, t, bNode);
  return rvalue(t, (f) => (c(f) ? av(f) : bv(f)) as Num);
}

function usual(a: CType, b: CType): CType {
  // Local import-free version of usualArith for the conditional operator.
  if (a.k === 'float' || b.k === 'float') return (a.k === 'float' && a.size === 8) || (b.k === 'float' && b.size === 8) ? DOUBLE : FLOAT;
  const pa = promote(a as IntType);
  const pb = promote(b as IntType);
  if (pa.signed === pb.signed) return pa.size >= pb.size ? pa : pb;
  const [un, sg] = pa.signed ? [pb, pa] : [pa, pb];
  return un.size >= sg.size ? un : sg;
}

