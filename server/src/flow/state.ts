/**
 * The abstract state of the path-sensitive interpreter.
 *
 * Locations are strings: `g:Name` (a global; `g:Fn::Name` for a static local), `<depth>:Name`
 * (a local or parameter of the frame at that call depth), `*{sym}` (the object an unknown pointer
 * value points to), each followed by `.Member` paths. A state maps tracked locations to values;
 * an untracked location reads as 0 when a zeroed prefix covers it (globals start zeroed, and
 * `NdisZeroMemory` zeroes), otherwise as the symbol of its own initial value.
 *
 * Handles are records (registration site → kind and status); locations hold references to them.
 * States are immutable once built; `key` identifies a state for merging and memoisation (the path
 * trace is not part of it).
 */

import { PMap, type PMapBuilder } from './pmap';

export type HandleKind = 'protocol' | 'miniport' | 'filter' | 'provider' | 'interface' | 'binding';
export type HandleStatus = 'reg' | 'failed' | 'dereg' | 'unknown';

/** Status codes a status-of-call value can be narrowed to. */
export type StatusCode = 'ok' | 'pend' | 'okx' | 'okish' | 'fail' | 'nok' | '?';

export type Val =
  | { readonly k: 'unk' }
  /** An integer; `lit` when it comes from a literal or named constant in code, `zero` from zero-initialisation. */
  | { readonly k: 'int'; readonly v: number; readonly lit?: boolean; readonly zero?: boolean }
  /** Non-zero, otherwise unknown. */
  | { readonly k: 'nz' }
  /** The NDIS_STATUS/NTSTATUS a call returned (`site` '' when the origin is unknown); `chk` while it must still be tested (NDIS202). */
  | { readonly k: 'st'; readonly site: string; readonly c: StatusCode; readonly chk?: boolean }
  /** A handle (registration record id). */
  | { readonly k: 'h'; readonly id: string }
  /** The address of a location. */
  | { readonly k: 'ptr'; readonly loc: string }
  /** An unknown value with an identity (dereferencing it names the object `*id`). */
  | { readonly k: 'sym'; readonly id: string }
  | { readonly k: 'fn'; readonly name: string }
  /** A counter (`x++`, `x += n`, InterlockedIncrement). */
  | { readonly k: 'ctr' }
  /** Arithmetic on literals/counters. */
  | { readonly k: 'arith' }
  /** A NetLuidIndex from NdisIfAllocateNetLuidIndex. */
  | { readonly k: 'luidIdx' }
  /** A NET_LUID built by NDIS_MAKE_NET_LUID at `id`. */
  | { readonly k: 'luid'; readonly id: string };

export const UNK: Val = { k: 'unk' };
export const ZERO: Val = { k: 'int', v: 0, zero: true };

export interface HRec {
  /** The registration call site (`<fnId>@<rel>`). */
  readonly id: string;
  readonly kind: HandleKind;
  readonly st: HandleStatus;
  /** The registration DDI. */
  readonly ddi: string;
  /** Miniports: registered with NDIS_INTERMEDIATE_DRIVER ('im'), without ('plain'), unknown ('?'). */
  readonly variant?: 'im' | 'plain' | '?';
  /** Interfaces: the provider record id. */
  readonly prov?: string;
  /** Interfaces: identity of the NET_LUID registered. */
  readonly luid?: string;
  /** Where the handle was stored by the registration call. */
  readonly out?: string;
  /** Span of the handle argument (NDIS203), relative to the site's function. */
  readonly outArg?: readonly [number, number];
  /** Execution context the registration happened in. */
  readonly ctx?: string;
}

/** One step of a path explanation. `site` is `<fnId>@<rel>`. */
export interface Step {
  readonly site: string;
  readonly end: number;
  readonly msg: string;
}

/** A path trace: a persistent list, newest first. */
export interface Trace {
  readonly step: Step;
  readonly prev: Trace | undefined;
  readonly len: number;
}

export const MAX_TRACE = 24;

export function pushTrace(t: Trace | undefined, step: Step): Trace {
  if (t && t.len >= MAX_TRACE) {
    // Drop the oldest step but keep the first one (usually where the path started).
    const steps = traceSteps(t);
    let out: Trace | undefined;
    const keep = [steps[0]!, ...steps.slice(steps.length - MAX_TRACE + 2)];
    for (const s of keep) out = { step: s, prev: out, len: (out?.len ?? 0) + 1 };
    t = out;
  }
  return { step, prev: t, len: (t?.len ?? 0) + 1 };
}

/** Steps oldest first. */
export function traceSteps(t: Trace | undefined): Step[] {
  const out: Step[] = [];
  for (let c = t; c; c = c.prev) out.push(c.step);
  return out.reverse();
}

