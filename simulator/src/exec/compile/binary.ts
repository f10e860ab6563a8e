/**
 * Binary operators, assignments and conditions.
 *
 * tree-sitter parses C without knowing typedef names, so `(NDIS_HANDLE)&g`, `(PVOID)-1` or
 * `(T)*p` come out as binary expressions whose left operand is a parenthesised type name (and
 * `(T) & x == y` even with the wrong precedence). Every chain of binary operators is therefore
 * flattened into operands and operators, casts of unary operands are reassembled where an operand
 * is a parenthesised typedef name, and the chain is re-parsed with C precedence.
 */
import type { Node } from 'web-tree-sitter';
import { I32, isArith, isInt, promote, sizeOf, typeName, usualArith, I64, type CType, type IntType } from '../types';
import * as values from '../values';
import type { Num } from '../values';
// Module-level copies: a call through a namespace getter (CommonJS transpilation) is slow in hot closures.
const { toNumber } = values;
import { compileExpr, castTo } from './expr';
import { addressOf, assignTo, constAs, decayed, konst, modify, rvalue, value, valueAs, type Expr } from './exprCore';
import { arithOp, compareOp, converter, isTrue, ptrAdd, shiftOp, strideOf } from './ops';
import { CompileError } from './scope';
import { typeDescriptor } from './ctype';
import type { Unit } from './unit';
import type { Frame } from '../runtime';

type Cond = (f: Frame) => boolean;

/** An operand of a flattened chain: a node, or a reassembled cast of a unary expression. */
type Operand = { node: Node } | { casts: CType[]; op: string; arg: Operand; at: Node };

const PREC: Record<string, number> = {
  '*': 10, '/': 10, '%': 10, '+': 9, '-': 9, '<<': 8, '>>': 8,
  '<': 7, '>': 7, '<=': 7, '>=': 7, '==': 6, '!=': 6, '&': 5, '^': 4, '|': 3, '&&': 2, '||': 1,
};

/** In-order operands and operators of a chain of binary_expression nodes (iterative). */
function flatten(root: Node, operands: Operand[], ops: string[]): void {
  const stack: (Node | string)[] = [root];
  while (stack.length) {
    const x = stack.pop()!;
    if (typeof x === 'string') ops.push(x);
    else if (x.type === 'binary_expression') {
      stack.push(x.childForFieldName('right')!, x.childForFieldName('operator')!.text, x.childForFieldName('left')!);
    } else operands.push({ node: x });
  }
}

/**
 * The casts a node spells when it is nothing but parenthesised type names: `(T)`, and
 * `(A)(B)` (parsed as a call or a cast of a parenthesised name), outermost first.
 */
function typedefCasts(u: Unit, node: Node): CType[] | undefined {
  const named = (n: Node | null | undefined): CType | undefined => {
    if (!n || n.type !== 'identifier') return undefined;
    const s = u.scope.lookup(n.text);
    return s?.k === 'typedef' ? s.type : undefined;
  };
  if (node.type === 'parenthesized_expression') {
    const inner = node.namedChildren;
    if (inner.length !== 1) return undefined;
    const t = named(inner[0]);
    return t ? [t] : typedefCasts(u, inner[0]!);
  }
  if (node.type === 'call_expression') {
    const head = typedefCasts(u, node.childForFieldName('function')!);
    const args = node.childForFieldName('arguments')!.namedChildren.filter((c) => c.type !== 'comment');
    const t = args.length === 1 ? named(args[0]) : undefined;
    return head && t ? [...head, t] : undefined;
  }
  if (node.type === 'cast_expression') {
    const rest = typedefCasts(u, node.childForFieldName('value')!);
    return rest ? [typeDescriptor(u, node.childForFieldName('type')!), ...rest] : undefined;
  }
  return undefined;
}

/** Compile a binary_expression (with the typedef-cast repair). */
export function compileBinary(u: Unit, node: Node): Expr {
  const operands: Operand[] = [];
  const ops: string[] = [];
  flatten(node, operands, ops);
  for (let i = operands.length - 2; i >= 0; i--) {
    const o = operands[i]!;
    const casts = 'node' in o ? typedefCasts(u, o.node) : undefined;
    if (casts && ['&', '*', '-', '+'].includes(ops[i]!)) {
      operands.splice(i, 2, { casts, op: ops[i]!, arg: operands[i + 1]!, at: (o as { node: Node }).node });
      ops.splice(i, 1);
    }
  }
  return climbFrom(u, operands, ops, node);
}

