/**
 * The whole-driver program the interpreter runs: every function definition of the driver with its
 * CFG (cached by the function's text), the static call graph across files, cache keys that change
 * when a function's text or anything it (transitively) calls changes, and the driver's entry
 * points: DriverEntry, the unload routines, every handler registered in a characteristics
 * structure with its role, and functions whose address is taken.
 */
import type { CharObject } from '../analysis/characteristics';
import { worldEnv } from '../analysis/worlds';
import { catalog } from '../model/catalogView';
import type { Driver, SourceFile } from '../model/driver';
import type { Expr as FactExpr, FunctionFact, InitList } from '../model/facts';
import { evaluate, type EvalEnv } from '../parser/cexpr';
import { buildCfg, TooComplex, type Expr, type FnCfg } from './cfg';
import { DEREGISTER, REGISTER } from './semantics';
import type { Val } from './state';

export interface FnInfo {
  /** `<fileId>.<name>` (with `#n` for a second definition of the name in one file). */
  readonly id: string;
  readonly name: string;
  readonly uri: string;
  /** Absolute start offset of the definition. */
  readonly start: number;
  readonly fact: FunctionFact;
  /** Undefined when the function is too complex to analyse (it is then treated as opaque). */
  readonly cfg: FnCfg | undefined;
  readonly text: string;
  /** Hash of the function's own text. */
  readonly ownHash: string;
  /** Hash of its text and of everything it transitively depends on (memo key). */
  deepKey: string;
  /** Driver functions it calls directly. */
  readonly calls: FnInfo[];
}

/** A function registered in a characteristics structure. */
export interface HandlerInfo {
  readonly fn: string;
  readonly role: string;
  readonly member: string;
  /** The characteristics struct's driver kind. */
  readonly driverKind: string;
  /** Registration call sites (`<fnId>@<rel>`) whose characteristics name it. */
  readonly sites: readonly string[];
}

export interface RegistrationInfo {
  readonly site: string;
  readonly ddi: string;
  /** Miniports: NDIS_INTERMEDIATE_DRIVER in Flags. */
  readonly variant: 'im' | 'plain' | '?';
}

export interface Program {
  readonly driver: Driver;
  readonly fns: readonly FnInfo[];
  readonly byId: ReadonlyMap<string, FnInfo>;
  /** Functions by name (every definition). */
  readonly byName: ReadonlyMap<string, readonly FnInfo[]>;
  readonly globals: ReadonlySet<string>;
  readonly globalInits: ReadonlyMap<string, Val>;
  readonly env: EvalEnv;
  readonly handlers: readonly HandlerInfo[];
  /** Registration call sites with their characteristics-derived details. */
  readonly registrations: ReadonlyMap<string, RegistrationInfo>;
  readonly driverEntry: FnInfo | undefined;
  /** Unload routines: name → how it was found. */
  readonly unloads: ReadonlyMap<string, 'DriverUnload' | 'MINIPORT_UNLOAD' | 'PROTOCOL_UNINSTALL'>;
  /** An unload routine is set whose code the driver's files do not contain (what it deregisters is unknown). */
  readonly unloadUnknown: boolean;
  /** Functions whose address is taken outside characteristics (dispatch routines, callbacks). */
  readonly addressTaken: ReadonlySet<string>;
  /** Hash of everything outside function bodies the analysis depends on. */
  readonly envHash: string;
  /**
   * Variable and member names the driver tests in conditions (`if (Registered)`, `x == c`):
   * integer values in such locations are part of the property state (flags guarding teardown).
   */
  readonly flagNames: ReadonlySet<string>;
  /** Resolve a call from `caller` to a driver function. */
  resolve(caller: FnInfo | undefined, name: string): FnInfo | undefined;
  /** File id of a URI, and back. */
  fileId(uri: string): string;
  uriOf(fileId: string): string | undefined;
  /** Absolute position of a site `<fnId>@<rel>`. */
  locate(site: string): { uri: string; start: number; fn: FnInfo } | undefined;
}

/** Caches that live as long as the driver: CFGs by function text, file ids. */
interface CfgEntry {
  readonly cfg: FnCfg | null;
  /** Hash of the function's id, parameters and text. */
  readonly hash: string;
}

