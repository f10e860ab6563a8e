/**
 * The abstract state of the path-sensitive interpreter.
 *
 * Locations are strings: `g:Name` (a global; `g:Fn::Name` for a static local), `<depth>:Name`
 * (a local or parameter of the frame at that call depth), `*<sym>` (the object an unknown pointer
 * value points to), each followed by `.Member` paths. A state maps tracked locations to values;
 * an untracked location reads as 0 when a zeroed prefix covers it (globals start zeroed, and
 * `NdisZeroMemory` zeroes), otherwise as the symbol of its own initial value.
 *
 * Handles are records (registration site → kind and status); locations hold references to them.
 * States are immutable once built; `key` identifies a state for merging and memoisation (the path
 * trace is not part of it).
 */

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
  vals: Map<string, Val>;
  handles: Map<string, HRec>;
  zero: string[];
  havoc: string[];
  conds: Map<string, boolean>;
  lock: number;
  irql: number;
  misc: Misc;
  trace: Trace | undefined;
}

export class State {
  private keyCache: string | undefined;
  constructor(
    readonly vals: ReadonlyMap<string, Val>,
    readonly handles: ReadonlyMap<string, HRec>,
    readonly zero: readonly string[],
    readonly havoc: readonly string[],
    readonly conds: ReadonlyMap<string, boolean>,
    readonly lock: number,
    readonly irql: number,
    readonly misc: Misc,
    readonly trace: Trace | undefined,
  ) {}

  static empty(): State {
    return new State(new Map(), new Map(), [], [], new Map(), 0, 0, {}, undefined);
  }

  /** A mutable copy. */
  edit(): StateParts {
    return {
      vals: new Map(this.vals), handles: new Map(this.handles), zero: [...this.zero], havoc: [...this.havoc],
      conds: new Map(this.conds), lock: this.lock, irql: this.irql, misc: this.misc, trace: this.trace,
    };
  }

  static of(p: StateParts): State {
    return new State(p.vals, p.handles, p.zero, p.havoc, p.conds, p.lock, p.irql, p.misc, p.trace);
  }

  withTrace(step: Step): State {
    return new State(this.vals, this.handles, this.zero, this.havoc, this.conds, this.lock, this.irql, this.misc, pushTrace(this.trace, step));
  }

  withTraceList(t: Trace | undefined): State {
    return new State(this.vals, this.handles, this.zero, this.havoc, this.conds, this.lock, this.irql, this.misc, t);
  }

  get key(): string {
    if (this.keyCache !== undefined) return this.keyCache;
    const parts: string[] = [];
    for (const k of [...this.vals.keys()].sort()) parts.push(k + '=' + valKey(this.vals.get(k)!));
    parts.push('|H');
    for (const k of [...this.handles.keys()].sort()) parts.push(recKey(this.handles.get(k)!));
    parts.push('|Z', ...this.zero, '|V', ...this.havoc, '|C');
    for (const k of [...this.conds.keys()].sort()) parts.push(k + (this.conds.get(k) ? '+' : '-'));
    parts.push(`|L${this.lock}|I${this.irql}|M${this.misc.assoc ? 'a' : ''}${this.misc.imSecond ?? ''};${this.misc.mpDereg ?? ''}`);
    this.keyCache = parts.join('\u0001');
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
  for (const [k, v] of a.vals) {
    const w = b.vals.has(k) ? b.vals.get(k)! : readLoc(b, k);
    p.vals.set(k, joinVal(v, w));
  }
  for (const [k, w] of b.vals) if (!a.vals.has(k)) p.vals.set(k, joinVal(readLoc(a, k), w));
  for (const [k, r] of b.handles) {
    const o = p.handles.get(k);
    if (!o) p.handles.set(k, r);
    else if (o.st !== r.st) p.handles.set(k, { ...o, st: 'unknown' });
  }
  p.zero = a.zero.filter((z) => b.zero.includes(z));
  p.havoc = [...new Set([...a.havoc, ...b.havoc])].sort();
  for (const [c, v] of [...p.conds]) if (b.conds.get(c) !== v) p.conds.delete(c);
  p.lock = Math.max(a.lock, b.lock);
  p.misc = {
    ...(a.misc.assoc && b.misc.assoc ? { assoc: true } : {}),
    ...(a.misc.imSecond === b.misc.imSecond && a.misc.imSecond ? { imSecond: a.misc.imSecond } : {}),
  };
  return State.of(p);
}

/** The object a symbol names: `*{id}`. Braces keep `*{g:A.B}` (what A.B points to) apart from `*{g:A}.B`. */
export function objOf(symId: string): string {
  return `*{${symId}}`;
}

/** Objects a value refers to (for reachability). */
function refs(v: Val, out: string[]): void {
  if (v.k === 'sym') out.push(objOf(v.id));
  else if (v.k === 'ptr') out.push(v.loc);
}

/**
 * Keep only what is reachable from locations accepted by `keepRoot` (and objects their values
 * point to). Bindings nobody refers to are dropped; interfaces keep their status but lose their
 * NET_LUID identity when it is no longer reachable.
 */
export function restrict(s: State, keepRoot: (loc: string) => boolean): State {
  const kept = new Map<string, Val>();
  const objects: string[] = [];
  const seen = new Set<string>();
  const pending: string[] = [];
  const consider = (loc: string, v: Val): void => {
    kept.set(loc, v);
    const r: string[] = [];
    refs(v, r);
    for (const o of r) if (!seen.has(o)) { seen.add(o); objects.push(o); pending.push(o); }
  };
  for (const [loc, v] of s.vals) if (!loc.startsWith('*') && keepRoot(loc)) consider(loc, v);
  while (pending.length) {
    const o = pending.pop()!;
    for (const [loc, v] of s.vals) if (!kept.has(loc) && under(loc, o)) consider(loc, v);
  }
  const keepLoc = (loc: string): boolean =>
    kept.has(loc) || (loc.startsWith('*') ? objects.some((o) => under(loc, o)) : keepRoot(loc));
  const held = new Set<string>();
  for (const v of kept.values()) if (v.k === 'h') held.add(v.id);
  const handles = new Map<string, HRec>();
  for (const [id, r] of s.handles) {
    if (r.kind === 'binding' && !held.has(id)) continue;
    if (r.kind === 'interface' && r.luid !== undefined && !keepLoc(r.luid.slice(0, r.luid.lastIndexOf('#')))) {
      const { luid: _dropped, ...rest } = r;
      void _dropped;
      handles.set(id, rest);
      continue;
    }
    handles.set(id, r);
  }
  return new State(
    kept, handles,
    s.zero.filter((z) => keepLoc(z) || z === 'g:'),
    s.havoc.filter((z) => keepLoc(z) || z === 'g:'),
    s.conds, s.lock, s.irql, s.misc, s.trace,
  );
}
