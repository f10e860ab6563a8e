/**
 * Calls: direct calls to driver functions (slot lookup at call time, so functions of other
 * translation units and the host's externals resolve after linking), calls through function
 * pointers (handler tables such as the characteristics the driver registered), implicit
 * declarations, argument conversion to the prototype (default promotions for `...`), struct
 * arguments and returns, `(TYPE)(expr)` casts that tree-sitter parses as calls, and the compiler
 * intrinsics drivers use in `__except` filters.
 */
import type { Node } from 'web-tree-sitter';
import { SehException, type CallSite } from '../errors';
import type { Frame } from '../runtime';
import {
  alignOf, DOUBLE, funcType, I32, isInt, promote, sizeOf, typeName, U32, VOID, type CType, type FuncType,
} from '../types';
import type { Num } from '../values';
import { castTo, compileExpr } from './expr';
import { addressOf, decayed, konst, rvalue, value, valueAs, type Expr } from './exprCore';
import { CompileError } from './scope';
import type { Unit } from './unit';

const STATUS_BREAKPOINT = 0x80000003;
const NO_ARGS: Num[] = [];

type Intrinsic = (u: Unit, args: Node[], node: Node) => Expr;

const INTRINSICS: Record<string, Intrinsic> = {
  GetExceptionCode: () => rvalue(U32, (f) => f.exc >>> 0),
  _exception_code: () => rvalue(U32, (f) => f.exc >>> 0),
  GetExceptionInformation: () => konst({ k: 'ptr', to: VOID }, 0),
  _exception_info: () => konst({ k: 'ptr', to: VOID }, 0),
  AbnormalTermination: () => konst(I32, 0),
  _abnormal_termination: () => konst(I32, 0),
  __noop: () => konst(I32, 0),
  __assume: () => konst(VOID, 0),
  _ReturnAddress: () => konst({ k: 'ptr', to: VOID }, 0),
  __debugbreak: () =>
    rvalue(VOID, () => {
      throw new SehException('exception', STATUS_BREAKPOINT, 'breakpoint (__debugbreak)');
    }),
  DbgBreakPoint: () =>
    rvalue(VOID, () => {
      throw new SehException('exception', STATUS_BREAKPOINT, 'breakpoint (DbgBreakPoint)');
    }),
};
for (const v of ['va_start', 'va_arg', 'va_end', 'va_copy', '__va_start']) {
  INTRINSICS[v] = (u, _a, node) => {
    throw new CompileError('variable-argument functions (va_start/va_arg) are not supported', u.loc(node));
  };
}

function parenTypedef(u: Unit, node: Node): CType | undefined {
  if (node.type !== 'parenthesized_expression') return undefined;
  const inner = node.namedChildren;
  if (inner.length !== 1 || inner[0]!.type !== 'identifier') return undefined;
  const s = u.scope.lookup(inner[0]!.text);
  return s?.k === 'typedef' ? s.type : undefined;
}

