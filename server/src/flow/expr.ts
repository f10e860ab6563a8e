/**
 * Expressions and conditions: evaluating an expression in a state (forking where a call or a
 * `?:` forks), the locations lvalues designate, and splitting a state by a condition while
 * narrowing what it tested (statuses, flags, NULL checks), so later tests on the same path agree.
 */
import type { Expr } from './cfg';
import { external } from './ddi';
import type { Frame, Interp, Out } from './interp';
import { evaluate } from '../parser/cexpr';
import { IRQL_CONSTANTS, STATUS_TESTS, isInert, statusValue } from './semantics';
import { State, UNK, readLoc, under, type Val } from './state';
import { arith, compare, isCompare, isStatusName, isTracked, narrowStatus, ntSuccess, objBase, truthOf, unary, type Narrowing } from './values';

/** Results kept per call expression before merging. */
const MAX_OUTS = 24;

export function evalAll(m: Interp, F: Frame, xs: readonly Expr[], st: State): { s: State; vs: Val[] }[] {
  let cur: { s: State; vs: Val[] }[] = [{ s: st, vs: [] }];
  for (const x of xs) {
    const next: { s: State; vs: Val[] }[] = [];
    for (const c of cur) for (const o of evalExpr(m, F, x, c.s)) next.push({ s: o.s, vs: [...c.vs, o.v] });
    cur = next.length > MAX_OUTS ? next.slice(0, MAX_OUTS) : next;
  }
  return cur;
}

export function evalExpr(m: Interp, F: Frame, x: Expr, st: State): Out[] {
  switch (x.t) {
    case 'num':
      return [{ s: st, v: { k: 'int', v: x.v, lit: true } }];
    case 'bool':
      return [{ s: st, v: { k: 'int', v: x.v, lit: true } }];
    case 'null':
      return [{ s: st, v: { k: 'int', v: 0, lit: true } }];
    case 'str':
      return [{ s: st, v: { k: 'nz' } }];
    case 'unk':
      return [{ s: st, v: UNK }];
    case 'id': {
      const loc = varLoc(m, F, x.name);
      if (loc) return [{ s: st, v: readLoc(st, loc) }];
      if (m.prog.byName.has(x.name)) return [{ s: st, v: { k: 'fn', name: x.name } }];
      return [{ s: st, v: constVal(m, x.name) }];
    }
    case 'field':
    case 'index':
      return lval(m, F, x, st).map((o) => ({ s: o.s, v: o.loc ? readLoc(o.s, o.loc) : UNK }));
    case 'un': {
      if (x.op === '&') {
        if (x.x.t === 'id' && !varLoc(m, F, x.x.name) && m.prog.byName.has(x.x.name)) return [{ s: st, v: { k: 'fn', name: x.x.name } }];
        return lval(m, F, x.x, st).map((o) => ({ s: o.s, v: o.loc ? { k: 'ptr', loc: o.loc } : UNK }));
      }
      if (x.op === '*') return lval(m, F, x, st).map((o) => ({ s: o.s, v: o.loc ? readLoc(o.s, o.loc) : UNK }));
      if (x.op === '!') {
        const b = cond(m, F, x.x, st);
        return [...b.t.map((s) => ({ s, v: { k: 'int', v: 0 } as Val })), ...b.f.map((s) => ({ s, v: { k: 'int', v: 1 } as Val }))];
      }
      return evalExpr(m, F, x.x, st).map((o) => ({ s: o.s, v: unary(x.op, o.v) }));
    }
    case 'cast':
      return evalExpr(m, F, x.x, st);
    case 'comma': {
      const out: Out[] = [];
      for (const o of evalExpr(m, F, x.l, st)) out.push(...evalExpr(m, F, x.r, o.s));
      return out;
    }
    case 'cond': {
      const b = cond(m, F, x.c, st);
      const out: Out[] = [];
      for (const s of b.t) out.push(...evalExpr(m, F, x.a, s));
      for (const s of b.f) out.push(...evalExpr(m, F, x.b, s));
      return out;
    }
    case 'init': {
      const out: Out[] = [];
      for (const o of evalAll(m, F, x.items, st)) out.push({ s: o.s, v: UNK });
      return out;
    }
    case 'bin': {
      if (x.op === '&&' || x.op === '||') {
        const b = cond(m, F, x, st);
        return [...b.t.map((s) => ({ s, v: { k: 'int', v: 1 } as Val })), ...b.f.map((s) => ({ s, v: { k: 'int', v: 0 } as Val }))];
      }
      const out: Out[] = [];
      for (const a of evalExpr(m, F, x.l, st)) {
        for (const b of evalExpr(m, F, x.r, a.s)) {
          if (isCompare(x.op)) {
            const s = m.consume(m.consume(b.s, a.v), b.v);
            const r = compare(a.v, b.v, x.op, s);
            out.push({ s, v: r === undefined ? UNK : { k: 'int', v: r ? 1 : 0 } });
          } else out.push({ s: b.s, v: arith(x.op, a.v, b.v) });
        }
      }
      return out;
    }
    case 'assign':
      return assign(m, F, x, st);
    case 'upd':
      return lval(m, F, x.x, st).map((o) => {
        if (!o.loc) return { s: o.s, v: { k: 'ctr' } as Val };
        return { s: m.write(o.s, o.loc, { k: 'ctr' }), v: { k: 'ctr' } as Val };
      });
    case 'call':
      return call(m, F, x, st);
  }
}