/** Small per-path facts about registration order (NDIS206/NDIS213). */
export interface Misc {
  /** NdisIMAssociateMiniport has run on this path. */
  readonly assoc?: boolean;
  /** The site of the second of the two IM edge registrations, when both succeeded. */
  readonly imSecond?: string;
  /** An IM miniport edge was deregistered while the protocol edge was still registered (site). */
  readonly mpDereg?: string;
}

export interface StateParts {
  vals: PMapBuilder<Val>;
  handles: PMapBuilder<HRec>;
  /** Shared with the source state: replace, never mutate. */
  zero: readonly string[];
  havoc: readonly string[];
  conds: ReadonlyMap<string, boolean>;
  lock: number;
  irql: number;
  misc: Misc;
  trace: Trace | undefined;
}

const EMPTY_VALS: PMap<Val> = PMap.empty<Val>((k, v) => k + '=' + valKey(v));
const EMPTY_HANDLES: PMap<HRec> = PMap.empty<HRec>((_k, r) => recKey(r));

export function valsOf(entries: Iterable<[string, Val]>): PMap<Val> {
  const b = EMPTY_VALS.edit();
  for (const [k, v] of entries) b.set(k, v);
  return b.build();
}

export function handlesOf(entries: Iterable<[string, HRec]>): PMap<HRec> {
  const b = EMPTY_HANDLES.edit();
  for (const [k, v] of entries) b.set(k, v);
  return b.build();
}

export class State {
  private keyCache: string | undefined;
  private chkCache: readonly [string, string][] | undefined;
  constructor(
    readonly vals: PMap<Val>,
    readonly handles: PMap<HRec>,
    readonly zero: readonly string[],
    readonly havoc: readonly string[],
    readonly conds: ReadonlyMap<string, boolean>,
    readonly lock: number,
    readonly irql: number,
    readonly misc: Misc,
    readonly trace: Trace | undefined,
  ) {}

  static empty(): State {
    return new State(EMPTY_VALS, EMPTY_HANDLES, [], [], new Map(), 0, 0, {}, undefined);
  }

  /** A mutable copy. */
  edit(): StateParts {
    return {
      vals: this.vals.edit(), handles: this.handles.edit(), zero: this.zero, havoc: this.havoc,
      conds: this.conds, lock: this.lock, irql: this.irql, misc: this.misc, trace: this.trace,
    };
  }

  static of(p: StateParts): State {
    return new State(p.vals.build(), p.handles.build(), p.zero, p.havoc, p.conds, p.lock, p.irql, p.misc, p.trace);
  }

  withTrace(step: Step): State {
    return new State(this.vals, this.handles, this.zero, this.havoc, this.conds, this.lock, this.irql, this.misc, pushTrace(this.trace, step));
  }

  withTraceList(t: Trace | undefined): State {
    return new State(this.vals, this.handles, this.zero, this.havoc, this.conds, this.lock, this.irql, this.misc, t);
  }

  /** Locations holding a status that must still be tested (NDIS202), with its call site. */
  get unchecked(): readonly [string, string][] {
    if (this.chkCache) return this.chkCache;
    const out: [string, string][] = [];
    this.vals.forEach((v, loc) => {
      if (v.k === 'st' && v.chk) out.push([loc, v.site]);
    });
    this.chkCache = out;
    return out;
  }

  /** Identity of the state (not of its trace). */
  get key(): string {
    if (this.keyCache !== undefined) return this.keyCache;
    let conds = '';
    if (this.conds.size) for (const k of [...this.conds.keys()].sort()) conds += k + (this.conds.get(k) ? '+' : '-') + '\u0001';
    const z = this.zero.length > 1 ? [...this.zero].sort().join(',') : this.zero.join(',');
    const h = this.havoc.length > 1 ? [...this.havoc].sort().join(',') : this.havoc.join(',');
    this.keyCache = `${this.vals.hash}|${this.handles.hash}|${z}|${h}|${conds}|${this.lock}|${this.irql}|${this.misc.assoc ? 'a' : ''}${this.misc.imSecond ?? ''};${this.misc.mpDereg ?? ''}`;
    return this.keyCache;
  }
}

export function valKey(v: Val): string {
  switch (v.k) {
    case 'int':
      return `i${v.v}${v.lit ? 'l' : ''}${v.zero ? 'z' : ''}`;
    case 'st':
      return `s${v.site}:${v.c}${v.chk ? '!' : ''}`;
    case 'h':
      return `h${v.id}`;
    case 'ptr':
      return `p${v.loc}`;
    case 'sym':
      return `y${v.id}`;
    case 'fn':
      return `f${v.name}`;
    case 'luid':
      return `L${v.id}`;
    default:
      return v.k;
  }
}

export function recKey(r: HRec): string {
  return `${r.id}:${r.kind}:${r.st}:${r.variant ?? ''}:${r.prov ?? ''}:${r.luid ?? ''}:${r.out ?? ''}`;
}

