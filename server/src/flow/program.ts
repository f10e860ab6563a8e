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
import type { FunctionFact } from '../model/facts';
import { evaluate, type EvalEnv } from '../parser/cexpr';
import { buildCfg, TooComplex, type FnCfg } from './cfg';
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
  /** Functions whose address is taken outside characteristics (dispatch routines, callbacks). */
  readonly addressTaken: ReadonlySet<string>;
  /** Hash of everything outside function bodies the analysis depends on. */
  readonly envHash: string;
  /** Resolve a call from `caller` to a driver function. */
  resolve(caller: FnInfo | undefined, name: string): FnInfo | undefined;
  /** File id of a URI, and back. */
  fileId(uri: string): string;
  uriOf(fileId: string): string | undefined;
  /** Absolute position of a site `<fnId>@<rel>`. */
  locate(site: string): { uri: string; start: number; fn: FnInfo } | undefined;
}

/** Caches that live as long as the driver: CFGs by function text, file ids. */
export interface ProgramCache {
  readonly cfgs: Map<string, FnCfg | null>;
  readonly nextCfgs: Map<string, FnCfg | null>;
  readonly fileIds: Map<string, string>;
}

export function newProgramCache(): ProgramCache {
  return { cfgs: new Map(), nextCfgs: new Map(), fileIds: new Map() };
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
    for (const fact of f.facts!.functions) {
      if (!fact.isDefinition || !fact.body) continue;
      const n = seen.get(fact.name) ?? 0;
      seen.set(fact.name, n + 1);
      const id = `${fid}.${fact.name}${n ? '#' + n : ''}`;
      const text = f.pre!.text.slice(fact.start, fact.end);
      const params = fact.params.map((p) => p.name).filter((p) => p && p !== '...');
      const cfg = cfgFor(f, fact, text, params, cache);
      const info: FnInfo = {
        id, name: fact.name, uri: f.uri, start: fact.start, fact, cfg: cfg ?? undefined, text,
        ownHash: hash(`${id}\u0000${params.join(',')}\u0000${text}`), deepKey: '', calls: [],
      };
      fns.push(info);
      byId.set(id, info);
      const list = byName.get(fact.name);
      if (list) list.push(info);
      else byName.set(fact.name, [info]);
    }
  }
  // Drop CFGs no function uses any more.
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

  const globals = new Set<string>();
  for (const [name, vs] of index.globals) if (vs.some((v) => !/\(/.test(v.type))) globals.add(name);
  const env = worldEnv(index, driver.config, undefined);
  const globalInits = new Map<string, Val>();
  for (const [name, vs] of index.globals) {
    const v = vs.find((x) => x.init && !('kind' in x.init));
    if (!v || !v.init || 'kind' in v.init) continue;
    const val = evaluate(v.init.text, { ...env, undefinedIsZero: false });
    if (val.k === 'int' && val.v !== 0) globalInits.set(name, { k: 'int', v: val.v, lit: true });
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
  for (const f of files) {
    for (const w of f.facts!.writes) {
      if (w.path[w.path.length - 1] !== 'DriverUnload') continue;
      const m = /^\(*\s*(?:\([^)]*\)\s*)?&?\s*([A-Za-z_]\w*)\s*\)*$/.exec(w.value.text.trim());
      if (m && byName.has(m[1]!)) unloads.set(m[1]!, 'DriverUnload');
    }
  }
  for (const h of handlers) {
    if (h.role === 'MINIPORT_UNLOAD') unloads.set(h.fn, 'MINIPORT_UNLOAD');
    if (h.role === 'PROTOCOL_UNINSTALL') unloads.set(h.fn, 'PROTOCOL_UNINSTALL');
  }

  const special = new Set<string>([...handlers.map((h) => h.fn), ...unloads.keys(), ...(driverEntry ? [driverEntry.name] : [])]);
  const addressTaken = new Set<string>();
  for (const f of fns) for (const r of f.cfg?.refs ?? []) if (byName.has(r) && !special.has(r) && r !== f.name) addressTaken.add(r);
  for (const [, vs] of index.globals) {
    for (const v of vs) {
      if (!v.init) continue;
      const text = 'kind' in v.init ? JSON.stringify(v.init) : v.init.text;
      for (const id of text.match(/[A-Za-z_]\w*/g) ?? []) if (byName.has(id) && !special.has(id)) addressTaken.add(id);
    }
  }

  // The environment every function's result depends on.
  const envParts: string[] = [];
  for (const [name, defs] of [...index.macros].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    for (const d of defs) envParts.push(`#${name}(${d.params?.join(',') ?? ''})${d.body}`);
  }
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
    for (const c of f.cfg?.callees ?? []) {
      const d = catalog.ddi(c);
      if (!d?.callsSynchronously && !REGISTER.has(c) && !DEREGISTER.has(c)) continue;
      for (const role of d?.callsSynchronously ?? []) out.push(...(handlerFns.get(role) ?? []));
      if (REGISTER.has(c)) for (const [role, list] of handlerFns) if (catalog.sameRole(role, 'SET_OPTIONS')) out.push(...list);
    }
    return out;
  };
  for (const f of fns) {
    const seen = new Set<FnInfo>([f]);
    const stack = [f];
    while (stack.length) {
      const cur = stack.pop()!;
      for (const c of [...cur.calls, ...syncDeps(cur)]) if (!seen.has(c)) { seen.add(c); stack.push(c); }
    }
    f.deepKey = hash(envHash + '|' + [...seen].map((x) => x.ownHash).sort().join(','));
  }

  return {
    driver, fns, byId, byName, globals, globalInits, env, handlers, registrations, driverEntry, unloads, addressTaken, envHash,
    resolve,
    fileId,
    uriOf: (id) => uriById.get(id),
    locate(site: string) {
      const at = site.lastIndexOf('@');
      const fn = byId.get(site.slice(0, at));
      if (!fn) return undefined;
      return { uri: fn.uri, start: fn.start + Number(site.slice(at + 1)), fn };
    },
  };
}

function cfgFor(f: SourceFile, fact: FunctionFact, text: string, params: readonly string[], cache: ProgramCache): FnCfg | null {
  const key = params.join(',') + '\u0000' + text;
  let cfg = cache.nextCfgs.get(key);
  if (cfg !== undefined) return cfg;
  cfg = cache.cfgs.get(key);
  if (cfg === undefined) {
    cfg = null;
    const node = findDefinition(f, fact);
    if (node) {
      try {
        cfg = buildCfg(node, params);
      } catch (e) {
        if (!(e instanceof TooComplex) && !(e instanceof RangeError)) throw e;
        cfg = null;
      }
    }
  }
  cache.nextCfgs.set(key, cfg);
  return cfg;
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