function climbFrom(u: Unit, operands: Operand[], ops: string[], node: Node): Expr {
  let i = 0;
  const parse = (minPrec: number): { e: Expr; n: Node } => {
    let left = { e: operand(u, operands[i]!), n: nodeOf(operands[i]!) };
    while (i < ops.length && PREC[ops[i]!]! >= minPrec) {
      const op = ops[i]!;
      i++;
      const right = parse(PREC[op]! + 1);
      const e = op === '&&' || op === '||' ? logical(u, op, left.e, left.n, right.e, right.n) : binaryOp(u, op, left.e, right.e, left.n, right.n, node);
      left = { e, n: node };
    }
    return left;
  };
  const r = parse(1);
  return r.e;
}

function nodeOf(o: Operand): Node {
  return 'node' in o ? o.node : o.at;
}

function operand(u: Unit, o: Operand): Expr {
  if ('node' in o) return compileExpr(u, o.node);
  const arg = operand(u, o.arg);
  const at = o.at;
  let inner: Expr;
  if (o.op === '&') {
    if (arg.slot) inner = konst({ k: 'ptr', to: arg.t }, arg.slot.addr);
    else if (arg.caddr !== undefined) inner = konst({ k: 'ptr', to: arg.t }, arg.caddr);
    else inner = rvalue({ k: 'ptr', to: arg.t }, addressOf(u, arg, at));
  } else if (o.op === '*') {
    const pt = decayed(arg.t);
    if (pt.k !== 'ptr') throw new CompileError(`dereference of ${typeName(arg.t)}`, u.loc(at));
    inner = arg.cval !== undefined ? { t: pt.to, caddr: toNumber(arg.cval), lvalue: true } : { t: pt.to, addr: value(u, arg, at) as (f: Frame) => number, lvalue: true };
  } else {
    const t = decayed(arg.t);
    if (!isArith(t)) throw new CompileError(`unary ${o.op} on ${typeName(arg.t)}`, u.loc(at));
    const pt = t.k === 'int' ? promote(t) : t;
    if (o.op === '+') inner = arg.cval !== undefined ? konst(pt, constAs(arg, pt)!) : rvalue(pt, valueAs(u, arg, pt, at));
    else {
      const neg = arithOp('-', pt)!;
      inner = arg.cval !== undefined ? konst(pt, neg(0, constAs(arg, pt)!)) : ((v) => rvalue(pt, (f) => neg(0, v(f))))(valueAs(u, arg, pt, at));
    }
  }
  let r = inner;
  for (let k = o.casts.length - 1; k >= 0; k--) r = castTo(u, r, o.casts[k]!, at);
  return r;
}

function logical(u: Unit, op: string, l: Expr, ln: Node, r: Expr, rn: Node): Expr {
  const a = condOf(u, l, ln);
  const b = condOf(u, r, rn);
  if (l.cval !== undefined && r.cval !== undefined) {
    const v = op === '&&' ? isTrue(l.cval) && isTrue(r.cval) : isTrue(l.cval) || isTrue(r.cval);
    return konst(I32, v ? 1 : 0);
  }
  const c: Cond = op === '&&' ? (f) => a(f) && b(f) : (f) => a(f) || b(f);
  return { ...rvalue(I32, (f) => (c(f) ? 1 : 0)), cond: c } as Expr;
}

