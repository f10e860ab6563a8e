/**
 * The path-sensitive abstract interpreter: calls, CFG execution and state updates.
 *
 * It runs a function's CFG over sets of abstract states (state.ts), forking where a condition
 * cannot be decided (expr.ts) and at registration calls (ddi.ts). At join points states that
 * agree on the property state (handles, statuses, tested flags, lock depth, #if decisions) are
 * merged and the rest of their data widened (ESP-style property simulation); past MAX_STATES
 * property states a point widens everything.
 *
 * Driver functions are inlined with their arguments (depth-limited, no recursion). A call's input
 * state is projected onto what the callee can see (footprint.ts), and results are memoised on
 * (deep key of the function and its callees, context, projected state); memo entries keep the
 * events (findings) produced under them, so a memo hit — in this analysis or a later one —
 * replays them, and an edit re-interprets only the functions whose deep key or input changed.
 *
 * Budgets bound the work per call and per analysis; a call over budget is treated as an opaque
 * call whose possible handle effects make the affected handles unknown (never a finding).
 */
import type { FnCfg, CfgNode } from './cfg';
import { assignTo, cond, constOf, evalAll, evalExpr } from './expr';
import { computeFootprint, type Footprint } from './footprint';
import { hash2 } from './pmap';
import type { FnInfo, Program } from './program';
import { evaluateCondition } from '../parser/cexpr';
import { DEREGISTER, DRIVER_KINDS, REGISTER } from './semantics';
import {
  State, UNK, joinStates, restrict, under, unproject, valKey, type StateParts, type Trace, type Val,
} from './state';
import { isFailureVal, joinRet, objBase, sameList, sameMisc } from './values';

/** States kept per program point before widening. */
export const MAX_STATES = 32;
/** Inlining depth. */
export const MAX_DEPTH = 12;
/** Node visits per function call, and per analysis. */
export const MAX_STEPS_PER_CALL = 60_000;
export const MAX_STEPS_TOTAL = 3_000_000;
/** Results kept per call. */
const MAX_OUTS = 24;

/** Which entry point a run started from: DriverEntry, a handler, an unload routine, anything else. */
export type CtxKind = 'de' | 'handler' | 'unload' | 'other';

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
  /** The function this entry ran (id; '' for an entry point's synthetic root). */
  readonly fn: string;
  outs: readonly Out[];
  readonly events: FlowEvent[];
  readonly children: MemoEntry[];
  readonly childSet: Set<MemoEntry>;
  /** DriverEntry snapshots taken under this call, relative to its (projected) input state. */
  readonly snaps: FlowEvent[];
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
  /** Footprints by function deep key (valid as long as the key). */
  footprints: Map<string, Footprint>;
}

export interface Frame {
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
  /** Opaque functions reached (by id); the others are found through the memo entries. */
  readonly reached = new Set<string>();
  /** Functions actually interpreted in this analysis (memo misses), by name. */
  readonly executed = new Set<string>();
  /** Calls that exceeded a budget or were too complex (for diagnostics of the analysis itself). */
  bailed = 0;
  /** Values of constants by name (status names, macros). */
  readonly constCache = new Map<string, Val>();
  private readonly relKeys = new WeakMap<State, string>();
  private readonly touchCache = new Map<string, Set<string>>();

  constructor(
    readonly prog: Program,
    private readonly memo: MemoTables,
  ) {}