/** What a file's functions mapped to in the previous analysis: `start:end:name` → entry. */
interface FileCfgs {
  readonly text: string;
  readonly byPos: Map<string, CfgEntry>;
}

export interface ProgramCache {
  /** Deep keys of the last analysis: function id → its inputs and key. */
  deepKeys: Map<string, { readonly inputs: string; readonly key: string }>;
  /** Per file, the last text and its functions' entries (an edit reuses everything outside it). */
  readonly files: Map<string, FileCfgs>;
  /** Values of global initializers by their text. */
  readonly inits: Map<string, Val | null>;
  /** CFGs by function text, then by id and parameters (no concatenation: texts are large). */
  readonly cfgs: Map<string, Map<string, CfgEntry>>;
  readonly nextCfgs: Map<string, Map<string, CfgEntry>>;
  readonly fileIds: Map<string, string>;
}

export function newProgramCache(): ProgramCache {
  return { deepKeys: new Map(), files: new Map(), inits: new Map(), cfgs: new Map(), nextCfgs: new Map(), fileIds: new Map() };
}

/** cyrb53: a fast 53-bit string hash, as base-36 text. */
export function hash(s: string, seed = 0): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** Names of functions a characteristics member value refers to. */
function fnNameOf(v: CharObject['values'][number]): string | undefined {
  if (v.value.k === 'ident' || v.value.k === 'addr') return v.value.name;
  const m = /^\(*\s*(?:\([^)]*\)\s*)?&?\s*([A-Za-z_]\w*)\s*\)*$/.exec(v.expr.text.trim());
  return m?.[1];
}