/** The location of a variable name in this frame, or of a global. */
export function varLoc(m: Interp, F: Frame, name: string): string | undefined {
  if (F.cfg.locals.has(name) || F.cfg.params.includes(name)) return `${F.d}:${name}`;
  if (F.cfg.statics.has(name)) return `g:${F.fn.name}::${name}`;
  if (m.prog.globals.has(name)) return `g:${name}`;
  return undefined;
}

export function constVal(m: Interp, name: string): Val {
  let v = m.constCache.get(name);
  if (v) return v;
  const sv = statusValue(name) ?? IRQL_CONSTANTS.get(name);
  if (sv !== undefined) v = { k: 'int', v: sv | 0, lit: true };
  else {
    const r = evaluate(name, { ...m.prog.env, undefinedIsZero: false });
    v = r.k === 'int' ? { k: 'int', v: r.v, lit: true } : UNK;
  }
  m.constCache.set(name, v);
  return v;
}

/** A case label's constant value. */
export function constOf(m: Interp, F: Frame, x: Expr): number | undefined {
  if (x.t === 'num' || x.t === 'bool') return x.v;
  if (x.t === 'id' && !varLoc(m, F, x.name)) {
    const v = constVal(m, x.name);
    return v.k === 'int' ? v.v : undefined;
  }
  return undefined;
}

/** Where an lvalue expression refers to (undefined: unknown), evaluating its side effects. */
export function lval(m: Interp, F: Frame, x: Expr, st: State): { s: State; loc: string | undefined }[] {
  switch (x.t) {
    case 'id':
      return [{ s: st, loc: varLoc(m, F, x.name) }];
    case 'cast':
      return lval(m, F, x.x, st);
    case 'field': {
      if (!x.arrow) return lval(m, F, x.x, st).map((o) => ({ s: o.s, loc: o.loc ? `${o.loc}.${x.f}` : undefined }));
      return evalExpr(m, F, x.x, st).map((o) => {
        const base = objBase(o.v);
        return { s: o.s, loc: base ? `${base}.${x.f}` : undefined };
      });
    }
    case 'un':
      if (x.op === '*') return evalExpr(m, F, x.x, st).map((o) => ({ s: o.s, loc: objBase(o.v) }));
      break;
    case 'index': {
      const out: { s: State; loc: string | undefined }[] = [];
      for (const a of evalExpr(m, F, x.x, st)) for (const b of evalExpr(m, F, x.i, a.s)) out.push({ s: b.s, loc: undefined });
      return out;
    }
    default:
      break;
  }
  return evalExpr(m, F, x, st).map((o) => ({ s: o.s, loc: undefined }));
}

/** Location of a side-effect-free lvalue expression in a state (for narrowing). */
export function pureLoc(m: Interp, F: Frame, x: Expr, st: State): string | undefined {
  switch (x.t) {
    case 'id':
      return varLoc(m, F, x.name);
    case 'cast':
      return pureLoc(m, F, x.x, st);
    case 'field': {
      if (!x.arrow) {
        const b = pureLoc(m, F, x.x, st);
        return b ? `${b}.${x.f}` : undefined;
      }
      const b = pureLoc(m, F, x.x, st);
      const base = b ? objBase(readLoc(st, b)) : undefined;
      return base ? `${base}.${x.f}` : undefined;
    }
    case 'un':
      if (x.op === '*') {
        const b = pureLoc(m, F, x.x, st);
        return b ? objBase(readLoc(st, b)) : undefined;
      }
      return undefined;
    default:
      return undefined;
  }
}