  /** Run an entry point from a state; returns its results and the memo entry holding its events. */
  runRoot(fn: FnInfo, s: State, ctx: CtxKind): { outs: readonly Out[]; root: MemoEntry } {
    const root: MemoEntry = { key: '', fn: '', outs: [], events: [], children: [], childSet: new Set(), snaps: [] };
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

  callFn(fn: FnInfo, args: readonly Val[], s: State, ctx: CtxKind): Out[] {
    if (!fn.cfg || this.stack.includes(fn) || this.stack.length >= MAX_DEPTH || this.steps > MAX_STEPS_TOTAL) {
      if (!fn.cfg) this.reached.add(fn.id);
      return [this.opaqueCall(fn, args, s)];
    }
    this.reached.add(fn.id);
    const d = this.stack.length + 1;
    const frame = `${d}:`;
    // Project onto what the callee can see; statuses still unchecked elsewhere stay visible as
    // stand-ins so that "nothing else holds it" (NDIS202) is judged correctly.
    const fp = this.footprint(fn);
    const p0 = restrict(s, (loc) => loc.startsWith('g:') && this.inFootprint(loc, fp), args, fp.allHandles ? 'all' : 'referenced');
    const p = p0.edit();
    fn.cfg.params.forEach((name, i) => p.vals.set(`${frame}${name}`, args[i] ?? { k: 'sym', id: `${frame}${name}` }));
    let standIns = false;
    for (const [loc, site] of s.unchecked) {
      if (p0.vals.has(loc)) continue;
      p.vals.set(`~chk:${site}`, { k: 'st', site, c: '?', chk: true });
      standIns = true;
    }
    const pin = State.of(p);
    const key = `${fn.deepKey}|${ctx}|${pin.key}`;
    const parent = this.rec[this.rec.length - 1];
    let entry = this.memo.next.get(key) ?? this.memo.prev.get(key);
    if (entry) {
      this.touch(entry);
    } else {
      const e: MemoEntry = { key, fn: fn.id, outs: [], events: [], children: [], childSet: new Set(), snaps: [] };
      entry = e;
      this.executed.add(fn.name);
      this.rec.push(e);
      this.stack.push(fn);
      let outs: Out[];
      try {
        const raw = this.exec({ fn, cfg: fn.cfg, d, ctx }, pin);
        outs = raw.map((o) => this.exitFrame(o, d, fn.cfg!.params));
        outs = this.capOuts(outs);
      } catch (err) {
        if (!(err instanceof Bail)) throw err;
        this.bailed++;
        outs = [this.exitFrame(this.opaqueCall(fn, args, pin), d, fn.cfg!.params)];
      } finally {
        this.stack.pop();
        this.rec.pop();
      }
      e.outs = outs;
      this.memo.next.set(key, e);
    }
    if (parent && !parent.childSet.has(entry)) {
      parent.childSet.add(entry);
      parent.children.push(entry);
    }
    const back = (o: State): State => {
      // Nothing the caller can see changed: keep the caller's state.
      if (!standIns && o.vals.sameAs(p0.vals) && o.handles.sameAs(p0.handles) && o.lock === s.lock && o.irql === s.irql &&
          sameList(o.zero, p0.zero) && sameList(o.havoc, p0.havoc) && o.conds.size === s.conds.size && sameMisc(o.misc, p0.misc)) {
        return s.withTraceList(o.trace ?? s.trace);
      }
      return this.unproject(s, p0, o, fp, standIns);
    };
    for (const sn of entry.snaps) parent?.snaps.push({ ...sn, state: back(sn.state!) });
    return entry.outs.map((o) => ({ s: back(o.s).withTraceList(o.s.trace ?? s.trace), v: o.v }));
  }

  /** A callee's state back in the caller's: stand-ins consumed by the callee consume the real statuses. */
  private unproject(caller: State, pin: State, pout: State, fp: Footprint, standIns: boolean): State {
    let out = unproject(caller, pin, pout, fp.allHandles);
    if (!standIns) return out;
    const p = out.edit();
    const consumed: string[] = [];
    for (const k of p.vals.keysWhere((k) => k.startsWith('~chk:'))) {
      const v = p.vals.get(k)!;
      p.vals.delete(k);
      if (v.k === 'st' && !v.chk) consumed.push(v.site);
    }
    out = State.of(p);
    for (const site of consumed) out = this.consume(out, { k: 'st', site, c: '?', chk: true });
    return out;
  }

  /** The global paths a function can read or write (transitively); cached by its deep key. */
  private footprint(fn: FnInfo): Footprint {
    let f = this.memo.footprints.get(fn.deepKey);
    if (!f) {
      f = computeFootprint(this.prog, fn);
      this.memo.footprints.set(fn.deepKey, f);
    }
    return f;
  }

  /** Is a global location inside (or around) one of the footprint's paths? */
  private inFootprint(loc: string, fp: Footprint): boolean {
    for (const p of fp.paths) if (under(loc, p) || under(p, loc)) return true;
    return false;
  }

  /** Merge results that agree on the property state and return value; widen past MAX_OUTS. */
  capOuts(outs: Out[]): Out[] {
    if (outs.length <= 1) return outs;
    const groups = new Map<string, Out>();
    for (const o of outs) {
      let k = this.relKey(o.s) + '\u0002' + (o.v.k === 'st' || o.v.k === 'h' || (o.v.k === 'int' && o.v.lit) ? valKey(o.v) : '');
      if (!groups.has(k) && groups.size >= MAX_OUTS) k = '*';
      const w = groups.get(k);
      groups.set(k, w ? { s: joinStates(w.s, o.s), v: valKey(w.v) === valKey(o.v) ? w.v : joinRet(w.v, o.v) } : o);
    }
    return [...groups.values()];
  }

  /** Keep the entries under an entry point's result for the next analysis. */
  keep(root: MemoEntry): void {
    for (const c of root.children) this.touch(c);
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

  /** Record a DriverEntry snapshot (the state right after a registration) under the current call. */
  snapshot(ev: FlowEvent): void {
    this.rec[this.rec.length - 1]?.snaps.push(ev);
  }

  emit(ev: FlowEvent): void {
    this.rec[this.rec.length - 1]?.events.push(ev);
  }

  /** Leave a frame: unchecked statuses and handles that die with it, then drop its locals. */
  private exitFrame(o: Out, d: number, params: readonly string[]): Out {
    const prefix = `${d}:`;
    const objPrefix = `*{${d}:`;
    // Objects reached through a parameter belong to the caller; those named after a local's
    // own (uninitialised) value die with the frame.
    const paramObject = (loc: string): boolean => {
      const rest = loc.slice(objPrefix.length);
      const end = rest.search(/[.}]/);
      return params.includes(end < 0 ? rest : rest.slice(0, end));
    };
    const local = (loc: string): boolean => loc.startsWith(prefix) || (loc.startsWith(objPrefix) && !paramObject(loc));
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
        const fnId = r.id.slice(0, r.id.lastIndexOf('@'));  // registered records: id = the call site
        this.emit({
          kind: 'NDIS203', site: `${fnId}@${r.outArg[0]}`, end: r.outArg[1], data: { ddi: r.ddi }, trace: s.trace, ctx: 'other',
          other: r.id,
        });
      }
    }
    const p = s.edit();
    for (const [id, r] of p.handles) if (r.out && local(r.out)) p.handles.set(id, { ...r, out: '~' });
    // Drop the frame and whatever only it could reach.
    const gc = restrict(State.of(p), (loc) => !local(loc), [o.v]);
    return { s: gc, v: o.v };
  }

  // -------------------------------------------------------------------------------------------
  // CFG execution

  private exec(F: Frame, s0: State): Out[] {
    const { cfg } = F;
    const nodes = cfg.nodes;
    const inbox: State[][] = new Array(nodes.length);
    const groups: (Map<string, State> | undefined)[] = new Array(nodes.length);
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
          // Join point: one state per property state; the rest of the data is widened.
          const g = (groups[i] ??= new Map());
          let rk = this.relKey(st);
          if (!g.has(rk) && g.size >= MAX_STATES) rk = '*';
          const w = g.get(rk);
          if (w) {
            const j = joinStates(w, st);
            if (j.key === w.key) continue;
            st = j;
          }
          g.set(rk, st);
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
        for (const o of evalExpr(this, F, node.x!, st)) push(node.next, o.s);
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
          for (const o of evalAll(this, F, node.x.items, base)) {
            const allZero = node.x.items.every((x) => (x.t === 'num' && x.v === 0) || x.t === 'null' || (x.t === 'bool' && x.v === 0));
            const q = o.s.edit();
            if (allZero) q.zero = [...q.zero, loc];
            push(node.next, State.of(q));
          }
          return;
        }
        for (const o of evalExpr(this, F, node.x, base)) {
          base = o.s;
          push(node.next, assignTo(this, F, base, loc, o.v, node.x));
        }
        return;
      }
      case 'branch': {
        const b = cond(this, F, node.x!, st);
        const mark = (s: State, v: boolean): State =>
          b.tracked && node.text ? s.withTrace({ site: this.site(F, node.s), end: node.e, msg: `\`${node.text}\` is ${v ? 'true' : 'false'} here` }) : s;
        for (const s of b.t) push(node.next, mark(s, true));
        for (const s of b.f) push(node.alt, mark(s, false));
        return;
      }
      case 'switch':
        for (const o of evalExpr(this, F, node.x!, st)) {
          const s = this.consume(o.s, o.v);
          let matched = false;
          const vi = o.v.k === 'int' ? o.v.v : undefined;
          for (const c of node.cases ?? []) {
            const cv = c.v ? constOf(this, F, c.v) : undefined;
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
        const results = node.x ? evalExpr(this, F, node.x, st) : [{ s: st, v: UNK }];
        for (const o of results) {
          let s = this.consume(o.s, o.v);
          if (node.x) s = s.withTrace({ site: this.site(F, node.s), end: node.e, msg: F.d === 1 ? `${F.fn.name} returns here` : `${F.fn.name} returns to its caller here` });
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
          t.conds = new Map(t.conds).set(cond, true);
          push(node.next, State.of(t));
          const f = st.edit();
          f.conds = new Map(f.conds).set(cond, false);
          push(node.alt, State.of(f));
        }
        return;
      }
    }
  }

  /**
   * The property part of a state: handles, statuses, NET_LUIDs, pointers, tested flags, lock,
   * IRQL, #if decisions and registration-order facts. States that agree on it are merged.
   */
  relKey(s: State): string {
    let k = this.relKeys.get(s);
    if (k !== undefined) return k;
    let h1 = 0;
    let h2 = 0;
    let n = 0;
    s.vals.forEach((v, loc) => {
      if (!this.relevant(loc, v)) return;
      const [a, b] = hash2(loc + '=' + valKey(v));
      h1 = (h1 + a) | 0;
      h2 = (h2 + b) | 0;
      n++;
    });
    let conds = '';
    if (s.conds.size) for (const c of [...s.conds.keys()].sort()) conds += c + (s.conds.get(c) ? '+' : '-') + ';';
    k = `${h1}.${h2}.${n}|${s.handles.hash}|${conds}|${s.lock}|${s.irql}|${s.misc.assoc ? 'a' : ''}${s.misc.imSecond ?? ''};${s.misc.mpDereg ?? ''}`;
    this.relKeys.set(s, k);
    return k;
  }

  private relevant(loc: string, v: Val): boolean {
    switch (v.k) {
      case 'st':
      case 'h':
      case 'luid':
      case 'luidIdx':
      case 'fn':
      case 'ptr':
        return true;
      case 'int':
      case 'nz': {
        const dot = loc.lastIndexOf('.');
        const name = dot >= 0 ? loc.slice(dot + 1) : loc.slice(loc.indexOf(':') + 1);
        return (v.k === 'nz' || !!v.lit) && this.prog.flagNames.has(name.slice(name.lastIndexOf(':') + 1));
      }
      default:
        return false;
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

  site(F: Frame, rel: number): string {
    return `${F.fn.id}@${rel}`;
  }

  // -------------------------------------------------------------------------------------------
  // State updates

  /** Store a value; a status that must be tested stays "unchecked" only in locals (NDIS202). */
  write(st: State, loc: string, v: Val): State {
    const p = st.edit();
    const inside = loc + '.';
    for (const k of p.vals.keysWhere((k) => k.startsWith(inside))) this.dropVal(p, k);
    const inner = (z: string): boolean => z.length > loc.length && z.startsWith(inside);
    if (p.zero.some(inner)) p.zero = p.zero.filter((z) => !inner(z));
    if (p.havoc.some(inner)) p.havoc = p.havoc.filter((z) => !inner(z));
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
    st.vals.forEach((w, k) => {
      if (w.k === 'st' && w.chk && w.site === v.site) {
        p ??= st.edit();
        p.vals.set(k, { k: 'st', site: w.site, c: w.c });
      }
    });
    return p ? State.of(p) : st;
  }

  zeroAt(p: StateParts, prefix: string): void {
    for (const k of p.vals.keysWhere((k) => under(k, prefix))) this.dropVal(p, k);
    p.zero = p.zero.filter((z) => !under(z, prefix));
    p.havoc = p.havoc.filter((z) => !under(z, prefix));
    p.zero = [...p.zero, prefix];
  }

  /** Unknown code may have written through a pointer: forget what we knew there (handles stay). */
  havocVal(p: StateParts, v: Val): void {
    const prefix = objBase(v);
    if (!prefix) return;
    for (const k of p.vals.keysWhere((k, v) => v.k !== 'h' && under(k, prefix))) this.dropVal(p, k);
    const covered = p.zero.some((z) => under(prefix, z));
    p.zero = p.zero.filter((z) => !under(z, prefix));
    p.havoc = p.havoc.filter((z) => !under(z, prefix));
    if (covered) p.havoc = [...p.havoc, prefix];
  }
}

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

export type { Trace };
