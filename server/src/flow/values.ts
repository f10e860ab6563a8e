/**
 * Operations on abstract values: arithmetic, comparison, truth, NT_SUCCESS, and narrowing a
 * status by what a branch learned about it.
 */
import type { Expr } from './cfg';
import { catalog } from '../model/catalogView';
import { MUST_TEST, isFailure, statusValue } from './semantics';
import { UNK, objOf, type State, type StatusCode, type Val } from './state';

export function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

export function sameMisc(a: State['misc'], b: State['misc']): boolean {
  return a.assoc === b.assoc && a.imSecond === b.imSecond && a.mpDereg === b.mpDereg;
}

export function joinRet(a: Val, b: Val): Val {
  if (a.k === 'st' && b.k === 'st' && a.site === b.site) return { k: 'st', site: a.site, c: '?', ...(a.chk || b.chk ? { chk: true } : {}) };
  return UNK;
}

/** The object a pointer value designates. */
export function objBase(v: Val): string | undefined {
  if (v.k === 'ptr') return v.loc;
  if (v.k === 'sym') return objOf(v.id);
  return undefined;
}

export function isCompare(op: string): boolean {
  return op === '==' || op === '!=' || op === '<' || op === '>' || op === '<=' || op === '>=';
}

export function unary(op: string, v: Val): Val {
  if (v.k !== 'int') return v.k === 'ctr' || v.k === 'arith' ? { k: 'arith' } : UNK;
  switch (op) {
    case '-':
      return { k: 'int', v: -v.v, ...(v.lit ? { lit: true } : {}) };
    case '~':
      return { k: 'int', v: ~v.v, ...(v.lit ? { lit: true } : {}) };
    case '+':
      return v;
    default:
      return UNK;
  }
}

export function arith(op: string, a: Val, b: Val): Val {
  if (a.k === 'int' && b.k === 'int') {
    let r: number | undefined;
    switch (op) {
      case '+': r = a.v + b.v; break;
      case '-': r = a.v - b.v; break;
      case '*': r = a.v * b.v; break;
      case '/': r = b.v ? Math.trunc(a.v / b.v) : undefined; break;
      case '%': r = b.v ? a.v % b.v : undefined; break;
      case '|': r = a.v | b.v; break;
      case '&': r = a.v & b.v; break;
      case '^': r = a.v ^ b.v; break;
      case '<<': r = a.v << b.v; break;
      case '>>': r = a.v >> b.v; break;
    }
    if (r === undefined || !Number.isFinite(r) || Math.abs(r) > 0xffffffff) return a.lit || b.lit ? { k: 'arith' } : UNK;
    return { k: 'int', v: r, ...(a.lit || b.lit ? { lit: true } : {}) };
  }
  const derived = (v: Val): boolean => v.k === 'ctr' || v.k === 'arith' || (v.k === 'int' && !!v.lit);
  if (derived(a) && derived(b)) return { k: 'arith' };
  return UNK;
}

/** Compare two values: true/false when decided. */
export function compare(a: Val, b: Val, op: string, s: State): boolean | undefined {
  if (op !== '==' && op !== '!=') {
    if (a.k === 'int' && b.k === 'int') {
      switch (op) {
        case '<': return a.v < b.v;
        case '>': return a.v > b.v;
        case '<=': return a.v <= b.v;
        case '>=': return a.v >= b.v;
      }
    }
    return undefined;
  }
  const eq = equal(a, b, s) ?? equal(b, a, s);
  if (eq === undefined) return undefined;
  return op === '==' ? eq : !eq;
}

export function equal(a: Val, b: Val, s: State): boolean | undefined {
  if (a.k === 'int' && b.k === 'int') return a.v === b.v;
  if (b.k !== 'int') {
    if (a.k === 'h' && b.k === 'h') return a.id === b.id ? true : undefined;
    if (a.k === 'ptr' && b.k === 'ptr') return a.loc === b.loc ? true : undefined;
    return undefined;
  }
  const c = b.v;
  switch (a.k) {
    case 'st':
      return statusEquals(a.c, c);
    case 'h': {
      if (c !== 0) return undefined;
      const r = s.handles.get(a.id);
      return r && r.st !== 'failed' ? false : undefined;
    }
    case 'ptr':
    case 'fn':
    case 'nz':
      return c === 0 ? false : undefined;
    default:
      return undefined;
  }
}

