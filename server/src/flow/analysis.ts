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
import { Interp, type FlowEvent, type MemoEntry, type MemoTables } from './interp';
import { isFailureVal } from './values';
import type { FnCfg } from './cfg';
import { buildProgram, newProgramCache, type FnInfo, type HandlerInfo, type Program, type ProgramCache } from './program';
import { ACQUIRE, DEREGISTER, LUID_ALLOCATE, MAKE_NET_LUID, MUST_TEST, RAISE_IRQL, REGISTER, isPassiveOnly, roleRaisesIrql } from './semantics';
import { State, joinStates, restrict, traceSteps, type Trace } from './state';

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
  /** Time spent (ms), interpreter steps, calls over budget, and the functions interpreted (not replayed from the memo). */
  readonly stats: { readonly ms: number; readonly steps: number; readonly bailed: number; readonly executed: ReadonlySet<string> };
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
  /** Runs of functions no entry point reaches, by deep key (they start from the unknown state). */
  standalone: Map<string, MemoEntry>;
  /** The last result, valid while the relevant part of the program keeps the same key. */
  last: { readonly key: string; readonly core: Core } | undefined;
}

/** What the interpretation found; positions are sites (`<fnId>@<rel>`), so it outlives text shifts. */
interface Core {
  readonly events: readonly FlowEvent[];
  readonly registeredAtEntryReturn: ReadonlyMap<string, { ddi: string; trace: Trace | undefined }>;
  readonly deregisteredInUnload: ReadonlySet<string>;
  readonly deregisteredKindsInUnload: ReadonlySet<string>;
  /** Functions the analysis ran (entry points' call trees and the standalone ones), by id. */
  readonly reached: ReadonlySet<string>;
  readonly steps: number;
  readonly bailed: number;
  readonly executed: ReadonlySet<string>;
}

const caches = new WeakMap<Driver, DriverCache>();

/** Analyse a driver. `objects` are the characteristics objects of the driver (all worlds). */
export function analyzeFlow(driver: Driver, objects: readonly CharObject[]): FlowAnalysis {
  const t0 = performance.now();
  let cache = caches.get(driver);
  if (!cache) {
    cache = { program: newProgramCache(), memo: { prev: new Map(), next: new Map(), footprints: new Map() }, standalone: new Map(), last: undefined };
    caches.set(driver, cache);
  }
  const prog = buildProgram(driver, objects, cache.program);
  const relevant = relevanceOf(prog);
  // Everything the result depends on: the environment, the entry points, and the deep keys of the
  // functions the last analysis ran or that could produce a finding on their own. An edit in a
  // function none of them reaches (and that cannot produce one) leaves the result as it was.
  const keyParts = [prog.envHash, ...[...prog.addressTaken].sort()];
  for (const fn of prog.fns) if (cache.last?.core.reached.has(fn.id) || relevant(fn)) keyParts.push(`${fn.id}=${fn.deepKey}`);
  const key = keyParts.join('\n');
  let core: Core;
  if (cache.last && cache.last.key === key) {
    const c = cache.last.core;
    core = { ...c, steps: 0, bailed: 0, executed: new Set() };
  } else {
    cache.memo.prev = cache.memo.next.size ? cache.memo.next : cache.memo.prev;
    cache.memo.next = new Map();
    if (cache.memo.footprints.size > 20_000) cache.memo.footprints.clear();
    core = compute(prog, cache, relevant);
    // Keyed on what it reached: recompute the key with this run's reached set.
    const parts = [prog.envHash, ...[...prog.addressTaken].sort()];
    for (const fn of prog.fns) if (core.reached.has(fn.id) || relevant(fn)) parts.push(`${fn.id}=${fn.deepKey}`);
    cache.last = { key: parts.join('\n'), core };
  }
  return present(prog, core, performance.now() - t0);
}

