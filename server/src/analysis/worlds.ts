/**
 * Configurations ("worlds") under which to judge conditional facts.
 *
 * Facts carry the `#if` conditions around them. With a known build configuration there is one
 * world: every condition is evaluated. Without one, all branches are kept and the analysis runs
 * once per consistent combination of the conditions that matter, so facts from mutually exclusive
 * branches are never combined. Conditions about NDIS versions (NDIS630, NDIS_SUPPORT_NDIS680, ...)
 * are enumerated by version, so `#if NDIS_SUPPORT_NDIS680` and `#if NDIS680` stay consistent.
 */
import { evaluateCondition, type EvalEnv, type MacroBody } from '../parser/cexpr';
import type { Conditions, MacroFact } from '../model/facts';
import type { BuildConfig } from '../model/config';
import type { DriverIndex } from '../model/driver';
import { catalog } from '../model/catalogView';

/** Most worlds analysed for one object; past this the remaining atoms take their first branch. */
const MAX_WORLDS = 32;

export interface World {
  /** Truth of each condition expression (as written) in this world. */
  readonly atoms: ReadonlyMap<string, boolean>;
  /** The NDIS version this world assumes, when it assumes one. */
  readonly version: string | undefined;
  /** Short description for messages, e.g. "NDIS_SUPPORT_NDIS680" or "!DBG"; "" for the only world. */
  readonly label: string;
}

/** Does a fact with these conditions exist in the world? Unknown atoms count as holding. */
export function holds(conds: Conditions, world: World): boolean {
  for (const c of conds) {
    const v = world.atoms.get(c.expr);
    if (v === undefined) continue;
    if (v === c.negated) return false;
  }
  return true;
}

/** An evaluation environment for values and conditions in a world. */
export function worldEnv(index: DriverIndex, config: BuildConfig, world: World | undefined): EvalEnv {
  const configured = config.source !== 'unknown';
  const versionDefines = world?.version ? versionMacros(world.version) : undefined;
  const pick = (name: string): MacroFact | undefined => {
    const defs = index.macros.get(name);
    if (!defs) return undefined;
    let found: MacroFact | undefined;
    for (const d of defs) if (!world || holds(d.conds, world)) found = d;
    return found;
  };
  return {
    macro(name: string): MacroBody | undefined {
      if (config.defines.has(name) || versionDefines?.has(name)) return undefined;
      const d = pick(name);
      return d ? { name, body: d.body, ...(d.params ? { params: d.params } : {}) } : undefined;
    },
    isDefined(name: string): boolean | undefined {
      if (config.defines.has(name) || versionDefines?.has(name)) return true;
      if (pick(name)) return true;
      if (configured) return false;
      if (world?.version && catalog.isVersionMacro(name)) return false;
      return undefined;
    },
    constant(name: string): number | undefined {
      const d = config.defines.get(name) ?? versionDefines?.get(name);
      if (typeof d === 'number') return d;
      return catalog.constant(name)?.value;
    },
    undefinedIsZero: configured || world?.version !== undefined,
  };
}

const versionMacroCache = new Map<string, ReadonlyMap<string, number>>();
function versionMacros(label: string): ReadonlyMap<string, number> {
  let m = versionMacroCache.get(label);
  if (!m) {
    const v = catalog.versionByLabel(label);
    m = v ? catalog.builtinMacrosFor(v) : new Map();
    versionMacroCache.set(label, m);
  }
  return m;
}

/** Identifiers in an expression text. */
function identifiers(text: string): string[] {
  return text.match(/[A-Za-z_]\w*/g) ?? [];
}

/**
 * The worlds in which to judge facts with the given condition sets. `macroNames` are the macros
 * the facts' values use: their definitions' conditions matter too.
 */