export function assign(m: Interp, F: Frame, x: Extract<Expr, { t: 'assign' }>, st: State): Out[] {
  const out: Out[] = [];
  for (const r of evalExpr(m, F, x.r, st)) {
    for (const l of lval(m, F, x.l, r.s)) {
      if (!l.loc) {
        out.push({ s: m.consume(l.s, r.v), v: r.v });
        continue;
      }
      let v = r.v;
      if (x.op !== '=') {
        const old = readLoc(l.s, l.loc);
        v = x.op === '+=' || x.op === '-=' ? { k: 'ctr' } : arith(x.op.slice(0, -1), old, r.v);
      }
      out.push({ s: assignTo(m, F, l.s, l.loc, v, x.op === '=' ? x.r : undefined), v });
    }
  }
  return out;
}

/** Write `v` to `loc`; when the source is an lvalue, copy its tracked members too (struct copy). */
export function assignTo(m: Interp, F: Frame, st: State, loc: string, v: Val, src: Expr | undefined): State {
  let s = m.write(st, loc, v);
  if (src) {
    const from = pureLoc(m, F, src, st);
    if (from && from !== loc) {
      const p = s.edit();
      let changed = false;
      const inside = from + '.';
      st.vals.forEach((w, k) => {
        if (k.length > inside.length && k.startsWith(inside)) {
          p.vals.set(loc + k.slice(from.length), w);
          changed = true;
        }
      });
      if (st.zero.some((z) => under(from, z)) && !st.havoc.some((z) => under(from, z))) {
        p.zero = [...p.zero, loc];
        changed = true;
      }
      if (changed) s = State.of(p);
    }
  }
  return s;
}

/** Split a state by a condition, narrowing what the condition tests. */
export function cond(m: Interp, F: Frame, x: Expr, st: State): { t: State[]; f: State[]; tracked: boolean } {
  switch (x.t) {
    case 'un':
      if (x.op === '!') {
        const r = cond(m, F, x.x, st);
        return { t: r.f, f: r.t, tracked: r.tracked };
      }
      break;
    case 'cast':
      if (!x.toVoid) return cond(m, F, x.x, st);
      break;
    case 'comma': {
      const t: State[] = [];
      const f: State[] = [];
      let tracked = false;
      for (const o of evalExpr(m, F, x.l, st)) {
        const r = cond(m, F, x.r, o.s);
        t.push(...r.t);
        f.push(...r.f);
        tracked ||= r.tracked;
      }
      return { t, f, tracked };
    }
    case 'bin': {
      if (x.op === '&&' || x.op === '||') {
        const l = cond(m, F, x.l, st);
        const t: State[] = [];
        const f: State[] = [];
        let tracked = l.tracked;
        if (x.op === '&&') {
          f.push(...l.f);
          for (const s of l.t) {
            const r = cond(m, F, x.r, s);
            t.push(...r.t);
            f.push(...r.f);
            tracked ||= r.tracked;
          }
        } else {
          t.push(...l.t);
          for (const s of l.f) {
            const r = cond(m, F, x.r, s);
            t.push(...r.t);
            f.push(...r.f);
            tracked ||= r.tracked;
          }
        }
        return { t, f, tracked };
      }
      if (x.op === '==' || x.op === '!=') return compareCond(m, F, x.l, x.r, x.op === '==', st);
      break;
    }
    case 'call':
      if (x.fn && STATUS_TESTS.has(x.fn) && x.args.length === 1) return statusTest(m, F, x.args[0]!, STATUS_TESTS.get(x.fn)!, st);
      break;
    default:
      break;
  }
  // Truthiness of a value.
  const t: State[] = [];
  const f: State[] = [];
  let tracked = false;
  for (const o of evalExpr(m, F, x, st)) {
    const s = m.consume(o.s, o.v);
    const truth = truthOf(o.v, s);
    const loc = pureLoc(m, F, x, st);
    tracked ||= isTracked(o.v, !!loc);
    if (truth === true) t.push(s);
    else if (truth === false) f.push(s);
    else {
      t.push(loc ? narrow(s, loc, o.v, 'true') : s);
      f.push(loc ? narrow(s, loc, o.v, 'false') : s);
    }
  }
  return { t, f, tracked };
}

