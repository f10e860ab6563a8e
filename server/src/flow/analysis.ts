/**
 * Whole-driver flow analysis, run once per driver analysis and shared by the NDIS2xx rules.
 *
 * Entry sequencing:
 * 1. DriverEntry runs from the initial state (globals zeroed or at their initializers).
 * 2. Each successful protocol, filter or provider registration in DriverEntry's call tree is a
 *    snapshot: NDIS may call that registration's handlers right away (facts §3.1, §3.5), so they
 *    also run from the state right after the registration. Miniport handlers only run after
 *    DriverEntry returned (§3.3).
 * 3. The states DriverEntry returns success in are closed under running the handlers whose
 *    registration is in place (a bounded fixpoint): Bind after Bind, Unbind after Bind, …
 * 4. The unload routines (WDM DriverUnload, MiniportDriverUnload, ProtocolUninstall) run from
 *    every state of that pool.
 * 5. Functions whose address is taken elsewhere (dispatch routines, callbacks) and functions no
 *    entry reaches run from an unknown state, so local checks apply to all code.
 *
 * The interpreter's memo tables and the CFGs live as long as the driver, so an edit re-runs only
 * what depends on the changed functions.
 */
import type { CharObject } from '../analysis/characteristics';
import type { Driver } from '../model/driver';
import type { RelatedLocation } from '../rules/framework';
import { Interp, isFailureVal, type FlowEvent, type MemoEntry, type MemoTables } from './interp';
import { buildProgram, newProgramCache, type FnInfo, type HandlerInfo, type Program, type ProgramCache } from './program';
import { roleRaisesIrql } from './semantics';
import { State, restrict, traceSteps, type Trace } from './state';

/** States kept in the pool the handlers and the unload routines run from. */
const MAX_POOL = 16;
/** Rounds of running handlers on the pool. */
const FIXPOINT_ROUNDS = 2;

export interface FlowAnalysis {
  readonly program: Program;
  /** Finding events (kinds NDIS2xx), de-duplicated. */
  readonly events: readonly FlowEvent[];
  /** Registration sites in place when DriverEntry returns success (driver and provider kinds). */
  readonly registeredAtEntryReturn: ReadonlyMap<string, { ddi: string; trace: Trace | undefined }>;
  /** Registration sites an unload routine deregisters, and handle kinds it deregisters without knowing which. */
  readonly deregisteredInUnload: ReadonlySet<string>;
  readonly deregisteredKindsInUnload: ReadonlySet<string>;
  /** Static call-graph roots. */
  readonly roots: readonly FlowRoot[];
  /** Position of a site; `end` relative to the same function (negative: a default width). */
  locate(site: string, end?: number): { uri: string; start: number; end: number } | undefined;
  /** A path as related locations (oldest first), plus closing steps. */
  path(trace: Trace | undefined, extra?: readonly RelatedLocation[]): RelatedLocation[];
  /** Roots whose static call tree contains `fn`, each with the call chain from the root. */
  reachers(fn: FnInfo): { root: FlowRoot; chain: FnInfo[] }[];
  /** The function containing a site. */
  fnOf(site: string): FnInfo | undefined;
  /** Time spent (ms) and whether any budget was hit. */
  readonly stats: { readonly ms: number; readonly steps: number; readonly bailed: number };
}

export interface FlowRoot {
  readonly fn: FnInfo;
  readonly kind: 'driver-entry' | 'handler' | 'unload' | 'address-taken';
  readonly role?: string;
  readonly member?: string;
}

interface DriverCache {
  readonly program: ProgramCache;
  readonly memo: MemoTables;
}

const caches = new WeakMap<Driver, DriverCache>();