export function buildProgram(driver: Driver, objects: readonly CharObject[], cache: ProgramCache): Program {
  const index = driver.getIndex();
  const files = driver.sortedFiles().filter((f) => f.facts && f.tree && f.pre);
  const fileId = (uri: string): string => {
    let id = cache.fileIds.get(uri);
    if (!id) {
      id = 'f' + cache.fileIds.size.toString(36);
      cache.fileIds.set(uri, id);
    }
    return id;
  };
  const uriById = new Map<string, string>();
  for (const [u, id] of cache.fileIds) uriById.set(id, u);

  const fns: FnInfo[] = [];
  const byId = new Map<string, FnInfo>();
  const byName = new Map<string, FnInfo[]>();
  for (const f of files) {
    const fid = fileId(f.uri);
    uriById.set(fid, f.uri);
    const seen = new Map<string, number>();
    const full = f.pre!.text;
    // Functions outside the edited region are unchanged: find them by (shifted) position.
    const prev = cache.files.get(f.uri);
    let prefix = 0;
    let suffix = 0;
    if (prev && prev.text !== full) {
      prefix = commonPrefix(prev.text, full);
      suffix = commonSuffix(prev.text, full, prefix);
    } else if (prev) prefix = full.length;
    const delta = prev ? full.length - prev.text.length : 0;
    const byPos = new Map<string, CfgEntry>();
    for (const fact of f.facts!.functions) {
      if (!fact.isDefinition || !fact.body) continue;
      const n = seen.get(fact.name) ?? 0;
      seen.set(fact.name, n + 1);
      const id = `${fid}.${fact.name}${n ? '#' + n : ''}`;
      const text = full.slice(fact.start, fact.end);
      let entry: CfgEntry | undefined;
      if (prev) {
        // Strictly outside the change (a function touching its edges may have changed).
        if (fact.end < prefix) entry = prev.byPos.get(`${fact.start}:${fact.end}:${id}`);
        else if (fact.start > full.length - suffix) entry = prev.byPos.get(`${fact.start - delta}:${fact.end - delta}:${id}`);
      }
      entry ??= cfgFor(f, fact, id, text, fact.params.map((p) => p.name).filter((p) => p && p !== '...'), cache);
      byPos.set(`${fact.start}:${fact.end}:${id}`, entry);
      const info: FnInfo = {
        id, name: fact.name, uri: f.uri, start: fact.start, fact, cfg: entry.cfg ?? undefined, text,
        ownHash: entry.hash, deepKey: '', calls: [],
      };
      fns.push(info);
      byId.set(id, info);
      const list = byName.get(fact.name);
      if (list) list.push(info);
      else byName.set(fact.name, [info]);
    }
    cache.files.set(f.uri, { text: full, byPos });
  }
  // Drop CFGs no function uses any more.
  for (const uri of [...cache.files.keys()]) if (!files.some((f) => f.uri === uri)) cache.files.delete(uri);
  cache.cfgs.clear();
  for (const [k, v] of cache.nextCfgs) cache.cfgs.set(k, v);
  cache.nextCfgs.clear();

  const resolve = (caller: FnInfo | undefined, name: string): FnInfo | undefined => {
    const list = byName.get(name);
    if (!list) return undefined;
    if (caller) {
      const same = list.find((x) => x.uri === caller.uri);
      if (same) return same;
    }
    return list.find((x) => !x.fact.isStatic) ?? list[0];
  };
  for (const f of fns) {
    const calls = f.calls as FnInfo[];
    for (const c of f.cfg?.callees ?? []) {
      const t = resolve(f, c);
      if (t && !calls.includes(t)) calls.push(t);
    }
  }

  const macroParts: string[] = [];
  for (const [name, defs] of [...index.macros].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    for (const d of defs) macroParts.push(`#${name}(${d.params?.join(',') ?? ''})${d.body}`);
  }
  const macroHash = hash(macroParts.join('\n'));
  const globals = new Set<string>();
  for (const [name, vs] of index.globals) if (vs.some((v) => !/\(/.test(v.type))) globals.add(name);
  const env = worldEnv(index, driver.config, undefined);
  const globalInits = new Map<string, Val>();
  for (const [name, vs] of index.globals) {
    const v = vs.find((x) => x.init && !('kind' in x.init));
    if (!v || !v.init || 'kind' in v.init) continue;
    const initKey = `${macroHash}|${v.init.text}`;
    let val = cache.inits.get(initKey);
    if (val === undefined) {
      const r = evaluate(v.init.text, { ...env, undefinedIsZero: false });
      val = r.k === 'int' && r.v !== 0 ? { k: 'int', v: r.v, lit: true } : null;
      if (cache.inits.size > 5000) cache.inits.clear();
      cache.inits.set(initKey, val);
    }
    if (val) globalInits.set(name, val);
  }

  // Handlers and registrations from the characteristics objects (all worlds).
  const handlerMap = new Map<string, { fn: string; role: string; member: string; driverKind: string; sites: Set<string> }>();
  const registrations = new Map<string, RegistrationInfo>();
  const siteOf = (uri: string, start: number): string | undefined => {
    const fn = fns.find((x) => x.uri === uri && x.start <= start && start < x.start + x.text.length);
    return fn ? `${fn.id}@${start - fn.start}` : undefined;
  };
  for (const obj of objects) {
    if (!obj.registrations.length) continue;
    const sites = obj.registrations.map((r) => siteOf(r.uri, r.call.start)).filter((s): s is string => !!s);
    for (const r of obj.registrations) {
      const site = siteOf(r.uri, r.call.start);
      if (!site) continue;
      let variant: RegistrationInfo['variant'] = 'plain';
      if (r.ddi.name === 'NdisMRegisterMiniportDriver') {
        const flags = obj.values.filter((v) => v.path === 'Flags');
        if (obj.opaque) variant = '?';
        for (const f of flags) {
          if (f.value.k !== 'int') variant = '?';
          else if (f.value.v & 1) variant = 'im';
        }
      }
      const prev = registrations.get(site);
      registrations.set(site, { site, ddi: r.ddi.name, variant: prev && prev.variant !== variant ? '?' : variant });
    }
    for (const m of obj.struct.members) {
      if (!m.role) continue;
      for (const v of obj.values) {
        if (v.path !== m.name) continue;
        const fn = fnNameOf(v);
        if (!fn || !byName.has(fn)) continue;
        const key = `${fn}|${m.role}`;
        let h = handlerMap.get(key);
        if (!h) handlerMap.set(key, (h = { fn, role: m.role, member: m.name, driverKind: obj.struct.driverKind ?? '', sites: new Set() }));
        for (const s of sites) h.sites.add(s);
      }
    }
  }
  const handlers: HandlerInfo[] = [...handlerMap.values()].map((h) => ({ ...h, sites: [...h.sites].sort() }));

  // Entry points.
  let driverEntry = byName.get('DriverEntry')?.[0];
  if (!driverEntry) {
    for (const [name, decls] of index.roleDecls) if (decls.some((d) => d.role === 'DRIVER_INITIALIZE') && byName.has(name)) driverEntry = byName.get(name)![0];
  }
  const unloads = new Map<string, 'DriverUnload' | 'MINIPORT_UNLOAD' | 'PROTOCOL_UNINSTALL'>();
  let unloadUnknown = false;
  const isNull = (t: string): boolean => /^\(*\s*(NULL|0|nullptr)\s*\)*$/.test(t.trim());
  for (const f of files) {
    for (const w of f.facts!.writes) {
      if (w.path[w.path.length - 1] !== 'DriverUnload' || isNull(w.value.text)) continue;
      const m = /^\(*\s*(?:\([^)]*\)\s*)?&?\s*([A-Za-z_]\w*)\s*\)*$/.exec(w.value.text.trim());
      const fn = m?.[1];
      if (fn && byName.has(fn)) unloads.set(fn, 'DriverUnload');
      else unloadUnknown = true;
    }
  }
  for (const h of handlers) {
    if (h.role === 'MINIPORT_UNLOAD') unloads.set(h.fn, 'MINIPORT_UNLOAD');
    if (h.role === 'PROTOCOL_UNINSTALL') unloads.set(h.fn, 'PROTOCOL_UNINSTALL');
  }
  // Unload members naming functions defined nowhere in the driver (handlers only lists defined ones).
  for (const obj of objects) {
    for (const v of obj.values) {
      if (v.path !== 'UnloadHandler' && v.path !== 'UninstallHandler') continue;
      if (isNull(v.expr.text) || (v.value.k === 'int' && v.value.v === 0)) continue;
      const fn = fnNameOf(v);
      if (!fn || !byName.has(fn)) unloadUnknown = true;
    }
  }
  for (const name of unloads.keys()) if (!byName.get(name)?.some((f) => f.cfg)) unloadUnknown = true;

  const special = new Set<string>([...handlers.map((h) => h.fn), ...unloads.keys(), ...(driverEntry ? [driverEntry.name] : [])]);
  const addressTaken = new Set<string>();
  for (const f of fns) for (const r of f.cfg?.refs ?? []) if (byName.has(r) && !special.has(r) && r !== f.name) addressTaken.add(r);
  for (const [, vs] of index.globals) {
    for (const v of vs) {
      if (!v.init) continue;
      // Dispatch tables: function names among the initializer's values.
      const texts: string[] = [];
      const stack: (InitList | FactExpr)[] = [v.init];
      while (stack.length && texts.length < 10_000) {
        const x = stack.pop()!;
        if ('kind' in x) for (const e of x.entries) stack.push(e.value);
        else texts.push(x.text);
      }
      for (const t of texts) for (const id of t.match(/[A-Za-z_]\w*/g) ?? []) if (byName.has(id) && !special.has(id)) addressTaken.add(id);
    }
  }

  // The environment every function's result depends on.
  const envParts = [...macroParts];
  envParts.push('G', ...[...globals].sort(), 'I', ...[...globalInits].map(([k, v]) => `${k}=${JSON.stringify(v)}`));
  envParts.push('F', ...fns.map((f) => `${f.id}:${f.fact.params.map((p) => p.name).join(',')}:${f.fact.isStatic ? 's' : ''}`));
  envParts.push('H', ...handlers.map((h) => `${h.fn}|${h.role}|${h.sites.join(',')}`));
  envParts.push('R', ...[...registrations.values()].map((r) => `${r.site}|${r.variant}`));
  envParts.push('U', ...[...unloads.keys()].sort(), 'E', driverEntry?.id ?? '');
  envParts.push('C', [...driver.config.defines].map(([k, v]) => `${k}=${v}`).join(';'), driver.config.source);
  const envHash = hash(envParts.join('\n'));

  // Deep keys: a function's text plus everything reachable from it, including the handlers NDIS
  // calls synchronously inside the DDIs it calls.
  const syncRoles = new Set<string>();
  for (const d of catalog.DDI_LIST) for (const r of d.callsSynchronously ?? []) syncRoles.add(r);
  const handlerFns = new Map<string, FnInfo[]>();
  for (const h of handlers) {
    const f = resolve(undefined, h.fn);
    if (!f) continue;
    const list = handlerFns.get(h.role) ?? [];
    list.push(f);
    handlerFns.set(h.role, list);
  }
  const syncDeps = (f: FnInfo): FnInfo[] => {
    const out: FnInfo[] = [];
    if (!f.cfg) return out;
    for (const c of syncCalleesOf(f.cfg)) {
      for (const role of catalog.ddi(c)?.callsSynchronously ?? []) out.push(...(handlerFns.get(role) ?? []));
      if (REGISTER.has(c)) for (const [role, list] of handlerFns) if (catalog.sameRole(role, 'SET_OPTIONS')) out.push(...list);
    }
    return out;
  };
  cache.deepKeys = computeDeepKeys(fns, (f) => [...f.calls, ...syncDeps(f)], envHash, cache.deepKeys);

  const flagNames = new Set<string>();
  for (const f of fns) if (f.cfg) for (const n of testedNamesOf(f.cfg)) flagNames.add(n);

  return {
    driver, fns, byId, byName, globals, globalInits, env, handlers, registrations, driverEntry, unloads, unloadUnknown, addressTaken, envHash, flagNames,
    resolve,
    fileId,
    uriOf: (id) => uriById.get(id),
    locate(raw: string) {
      const site = raw.endsWith('!') ? raw.slice(0, -1) : raw;
      const at = site.lastIndexOf('@');
      const fn = byId.get(site.slice(0, at));
      if (!fn) return undefined;
      return { uri: fn.uri, start: fn.start + Number(site.slice(at + 1)), fn };
    },
  };
}