/** Run the entry points (and what no entry point reaches) through the interpreter. */
function compute(prog: Program, cache: DriverCache, relevant: (fn: FnInfo) => boolean): Core {
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
  // The pool keeps one state per property state (handles, flags, …); other data is joined.
  const pool = new Map<string, State>();
  const addToPool = (s: State): State | undefined => {
    let k = interp.relKey(s);
    if (!pool.has(k) && pool.size >= MAX_POOL) k = [...pool.keys()][pool.size - 1]!;
    const old = pool.get(k);
    const next = old ? joinStates(old, s) : s;
    if (old && next.key === old.key) return undefined;
    pool.set(k, next);
    return next;
  };
  const registeredAtEntryReturn = new Map<string, { ddi: string; trace: Trace | undefined }>();
  let snapshots: FlowEvent[] = [];
  if (prog.driverEntry) {
    const de = run(prog.driverEntry, initial, 'de');
    snapshots = de.root.snaps;
    for (const o of de.outs) {
      if (isFailureVal(o.v)) continue;
      const s = clean(o.s);
      const held = new Set<string>();
      for (const v of s.vals.values()) if (v.k === 'h') held.add(v.id);
      for (const r of s.handles.values()) {
        // A handle nothing holds any more is NDIS203's finding (or lives where we cannot see it).
        if (r.st === 'reg' && r.kind !== 'interface' && r.kind !== 'binding' && held.has(r.id) && !registeredAtEntryReturn.has(r.id)) {
          registeredAtEntryReturn.set(r.id, { ddi: r.ddi, trace: o.s.trace });
        }
      }
      addToPool(s);
    }
  }

  // An IM driver's virtual miniports are initialised through NdisIMInitializeDeviceInstanceEx
  // (from Bind), where the interpreter runs MiniportInitializeEx; they never start on their own.
  const miniports = [...prog.registrations.values()].filter((r) => r.ddi === 'NdisMRegisterMiniportDriver');
  const startsVirtualMiniports = prog.fns.some((f) => f.cfg?.callees.includes('NdisIMInitializeDeviceInstanceEx'));
  const virtualOnly = (h: HandlerInfo): boolean =>
    h.role === 'MINIPORT_INITIALIZE' && startsVirtualMiniports &&
    (h.sites.every((site) => prog.registrations.get(site)?.variant === 'im') || miniports.length === 1);
  const runnable = prog.handlers.filter((h) =>
    h.role !== 'MINIPORT_UNLOAD' && h.role !== 'PROTOCOL_UNINSTALL' && !/SET_OPTIONS$/.test(h.role) && !virtualOnly(h));
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
      run(fn, handlerState(h, fn, s), 'handler');
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
          const added = addToPool(clean(o.s));
          if (added) next.push(added);
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
  const reached = new Set<string>(interp.reached);
  for (const e of entriesUnder(rootEntries)) reached.add(e.fn);
  // Functions no entry point reaches run from an unknown state: first those no function calls
  // (their callees are analysed inside them), then whatever is still left (recursion cycles).
  const prevStandalone = cache.standalone;
  cache.standalone = new Map();
  const called = new Set<FnInfo>();
  for (const fn of prog.fns) for (const c of fn.calls) if (c !== fn) called.add(c);
  const standalone = (fn: FnInfo): void => {
    let e = prevStandalone.get(fn.deepKey);
    if (e) {
      interp.keep(e);
      rootEntries.push(e);
    } else e = run(fn, unknown, 'other').root;
    cache.standalone.set(fn.deepKey, e);
    for (const x of entriesUnder([e])) reached.add(x.fn);
  };
  for (const fn of prog.fns) if (!reached.has(fn.id) && !ran.has(fn.id) && !called.has(fn) && relevant(fn)) standalone(fn);
  for (const fn of prog.fns) if (!reached.has(fn.id) && !ran.has(fn.id) && relevant(fn)) standalone(fn);

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

  for (const id of ran) reached.add(id);
  return {
    events, registeredAtEntryReturn, deregisteredInUnload, deregisteredKindsInUnload, reached,
    steps: interp.steps, bailed: interp.bailed, executed: interp.executed,
  };
}

/** The analysis as the rules see it: the core's findings over the current program's positions. */
function present(prog: Program, core: Core, ms: number): FlowAnalysis {
  const roots = staticRoots(prog);
  // Reverse call graph, built on first use: `reachers` walks backwards from a function to the
  // entry points above it (a few functions) instead of walking forwards from every entry point.
  let callers: Map<FnInfo, FnInfo[]> | undefined;
  const reachers = (fn: FnInfo): { root: FlowRoot; chain: FnInfo[] }[] => {
    if (!callers) {
      callers = new Map();
      for (const f of prog.fns) {
        for (const c of f.calls) {
          const list = callers.get(c) ?? [];
          list.push(f);
          callers.set(c, list);
        }
      }
    }
    // Breadth-first over callers: `next` points one step towards `fn` (shortest chains).
    const next = new Map<FnInfo, FnInfo | null>([[fn, null]]);
    const queue = [fn];
    for (let i = 0; i < queue.length; i++) {
      for (const caller of callers.get(queue[i]!) ?? []) {
        if (next.has(caller)) continue;
        next.set(caller, queue[i]!);
        queue.push(caller);
      }
    }
    const out: { root: FlowRoot; chain: FnInfo[] }[] = [];
    for (const r of roots) {
      if (!next.has(r.fn)) continue;
      const chain: FnInfo[] = [];
      for (let c: FnInfo | null | undefined = r.fn; c; c = next.get(c)) chain.push(c);
      out.push({ root: r, chain });
    }
    return out;
  };

  const locate = (site: string, end?: number) => {
    const at = prog.locate(site);
    if (!at) return undefined;
    const rel = Number(site.replace(/!$/, '').slice(site.lastIndexOf('@') + 1));
    let e = end !== undefined && end >= 0 ? at.fn.start + end : -1;
    if (e < 0) {
      const call = at.fn.cfg?.calls.find((c) => c.s === rel);
      e = call ? at.fn.start + call.e : at.start + 1;
    }
    return { uri: at.uri, start: at.start, end: Math.max(e, at.start) };
  };

  return {
    program: prog, events: core.events, registeredAtEntryReturn: core.registeredAtEntryReturn,
    deregisteredInUnload: core.deregisteredInUnload, deregisteredKindsInUnload: core.deregisteredKindsInUnload, roots,
    locate,
    path(trace, extra = []) {
      const out: RelatedLocation[] = [];
      for (const step of traceSteps(trace)) {
        const at = locate(step.site, step.end);
        if (at) out.push({ uri: at.uri, start: at.start, end: at.end, message: step.msg });
      }
      // Drop immediate repeats (a loop can record the same step twice), and the last steps when
      // the closing step is at the same place (it says more).
      const dedup = out.filter((r, i) => i === 0 || r.start !== out[i - 1]!.start || r.message !== out[i - 1]!.message || r.uri !== out[i - 1]!.uri);
      const close = extra[extra.length - 1];
      while (close && dedup.length && dedup[dedup.length - 1]!.uri === close.uri && dedup[dedup.length - 1]!.start === close.start) dedup.pop();
      return [...dedup, ...extra];
    },
    reachers,
    fnOf(site) {
      return prog.byId.get(site.slice(0, site.lastIndexOf('@')));
    },
    stats: { ms, steps: core.steps, bailed: core.bailed, executed: core.executed },
  };
}

