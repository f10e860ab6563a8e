/**
 * Initializers: scalars, aggregates with positional and designated elements (`.f =`, `[i] =`,
 * nested `.a.b`), brace elision, string literals initializing char/WCHAR arrays, struct copies,
 * and the length of `T x[] = {...}`. An initialized aggregate is zero-filled first, as C requires
 * for the members the list does not mention.
 */
import type { Node } from 'web-tree-sitter';
import { decodeStrings } from '../literals';
import type { Frame } from '../runtime';
import { sizeOf, typeName, type ArrayType, type CType, type Member, type RecordType } from '../types';
import { compileExpr } from './expr';
import { addressOf, assignTo, decayed, valueAs, type Expr } from './exprCore';
import { CompileError } from './scope';
import type { Unit } from './unit';

export type Action = (f: Frame) => unknown;

/** Where the initialized object is: a frame offset, a constant address, or a computed one. */
export type Place = { readonly boff: number } | { readonly caddr: number } | { readonly addr: (f: Frame) => number };

function at(place: Place, off: number, t: CType, m?: Member): Expr {
  const bits = m?.bitWidth !== undefined ? { bits: { bitOffset: m.bitOffset!, bitWidth: m.bitWidth, unit: sizeOf(m.type)! } } : {};
  if ('boff' in place) return { t, boff: place.boff + off, lvalue: true, ...bits };
  if ('caddr' in place) return { t, caddr: place.caddr + off, lvalue: true, ...bits };
  const a = place.addr;
  return { t, addr: off ? (f) => a(f) + off : a, lvalue: true, ...bits };
}

function items(list: Node): Node[] {
  return list.namedChildren.filter((c) => c.type !== 'comment');
}

const isCharArray = (t: CType): t is ArrayType => t.k === 'array' && t.of.k === 'int' && (t.of.size === 1 || t.of.size === 2 || t.of.size === 4);
const isStringNode = (n: Node): boolean => n.type === 'string_literal' || n.type === 'concatenated_string';

/** Actions initializing the object of type `t` at `place` from initializer `init`. */
export function initialize(u: Unit, t: CType, init: Node, place: Place): Action[] {
  const out: Action[] = [];
  if ((t.k === 'struct' || t.k === 'array') && (init.type === 'initializer_list' || isStringNode(init))) {
    const size = sizeOf(t) ?? 0;
    const a = at(place, 0, t);
    const mem = u.program.memory;
    const addr = addressOf(u, a, init);
    out.push((f) => mem.fill(addr(f), 0, size));
  }
  initAt(u, t, init, place, 0, undefined, out, undefined, true);
  return out;
}

function initAt(u: Unit, t: CType, node: Node, place: Place, off: number, m: Member | undefined, out: Action[], pre?: Expr, top = false): void {
  if (node.type === 'initializer_list') {
    if (t.k === 'struct' || t.k === 'array') {
      if (!top) {
        // A braced initializer initializes its whole subobject (what an earlier designator set
        // in it is overridden), so zero it first.
        const size = sizeOf(t) ?? 0;
        const mem = u.program.memory;
        const addr = addressOf(u, at(place, off, t), node);
        out.push((f) => mem.fill(addr(f), 0, size));
      }
      const list = items(node);
      const pos = { i: 0 };
      fill(u, t, list, pos, place, off, out, true);
      if (pos.i < list.length) u.program.diag('warning', `excess elements in initializer of ${typeName(t)}`, u.loc(list[pos.i]!));
      return;
    }
    const first = items(node)[0];
    if (first) initAt(u, t, first, place, off, m, out);
    return;
  }
  if (isCharArray(t) && isStringNode(node)) {
    const parts = node.type === 'concatenated_string' ? node.namedChildren.filter((c) => c.type === 'string_literal').map((c) => c.text) : [node.text];
    const s = decodeStrings(parts);
    const unit = (t.of as { size: number }).size;
    const n = Math.min(s.units.length + 1, t.len ?? s.units.length + 1);
    const bytes = new Uint8Array(n * unit);
    const dv = new DataView(bytes.buffer);
    for (let i = 0; i < n; i++) {
      const v = s.units[i] ?? 0;
      if (unit === 1) bytes[i] = v & 0xff;
      else if (unit === 2) dv.setUint16(i * 2, v, true);
      else dv.setUint32(i * 4, v, true);
    }
    const mem = u.program.memory;
    const addr = addressOf(u, at(place, off, t), node);
    out.push((f) => mem.write(addr(f), bytes));
    return;
  }
  const e = pre ?? compileExpr(u, node);
  const target = at(place, off, t, m);
  if (t.k === 'struct' || t.k === 'array') {
    if (t.k === 'struct' && decayed(e.t) === t) {
      out.push(assignTo(u, target, addressOf(u, e, node), node));
      return;
    }
    throw new CompileError(`cannot initialize ${typeName(t)} from ${typeName(e.t)}`, u.loc(node));
  }
  out.push(assignTo(u, target, valueAs(u, e, t, node), node));
}