const TESTED = new WeakMap<FnCfg, readonly string[]>();
const SYNC_CALLEES = new WeakMap<FnCfg, readonly string[]>();

/** The callees inside which NDIS may call the driver's handlers (cached per CFG). */
function syncCalleesOf(cfg: FnCfg): readonly string[] {
  let out = SYNC_CALLEES.get(cfg);
  if (!out) {
    out = cfg.callees.filter((c) => catalog.ddi(c)?.callsSynchronously || REGISTER.has(c) || DEREGISTER.has(c));
    SYNC_CALLEES.set(cfg, out);
  }
  return out;
}

/** Names a function tests in its conditions (cached per CFG). */
function testedNamesOf(cfg: FnCfg): readonly string[] {
  let t = TESTED.get(cfg);
  if (!t) {
    const out = new Set<string>();
    for (const n of cfg.nodes) if ((n.k === 'branch' || n.k === 'switch') && n.x) testedNames(n.x, out, 0);
    t = [...out];
    TESTED.set(cfg, t);
  }
  return t;
}

/** Names tested by a condition: `X`, `!X`, `p->X == c`, operands of `&&`/`||`. */
function testedNames(x: Expr, out: Set<string>, depth: number): void {
  if (depth > 16) return;
  switch (x.t) {
    case 'id':
      out.add(x.name);
      return;
    case 'field':
      out.add(x.f);
      return;
    case 'un':
      if (x.op === '!') testedNames(x.x, out, depth + 1);
      return;
    case 'cast':
      testedNames(x.x, out, depth + 1);
      return;
    case 'bin':
      if (x.op === '&&' || x.op === '||' || x.op === '==' || x.op === '!=') {
        testedNames(x.l, out, depth + 1);
        testedNames(x.r, out, depth + 1);
      }
      return;
    default:
      return;
  }
}

