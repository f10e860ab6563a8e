/**
 * Footprints: which global locations a function can see, transitively through the functions it
 * calls and the handlers NDIS calls inside the DDIs it uses. A call's input state is projected
 * onto its callee's footprint, so memoised results are reused whenever what the callee can see
 * is the same, whatever else differs.
 */
import { catalog } from '../model/catalogView';
import type { Expr, FnCfg } from './cfg';
import type { FnInfo, Program } from './program';
import { DEREGISTER, REGISTER } from './semantics';
import { under } from './state';

/** What a function can see: the global paths it (transitively) names, and whether it needs every handle. */
export interface Footprint {
  readonly paths: readonly string[];
  readonly allHandles: boolean;
}

const OWN_PATHS = new WeakMap<FnCfg, readonly string[]>();

/** Paths rooted at identifiers that are not this function's locals (candidate globals), cached per CFG. */
export function ownPaths(cfg: FnCfg): readonly string[] {
  let p = OWN_PATHS.get(cfg);
  if (p) return p;
  const out = new Set<string>();
  const isGlobal = (name: string): boolean => !cfg.locals.has(name) && !cfg.params.includes(name) && !cfg.statics.has(name);
  for (const n of cfg.nodes) {
    if (n.x) globalPaths(n.x, isGlobal, out, 0);
    for (const c of n.cases ?? []) if (c.v) globalPaths(c.v, isGlobal, out, 0);
  }
  p = [...out].map((x) => x.slice(2));
  OWN_PATHS.set(cfg, p);
  return p;
}

/**
 * Global locations an expression names: `G` → g:G; `G.A.B` → g:G.A.B (member accesses with `.`
 * stop at the first `->`, whose target is reached through the value).
 */
function globalPaths(x: Expr, isGlobal: (name: string) => boolean, out: Set<string>, depth: number): void {
  if (depth > 64) return;
  const d = depth + 1;
  switch (x.t) {
    case 'id':
      if (isGlobal(x.name)) out.add(`g:${x.name}`);
      return;
    case 'field': {
      if (!x.arrow) {
        const path: string[] = [x.f];
        let cur: Expr = x.x;
        while (cur.t === 'field' && !cur.arrow) {
          path.unshift(cur.f);
          cur = cur.x;
        }
        if (cur.t === 'id' && isGlobal(cur.name)) {
          out.add(`g:${cur.name}.${path.join('.')}`);
          return;
        }
        globalPaths(cur, isGlobal, out, d);
        return;
      }
      globalPaths(x.x, isGlobal, out, d);
      return;
    }
    case 'call':
      if (x.fe) globalPaths(x.fe, isGlobal, out, d);
      for (const a of x.args) globalPaths(a, isGlobal, out, d);
      return;
    case 'assign':
    case 'bin':
    case 'comma':
      globalPaths(x.l, isGlobal, out, d);
      globalPaths(x.r, isGlobal, out, d);
      return;
    case 'un':
    case 'upd':
    case 'cast':
      globalPaths(x.x, isGlobal, out, d);
      return;
    case 'index':
      globalPaths(x.x, isGlobal, out, d);
      globalPaths(x.i, isGlobal, out, d);
      return;
    case 'cond':
      globalPaths(x.c, isGlobal, out, d);
      globalPaths(x.a, isGlobal, out, d);
      globalPaths(x.b, isGlobal, out, d);
      return;
    case 'init':
      for (const i of x.items) globalPaths(i, isGlobal, out, d);
      return;
    default:
      return;
  }
}

/** The global paths a function can read or write (transitively), and whether it needs all handle records. */
export function computeFootprint(prog: Program, fn: FnInfo): Footprint {
  const paths = new Set<string>();
  let allHandles = false;
  const seen = new Set<FnInfo>([fn]);
  const stack = [fn];
  while (stack.length) {
    const cur = stack.pop()!;
    const cfg = cur.cfg;
    if (!cfg) {
      allHandles = true;
      for (const g of prog.globals) paths.add(`g:${g}`);
      continue;
    }
    for (const path of ownPaths(cfg)) {
      const dot = path.indexOf('.');
      if (prog.globals.has(dot < 0 ? path : path.slice(0, dot))) paths.add(`g:${path}`);
    }
    for (const st of cfg.statics) paths.add(`g:${cur.name}::${st}`);
    for (const c of cfg.callees) {
      const t = prog.resolve(cur, c);
      if (t) {
        if (!seen.has(t)) { seen.add(t); stack.push(t); }
        continue;
      }
      if (REGISTER.has(c) || DEREGISTER.has(c) || c === 'NdisIMAssociateMiniport') allHandles = true;
      const roles = [...(catalog.ddi(c)?.callsSynchronously ?? []), ...(REGISTER.has(c) ? ['SET_OPTIONS'] : [])];
      for (const role of roles) {
        for (const h of prog.handlers) {
          if (!catalog.sameRole(h.role, role)) continue;
          const hf = prog.resolve(undefined, h.fn);
          if (hf && !seen.has(hf)) { seen.add(hf); stack.push(hf); }
        }
      }
    }
  }
  // Drop paths inside other paths.
  const list = [...paths].sort();
  const kept: string[] = [];
  for (const p of list) if (!kept.some((k) => under(p, k))) kept.push(p);
  return { paths: kept, allHandles };
}
