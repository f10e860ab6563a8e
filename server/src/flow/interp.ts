/**
 * The path-sensitive abstract interpreter.
 *
 * It runs a function's CFG over sets of abstract states (state.ts): forks at registration calls
 * (success/failure) and at branches it cannot decide, prunes by status tests, flags and NULL
 * checks, merges identical states at joins and widens past MAX_STATES states per program point.
 * Driver functions are inlined with their arguments (depth-limited, no recursion) and memoised on
 * (function and callee texts, context, input state); memo entries keep the events (findings)
 * produced under them, so a memo hit — in this analysis or a later one — replays them.
 *
 * Budgets bound the work per call and per analysis; a call over budget is treated as an opaque
 * call whose possible handle effects make the affected handles unknown (never a finding).
 */
import type { Expr, FnCfg, CfgNode } from './cfg';
import type { FnInfo, Program } from './program';
import { catalog } from '../model/catalogView';
import { evaluate, evaluateCondition } from '../parser/cexpr';
import {
  ACQUIRE, DEREGISTER, DRIVER_KINDS, INTERLOCKED, IRQL_CONSTANTS, LUID_ALLOCATE, MAKE_NET_LUID, MUST_TEST, RAISE_IRQL,
  REGISTER, RELEASE, STATUS_TESTS, ZEROING, isFailure, isInert, isPassiveOnly, roleRaisesIrql, statusValue, usesHandles,
} from './semantics';
import {
  State, UNK, ZERO, joinStates, objOf, readLoc, under, valKey,
  type HRec, type HandleKind, type StateParts, type StatusCode, type Trace, type Val,
} from './state';

/** States kept per program point before widening. */
export const MAX_STATES = 32;
/** Inlining depth. */
export const MAX_DEPTH = 12;
/** Node visits per function call, and per analysis. */
export const MAX_STEPS_PER_CALL = 60_000;
export const MAX_STEPS_TOTAL = 3_000_000;
/** Results kept per call. */
const MAX_OUTS = 24;

export type CtxKind = 'de' | 'early' | 'handler' | 'unload' | 'other';

/** Something the interpreter observed: a finding candidate, or a fact the entry sequencing needs. */
export interface FlowEvent {
  readonly kind: string;
  /** Primary site `<fnId>@<rel>` and the relative end of its span. */
  readonly site: string;
  readonly end: number;
  readonly data: Readonly<Record<string, string>>;
  readonly trace: Trace | undefined;
  readonly ctx: CtxKind;
  /** For `snapshot`: the state right after a registration succeeded (DriverEntry). */
  readonly state?: State;
  /** A second site the finding relates to (the registration, the first registration ...). */
  readonly other?: string;
  readonly otherEnd?: number;
}

export interface MemoEntry {
  readonly key: string;
  outs: readonly Out[];
  readonly events: FlowEvent[];
  readonly children: MemoEntry[];
}

export interface Out {
  readonly s: State;
  readonly v: Val;
}

class Bail extends Error {}

/** The memo tables of one driver: the previous analysis' and the current one's. */
export interface MemoTables {
  prev: Map<string, MemoEntry>;
  next: Map<string, MemoEntry>;
}

interface Frame {
  readonly fn: FnInfo;
  readonly cfg: FnCfg;
  readonly d: number;
  readonly ctx: CtxKind;
}

const LOCAL_RE = /^\d+:/;

export class Interp {
  private readonly stack: FnInfo[] = [];
  private readonly rec: MemoEntry[] = [];
  steps = 0;
  /** Functions executed (by id), for finding the ones no entry point reaches. */
  readonly reached = new Set<string>();
  /** Calls that exceeded a budget or were too complex (for diagnostics of the analysis itself). */
  bailed = 0;
  private readonly constCache = new Map<string, Val>();
  private readonly touchCache = new Map<string, Set<string>>();

  constructor(
    readonly prog: Program,
    private readonly memo: MemoTables,
  ) {}

  /** Run an entry point from a state; returns its results and the memo entry holding its events. */
  runRoot(fn: FnInfo, s: State, ctx: CtxKind): { outs: readonly Out[]; root: MemoEntry } {
    const root: MemoEntry = { key: '', outs: [], events: [], children: [] };
    this.rec.push(root);
    try {
      const outs = this.callFn(fn, [], s, ctx);
      root.outs = outs;
      return { outs, root };
    } finally {
      this.rec.pop();
    }
  }

  // -------------------------------------------------------------------------------------------
  // Calls

  private callFn(fn: FnInfo, args: readonly Val[], s: State, ctx: CtxKind): Out[] {
    if (!fn.cfg || this.stack.includes(fn) || this.stack.length >= MAX_DEPTH || this.steps > MAX_STEPS_TOTAL) {
      if (!fn.cfg) this.reached.add(fn.id);
      return [this.opaqueCall(fn, args, s)];
    }
    this.reached.add(fn.id);
    const d = this.stack.length + 1;
    const p = s.edit();
    fn.cfg.params.forEach((name, i) => p.vals.set(`${d}:${name}`, args[i] ?? { k: 'sym', id: `${d}:${name}` }));
    const s1 = State.of(p);
    const key = `${fn.deepKey}|${ctx}|${s1.key}`;
    const parent = this.rec[this.rec.length - 1];
    const hit = this.memo.next.get(key) ?? this.memo.prev.get(key);
    if (hit) {
      this.touch(hit);
      parent?.children.push(hit);
      return hit.outs.map((o) => ({ s: o.s.withTraceList(o.s.trace ?? s.trace), v: o.v }));
    }
    const entry: MemoEntry = { key, outs: [], events: [], children: [] };
    this.rec.push(entry);
    this.stack.push(fn);
    let outs: Out[];
    try {
      const raw = this.exec({ fn, cfg: fn.cfg, d, ctx }, s1);
      outs = raw.map((o) => this.exitFrame(o, d));
      outs = capOuts(outs);
    } catch (e) {
      if (!(e instanceof Bail)) throw e;
      this.bailed++;
      outs = [this.opaqueCall(fn, args, s)];
    } finally {
      this.stack.pop();
      this.rec.pop();
    }
    entry.outs = outs;
    this.memo.next.set(key, entry);
    parent?.children.push(entry);
    return outs;
  }

  /** Keep a memo entry (and what it replays) for the next analysis. */
  private touch(e: MemoEntry): void {
    if (this.memo.next.get(e.key) === e) return;
    this.memo.next.set(e.key, e);
    for (const c of e.children) this.touch(c);
  }

  /** DDIs a function reaches (transitively through driver functions). */
  private touches(fn: FnInfo): Set<string> {
    let t = this.touchCache.get(fn.id);
    if (t) return t;
    t = new Set();
    const seen = new Set<FnInfo>([fn]);
    const stack = [fn];
    while (stack.length) {
      const cur = stack.pop()!;
      for (const c of cur.cfg?.callees ?? []) {
        if (REGISTER.has(c) || DEREGISTER.has(c)) t.add(c);
        const f = this.prog.resolve(cur, c);
        if (f && !seen.has(f)) { seen.add(f); stack.push(f); }
      }
      if (!cur.cfg) for (const m of cur.text.match(/\bNdis\w*(Register|Deregister|OpenAdapterEx|CloseAdapterEx)\w*/g) ?? []) t.add(m);
    }
    this.touchCache.set(fn.id, t);
    return t;
  }