const CHUNK = 2048;

/** Length of the common prefix of two strings (chunk comparisons run natively). */
function commonPrefix(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let i = 0;
  while (i + CHUNK <= max && a.slice(i, i + CHUNK) === b.slice(i, i + CHUNK)) i += CHUNK;
  while (i < max && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Length of the common suffix of two strings, not overlapping a common prefix of `prefix`. */
function commonSuffix(a: string, b: string, prefix: number): number {
  const max = Math.min(a.length, b.length) - prefix;
  let n = 0;
  while (n + CHUNK <= max && a.slice(a.length - n - CHUNK, a.length - n) === b.slice(b.length - n - CHUNK, b.length - n)) n += CHUNK;
  while (n < max && a.charCodeAt(a.length - 1 - n) === b.charCodeAt(b.length - 1 - n)) n++;
  return n;
}

/**
 * Deep keys: a function's own hash combined with the deep keys of everything it depends on.
 * Strongly connected components (recursion) share one key. Tarjan's algorithm, iteratively.
 */
function computeDeepKeys(
  fns: readonly FnInfo[],
  depsOf: (f: FnInfo) => readonly FnInfo[],
  envHash: string,
  prev: ReadonlyMap<string, { readonly inputs: string; readonly key: string }>,
): Map<string, { readonly inputs: string; readonly key: string }> {
  const next = new Map<string, { readonly inputs: string; readonly key: string }>();
  const depCache = new Map<FnInfo, readonly FnInfo[]>();
  const deps = (f: FnInfo): readonly FnInfo[] => {
    let d = depCache.get(f);
    if (!d) depCache.set(f, (d = depsOf(f)));
    return d;
  };
  const index = new Map<FnInfo, number>();
  const low = new Map<FnInfo, number>();
  const onStack = new Set<FnInfo>();
  const stack: FnInfo[] = [];
  let counter = 0;
  for (const root of fns) {
    if (index.has(root)) continue;
    const work: { f: FnInfo; ds: readonly FnInfo[]; i: number }[] = [{ f: root, ds: deps(root), i: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length) {
      const top = work[work.length - 1]!;
      if (top.i < top.ds.length) {
        const c = top.ds[top.i++]!;
        if (!index.has(c)) {
          index.set(c, counter);
          low.set(c, counter++);
          stack.push(c);
          onStack.add(c);
          work.push({ f: c, ds: deps(c), i: 0 });
        } else if (onStack.has(c)) low.set(top.f, Math.min(low.get(top.f)!, index.get(c)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.f, Math.min(low.get(parent.f)!, low.get(top.f)!));
      if (low.get(top.f) !== index.get(top.f)) continue;
      // top.f is the root of an SCC: pop it; callees outside it already have their keys.
      const scc: FnInfo[] = [];
      for (;;) {
        const x = stack.pop()!;
        onStack.delete(x);
        scc.push(x);
        if (x === top.f) break;
      }
      const parts = new Set<string>();
      for (const x of scc) parts.add(x.ownHash);
      for (const x of scc) for (const c of deps(x)) if (!scc.includes(c)) parts.add(c.deepKey);
      const inputs = envHash + '|' + [...parts].sort().join(',');
      // Same inputs as last time (the usual case after an edit elsewhere): same key, no hashing.
      const old = prev.get(top.f.id);
      const key = old && old.inputs === inputs ? old.key : hash(inputs);
      for (const x of scc) {
        x.deepKey = key;
        next.set(x.id, { inputs, key });
      }
    }
  }
  return next;
}

function cfgFor(f: SourceFile, fact: FunctionFact, id: string, text: string, params: readonly string[], cache: ProgramCache): CfgEntry {
  const sub = id + '\u0000' + params.join(',');
  let next = cache.nextCfgs.get(text);
  let entry = next?.get(sub);
  if (entry !== undefined) return entry;
  entry = cache.cfgs.get(text)?.get(sub);
  if (entry === undefined) {
    let cfg: FnCfg | null = null;
    const node = findDefinition(f, fact);
    if (node) {
      try {
        cfg = buildCfg(node, params);
      } catch (e) {
        if (!(e instanceof TooComplex) && !(e instanceof RangeError)) throw e;
        cfg = null;
      }
    }
    entry = { cfg, hash: hash(text, hash(sub).length) + hash(sub) };
  }
  if (!next) cache.nextCfgs.set(text, (next = new Map()));
  next.set(sub, entry);
  return entry;
}

function findDefinition(f: SourceFile, fact: FunctionFact) {
  let n = f.tree!.rootNode.namedDescendantForIndex(fact.start, fact.end);
  for (let g = 0; n && g < 64; g++) {
    if (n.type === 'function_definition' && n.startIndex === fact.start) return n;
    if (n.startIndex < fact.start) break;
    n = n.parent;
  }
  // Fallback: descend from the root to the definition starting at fact.start.
  let cur = f.tree!.rootNode;
  for (let g = 0; g < 256; g++) {
    let next = null;
    for (let i = 0; i < cur.namedChildCount; i++) {
      const c = cur.namedChild(i)!;
      if (c.startIndex <= fact.start && fact.end <= c.endIndex) { next = c; break; }
    }
    if (!next) return null;
    if (next.type === 'function_definition' && next.startIndex === fact.start) return next;
    cur = next;
  }
  return null;
}