/** Members of an aggregate in initialization order: [type, offset, member]. */
function slots(t: RecordType | ArrayType, index: number): [CType, number, Member | undefined] | undefined {
  if (t.k === 'array') {
    if (t.len !== undefined && index >= t.len) return undefined;
    return [t.of, index * (sizeOf(t.of) ?? 0), undefined];
  }
  const fields = t.union ? t.fields.slice(0, 1) : t.fields;
  const m = fields[index];
  return m ? [m.type, m.offset, m] : undefined;
}

function fill(u: Unit, t: RecordType | ArrayType, list: Node[], pos: { i: number }, place: Place, off: number, out: Action[], braced: boolean): void {
  let idx = 0;
  while (pos.i < list.length) {
    const item = list[pos.i]!;
    if (item.type === 'initializer_pair') {
      if (!braced) return;
      idx = designated(u, t, item, place, off, out);
      pos.i++;
      continue;
    }
    const slot = slots(t, idx);
    if (!slot) return;
    const [mt, moff, m] = slot;
    if (item.type === 'initializer_list' || !(mt.k === 'struct' || mt.k === 'array')) {
      initAt(u, mt, item, place, off + moff, m, out);
      pos.i++;
    } else if (isCharArray(mt) && isStringNode(item)) {
      initAt(u, mt, item, place, off + moff, m, out);
      pos.i++;
    } else {
      const e = compileExpr(u, item);
      if (mt.k === 'struct' && decayed(e.t) === mt) {
        initAt(u, mt, item, place, off + moff, m, out, e);
        pos.i++;
      } else fill(u, mt, list, pos, place, off + moff, out, false);
    }
    idx++;
  }
}

/** Apply one `.a.b[2] = v` element; returns the index positional elements continue from. */
function designated(u: Unit, t: RecordType | ArrayType, pair: Node, place: Place, off: number, out: Action[]): number {
  const designators = pair.childrenForFieldName('designator');
  const valueNode = pair.childForFieldName('value')!;
  let cur: CType = t;
  let o = off;
  let member: Member | undefined;
  let first = 0;
  designators.forEach((d, k) => {
    if (d.type === 'field_designator') {
      if (cur.k !== 'struct') throw new CompileError(`.${d.text} on ${typeName(cur)}`, u.loc(d));
      const name = d.namedChildren[0]!.text;
      const m = cur.members.get(name);
      if (!m) throw new CompileError(`${typeName(cur)} has no member ${name}`, u.loc(d));
      if (k === 0) first = Math.max(0, (cur.union ? [] : cur.fields).findIndex((f) => f.name === name || (f.name === '' && f.type.k === 'struct' && f.type.members.has(name))));
      o += m.offset;
      member = m;
      cur = m.type;
    } else if (d.type === 'subscript_designator') {
      if (cur.k !== 'array') throw new CompileError(`[ ] designator on ${typeName(cur)}`, u.loc(d));
      const i = u.constInt(d.namedChildren[0]!);
      if (k === 0) first = i;
      o += i * (sizeOf(cur.of) ?? 0);
      member = undefined;
      cur = cur.of;
    } else throw new CompileError(`unsupported designator ${d.type}`, u.loc(d));
  });
  initAt(u, cur, valueNode, place, o, member, out);
  return first + 1;
}

/** The element count of `T x[]` from its initializer. */
export function arrayLengthFrom(u: Unit, t: ArrayType, init: Node): number {
  if (isCharArray(t) && isStringNode(init)) {
    const parts = init.type === 'concatenated_string' ? init.namedChildren.filter((c) => c.type === 'string_literal').map((c) => c.text) : [init.text];
    return decodeStrings(parts).units.length + 1;
  }
  if (init.type !== 'initializer_list') throw new CompileError('array initializer must be a list', u.loc(init));
  const list = items(init);
  let idx = 0;
  let max = 0;
  const elemAgg = t.of.k === 'struct' || t.of.k === 'array';
  const leaf = elemAgg ? Math.max(1, leafCount(t.of)) : 1;
  let loose = 0;
  for (const item of list) {
    if (item.type === 'initializer_pair') {
      const d = item.childrenForFieldName('designator')[0];
      if (d?.type === 'subscript_designator') idx = u.constInt(d.namedChildren[0]!);
      idx++;
    } else if (elemAgg && item.type !== 'initializer_list' && !isStringNode(item)) {
      loose++;
      if (loose === 1) idx++;
      if (loose === leaf) loose = 0;
    } else idx++;
    max = Math.max(max, idx);
  }
  return max;
}

function leafCount(t: CType): number {
  if (t.k === 'array') return (t.len ?? 0) * leafCount(t.of);
  if (t.k === 'struct') return t.union ? (t.fields[0] ? leafCount(t.fields[0].type) : 1) : t.fields.reduce((n, f) => n + leafCount(f.type), 0);
  return 1;
}