/** Compile a call_expression. */
export function compileCall(u: Unit, node: Node): Expr {
  const fnNode = node.childForFieldName('function')!;
  const argNodes = node.childForFieldName('arguments')!.namedChildren.filter((c) => c.type !== 'comment');
  const castType = parenTypedef(u, fnNode);
  if (castType) {
    if (argNodes.length !== 1) throw new CompileError('cast of a comma list', u.loc(node));
    const argNode = argNodes[0]!;
    const inner = argNode.type === 'identifier' ? u.scope.lookup(argNode.text) : undefined;
    if (inner?.k === 'typedef') throw new CompileError(`a cast to ${argNode.text} needs an operand`, u.loc(node));
    return castTo(u, compileExpr(u, argNode), castType, node);
  }
  let ftype: FuncType;
  let slot: import('../runtime').FuncSlot | undefined;
  let target: ((f: Frame) => Num) | undefined;
  if (fnNode.type === 'identifier') {
    const name = fnNode.text;
    const sym = u.scope.lookup(name);
    const intrinsic = INTRINSICS[name];
    if (intrinsic && (!sym || (sym.k === 'func' && !sym.slot.fn))) return intrinsic(u, argNodes, node);
    if (!sym) {
      slot = u.implicitFunction(name, funcType(I32, [], [], false, false), u.loc(node));
      ftype = slot.type;
    } else if (sym.k === 'func') {
      slot = sym.slot;
      ftype = slot.type;
    }
  }
  if (!slot) {
    const callee = compileExpr(u, fnNode);
    const t = callee.t.k === 'func' ? callee.t : decayed(callee.t).k === 'ptr' ? (decayed(callee.t) as { to: CType }).to : undefined;
    if (!t || t.k !== 'func') throw new CompileError(`called object is ${typeName(callee.t)}, not a function`, u.loc(fnNode));
    ftype = t;
    if (callee.slot) slot = callee.slot;
    else target = value(u, callee, fnNode);
  }
  const ft = ftype!;
  if (ft.proto && (argNodes.length < ft.params.length || (!ft.variadic && argNodes.length > ft.params.length))) {
    throw new CompileError(`${slot?.name ?? 'function'} expects ${ft.params.length} argument(s), got ${argNodes.length}`, u.loc(node));
  }
  const argEvs: ((f: Frame) => Num)[] = [];
  const argTypes: CType[] = [];
  argNodes.forEach((an, i) => {
    const e = compileExpr(u, an);
    const pt = ft.proto && i < ft.params.length ? ft.params[i]! : undefined;
    const et = decayed(e.t);
    if (et.k === 'struct') {
      argEvs.push(addressOf(u, e, an));
      argTypes.push(et);
      return;
    }
    let to: CType;
    if (pt) to = pt;
    else if (et.k === 'float') to = DOUBLE;
    else if (isInt(et)) to = promote(et);
    else to = et;
    if (to.k === 'struct') throw new CompileError(`passing ${typeName(et)} for a ${typeName(to)} parameter`, u.loc(an));
    argEvs.push(valueAs(u, e, to, an));
    argTypes.push(to);
  });
  const rt = u.program.rt;
  const site: CallSite = { ...u.loc(node), args: argNodes.map((an) => u.loc(an)) };
  const ret = ft.ret;
  let retOff = -1;
  if (ret.k === 'struct') {
    if (!u.fn) throw new CompileError('call outside a function', site);
    retOff = u.fn.allocFrame(sizeOf(ret) ?? 0, alignOf(ret));
  }
  const n = argEvs.length;
  const a0 = argEvs[0];
  const a1 = argEvs[1];
  const a2 = argEvs[2];
  const collect = (f: Frame): Num[] => {
    if (n === 0) return NO_ARGS;
    if (n === 1) return [a0!(f)];
    if (n === 2) return [a0!(f), a1!(f)];
    if (n === 3) return [a0!(f), a1!(f), a2!(f)];
    const out = new Array<Num>(n);
    for (let i = 0; i < n; i++) out[i] = argEvs[i]!(f);
    return out;
  };
  let call: (f: Frame) => Num;
  if (slot) {
    const s = slot;
    call = retOff >= 0 ? (f) => rt.callSlot(s, collect(f), argTypes, site, f.bp + retOff) : (f) => rt.callSlot(s, collect(f), argTypes, site);
  } else {
    const tgt = target!;
    call = retOff >= 0
      ? (f) => rt.callAddress(tgt(f) as number, collect(f), argTypes, site, f.bp + retOff)
      : (f) => rt.callAddress(tgt(f) as number, collect(f), argTypes, site);
  }
  if (ret.k === 'struct') return { t: ret, addr: (f) => (call(f), f.bp + retOff), lvalue: false };
  return rvalue(ret.k === 'void' ? VOID : ret, call);
}