/** Compile `op` on two compiled operands. */
export function binaryOp(u: Unit, op: string, l: Expr, r: Expr, ln: Node, rn: Node, at: Node): Expr {
  const lt = decayed(l.t);
  const rt = decayed(r.t);
  // Pointer arithmetic.
  if ((op === '+' || op === '-') && lt.k === 'ptr' && isInt(rt)) {
    const add = ptrAdd(strideOf(lt), op === '+' ? 1 : -1);
    if (l.cval !== undefined && r.cval !== undefined) return konst(lt, add(l.cval, r.cval));
    const lv = value(u, l, ln);
    const rv = value(u, r, rn);
    const k = strideOf(lt) * (op === '+' ? 1 : -1);
    if (rt.size <= 4) return rvalue(lt, (f) => (lv(f) as number) + (rv(f) as number) * k);
    return rvalue(lt, (f) => add(lv(f), rv(f)));
  }
  if (op === '+' && isInt(lt) && rt.k === 'ptr') return binaryOp(u, op, r, l, rn, ln, at);
  if (op === '-' && lt.k === 'ptr' && rt.k === 'ptr') {
    const size = strideOf(lt) || 1;
    const lv = value(u, l, ln);
    const rv = value(u, r, rn);
    return rvalue(I64, (f) => Math.trunc(((lv(f) as number) - (rv(f) as number)) / size));
  }
  if (['<', '>', '<=', '>=', '==', '!='].includes(op)) {
    const c = comparison(u, op, l, r, ln, rn, at);
    if (typeof c === 'number') return konst(I32, c);
    return { ...rvalue(I32, (f) => (c(f) ? 1 : 0)), cond: c } as Expr;
  }
  if (!isArith(lt) || !isArith(rt)) throw new CompileError(`operator ${op} on ${typeName(l.t)} and ${typeName(r.t)}`, u.loc(at));
  if (op === '<<' || op === '>>') {
    if (lt.k !== 'int' || rt.k !== 'int') throw new CompileError(`shift of a floating value`, u.loc(at));
    const pt = promote(lt);
    const fn = shiftOp(op, pt);
    if (l.cval !== undefined && r.cval !== undefined) return konst(pt, fn(constAs(l, pt)!, r.cval));
    const lv = valueAs(u, l, pt, ln);
    const rv = value(u, r, rn);
    return rvalue(pt, (f) => fn(lv(f), rv(f)));
  }
  const ct = usualArith(lt, rt);
  const fn = arithOp(op, ct);
  if (!fn) throw new CompileError(`operator ${op} on ${typeName(ct)}`, u.loc(at));
  if (l.cval !== undefined && r.cval !== undefined) return konst(ct, fn(constAs(l, ct)!, constAs(r, ct)!));
  const lv = valueAs(u, l, ct, ln);
  const rv = valueAs(u, r, ct, rn);
  if (ct.k === 'int' && ct.size === 4 && ct.signed) {
    if (op === '+') return rvalue(ct, (f) => ((lv(f) as number) + (rv(f) as number)) | 0);
    if (op === '-') return rvalue(ct, (f) => ((lv(f) as number) - (rv(f) as number)) | 0);
    if (op === '&') return rvalue(ct, (f) => (lv(f) as number) & (rv(f) as number));
  }
  if (ct.k === 'int' && ct.size === 4 && !ct.signed) {
    if (op === '+') return rvalue(ct, (f) => ((lv(f) as number) + (rv(f) as number)) >>> 0);
    if (op === '&') return rvalue(ct, (f) => ((lv(f) as number) & (rv(f) as number)) >>> 0);
    if (op === '|') return rvalue(ct, (f) => ((lv(f) as number) | (rv(f) as number)) >>> 0);
  }
  return rvalue(ct, (f) => fn(lv(f), rv(f)));
}

/** A comparison as a boolean closure (or a constant 0/1). */
function comparison(u: Unit, op: string, l: Expr, r: Expr, ln: Node, rn: Node, at: Node): Cond | number {
  const lt = decayed(l.t);
  const rt = decayed(r.t);
  let ct: CType;
  if (isArith(lt) && isArith(rt)) ct = usualArith(lt, rt);
  else if (lt.k === 'ptr' || rt.k === 'ptr') ct = lt.k === 'ptr' ? lt : rt;
  else throw new CompileError(`comparison of ${typeName(l.t)} and ${typeName(r.t)}`, u.loc(at));
  const cmp = compareOp(op);
  if (l.cval !== undefined && r.cval !== undefined) return cmp(constAs(l, ct)!, constAs(r, ct)!) ? 1 : 0;
  const lv = valueAs(u, l, ct, ln);
  if (r.cval !== undefined) {
    const k = constAs(r, ct)!;
    switch (op) {
      case '==': return typeof k === 'number' ? (f) => lv(f) === k : (f) => lv(f) == k; // eslint-disable-line eqeqeq
      case '!=': return typeof k === 'number' ? (f) => lv(f) !== k : (f) => lv(f) != k; // eslint-disable-line eqeqeq
      case '<': return (f) => lv(f) < k;
      case '>': return (f) => lv(f) > k;
      case '<=': return (f) => lv(f) <= k;
      default: return (f) => lv(f) >= k;
    }
  }
  const rv = valueAs(u, r, ct, rn);
  const wide = ct.k === 'int' && ct.size === 8;
  switch (op) {
    case '==': return wide ? (f) => lv(f) == rv(f) : (f) => lv(f) === rv(f); // eslint-disable-line eqeqeq
    case '!=': return wide ? (f) => lv(f) != rv(f) : (f) => lv(f) !== rv(f); // eslint-disable-line eqeqeq
    case '<': return (f) => lv(f) < rv(f);
    case '>': return (f) => lv(f) > rv(f);
    case '<=': return (f) => lv(f) <= rv(f);
    default: return (f) => cmp(lv(f), rv(f));
  }
}