/**
 * Could running this function (from an unknown state) produce a finding? Only if it, or something
 * it calls, makes a call a rule looks at: a registration or deregistration, a status that must be
 * tested, NdisIMAssociateMiniport, NET_LUID allocation/construction, or a PASSIVE_LEVEL DDI
 * together with a spin lock.
 */
/** Relevance bits of a function's own calls (per CFG). */
const OWN_FLAGS = new WeakMap<FnCfg, number>();

function relevanceOf(prog: Program): (fn: FnInfo) => boolean {
  // Three facts per function, propagated from callees to callers over the reverse call graph.
  const DIRECT = 1;
  const LOCK = 2;
  const PASSIVE = 4;
  const flags = new Map<FnInfo, number>();
  const callers = new Map<FnInfo, FnInfo[]>();
  for (const f of prog.fns) {
    let m = DIRECT;
    if (f.cfg) {
      m = OWN_FLAGS.get(f.cfg) ?? -1;
      if (m < 0) {
        m = 0;
        for (const c of f.cfg.callees) {
          if (REGISTER.has(c) || DEREGISTER.has(c) || MUST_TEST.has(c) || c === 'NdisIMAssociateMiniport' || c === MAKE_NET_LUID || c === LUID_ALLOCATE) m |= DIRECT;
          if (ACQUIRE.has(c) || c === RAISE_IRQL) m |= LOCK;
          if (isPassiveOnly(c)) m |= PASSIVE;
        }
        OWN_FLAGS.set(f.cfg, m);
      }
    }
    flags.set(f, m);
    for (const c of f.calls) {
      const list = callers.get(c) ?? [];
      list.push(f);
      callers.set(c, list);
    }
  }
  const work = prog.fns.filter((f) => flags.get(f));
  while (work.length) {
    const f = work.pop()!;
    const m = flags.get(f)!;
    for (const caller of callers.get(f) ?? []) {
      const old = flags.get(caller)!;
      if ((old | m) !== old) {
        flags.set(caller, old | m);
        work.push(caller);
      }
    }
  }
  return (fn) => {
    const m = flags.get(fn) ?? DIRECT;
    return (m & DIRECT) !== 0 || (m & (LOCK | PASSIVE)) === (LOCK | PASSIVE);
  };
}

/** Globals start zeroed, or at their constant initializers. */
function initialState(prog: Program): State {
  const p = State.empty().edit();
  for (const [name, v] of prog.globalInits) p.vals.set(`g:${name}`, v);
  p.zero = [...p.zero, 'g:'];
  return State.of(p);
}

/** Can NDIS call this handler in this state (its registration is in place)? */
function callable(h: HandlerInfo, s: State): boolean {
  if (!h.sites.length) return true;
  return h.sites.some((site) => {
    const r = s.handles.get(site);
    return r !== undefined && (r.st === 'reg' || r.st === 'unknown');
  });
}

/** The memo entries under the given ones (each once). */
function entriesUnder(entries: readonly MemoEntry[]): Set<MemoEntry> {
  const seen = new Set<MemoEntry>();
  const stack = [...entries];
  while (stack.length) {
    const e = stack.pop()!;
    if (seen.has(e)) continue;
    seen.add(e);
    for (const c of e.children) stack.push(c);
  }
  return seen;
}

/** Every event under the given memo entries (each entry once). */
function collect(entries: readonly MemoEntry[]): FlowEvent[] {
  const out: FlowEvent[] = [];
  for (const e of entriesUnder(entries)) out.push(...e.events);
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