  /** A driver function we do not run: pointer arguments are havocked; handles it may change become unknown. */
  private opaqueCall(fn: FnInfo, args: readonly Val[], s: State): Out {
    const p = s.edit();
    for (const a of args) this.havocVal(p, a);
    const t = this.touches(fn);
    if (t.size) {
      for (const [id, r] of p.handles) if (r.st === 'reg') p.handles.set(id, { ...r, st: 'unknown' });
      for (const name of t) {
        const kind = DEREGISTER.get(name);
        if (kind) this.emit({ kind: 'deregAny', site: `${fn.id}@0`, end: 0, data: { kind }, trace: undefined, ctx: 'other' });
      }
    }
    return { s: State.of(p), v: { k: 'sym', id: `c:${fn.id}` } };
  }

  private emit(ev: FlowEvent): void {
    this.rec[this.rec.length - 1]?.events.push(ev);
  }

  /** Leave a frame: unchecked statuses and handles that die with it, then drop its locals. */
  private exitFrame(o: Out, d: number): Out {
    const prefix = `${d}:`;
    const objPrefix = `*{${d}:`;
    const local = (loc: string): boolean => loc.startsWith(prefix) || loc.startsWith(objPrefix);
    const s = o.s;
    // NDIS202: a status stored only in this frame and never tested.
    const dying = new Map<string, string>();
    const living = new Set<string>();
    for (const [loc, v] of s.vals) {
      if (v.k !== 'st' || !v.chk) continue;
      if (local(loc)) dying.set(v.site, loc);
      else living.add(v.site);
    }
    if (o.v.k === 'st') living.add(o.v.site);
    for (const [site] of dying) {
      if (!living.has(site)) this.emit({ kind: 'NDIS202', site, end: -1, data: { why: 'never-tested' }, trace: s.trace, ctx: 'other' });
    }
    // NDIS203: a registration's handle written to an automatic variable that does not outlive the frame.
    for (const r of s.handles.values()) {
      if (r.st !== 'reg' || !r.out || !local(r.out) || !r.outArg || !(DRIVER_KINDS.has(r.kind) || r.kind === 'provider')) continue;
      let kept = o.v.k === 'h' && o.v.id === r.id;
      for (const [loc, v] of s.vals) if (!kept && v.k === 'h' && v.id === r.id && !local(loc)) kept = true;
      if (!kept) {
        const fnId = r.id.slice(0, r.id.lastIndexOf('@'));
        this.emit({
          kind: 'NDIS203', site: `${fnId}@${r.outArg[0]}`, end: r.outArg[1], data: { ddi: r.ddi }, trace: s.trace, ctx: 'other',
          other: r.id,
        });
      }
    }
    const p = s.edit();
    for (const loc of [...p.vals.keys()]) if (local(loc)) p.vals.delete(loc);
    p.zero = p.zero.filter((z) => !local(z));
    p.havoc = p.havoc.filter((z) => !local(z));
    for (const [id, r] of p.handles) if (r.out && local(r.out)) p.handles.set(id, { ...r, out: '~' });
    return { s: State.of(p), v: o.v };
  }

  // -------------------------------------------------------------------------------------------
  // CFG execution

  private exec(F: Frame, s0: State): Out[] {
    const { cfg } = F;
    const nodes = cfg.nodes;
    const inbox: State[][] = new Array(nodes.length);
    const seen: (Set<string> | undefined)[] = new Array(nodes.length);
    const widened: (State | undefined)[] = new Array(nodes.length);
    const queued = new Uint8Array(nodes.length);
    const heap: number[] = [];
    const order = cfg.order;
    const push = (i: number, s: State): void => {
      if (i < 0) return;
      (inbox[i] ??= []).push(s);
      if (!queued[i]) {
        queued[i] = 1;
        heapPush(heap, i, order);
      }
    };
    const outs: Out[] = [];
    let local = 0;
    push(cfg.entry, s0);
    while (heap.length) {
      const i = heapPop(heap, order);
      queued[i] = 0;
      const states = inbox[i]!;
      inbox[i] = [];
      const node = nodes[i]!;
      for (let st of states) {
        if (++local > MAX_STEPS_PER_CALL || ++this.steps > MAX_STEPS_TOTAL) throw new Bail();
        if ((cfg.preds[i] ?? 0) > 1) {
          const set = (seen[i] ??= new Set());
          const k = st.key;
          if (set.has(k)) continue;
          if (set.size >= MAX_STATES) {
            const w = widened[i] ? joinStates(widened[i]!, st) : st;
            widened[i] = w;
            if (set.has(w.key)) continue;
            st = w;
            set.add(w.key);
          } else set.add(k);
        }
        if (node.exc !== undefined) push(node.exc, st);
        this.step(F, node, st, push, outs);
      }
    }
    return outs;
  }

  private step(F: Frame, node: CfgNode, st: State, push: (i: number, s: State) => void, outs: Out[]): void {
    switch (node.k) {
      case 'nop':
        if (node.label?.startsWith('goto ')) st = st.withTrace({ site: this.site(F, node.s), end: node.e, msg: `jumps to ${node.label.slice(5)}` });
        push(node.next, st);
        return;
      case 'expr':
        for (const o of this.eval(F, node.x!, st)) push(node.next, o.s);
        return;
      case 'decl': {
        if (node.isStatic) {
          push(node.next, st);
          return;
        }
        const loc = `${F.d}:${node.name}`;
        const p = st.edit();
        for (const k of [...p.vals.keys()]) if (under(k, loc)) this.dropVal(p, k);
        p.zero = p.zero.filter((z) => !under(z, loc));
        p.havoc = p.havoc.filter((z) => !under(z, loc));
        let base = State.of(p);
        if (!node.x) {
          push(node.next, base);
          return;
        }
        if (node.x.t === 'init') {
          for (const o of this.evalAll(F, node.x.items, base)) {
            const allZero = node.x.items.every((x) => (x.t === 'num' && x.v === 0) || x.t === 'null' || (x.t === 'bool' && x.v === 0));
            const q = o.s.edit();
            if (allZero) q.zero.push(loc);
            push(node.next, State.of(q));
          }
          return;
        }
        for (const o of this.eval(F, node.x, base)) {
          base = o.s;
          push(node.next, this.assignTo(F, base, loc, o.v, node.x));
        }
        return;
      }
      case 'branch': {
        const b = this.cond(F, node.x!, st);
        const mark = (s: State, v: boolean): State =>
          b.tracked && node.text ? s.withTrace({ site: this.site(F, node.s), end: node.e, msg: `\`${node.text}\` is ${v ? 'true' : 'false'} here` }) : s;
        for (const s of b.t) push(node.next, mark(s, true));
        for (const s of b.f) push(node.alt, mark(s, false));
        return;
      }
      case 'switch':
        for (const o of this.eval(F, node.x!, st)) {
          const s = this.consume(o.s, o.v);
          let matched = false;
          const vi = o.v.k === 'int' ? o.v.v : undefined;
          for (const c of node.cases ?? []) {
            const cv = c.v ? this.constOf(F, c.v) : undefined;
            if (vi !== undefined && cv !== undefined) {
              if (vi === cv) { push(c.to, s); matched = true; }
              continue;
            }
            push(c.to, s);
          }
          if (!matched) push(node.next, s);
        }
        return;
      case 'ret': {
        const results = node.x ? this.eval(F, node.x, st) : [{ s: st, v: UNK }];
        for (const o of results) {
          let s = this.consume(o.s, o.v);
          if (node.x) s = s.withTrace({ site: this.site(F, node.s), end: node.e, msg: 'returns here' });
          if (F.d === 1 && F.ctx === 'de') this.driverEntryReturn(F, node, s, o.v);
          outs.push({ s, v: o.v });
        }
        return;
      }
      case 'pp': {
        const cond = node.cond ?? '';
        const decided = this.decidePp(cond, st);
        if (decided === true) push(node.next, st);
        else if (decided === false) push(node.alt, st);
        else {
          const t = st.edit();
          t.conds.set(cond, true);
          push(node.next, State.of(t));
          const f = st.edit();
          f.conds.set(cond, false);
          push(node.alt, State.of(f));
        }
        return;
      }
    }
  }