/** Analyse a driver. `objects` are the characteristics objects of the driver (all worlds). */
export function analyzeFlow(driver: Driver, objects: readonly CharObject[]): FlowAnalysis {
  const t0 = performance.now();
  let cache = caches.get(driver);
  if (!cache) {
    cache = { program: newProgramCache(), memo: { prev: new Map(), next: new Map() } };
    caches.set(driver, cache);
  }
  cache.memo.prev = cache.memo.next.size ? cache.memo.next : cache.memo.prev;
  cache.memo.next = new Map();

  const prog = buildProgram(driver, objects, cache.program);
  const interp = new Interp(prog, cache.memo);
  const rootEntries: MemoEntry[] = [];
  const run = (fn: FnInfo, s: State, ctx: Parameters<Interp['runRoot']>[2]) => {
    const r = interp.runRoot(fn, s, ctx);
    rootEntries.push(r.root);
    return r;
  };

  const initial = initialState(prog);
  const clean = (s: State): State => {
    const r = restrict(s, (loc) => loc.startsWith('g:'));
    return new State(r.vals, r.handles, r.zero, r.havoc, r.conds, 0, 0, {}, r.trace);
  };

  // 1. DriverEntry.
  const pool = new Map<string, State>();
  const registeredAtEntryReturn = new Map<string, { ddi: string; trace: Trace | undefined }>();
  let snapshots: FlowEvent[] = [];
  if (prog.driverEntry) {
    const de = run(prog.driverEntry, initial, 'de');
    snapshots = collect([de.root]).filter((e) => e.kind === 'snapshot');
    for (const o of de.outs) {
      if (isFailureVal(o.v)) continue;
      const s = clean(o.s);
      for (const r of s.handles.values()) {
        if (r.st === 'reg' && r.kind !== 'interface' && r.kind !== 'binding' && !registeredAtEntryReturn.has(r.id)) {
          registeredAtEntryReturn.set(r.id, { ddi: r.ddi, trace: o.s.trace });
        }
      }
      if (pool.size < MAX_POOL) pool.set(s.key, s);
    }
  }

  const runnable = prog.handlers.filter((h) => h.role !== 'MINIPORT_UNLOAD' && h.role !== 'PROTOCOL_UNINSTALL' && !/SET_OPTIONS$/.test(h.role));
  const handlerState = (h: HandlerInfo, fn: FnInfo, s: State): State => {
    const p = s.edit();
    p.irql = roleRaisesIrql(h.role) ? 2 : 0;
    p.lock = 0;
    return State.of(p).withTrace({
      site: `${fn.id}@${fn.fact.nameSpan.start - fn.start}`, end: fn.fact.nameSpan.end - fn.start,
      msg: `NDIS calls ${fn.name} (${h.role}${p.irql ? ', at up to DISPATCH_LEVEL' : ''})`,
    });
  };
  const ran = new Set<string>();

  // 2. Handlers right after their registration inside DriverEntry.
  for (const snap of snapshots) {
    if (snap.data.kind === 'miniport' || !snap.state) continue;
    const s = clean(snap.state);
    for (const h of runnable) {
      if (!h.sites.includes(snap.site)) continue;
      const fn = prog.resolve(undefined, h.fn);
      if (!fn) continue;
      run(fn, handlerState(h, fn, s), 'early');
      ran.add(fn.id);
    }
  }

  // 3. Handlers on the pool, to a bounded fixpoint.
  let frontier = [...pool.values()];
  for (let round = 0; round < FIXPOINT_ROUNDS && frontier.length; round++) {
    const next: State[] = [];
    for (const s of frontier) {
      for (const h of runnable) {
        if (!callable(h, s)) continue;
        const fn = prog.resolve(undefined, h.fn);
        if (!fn) continue;
        ran.add(fn.id);
        for (const o of run(fn, handlerState(h, fn, s), 'handler').outs) {
          const c = clean(o.s);
          if (!pool.has(c.key) && pool.size < MAX_POOL) {
            pool.set(c.key, c);
            next.push(c);
          }
        }
      }
    }
    frontier = next;
  }

  // 4. Unload routines.
  const unloadEntries: MemoEntry[] = [];
  for (const [name] of prog.unloads) {
    const fn = prog.resolve(undefined, name);
    if (!fn) continue;
    const states = pool.size ? [...pool.values()] : [State.empty()];
    for (const s of states) {
      const r = run(fn, s.withTrace({ site: `${fn.id}@${fn.fact.nameSpan.start - fn.start}`, end: fn.fact.nameSpan.end - fn.start, msg: `the driver unloads: ${fn.name}` }), 'unload');
      unloadEntries.push(r.root);
    }
    ran.add(fn.id);
  }

  // 5. Other entry points and everything not reached yet.
  const unknown = State.empty();
  const firstPool = pool.size ? [...pool.values()][0]! : unknown;
  for (const name of prog.addressTaken) {
    const fn = prog.resolve(undefined, name);
    if (fn && !ran.has(fn.id)) {
      run(fn, firstPool, 'other');
      ran.add(fn.id);
    }
  }
  for (const h of runnable) {
    const fn = prog.resolve(undefined, h.fn);
    if (fn && !ran.has(fn.id)) {
      run(fn, handlerState(h, fn, unknown), 'handler');
      ran.add(fn.id);
    }
  }
  for (const fn of prog.fns) {
    if (interp.reached.has(fn.id) || ran.has(fn.id)) continue;
    run(fn, unknown, 'other');
  }

  // Events.
  const all = collect(rootEntries);
  const events: FlowEvent[] = [];
  const seenEv = new Set<string>();
  for (const e of all) {
    if (!e.kind.startsWith('NDIS')) continue;
    const k = `${e.kind}|${e.site}|${e.other ?? ''}|${JSON.stringify(e.data)}`;
    if (seenEv.has(k)) continue;
    seenEv.add(k);
    events.push(e);
  }
  const deregisteredInUnload = new Set<string>();
  const deregisteredKindsInUnload = new Set<string>();
  for (const e of collect(unloadEntries)) {
    if (e.kind === 'dereg') deregisteredInUnload.add(e.site);
    if (e.kind === 'deregAny') deregisteredKindsInUnload.add(e.data.kind ?? '');
  }

  const roots = staticRoots(prog);
  const bfs = new Map<FlowRoot, Map<FnInfo, FnInfo | null>>();
  const treeOf = (r: FlowRoot): Map<FnInfo, FnInfo | null> => {
    let t = bfs.get(r);
    if (!t) {
      t = new Map([[r.fn, null]]);
      const q = [r.fn];
      while (q.length) {
        const cur = q.shift()!;
        for (const c of cur.calls) if (!t.has(c)) { t.set(c, cur); q.push(c); }
      }
      bfs.set(r, t);
    }
    return t;
  };

  const locate = (site: string, end?: number) => {
    const at = prog.locate(site);
    if (!at) return undefined;
    const rel = Number(site.slice(site.lastIndexOf('@') + 1));
    let e = end !== undefined && end >= 0 ? at.fn.start + end : -1;
    if (e < 0) {
      const call = at.fn.cfg?.calls.find((c) => c.s === rel);
      e = call ? at.fn.start + call.e : at.start + 1;
    }
    return { uri: at.uri, start: at.start, end: Math.max(e, at.start) };
  };

  const ms = performance.now() - t0;
  return {
    program: prog, events, registeredAtEntryReturn, deregisteredInUnload, deregisteredKindsInUnload, roots,
    locate,
    path(trace, extra = []) {
      const out: RelatedLocation[] = [];
      for (const step of traceSteps(trace)) {
        const at = locate(step.site, step.end);
        if (at) out.push({ uri: at.uri, start: at.start, end: at.end, message: step.msg });
      }
      // Drop immediate repeats (a loop can record the same step twice).
      const dedup = out.filter((r, i) => i === 0 || r.start !== out[i - 1]!.start || r.message !== out[i - 1]!.message || r.uri !== out[i - 1]!.uri);
      return [...dedup, ...extra];
    },
    reachers(fn) {
      const out: { root: FlowRoot; chain: FnInfo[] }[] = [];
      for (const r of roots) {
        const t = treeOf(r);
        if (!t.has(fn)) continue;
        const chain: FnInfo[] = [];
        for (let c: FnInfo | null | undefined = fn; c; c = t.get(c)) chain.unshift(c);
        out.push({ root: r, chain });
      }
      return out;
    },
    fnOf(site) {
      return prog.byId.get(site.slice(0, site.lastIndexOf('@')));
    },
    stats: { ms, steps: interp.steps, bailed: interp.bailed },
  };
}