/** A boolean closure for an already compiled expression. */
function condOf(u: Unit, e: Expr, node: Node): Cond {
  const c = (e as Expr & { cond?: Cond }).cond;
  if (c) return c;
  if (e.cval !== undefined) {
    const v = isTrue(e.cval);
    return () => v;
  }
  const t = decayed(e.t);
  if (t.k === 'struct' || t.k === 'void') throw new CompileError(`a ${typeName(e.t)} is used as a condition`, u.loc(node));
  const ev = value(u, e, node);
  if (t.k === 'ptr' || (t.k === 'int' && t.size <= 4)) return (f) => ev(f) !== 0;
  return (f) => isTrue(ev(f));
}

/** Compile a controlling expression to a boolean closure. */
export function compileCond(u: Unit, node: Node, compiled?: Expr): Cond {
  return condOf(u, compiled ?? compileExpr(u, node), node);
}

/** `=`, `+=`, ... */
export function compileAssignment(u: Unit, node: Node): Expr {
  const op = node.childForFieldName('operator')!.text;
  const ln = node.childForFieldName('left')!;
  const rn = node.childForFieldName('right')!;
  const l = compileExpr(u, ln);
  const r = compileExpr(u, rn);
  if (op === '=') {
    if (l.t.k === 'struct') {
      if (decayed(r.t).k !== 'struct' || sizeOf(r.t) !== sizeOf(l.t)) throw new CompileError(`assigning ${typeName(r.t)} to ${typeName(l.t)}`, u.loc(node));
      return { t: l.t, ev: assignTo(u, l, addressOf(u, r, rn), node), lvalue: false };
    }
    return rvalue(l.t, assignTo(u, l, valueAs(u, r, l.t, rn), node));
  }
  const bop = op.slice(0, -1);
  const lt = l.t;
  const rt = decayed(r.t);
  if (lt.k === 'ptr' && (bop === '+' || bop === '-')) {
    if (!isInt(rt)) throw new CompileError(`${op} of a pointer and ${typeName(rt)}`, u.loc(node));
    const add = ptrAdd(strideOf(lt), bop === '+' ? 1 : -1);
    const rv = value(u, r, rn);
    return rvalue(lt, modify(u, l, (old, f) => add(old, rv(f)), false, node));
  }
  if (!isArith(lt) || !isArith(rt)) throw new CompileError(`${op} on ${typeName(lt)} and ${typeName(rt)}`, u.loc(node));
  let fn: ((a: Num, b: Num) => Num) | undefined;
  let ct: CType;
  if (bop === '<<' || bop === '>>') {
    if (lt.k !== 'int') throw new CompileError('shift of a floating value', u.loc(node));
    ct = promote(lt);
    fn = shiftOp(bop, ct as IntType);
    const up = converter(lt, ct);
    const back = converter(ct, lt);
    const rv = value(u, r, rn);
    return rvalue(lt, modify(u, l, (old, f) => { const x = fn!(up ? up(old) : old, rv(f)); return back ? back(x) : x; }, false, node));
  }
  ct = usualArith(lt, rt);
  fn = arithOp(bop, ct as IntType);
  if (!fn) throw new CompileError(`operator ${op} on ${typeName(ct)}`, u.loc(node));
  const up = converter(lt, ct);
  const back = converter(ct, lt);
  const rv = valueAs(u, r, ct, rn);
  const f2 = fn;
  return rvalue(lt, modify(u, l, (old, f) => { const x = f2(up ? up(old) : old, rv(f)); return back ? back(x) : x; }, false, node));
}