  private decidePp(cond: string, st: State): boolean | undefined {
    const known = st.conds.get(cond);
    if (known !== undefined) return known;
    return evaluateCondition(cond, this.prog.env);
  }

  /** DriverEntry returns: failure with a registration still in place (NDIS205); IM association (NDIS206). */
  private driverEntryReturn(F: Frame, node: CfgNode, s: State, v: Val): void {
    if (isFailureVal(v)) {
      for (const r of s.handles.values()) {
        if (r.st !== 'reg' || r.kind === 'binding') continue;
        this.emit({
          kind: 'NDIS205', site: this.site(F, node.s), end: node.e, data: { ddi: r.ddi, undo: REGISTER.get(r.ddi)?.undo ?? '' },
          trace: s.trace, ctx: 'de', other: r.id,
        });
      }
      return;
    }
    if (s.misc.imSecond && !s.misc.assoc) {
      this.emit({ kind: 'NDIS206', site: s.misc.imSecond, end: -1, data: { why: 'no-associate' }, trace: s.trace, ctx: 'de' });
    }
  }

  private site(F: Frame, rel: number): string {
    return `${F.fn.id}@${rel}`;
  }

  // -------------------------------------------------------------------------------------------
  // Expressions

  private evalAll(F: Frame, xs: readonly Expr[], st: State): { s: State; vs: Val[] }[] {
    let cur: { s: State; vs: Val[] }[] = [{ s: st, vs: [] }];
    for (const x of xs) {
      const next: { s: State; vs: Val[] }[] = [];
      for (const c of cur) for (const o of this.eval(F, x, c.s)) next.push({ s: o.s, vs: [...c.vs, o.v] });
      cur = next.length > MAX_OUTS ? next.slice(0, MAX_OUTS) : next;
    }
    return cur;
  }