/** Globals start zeroed, or at their constant initializers. */
function initialState(prog: Program): State {
  const vals = new Map<string, import('./state').Val>();
  for (const [name, v] of prog.globalInits) vals.set(`g:${name}`, v);
  return new State(vals, new Map(), ['g:'], [], new Map(), 0, 0, {}, undefined);
}

/** Can NDIS call this handler in this state (its registration is in place)? */
function callable(h: HandlerInfo, s: State): boolean {
  if (!h.sites.length) return true;
  return h.sites.some((site) => {
    const r = s.handles.get(site);
    return r !== undefined && (r.st === 'reg' || r.st === 'unknown');
  });
}

/** Every event under the given memo entries (each entry once). */
function collect(entries: readonly MemoEntry[]): FlowEvent[] {
  const out: FlowEvent[] = [];
  const seen = new Set<MemoEntry>();
  const stack = [...entries];
  while (stack.length) {
    const e = stack.pop()!;
    if (seen.has(e)) continue;
    seen.add(e);
    out.push(...e.events);
    for (const c of e.children) stack.push(c);
  }
  return out;
}

function staticRoots(prog: Program): FlowRoot[] {
  const roots: FlowRoot[] = [];
  if (prog.driverEntry) roots.push({ fn: prog.driverEntry, kind: 'driver-entry' });
  for (const h of prog.handlers) {
    const fn = prog.resolve(undefined, h.fn);
    if (!fn) continue;
    const unload = h.role === 'MINIPORT_UNLOAD' || h.role === 'PROTOCOL_UNINSTALL';
    roots.push({ fn, kind: unload ? 'unload' : 'handler', role: h.role, member: h.member });
  }
  for (const [name, how] of prog.unloads) {
    const fn = prog.resolve(undefined, name);
    if (fn && how === 'DriverUnload') roots.push({ fn, kind: 'unload', role: 'DRIVER_UNLOAD' });
  }
  for (const name of prog.addressTaken) {
    const fn = prog.resolve(undefined, name);
    if (fn) roots.push({ fn, kind: 'address-taken' });
  }
  return roots;
}