export function enumerateWorlds(
  condSets: readonly Conditions[],
  macroNames: Iterable<string>,
  index: DriverIndex,
  config: BuildConfig,
): World[] {
  // Collect the condition atoms that matter, following macro definitions transitively.
  const atoms = new Set<string>();
  for (const cs of condSets) for (const c of cs) atoms.add(c.expr);
  const seen = new Set<string>();
  const queue = [...macroNames];
  while (queue.length && seen.size < 500) {
    const name = queue.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    for (const d of index.macros.get(name) ?? []) {
      for (const c of d.conds) atoms.add(c.expr);
      for (const id of identifiers(d.body)) if (!seen.has(id) && index.macros.has(id)) queue.push(id);
    }
  }
  // Macros named in the conditions themselves may be conditional too (one level is enough in practice).
  if (atoms.size === 0) return [{ atoms: new Map(), version: config.version?.label, label: '' }];

  const configured = config.source !== 'unknown';
  if (configured) {
    const env = worldEnv(index, config, undefined);
    const m = new Map<string, boolean>();
    for (const a of atoms) {
      const v = evaluateCondition(a, env);
      m.set(a, v ?? false);
    }
    return [{ atoms: m, version: config.version?.label, label: '' }];
  }

  // Unconfigured: version atoms are enumerated by version, the rest as free atoms.
  const list = [...atoms];
  const isVersionAtom = (a: string): boolean => identifiers(a).some((id) => catalog.isVersionMacro(id));
  const versionAtoms = list.filter(isVersionAtom);
  const freeAtoms = list.filter((a) => !isVersionAtom(a));

  // Version dimension: one candidate per distinct truth vector.
  type Partial = { atoms: Map<string, boolean>; version: string | undefined };
  let partials: Partial[] = [];
  if (versionAtoms.length) {
    const byKey = new Map<string, Partial>();
    for (const v of catalog.VERSIONS) {
      const env = worldEnv(index, config, { atoms: new Map(), version: v.label, label: '' });
      const m = new Map<string, boolean>();
      for (const a of versionAtoms) {
        const r = evaluateCondition(a, env);
        if (r !== undefined) m.set(a, r);
      }
      const key = versionAtoms.map((a) => (m.has(a) ? (m.get(a) ? '1' : '0') : '?')).join('');
      // Keep the highest version per vector: later versions overwrite (VERSIONS is ascending).
      byKey.set(key, { atoms: m, version: v.label });
    }
    partials = [...byKey.values()];
    // The version is not known to the analysis: drop it (values of NDIS_*_MINOR_VERSION stay unknown).
    partials = partials.map((p) => ({ atoms: p.atoms, version: undefined }));
  } else {
    partials = [{ atoms: new Map(), version: undefined }];
  }

  // Free atoms: those the driver's own unconditional defines decide are fixed; others enumerated.
  const baseEnv = worldEnv(index, config, { atoms: new Map(), version: undefined, label: '' });
  const undecided: string[] = [];
  const fixed = new Map<string, boolean>();
  for (const a of freeAtoms) {
    const r = evaluateCondition(a, baseEnv);
    if (r === undefined) undecided.push(a);
    else fixed.set(a, r);
  }
  const worlds: World[] = [];
  const budget = Math.max(1, Math.floor(MAX_WORLDS / Math.max(1, partials.length)));
  const enumerated = undecided.slice(0, Math.floor(Math.log2(budget)));
  const rest = undecided.slice(enumerated.length);
  const combos = 1 << enumerated.length;
  for (const p of partials) {
    for (let mask = 0; mask < combos; mask++) {
      const m = new Map(p.atoms);
      for (const [a, v] of fixed) m.set(a, v);
      enumerated.forEach((a, i) => m.set(a, (mask & (1 << i)) !== 0));
      // Atoms past the budget take the branch written first (the `#if` side).
      for (const a of rest) m.set(a, true);
      worlds.push({ atoms: m, version: p.version, label: describe(m, atoms) });
    }
  }
  return worlds;
}

function describe(m: ReadonlyMap<string, boolean>, atoms: ReadonlySet<string>): string {
  const parts: string[] = [];
  for (const a of atoms) {
    const v = m.get(a);
    if (v === undefined) continue;
    parts.push(v ? a : `!(${a})`);
  }
  return parts.join(' && ');
}