  eval(F: Frame, x: Expr, st: State): Out[] {
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
        const loc = this.varLoc(F, x.name);
        if (loc) return [{ s: st, v: readLoc(st, loc) }];
        if (this.prog.byName.has(x.name)) return [{ s: st, v: { k: 'fn', name: x.name } }];
        return [{ s: st, v: this.constVal(x.name) }];
      }
      case 'field':
      case 'index':
        return this.lval(F, x, st).map((o) => ({ s: o.s, v: o.loc ? readLoc(o.s, o.loc) : UNK }));
      case 'un': {
        if (x.op === '&') {
          if (x.x.t === 'id' && !this.varLoc(F, x.x.name) && this.prog.byName.has(x.x.name)) return [{ s: st, v: { k: 'fn', name: x.x.name } }];
          return this.lval(F, x.x, st).map((o) => ({ s: o.s, v: o.loc ? { k: 'ptr', loc: o.loc } : UNK }));
        }
        if (x.op === '*') return this.lval(F, x, st).map((o) => ({ s: o.s, v: o.loc ? readLoc(o.s, o.loc) : UNK }));
        if (x.op === '!') {
          const b = this.cond(F, x.x, st);
          return [...b.t.map((s) => ({ s, v: { k: 'int', v: 0 } as Val })), ...b.f.map((s) => ({ s, v: { k: 'int', v: 1 } as Val }))];
        }
        return this.eval(F, x.x, st).map((o) => ({ s: o.s, v: unary(x.op, o.v) }));
      }
      case 'cast':
        return this.eval(F, x.x, st);
      case 'comma': {
        const out: Out[] = [];
        for (const o of this.eval(F, x.l, st)) out.push(...this.eval(F, x.r, o.s));
        return out;
      }
      case 'cond': {
        const b = this.cond(F, x.c, st);
        const out: Out[] = [];
        for (const s of b.t) out.push(...this.eval(F, x.a, s));
        for (const s of b.f) out.push(...this.eval(F, x.b, s));
        return out;
      }
      case 'init': {
        const out: Out[] = [];
        for (const o of this.evalAll(F, x.items, st)) out.push({ s: o.s, v: UNK });
        return out;
      }
      case 'bin': {
        if (x.op === '&&' || x.op === '||') {
          const b = this.cond(F, x, st);
          return [...b.t.map((s) => ({ s, v: { k: 'int', v: 1 } as Val })), ...b.f.map((s) => ({ s, v: { k: 'int', v: 0 } as Val }))];
        }
        const out: Out[] = [];
        for (const a of this.eval(F, x.l, st)) {
          for (const b of this.eval(F, x.r, a.s)) {
            if (isCompare(x.op)) {
              const s = this.consume(this.consume(b.s, a.v), b.v);
              const r = compare(a.v, b.v, x.op, s);
              out.push({ s, v: r === undefined ? UNK : { k: 'int', v: r ? 1 : 0 } });
            } else out.push({ s: b.s, v: arith(x.op, a.v, b.v) });
          }
        }
        return out;
      }
      case 'assign':
        return this.assign(F, x, st);
      case 'upd':
        return this.lval(F, x.x, st).map((o) => {
          if (!o.loc) return { s: o.s, v: { k: 'ctr' } as Val };
          return { s: this.write(o.s, o.loc, { k: 'ctr' }), v: { k: 'ctr' } as Val };
        });
      case 'call':
        return this.call(F, x, st);
    }
  }

  /** The location of a variable name in this frame, or of a global. */
  private varLoc(F: Frame, name: string): string | undefined {
    if (F.cfg.locals.has(name) || F.cfg.params.includes(name)) return `${F.d}:${name}`;
    if (F.cfg.statics.has(name)) return `g:${F.fn.name}::${name}`;
    if (this.prog.globals.has(name)) return `g:${name}`;
    return undefined;
  }

  private constVal(name: string): Val {
    let v = this.constCache.get(name);
    if (v) return v;
    const sv = statusValue(name) ?? IRQL_CONSTANTS.get(name);
    if (sv !== undefined) v = { k: 'int', v: sv | 0, lit: true };
    else {
      const r = evaluate(name, { ...this.prog.env, undefinedIsZero: false });
      v = r.k === 'int' ? { k: 'int', v: r.v, lit: true } : UNK;
    }
    this.constCache.set(name, v);
    return v;
  }

  /** A case label's constant value. */
  private constOf(F: Frame, x: Expr): number | undefined {
    if (x.t === 'num' || x.t === 'bool') return x.v;
    if (x.t === 'id' && !this.varLoc(F, x.name)) {
      const v = this.constVal(x.name);
      return v.k === 'int' ? v.v : undefined;
    }
    return undefined;
  }

  /** Where an lvalue expression refers to (undefined: unknown), evaluating its side effects. */
  private lval(F: Frame, x: Expr, st: State): { s: State; loc: string | undefined }[] {
    switch (x.t) {
      case 'id':
        return [{ s: st, loc: this.varLoc(F, x.name) }];
      case 'cast':
        return this.lval(F, x.x, st);
      case 'field': {
        if (!x.arrow) return this.lval(F, x.x, st).map((o) => ({ s: o.s, loc: o.loc ? `${o.loc}.${x.f}` : undefined }));
        return this.eval(F, x.x, st).map((o) => {
          const base = objBase(o.v);
          return { s: o.s, loc: base ? `${base}.${x.f}` : undefined };
        });
      }
      case 'un':
        if (x.op === '*') return this.eval(F, x.x, st).map((o) => ({ s: o.s, loc: objBase(o.v) }));
        break;
      case 'index': {
        const out: { s: State; loc: string | undefined }[] = [];
        for (const a of this.eval(F, x.x, st)) for (const b of this.eval(F, x.i, a.s)) out.push({ s: b.s, loc: undefined });
        return out;
      }
      default:
        break;
    }
    return this.eval(F, x, st).map((o) => ({ s: o.s, loc: undefined }));
  }

  /** Location of a side-effect-free lvalue expression in a state (for narrowing). */
  private pureLoc(F: Frame, x: Expr, st: State): string | undefined {
    switch (x.t) {
      case 'id':
        return this.varLoc(F, x.name);
      case 'cast':
        return this.pureLoc(F, x.x, st);
      case 'field': {
        if (!x.arrow) {
          const b = this.pureLoc(F, x.x, st);
          return b ? `${b}.${x.f}` : undefined;
        }
        const b = this.pureLoc(F, x.x, st);
        const base = b ? objBase(readLoc(st, b)) : undefined;
        return base ? `${base}.${x.f}` : undefined;
      }
      case 'un':
        if (x.op === '*') {
          const b = this.pureLoc(F, x.x, st);
          return b ? objBase(readLoc(st, b)) : undefined;
        }
        return undefined;
      default:
        return undefined;
    }
  }

  private assign(F: Frame, x: Extract<Expr, { t: 'assign' }>, st: State): Out[] {
    const out: Out[] = [];
    for (const r of this.eval(F, x.r, st)) {
      for (const l of this.lval(F, x.l, r.s)) {
        if (!l.loc) {
          out.push({ s: this.consume(l.s, r.v), v: r.v });
          continue;
        }
        let v = r.v;
        if (x.op !== '=') {
          const old = readLoc(l.s, l.loc);
          v = x.op === '+=' || x.op === '-=' ? { k: 'ctr' } : arith(x.op.slice(0, -1), old, r.v);
        }
        out.push({ s: this.assignTo(F, l.s, l.loc, v, x.op === '=' ? x.r : undefined), v });
      }
    }
    return out;
  }

  /** Write `v` to `loc`; when the source is an lvalue, copy its tracked members too (struct copy). */
  private assignTo(F: Frame, st: State, loc: string, v: Val, src: Expr | undefined): State {
    let s = this.write(st, loc, v);
    if (src) {
      const from = this.pureLoc(F, src, st);
      if (from && from !== loc) {
        const p = s.edit();
        let changed = false;
        for (const [k, w] of st.vals) {
          if (k.length > from.length && k.startsWith(from + '.')) {
            p.vals.set(loc + k.slice(from.length), w);
            changed = true;
          }
        }
        if (st.zero.some((z) => under(from, z)) && !st.havoc.some((z) => under(from, z))) {
          p.zero.push(loc);
          changed = true;
        }
        if (changed) s = State.of(p);
      }
    }
    return s;
  }

  /** Store a value; a status that must be tested stays "unchecked" only in locals (NDIS202). */
  write(st: State, loc: string, v: Val): State {
    const p = st.edit();
    for (const k of [...p.vals.keys()]) if (k !== loc && k.length > loc.length && k.startsWith(loc + '.')) this.dropVal(p, k);
    p.zero = p.zero.filter((z) => !(z.length > loc.length && z.startsWith(loc + '.')));
    p.havoc = p.havoc.filter((z) => !(z.length > loc.length && z.startsWith(loc + '.')));
    this.dropVal(p, loc);
    if (v.k === 'st' && v.chk && !LOCAL_RE.test(loc)) {
      p.vals.set(loc, { k: 'st', site: v.site, c: v.c });
      return this.consume(State.of(p), v);
    }
    p.vals.set(loc, v);
    return State.of(p);
  }

  /** Remove a tracked value; an unchecked status that nothing else holds any more is NDIS202. */
  private dropVal(p: StateParts, loc: string): void {
    const old = p.vals.get(loc);
    p.vals.delete(loc);
    if (!old || old.k !== 'st' || !old.chk) return;
    for (const w of p.vals.values()) if (w.k === 'st' && w.chk && w.site === old.site) return;
    this.emit({ kind: 'NDIS202', site: old.site, end: -1, data: { why: 'overwritten' }, trace: p.trace, ctx: 'other' });
  }

  /** The status value has been looked at: no location holds it unchecked any more. */
  consume(st: State, v: Val): State {
    if (v.k !== 'st' || !v.chk) return st;
    let p: StateParts | undefined;
    for (const [k, w] of st.vals) {
      if (w.k === 'st' && w.chk && w.site === v.site) {
        p ??= st.edit();
        p.vals.set(k, { k: 'st', site: w.site, c: w.c });
      }
    }
    return p ? State.of(p) : st;
  }

  private zeroAt(p: StateParts, prefix: string): void {
    for (const k of [...p.vals.keys()]) if (under(k, prefix)) this.dropVal(p, k);
    p.zero = p.zero.filter((z) => !under(z, prefix));
    p.havoc = p.havoc.filter((z) => !under(z, prefix));
    p.zero.push(prefix);
  }

  /** Unknown code may have written through a pointer: forget what we knew there (handles stay). */
  private havocVal(p: StateParts, v: Val): void {
    const prefix = objBase(v);
    if (!prefix) return;
    for (const k of [...p.vals.keys()]) if (under(k, prefix) && p.vals.get(k)!.k !== 'h') this.dropVal(p, k);
    const covered = p.zero.some((z) => under(prefix, z));
    p.zero = p.zero.filter((z) => !under(z, prefix));
    p.havoc = p.havoc.filter((z) => !under(z, prefix));
    if (covered) p.havoc.push(prefix);
  }

  // -------------------------------------------------------------------------------------------
  // Conditions

  /** Split a state by a condition, narrowing what the condition tests. */
  cond(F: Frame, x: Expr, st: State): { t: State[]; f: State[]; tracked: boolean } {
    switch (x.t) {
      case 'un':
        if (x.op === '!') {
          const r = this.cond(F, x.x, st);
          return { t: r.f, f: r.t, tracked: r.tracked };
        }
        break;
      case 'cast':
        if (!x.toVoid) return this.cond(F, x.x, st);
        break;
      case 'comma': {
        const t: State[] = [];
        const f: State[] = [];
        let tracked = false;
        for (const o of this.eval(F, x.l, st)) {
          const r = this.cond(F, x.r, o.s);
          t.push(...r.t);
          f.push(...r.f);
          tracked ||= r.tracked;
        }
        return { t, f, tracked };
      }
      case 'bin': {
        if (x.op === '&&' || x.op === '||') {
          const l = this.cond(F, x.l, st);
          const t: State[] = [];
          const f: State[] = [];
          let tracked = l.tracked;
          if (x.op === '&&') {
            f.push(...l.f);
            for (const s of l.t) {
              const r = this.cond(F, x.r, s);
              t.push(...r.t);
              f.push(...r.f);
              tracked ||= r.tracked;
            }
          } else {
            t.push(...l.t);
            for (const s of l.f) {
              const r = this.cond(F, x.r, s);
              t.push(...r.t);
              f.push(...r.f);
              tracked ||= r.tracked;
            }
          }
          return { t, f, tracked };
        }
        if (x.op === '==' || x.op === '!=') return this.compareCond(F, x.l, x.r, x.op === '==', st);
        break;
      }
      case 'call':
        if (x.fn && STATUS_TESTS.has(x.fn) && x.args.length === 1) return this.statusTest(F, x.args[0]!, STATUS_TESTS.get(x.fn)!, st);
        break;
      default:
        break;
    }
    // Truthiness of a value.
    const t: State[] = [];
    const f: State[] = [];
    let tracked = false;
    for (const o of this.eval(F, x, st)) {
      const s = this.consume(o.s, o.v);
      const truth = truthOf(o.v, s);
      const loc = this.pureLoc(F, x, st);
      tracked ||= isTracked(o.v, !!loc);
      if (truth === true) t.push(s);
      else if (truth === false) f.push(s);
      else {
        t.push(loc ? this.narrow(s, loc, o.v, 'true') : s);
        f.push(loc ? this.narrow(s, loc, o.v, 'false') : s);
      }
    }
    return { t, f, tracked };
  }

  private compareCond(F: Frame, l: Expr, r: Expr, eq: boolean, st: State): { t: State[]; f: State[]; tracked: boolean } {
    const t: State[] = [];
    const f: State[] = [];
    let tracked = false;
    for (const a of this.eval(F, l, st)) {
      for (const b of this.eval(F, r, a.s)) {
        const s = this.consume(this.consume(b.s, a.v), b.v);
        const la = this.pureLoc(F, l, st);
        const lb = this.pureLoc(F, r, st);
        tracked ||= isTracked(a.v, !!la) || isTracked(b.v, !!lb);
        const res = compare(a.v, b.v, '==', s);
        if (res !== undefined) {
          (res === eq ? t : f).push(s);
          continue;
        }
        // Undecided: narrow the side that is a location against a constant.
        let sEq = s;
        let sNe = s;
        if (la && b.v.k === 'int') {
          sEq = this.narrow(s, la, a.v, { eq: b.v.v });
          sNe = this.narrow(s, la, a.v, { ne: b.v.v });
        } else if (lb && a.v.k === 'int') {
          sEq = this.narrow(s, lb, b.v, { eq: a.v.v });
          sNe = this.narrow(s, lb, b.v, { ne: a.v.v });
        }
        t.push(eq ? sEq : sNe);
        f.push(eq ? sNe : sEq);
      }
    }
    return { t, f, tracked };
  }

  private statusTest(F: Frame, arg: Expr, kind: 'success' | 'error', st: State): { t: State[]; f: State[]; tracked: boolean } {
    const t: State[] = [];
    const f: State[] = [];
    let tracked = false;
    for (const o of this.eval(F, arg, st)) {
      const s = this.consume(o.s, o.v);
      const loc = this.pureLoc(F, arg, st);
      tracked ||= isTracked(o.v, !!loc);
      const ok = ntSuccess(o.v);
      let sOk = s;
      let sFail = s;
      if (ok === undefined && loc) {
        sOk = this.narrow(s, loc, o.v, 'success');
        sFail = this.narrow(s, loc, o.v, 'failure');
      }
      if (ok !== false) (kind === 'success' ? t : f).push(sOk);
      if (ok !== true) (kind === 'success' ? f : t).push(sFail);
    }
    return { t, f, tracked };
  }

  /** Narrow the value at `loc` by what a branch learned about it. */
  private narrow(s: State, loc: string, v: Val, how: 'true' | 'false' | 'success' | 'failure' | { eq: number } | { ne: number }): State {
    let nv: Val | undefined;
    if (v.k === 'st') {
      const c = narrowStatus(v.c, how);
      nv = c === v.c ? undefined : { k: 'st', site: v.site, c };
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

  private call(F: Frame, x: Extract<Expr, { t: 'call' }>, st: State): Out[] {
    const name = x.fn;
    if (name && isInert(name) && !this.prog.byName.has(name)) return [{ s: st, v: UNK }];
    if (name && STATUS_TESTS.has(name) && x.args.length === 1) {
      const b = this.statusTest(F, x.args[0]!, STATUS_TESTS.get(name)!, st);
      return [...b.t.map((s) => ({ s, v: { k: 'int', v: 1 } as Val })), ...b.f.map((s) => ({ s, v: { k: 'int', v: 0 } as Val }))];
    }
    let pre: Out[] = [{ s: st, v: UNK }];
    if (!name && x.fe) pre = this.eval(F, x.fe, st);
    const out: Out[] = [];
    for (const p0 of pre) {
      for (const a of this.evalAll(F, x.args, p0.s)) {
        const target = name ? this.prog.resolve(F.fn, name) : undefined;
        if (target) {
          out.push(...this.callFn(target, a.vs, a.s, F.ctx));
          continue;
        }
        out.push(...this.external(F, x, name ?? '', a.s, a.vs));
      }
    }
    return out.length > MAX_OUTS ? capOuts(out) : out;
  }

  /** A call to something that is not a driver function: NDIS DDIs, the kernel, unknown code. */
  private external(F: Frame, x: Extract<Expr, { t: 'call' }>, name: string, st: State, vs: readonly Val[]): Out[] {
    const site = this.site(F, x.s);
    // NDIS209: a handle passed after its deregistration.
    if (name && usesHandles(name)) {
      vs.forEach((v, i) => {
        if (v.k !== 'h') return;
        const r = st.handles.get(v.id);
        if (r?.st !== 'dereg') return;
        const arg = x.args[i]!;
        this.emit({
          kind: 'NDIS209', site: this.site(F, arg.s), end: arg.e, data: { kind: r.kind, undo: REGISTER.get(r.ddi)?.undo ?? r.ddi, use: name },
          trace: st.trace, ctx: F.ctx, ...(r.id.includes('@') && !r.id.startsWith('dead@') ? { other: r.id } : {}),
        });
      });
    }
    // NDIS211: a PASSIVE_LEVEL DDI at DISPATCH_LEVEL.
    if (name && isPassiveOnly(name) && (st.lock > 0 || st.irql >= 2)) {
      this.emit({ kind: 'NDIS211', site, end: x.e, data: { ddi: name, why: st.lock > 0 ? 'lock' : 'role' }, trace: st.trace, ctx: F.ctx });
    }
    if (ACQUIRE.has(name) || (name === RAISE_IRQL && vs[0]?.k === 'int' && vs[0].v >= 2)) {
      const p = st.edit();
      p.lock = Math.min(p.lock + 1, 8);
      p.trace = st.withTrace({ site, end: x.e, msg: `${name} raises to DISPATCH_LEVEL here` }).trace;
      return [{ s: State.of(p), v: UNK }];
    }
    if (RELEASE.has(name)) {
      const p = st.edit();
      p.lock = Math.max(p.lock - 1, 0);
      return [{ s: State.of(p), v: UNK }];
    }
    const reg = REGISTER.get(name);
    if (reg) return this.register(F, x, name, reg, st, vs);
    const dereg = DEREGISTER.get(name);
    if (dereg) return this.deregister(F, x, name, dereg, st, vs);
    if (name === 'NdisIMAssociateMiniport') return [{ s: this.associate(F, x, st, vs), v: UNK }];
    if (name === LUID_ALLOCATE) return this.allocateLuidIndex(F, x, st, vs);
    if (name === MAKE_NET_LUID) return [{ s: this.makeNetLuid(F, x, st, vs), v: UNK }];
    if (ZEROING.has(name)) {
      const fillArg = ZEROING.get(name);
      const p = st.edit();
      const target = objBase(vs[0] ?? UNK);
      const fill = fillArg === undefined ? ZERO : vs[fillArg] ?? UNK;
      if (target && fill.k === 'int' && fill.v === 0) this.zeroAt(p, target);
      else this.havocVal(p, vs[0] ?? UNK);
      return [{ s: State.of(p), v: UNK }];
    }
    if (INTERLOCKED.has(name)) {
      const target = objBase(vs[0] ?? UNK);
      return [{ s: target ? this.write(st, target, { k: 'ctr' }) : st, v: { k: 'ctr' } }];
    }

    // Anything else: it may write through the pointers it gets; statuses passed to it count as looked at.
    const p = st.edit();
    for (const v of vs) this.havocVal(p, v);
    let s = State.of(p);
    for (const v of vs) s = this.consume(s, v);
    const ddi = catalog.ddi(name);
    let outs: Out[] = [{ s, v: resultOf(name, site) }];
    if (ddi?.callsSynchronously?.length) outs = this.synchronous(F, outs, ddi.callsSynchronously, undefined);
    return outs;
  }

  private outLoc(v: Val | undefined): string | undefined {
    return v ? objBase(v) : undefined;
  }

  /** A registration: fork into success (handle registered) and failure. */
  private register(F: Frame, x: Extract<Expr, { t: 'call' }>, name: string, m: NonNullable<ReturnType<typeof REGISTER.get>>, st: State, vs: readonly Val[]): Out[] {
    const site = this.site(F, x.s);
    const outArg = x.args[m.out];
    const outLoc = this.outLoc(vs[m.out]);
    const chk = MUST_TEST.has(name);
    const variant = m.kind === 'miniport' ? this.prog.registrations.get(site)?.variant ?? 'plain' : undefined;

    // Interfaces: the provider handle and the NET_LUID.
    let prov: string | undefined;
    let luid: string | undefined;
    if (m.kind === 'interface') {
      const pv = vs[m.provArg!] ?? UNK;
      const pr = pv.k === 'h' ? st.handles.get(pv.id) : undefined;
      if (pr && pr.kind === 'provider') prov = pr.id;
      const why = pr && pr.kind === 'provider'
        ? pr.st === 'failed' ? 'failed' : pr.st === 'dereg' ? 'deregistered' : undefined
        : pv.k === 'int' && pv.v === 0 ? (F.ctx === 'early' ? 'later' : 'never') : undefined;
      if (why) {
        this.emit({
          kind: 'NDIS207', site, end: x.e, data: { why }, trace: st.trace, ctx: F.ctx,
          ...(pr && !pr.id.startsWith('dead@') ? { other: pr.id } : {}),
        });
      }
      const la = x.args[m.luidArg!] ? this.pureLoc(F, x.args[m.luidArg!]!, st) : undefined;
      const lv = vs[m.luidArg!] ?? UNK;
      if (la) luid = `${la}#${valKey(lv)}`;
      else if (lv.k === 'luid') luid = `#${valKey(lv)}`;
    }

    // NDIS210: registered a second time without deregistration in between.
    for (const r of st.handles.values()) {
      if (r.st !== 'reg' || r.kind !== m.kind) continue;
      let dup = false;
      if (DRIVER_KINDS.has(m.kind)) dup = m.kind !== 'miniport' || (variant !== '?' && r.variant !== '?' && r.variant === variant);
      else if (m.kind === 'provider') dup = true;
      else if (m.kind === 'interface') dup = luid !== undefined && r.luid === luid;
      if (dup) {
        this.emit({ kind: 'NDIS210', site, end: x.e, data: { ddi: name, kind: m.kind }, trace: st.trace, ctx: F.ctx, other: r.id });
        break;
      }
    }

    // NDIS206: the protocol edge registered while no miniport edge exists yet.
    if (m.kind === 'protocol' && F.ctx === 'de' && ![...st.handles.values()].some((r) => r.kind === 'miniport')) {
      this.emit({ kind: 'NDIS206', site, end: x.e, data: { why: 'protocol-first' }, trace: st.trace, ctx: F.ctx });
    }

    const base: HRec = {
      id: site, kind: m.kind, st: 'reg', ddi: name, ctx: F.ctx,
      ...(variant ? { variant } : {}), ...(prov ? { prov } : {}), ...(luid ? { luid } : {}),
      ...(outLoc ? { out: outLoc } : {}), ...(outArg ? { outArg: [outArg.s, outArg.e] as const } : {}),
    };
    const outs: Out[] = [];
    const make = (status: 'reg' | 'failed', code: StatusCode): State => {
      const p = st.edit();
      p.handles.set(site, { ...base, st: status });
      if (status === 'reg' && (m.kind === 'protocol' || m.kind === 'miniport')) {
        const other = m.kind === 'protocol' ? 'miniport' : 'protocol';
        if ([...st.handles.values()].some((r) => r.kind === other && r.st === 'reg')) p.misc = { ...p.misc, imSecond: site };
      }
      let s = State.of(p).withTrace({ site, end: x.e, msg: `${name} ${status === 'reg' ? (code === 'pend' ? 'pends' : 'succeeds') : 'fails'} here` });
      if (outLoc) s = this.write(s, outLoc, { k: 'h', id: site });
      void code;
      return s;
    };
    const succ = make('reg', 'ok');
    let okStates: Out[] = [{ s: succ, v: { k: 'st', site, c: 'ok', ...(chk ? { chk } : {}) } }];
    if (m.pends) okStates.push({ s: make('reg', 'pend'), v: { k: 'st', site, c: 'pend', ...(chk ? { chk } : {}) } });
    if (DRIVER_KINDS.has(m.kind)) okStates = this.synchronous(F, okStates, ['SET_OPTIONS'], site, true);
    if (F.ctx === 'de' && (m.kind === 'protocol' || m.kind === 'filter' || m.kind === 'provider' || m.kind === 'miniport')) {
      for (const o of okStates) this.emit({ kind: 'snapshot', site, end: x.e, data: { kind: m.kind }, trace: o.s.trace, ctx: 'de', state: o.s });
    }
    outs.push(...okStates);
    outs.push({ s: make('failed', 'fail'), v: { k: 'st', site, c: 'fail', ...(chk ? { chk } : {}) } });
    return outs;
  }

  /** A deregistration (or NdisCloseAdapterEx). */
  private deregister(F: Frame, x: Extract<Expr, { t: 'call' }>, name: string, kind: HandleKind, st: State, vs: readonly Val[]): Out[] {
    const site = this.site(F, x.s);
    const v = vs[0] ?? UNK;
    const rec = v.k === 'h' ? st.handles.get(v.id) : undefined;
    const result: Val = name === 'NdisCloseAdapterEx' ? { k: 'st', site, c: '?' } : UNK;
    const roles = catalog.ddi(name)?.callsSynchronously ?? [];
    if (rec && rec.kind === kind) {
      if (rec.st === 'dereg' || rec.st === 'failed') return [{ s: st, v: result }];
      let outs: Out[] = [{ s: st, v: result }];
      if (roles.length) outs = this.synchronous(F, outs, roles, rec.id);
      return outs.map((o) => ({ s: this.markDereg(F, x, name, o.s, rec.id), v: result }));
    }
    if (v.k === 'int' && v.v === 0) return [{ s: st, v: result }];
    // Unknown handle: whatever of this kind was registered may now be gone.
    let outs: Out[] = [{ s: st, v: result }];
    if (roles.length) outs = this.synchronous(F, outs, roles, undefined);
    this.emit({ kind: 'deregAny', site, end: x.e, data: { kind }, trace: undefined, ctx: F.ctx });
    const loc = x.args[0] ? this.pureLoc(F, x.args[0], st) : undefined;
    return outs.map((o) => {
      const p = o.s.edit();
      for (const [id, r] of p.handles) if (r.kind === kind && r.st === 'reg') p.handles.set(id, { ...r, st: 'unknown' });
      let s = State.of(p);
      if (loc) {
        // The location now holds a dead handle: later uses are NDIS209.
        const dead = `dead@${site}`;
        const q = s.edit();
        q.handles.set(dead, { id: dead, kind, st: 'dereg', ddi: [...REGISTER].find(([, m]) => m.kind === kind)?.[0] ?? name });
        s = State.of(q);
        if (!(readLoc(s, loc).k === 'h')) s = this.write(s, loc, { k: 'h', id: dead });
      }
      return { s, v: result };
    });
  }

  private markDereg(F: Frame, x: Extract<Expr, { t: 'call' }>, name: string, s: State, id: string): State {
    const site = this.site(F, x.s);
    const rec = s.handles.get(id);
    if (!rec) return s;
    const p = s.edit();
    p.handles.set(id, { ...rec, st: 'dereg' });
    this.emit({ kind: 'dereg', site: id, end: -1, data: { kind: rec.kind }, trace: undefined, ctx: F.ctx });
    // NDIS208: interfaces of this provider still registered.
    if (rec.kind === 'provider') {
      for (const r of s.handles.values()) {
        if (r.kind === 'interface' && r.prov === id && r.st === 'reg') {
          this.emit({ kind: 'NDIS208', site, end: x.e, data: {}, trace: s.trace, ctx: F.ctx, other: r.id });
          break;
        }
      }
    }
    // NDIS213: an IM driver's miniport edge deregistered before its protocol edge.
    const protocolUp = [...s.handles.values()].some((r) => r.kind === 'protocol' && r.st === 'reg');
    if (rec.kind === 'miniport' && rec.variant !== 'plain' && protocolUp && F.ctx === 'unload') p.misc = { ...p.misc, mpDereg: site };
    if (rec.kind === 'miniport' && rec.variant === 'plain' && protocolUp && F.ctx === 'unload' && this.singleMiniport()) p.misc = { ...p.misc, mpDereg: site };
    if (rec.kind === 'protocol' && p.misc.mpDereg) {
      const at = p.misc.mpDereg;
      const fnId = at.slice(0, at.lastIndexOf('@'));
      const fn = this.prog.byId.get(fnId);
      const call = fn?.cfg?.calls.find((c) => `${fnId}@${c.s}` === at);
      this.emit({ kind: 'NDIS213', site: at, end: call?.e ?? -1, data: {}, trace: s.trace, ctx: F.ctx, other: site, otherEnd: x.e });
      const { mpDereg: _gone, ...rest } = p.misc;
      void _gone;
      p.misc = rest;
    }
    return State.of(p).withTrace({ site, end: x.e, msg: `${name} ${rec.kind === 'binding' ? 'closes' : 'deregisters'} it here` });
  }

  /** A driver with exactly one miniport registration: that one is the IM edge whatever its Flags say. */
  private singleMiniport(): boolean {
    return [...this.prog.registrations.values()].filter((r) => r.ddi === 'NdisMRegisterMiniportDriver').length <= 1;
  }

  private associate(F: Frame, x: Extract<Expr, { t: 'call' }>, st: State, vs: readonly Val[]): State {
    const site = this.site(F, x.s);
    const bad = (v: Val | undefined, kind: HandleKind): boolean => {
      if (!v) return false;
      if (v.k === 'int' && v.v === 0) return true;
      if (v.k !== 'h') return false;
      const r = st.handles.get(v.id);
      return !!r && r.kind === kind && (r.st === 'failed' || r.st === 'dereg');
    };
    if (F.ctx === 'de' && (bad(vs[0], 'miniport') || bad(vs[1], 'protocol'))) {
      this.emit({ kind: 'NDIS206', site, end: x.e, data: { why: 'associate-early' }, trace: st.trace, ctx: F.ctx });
    }
    const p = st.edit();
    p.misc = { ...p.misc, assoc: true };
    return State.of(p);
  }

  private allocateLuidIndex(F: Frame, x: Extract<Expr, { t: 'call' }>, st: State, vs: readonly Val[]): Out[] {
    const site = this.site(F, x.s);
    const out = this.outLoc(vs[1]);
    const ok = out ? this.write(st, out, { k: 'luidIdx' }) : st;
    const p = st.edit();
    this.havocVal(p, vs[1] ?? UNK);
    return [
      { s: ok, v: { k: 'st', site, c: 'ok', chk: true } },
      { s: State.of(p), v: { k: 'st', site, c: 'fail', chk: true } },
    ];
  }

  private makeNetLuid(F: Frame, x: Extract<Expr, { t: 'call' }>, st: State, vs: readonly Val[]): State {
    const site = this.site(F, x.s);
    const idx = vs[2] ?? UNK;
    const why = idx.k === 'int' && idx.lit && !idx.zero ? 'literal' : idx.k === 'ctr' ? 'counter' : idx.k === 'arith' ? 'arithmetic' : undefined;
    if (why) this.emit({ kind: 'NDIS215', site, end: x.e, data: { why }, trace: st.trace, ctx: F.ctx });
    const target = this.outLoc(vs[0]);
    return target ? this.write(st, target, { k: 'luid', id: site }) : st;
  }

  /**
   * Handlers NDIS calls inside a DDI, in order (`roles`). Optional by default (e.g. no binding
   * is open); `mandatory` for SetOptions inside a successful registration.
   */
  private synchronous(F: Frame, outs: Out[], roles: readonly string[], recId: string | undefined, mandatory = false): Out[] {
    let cur = outs;
    let ran = false;
    for (const role of roles) {
      const hs = this.prog.handlers.filter((h) => catalog.sameRole(h.role, role) && (!recId || h.sites.length === 0 || h.sites.includes(recId)));
      if (!hs.length) continue;
      const next: Out[] = [];
      for (const o of cur) {
        for (const h of hs) {
          const fn = this.prog.resolve(undefined, h.fn);
          if (!fn) continue;
          ran = true;
          const p = o.s.edit();
          p.irql = roleRaisesIrql(h.role) ? 2 : 0;
          const results = this.callFn(fn, [], State.of(p).withTrace({ site: `${fn.id}@0`, end: fn.fact.nameSpan.end - fn.start, msg: `NDIS calls ${fn.name} (${h.role}) here` }), F.ctx);
          for (const r of results) {
            const q = r.s.edit();
            q.irql = o.s.irql;
            next.push({ s: State.of(q), v: o.v });
          }
        }
      }
      cur = capOuts(next);
    }
    if (!ran) return outs;
    return mandatory ? cur : capOuts([...outs, ...cur]);
  }
}

// ---------------------------------------------------------------------------------------------
// Value helpers

function heapPush(h: number[], i: number, order: readonly number[]): void {
  h.push(i);
  let c = h.length - 1;
  while (c > 0) {
    const p = (c - 1) >> 1;
    if (order[h[p]!]! <= order[h[c]!]!) break;
    [h[p], h[c]] = [h[c]!, h[p]!];
    c = p;
  }
}

function heapPop(h: number[], order: readonly number[]): number {
  const top = h[0]!;
  const last = h.pop()!;
  if (h.length) {
    h[0] = last;
    let c = 0;
    for (;;) {
      const l = 2 * c + 1;
      const r = l + 1;
      let m = c;
      if (l < h.length && order[h[l]!]! < order[h[m]!]!) m = l;
      if (r < h.length && order[h[r]!]! < order[h[m]!]!) m = r;
      if (m === c) break;
      [h[m], h[c]] = [h[c]!, h[m]!];
      c = m;
    }
  }
  return top;
}

/** De-duplicate results and widen past MAX_OUTS. */
function capOuts(outs: Out[]): Out[] {
  const seen = new Map<string, Out>();
  for (const o of outs) {
    const k = o.s.key + '\u0002' + valKey(o.v);
    if (!seen.has(k)) seen.set(k, o);
  }
  let list = [...seen.values()];
  if (list.length > MAX_OUTS) {
    const keep = list.slice(0, MAX_OUTS - 1);
    let w = list[MAX_OUTS - 1]!;
    for (const o of list.slice(MAX_OUTS)) w = { s: joinStates(w.s, o.s), v: valKey(w.v) === valKey(o.v) ? w.v : UNK };
    list = [...keep, w];
  }
  return list;
}

/** The object a pointer value designates. */
export function objBase(v: Val): string | undefined {
  if (v.k === 'ptr') return v.loc;
  if (v.k === 'sym') return objOf(v.id);
  return undefined;
}

function isCompare(op: string): boolean {
  return op === '==' || op === '!=' || op === '<' || op === '>' || op === '<=' || op === '>=';
}

function unary(op: string, v: Val): Val {
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

function arith(op: string, a: Val, b: Val): Val {
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
function compare(a: Val, b: Val, op: string, s: State): boolean | undefined {
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

function equal(a: Val, b: Val, s: State): boolean | undefined {
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
function statusEquals(code: StatusCode, c: number): boolean | undefined {
  const v = c >>> 0;
  if (v === 0) return code === 'ok' ? true : code === 'pend' || code === 'okx' || code === 'fail' || code === 'nok' ? false : undefined;
  if (v === 0x103) return code === 'pend' ? true : code === 'ok' || code === 'fail' ? false : undefined;
  if (isFailure(v)) return code === 'ok' || code === 'pend' || code === 'okx' || code === 'okish' ? false : undefined;
  return code === 'ok' || code === 'pend' || code === 'fail' ? false : undefined;
}

function narrowStatus(code: StatusCode, how: 'true' | 'false' | 'success' | 'failure' | { eq: number } | { ne: number }): StatusCode {
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
function ntSuccess(v: Val): boolean | undefined {
  if (v.k === 'int') return !isFailure(v.v);
  if (v.k === 'st') return v.c === 'ok' || v.c === 'pend' || v.c === 'okx' || v.c === 'okish' ? true : v.c === 'fail' ? false : undefined;
  return undefined;
}

function truthOf(v: Val, s: State): boolean | undefined {
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
function isTracked(v: Val, isLocation: boolean): boolean {
  return v.k === 'st' || v.k === 'h' || (isLocation && (v.k === 'int' || v.k === 'nz'));
}

/** Is a returned value a failure status? */
export function isFailureVal(v: Val): boolean {
  if (v.k === 'st') return v.c === 'fail';
  if (v.k === 'int') return isFailure(v.v);
  return false;
}

/** The result of an external call. */
function resultOf(name: string, site: string): Val {
  const d = catalog.ddi(name);
  if (d && /^(NDIS_STATUS|NTSTATUS)$/.test(d.returnType)) return { k: 'st', site, c: '?', ...(MUST_TEST.has(name) ? { chk: true } : {}) };
  if (d && d.returnType === 'VOID') return UNK;
  return { k: 'sym', id: `c:${site}` };
}

export type { Trace };