export function sameVal(a: Val, b: Val): boolean {
  return a === b || valKey(a) === valKey(b);
}

/** Is `loc` the prefix `p` or inside it (`p.X`)? */
export function under(loc: string, p: string): boolean {
  return loc === p || (loc.length > p.length && loc.startsWith(p) && (loc.charCodeAt(p.length) === 46 /* . */ || p.endsWith(':')));
}

/**
 * Read a location: its tracked value; else 0 under a zeroed prefix not overridden by a later
 * havoc; else the symbol of its initial value.
 */
export function readLoc(s: State | StateParts, loc: string): Val {
  const v = s.vals.get(loc);
  if (v) return v;
  let best = -1;
  let zero = false;
  for (const p of s.zero) if (p.length > best && under(loc, p)) { best = p.length; zero = true; }
  for (const p of s.havoc) if (p.length >= best && under(loc, p)) { best = p.length; zero = false; }
  return zero ? ZERO : { k: 'sym', id: loc };
}

/** Join two values (for widening): equal values stay, different ones become unknown. */
export function joinVal(a: Val, b: Val): Val {
  if (sameVal(a, b)) return a;
  if (a.k === 'st' && b.k === 'st' && a.site === b.site) return { k: 'st', site: a.site, c: '?', ...(a.chk || b.chk ? { chk: true } : {}) };
  if ((a.k === 'nz' || a.k === 'ptr' || a.k === 'h') && (b.k === 'nz' || b.k === 'ptr' || b.k === 'h')) return { k: 'nz' };
  if ((a.k === 'ctr' || a.k === 'int' && a.lit) && (b.k === 'ctr' || b.k === 'int' && b.lit)) return { k: 'ctr' };
  return UNK;
}