/** Does a status with this code equal the constant c? */
export function statusEquals(code: StatusCode, c: number): boolean | undefined {
  const v = c >>> 0;
  if (v === 0) return code === 'ok' ? true : code === 'pend' || code === 'okx' || code === 'fail' || code === 'nok' ? false : undefined;
  if (v === 0x103) return code === 'pend' ? true : code === 'ok' || code === 'fail' ? false : undefined;
  if (isFailure(v)) return code === 'ok' || code === 'pend' || code === 'okx' || code === 'okish' ? false : undefined;
  return code === 'ok' || code === 'pend' || code === 'fail' ? false : undefined;
}

export type Narrowing = 'true' | 'false' | 'success' | 'failure' | { eq: number; st?: boolean } | { ne: number; st?: boolean };

/** Is this expression a status constant (NDIS_STATUS_X, STATUS_X)? */
export function isStatusName(x: Expr): boolean {
  return x.t === 'id' && /^(NDIS_)?STATUS_/.test(x.name) && statusValue(x.name) !== undefined;
}

export function narrowStatus(code: StatusCode, how: Narrowing): StatusCode {
  if (how === 'success') return code === 'nok' ? 'okx' : code === '?' ? 'okish' : code;
  if (how === 'failure') return 'fail';
  if (how === 'true') return code === 'okish' ? 'okx' : code === '?' ? 'nok' : code;
  if (how === 'false') return 'ok';
  const c = ('eq' in how ? how.eq : how.ne) >>> 0;
  const eq = 'eq' in how;
  if (c === 0) return eq ? 'ok' : code === 'okish' ? 'okx' : code === '?' ? 'nok' : code;
  if (c === 0x103) return eq ? 'pend' : code;
  if (isFailure(c)) return eq ? 'fail' : code;
  return eq ? 'okx' : code;
}

/** NT_SUCCESS of a value: true/false when decided. */
export function ntSuccess(v: Val): boolean | undefined {
  if (v.k === 'int') return !isFailure(v.v);
  if (v.k === 'st') return v.c === 'ok' || v.c === 'pend' || v.c === 'okx' || v.c === 'okish' ? true : v.c === 'fail' ? false : undefined;
  return undefined;
}

export function truthOf(v: Val, s: State): boolean | undefined {
  switch (v.k) {
    case 'int':
      return v.v !== 0;
    case 'nz':
    case 'ptr':
    case 'fn':
      return true;
    case 'h':
      return s.handles.get(v.id)?.st === 'failed' ? undefined : true;
    case 'st':
      return v.c === 'ok' ? false : v.c === 'pend' || v.c === 'okx' || v.c === 'fail' || v.c === 'nok' ? true : undefined;
    default:
      return undefined;
  }
}

/** Does a branch on this value say something worth showing in a path? */
export function isTracked(v: Val, isLocation: boolean): boolean {
  return v.k === 'st' || v.k === 'h' || (isLocation && (v.k === 'int' || v.k === 'nz'));
}

/** Is a returned value a failure status? */
export function isFailureVal(v: Val): boolean {
  if (v.k === 'st') return v.c === 'fail' || v.c === 'nok';
  if (v.k === 'int') return isFailure(v.v);
  return false;
}

/** The result of an external call. */
export function resultOf(name: string, site: string): Val {
  const d = catalog.ddi(name);
  if (d && /^(NDIS_STATUS|NTSTATUS)$/.test(d.returnType)) return { k: 'st', site, c: '?', ...(MUST_TEST.has(name) ? { chk: true } : {}) };
  if (d && d.returnType === 'VOID') return UNK;
  return { k: 'sym', id: `c:${site}` };
}