export function compareCond(m: Interp, F: Frame, l: Expr, r: Expr, eq: boolean, st: State): { t: State[]; f: State[]; tracked: boolean } {
  const t: State[] = [];
  const f: State[] = [];
  let tracked = false;
  for (const a of evalExpr(m, F, l, st)) {
    for (const b of evalExpr(m, F, r, a.s)) {
      const s = m.consume(m.consume(b.s, a.v), b.v);
      const la = pureLoc(m, F, l, st);
      const lb = pureLoc(m, F, r, st);
      tracked ||= isTracked(a.v, !!la) || isTracked(b.v, !!lb) || isStatusName(l) || isStatusName(r);
      const res = compare(a.v, b.v, '==', s);
      if (res !== undefined) {
        (res === eq ? t : f).push(s);
        continue;
      }
      // Undecided: narrow the side that is a location against a constant.
      let sEq = s;
      let sNe = s;
      if (la && b.v.k === 'int') {
        const st = isStatusName(r);
        sEq = narrow(s, la, a.v, { eq: b.v.v, st });
        sNe = narrow(s, la, a.v, { ne: b.v.v, st });
      } else if (lb && a.v.k === 'int') {
        const st = isStatusName(l);
        sEq = narrow(s, lb, b.v, { eq: a.v.v, st });
        sNe = narrow(s, lb, b.v, { ne: a.v.v, st });
      }
      t.push(eq ? sEq : sNe);
      f.push(eq ? sNe : sEq);
    }
  }
  return { t, f, tracked };
}

export function statusTest(m: Interp, F: Frame, arg: Expr, kind: 'success' | 'error', st: State): { t: State[]; f: State[]; tracked: boolean } {
  const t: State[] = [];
  const f: State[] = [];
  let tracked = false;
  for (const o of evalExpr(m, F, arg, st)) {
    const s = m.consume(o.s, o.v);
    const loc = pureLoc(m, F, arg, st);
    tracked = true;
    const ok = ntSuccess(o.v);
    let sOk = s;
    let sFail = s;
    if (ok === undefined && loc) {
      sOk = narrow(s, loc, o.v, 'success');
      sFail = narrow(s, loc, o.v, 'failure');
    }
    if (ok !== false) (kind === 'success' ? t : f).push(sOk);
    if (ok !== true) (kind === 'success' ? f : t).push(sFail);
  }
  return { t, f, tracked };
}

/** Narrow the value at `loc` by what a branch learned about it. */
export function narrow(s: State, loc: string, v: Val, how: Narrowing): State {
  let nv: Val | undefined;
  if (v.k === 'st') {
    const c = narrowStatus(v.c, how);
    nv = c === v.c ? undefined : { k: 'st', site: v.site, c };
  } else if (typeof how === 'object' && how.st && (v.k === 'sym' || v.k === 'unk')) {
    // Compared with a status constant: from here on it is a status.
    nv = { k: 'st', site: '', c: narrowStatus('?', how) };
  } else if (v.k === 'sym' || v.k === 'unk' || v.k === 'nz' || (v.k === 'h' && s.handles.get(v.id)?.st === 'failed')) {
    if (how === 'false' || (typeof how === 'object' && 'eq' in how && how.eq === 0)) nv = { k: 'int', v: 0 };
    else if (typeof how === 'object' && 'eq' in how) nv = { k: 'int', v: how.eq };
    else if (how === 'success' || how === 'failure') nv = { k: 'st', site: '', c: how === 'success' ? 'okish' : 'fail' };
    else if ((how === 'true' || (typeof how === 'object' && 'ne' in how && how.ne === 0)) && v.k === 'unk') nv = { k: 'nz' };
  } else if (v.k === 'ctr' || v.k === 'luidIdx') {
    nv = undefined;
  }
  if (!nv) return s;
  const p = s.edit();
  p.vals.set(loc, nv);
  return State.of(p);
}

// -------------------------------------------------------------------------------------------
// Calls

export function call(m: Interp, F: Frame, x: Extract<Expr, { t: 'call' }>, st: State): Out[] {
  const name = x.fn;
  if (name && isInert(name) && !m.prog.byName.has(name)) return [{ s: st, v: UNK }];
  if (name && STATUS_TESTS.has(name) && x.args.length === 1) {
    const b = statusTest(m, F, x.args[0]!, STATUS_TESTS.get(name)!, st);
    return [...b.t.map((s) => ({ s, v: { k: 'int', v: 1 } as Val })), ...b.f.map((s) => ({ s, v: { k: 'int', v: 0 } as Val }))];
  }
  let pre: Out[] = [{ s: st, v: UNK }];
  if (!name && x.fe) pre = evalExpr(m, F, x.fe, st);
  const out: Out[] = [];
  for (const p0 of pre) {
    for (const a of evalAll(m, F, x.args, p0.s)) {
      const target = name ? m.prog.resolve(F.fn, name) : undefined;
      if (target) {
        out.push(...m.callFn(target, a.vs, a.s, F.ctx));
        continue;
      }
      out.push(...external(m, F, x, name ?? '', a.s, a.vs));
    }
  }
  return out.length > MAX_OUTS ? m.capOuts(out) : out;
}