/** Join two states: used when too many states reach one program point. */
export function joinStates(a: State, b: State): State {
  const p = a.edit();
  if (!a.vals.sameAs(b.vals)) {
    a.vals.forEach((v, k) => {
      const w = b.vals.get(k);
      p.vals.set(k, joinVal(v, w !== undefined ? w : readLoc(b, k)));
    });
    b.vals.forEach((w, k) => {
      if (!a.vals.has(k)) p.vals.set(k, joinVal(readLoc(a, k), w));
    });
  }
  if (!a.handles.sameAs(b.handles)) {
    b.handles.forEach((r, k) => {
      const o = p.handles.get(k);
      if (!o) p.handles.set(k, r);
      else if (o.st !== r.st) p.handles.set(k, { ...o, st: 'unknown' });
    });
    a.handles.forEach((o, k) => {
      if (!b.handles.has(k) && o.st === 'reg') p.handles.set(k, { ...o, st: 'unknown' });
    });
  }
  if (!sameStrings(a.zero, b.zero)) p.zero = a.zero.filter((z) => b.zero.includes(z));
  if (!sameStrings(a.havoc, b.havoc)) p.havoc = [...new Set([...a.havoc, ...b.havoc])].sort();
  if (a.conds.size || b.conds.size) {
    const conds = new Map<string, boolean>();
    for (const [c, v] of a.conds) if (b.conds.get(c) === v) conds.set(c, v);
    p.conds = conds;
  }
  p.lock = Math.max(a.lock, b.lock);
  p.misc = {
    ...(a.misc.assoc && b.misc.assoc ? { assoc: true } : {}),
    ...(a.misc.imSecond === b.misc.imSecond && a.misc.imSecond ? { imSecond: a.misc.imSecond } : {}),
    ...(a.misc.mpDereg === b.misc.mpDereg && a.misc.mpDereg ? { mpDereg: a.misc.mpDereg } : {}),
  };
  return State.of(p);
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The object a symbol names: `*{id}`. Braces keep `*{g:A.B}` (what A.B points to) apart from `*{g:A}.B`. */
export function objOf(symId: string): string {
  return `*{${symId}}`;
}

/** The object a location belongs to (`*{…}` up to its matching brace), or undefined for a variable's location. */
export function objectRoot(loc: string): string | undefined {
  if (loc.charCodeAt(0) !== 42 /* * */) return undefined;
  let depth = 0;
  for (let i = 1; i < loc.length; i++) {
    const c = loc.charCodeAt(i);
    if (c === 123) depth++;
    else if (c === 125 && --depth === 0) return loc.slice(0, i + 1);
  }
  return loc;
}

/** The variable a non-object location belongs to: up to the first member dot. */
export function varRoot(loc: string): string {
  const dot = loc.indexOf('.');
  return dot < 0 ? loc : loc.slice(0, dot);
}

/**
 * Keep only what is reachable from locations accepted by `keepRoot` (and from the `extra`
 * values): those locations, the objects their values point to, the variables their pointers
 * designate, transitively.
 *
 * Handles: `gc` keeps every record that may still be registered (an open binding nobody refers
 * to any more is still open: NDIS will unbind it), drops deregistered and failed ones nothing
 * refers to, and forgets an interface's NET_LUID identity once it is unreachable; `all` keeps every record (projection for a callee
 * that registers or deregisters); `referenced` keeps the records kept values refer to.
 */
export function restrict(s: State, keepRoot: (loc: string) => boolean, extra: readonly Val[] = [], mode: 'gc' | 'all' | 'referenced' = 'gc'): State {
  const byRoot = new Map<string, [string, Val][]>();
  const kept = EMPTY_VALS.edit();
  const roots = new Set<string>();
  const pending: string[] = [];
  const held = new Set<string>();
  const reach = (v: Val): void => {
    if (v.k === 'h') held.add(v.id);
    let o: string | undefined;
    if (v.k === 'sym') o = objOf(v.id);
    else if (v.k === 'ptr') o = objectRoot(v.loc) ?? varRoot(v.loc);
    if (o !== undefined && !roots.has(o)) {
      roots.add(o);
      pending.push(o);
    }
  };
  let dropped = false;
  s.vals.forEach((v, loc) => {
    if (loc.charCodeAt(0) !== 42 && keepRoot(loc)) {
      kept.set(loc, v);
      reach(v);
      return;
    }
    const root = objectRoot(loc) ?? varRoot(loc);
    let list = byRoot.get(root);
    if (!list) byRoot.set(root, (list = []));
    list.push([loc, v]);
  });
  for (const v of extra) reach(v);
  while (pending.length) {
    const o = pending.pop()!;
    for (const [loc, v] of byRoot.get(o) ?? []) {
      if (kept.has(loc)) continue;
      kept.set(loc, v);
      reach(v);
    }
  }
  for (const list of byRoot.values()) for (const [loc] of list) if (!kept.has(loc)) dropped = true;
  if (!dropped && mode === 'all') return s;
  if (!dropped && mode === 'gc') {
    let stale = false;
    s.handles.forEach((r, id) => {
      if (!held.has(id) && (r.st === 'dereg' || (r.st === 'failed' && (r.kind === 'binding' || r.kind === 'interface')))) stale = true;
    });
    if (!stale) return s;
  }
  const keepLoc = (loc: string): boolean => {
    const root = objectRoot(loc);
    if (root !== undefined) return roots.has(root);
    return keepRoot(loc) || roots.has(varRoot(loc));
  };
  let handles: PMap<HRec> = s.handles;
  if (mode !== 'all') {
    const b = EMPTY_HANDLES.edit();
    for (const [id, r] of s.handles) {
      if (mode === 'referenced') {
        if (held.has(id)) b.set(id, r);
        continue;
      }
      // A record nothing refers to any more that is deregistered, or a failed binding/interface,
      // can never matter again (only a registered one can leak or collide).
      if (!held.has(id) && (r.st === 'dereg' || (r.st === 'failed' && (r.kind === 'binding' || r.kind === 'interface')))) continue;
      if (r.kind === 'interface' && r.luid !== undefined && !keepLoc(r.luid.slice(0, r.luid.lastIndexOf('#')))) {
        const { luid: _dropped, ...rest } = r;
        void _dropped;
        b.set(id, rest);
        continue;
      }
      b.set(id, r);
    }
    handles = b.build();
  }
  return new State(
    kept.build(), handles,
    s.zero.filter((z) => z === 'g:' || keepLoc(z)),
    s.havoc.filter((z) => z === 'g:' || keepLoc(z)),
    s.conds, s.lock, s.irql, mode === 'referenced' ? {} : s.misc, s.trace,
  );
}

/**
 * Put a callee's result back into the caller's full state: `full` was projected to `pin`, the
 * callee turned `pin` into `pout`.
 */
export function unproject(full: State, pin: State, pout: State, allHandles: boolean): State {
  const vals = full.vals.edit();
  for (const k of pin.vals.keys()) vals.delete(k);
  for (const [k, v] of pout.vals) vals.set(k, v);
  let handles: PMap<HRec>;
  if (allHandles) handles = pout.handles;
  else {
    const b = full.handles.edit();
    for (const id of pin.handles.keys()) if (!pout.handles.has(id)) b.delete(id);
    for (const [id, r] of pout.handles) b.set(id, r);
    handles = b.build();
  }
  const merge = (a: readonly string[], sub: readonly string[], add: readonly string[]): string[] => {
    const out = a.filter((z) => !sub.includes(z));
    for (const z of add) if (!out.includes(z)) out.push(z);
    return out;
  };
  return new State(
    vals.build(), handles, merge(full.zero, pin.zero, pout.zero), merge(full.havoc, pin.havoc, pout.havoc),
    pout.conds, pout.lock, pout.irql, allHandles ? pout.misc : full.misc, pout.trace,
  );
}
