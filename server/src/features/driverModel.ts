/**
 * What the editor features know about a driver, derived once per analysis state from the cached
 * facts and the characteristics analysis: each characteristics object (its configuration worlds
 * merged), which function is which handler, the unload routines, each function's role and the
 * driver's NDIS version. Cached per driver index, which the model replaces whenever a file's facts
 * change, so requests between edits share one computation.
 */
import { characteristicsObjects, type CharObject, type MemberValue, type Registration } from '../analysis/characteristics';
import { catalog, type MemberDef, type NdisVersion, type RoleDef, type StructDef } from '../model/catalogView';
import type { Driver, DriverIndex, SourceFile } from '../model/driver';
import type { FunctionFact, Span, VarFact } from '../model/facts';
import { intOf } from '../rules/util';
import { stringMember } from '../rules/projectNames';

/** A characteristics (or NET_IF_INFORMATION) object, its worlds merged. */
export interface ObjectInfo {
  readonly key: string;
  readonly name: string;
  readonly struct: StructDef;
  readonly worlds: readonly CharObject[];
  readonly decl: VarFact | undefined;
  readonly declUri: string | undefined;
  /** Registration calls consuming it (any world). */
  readonly registrations: readonly Registration[];
  /** Every value given to a member (any world, de-duplicated). */
  readonly values: readonly MemberValue[];
  /** MinorNdisVersion when every world agrees on one integer. */
  readonly minor: number | undefined;
  /** Header.Revision when every world agrees on one integer. */
  readonly revision: number | undefined;
  /** "protocol", "miniport", "intermediate miniport", "filter", "provider", "interface". */
  readonly kind: string;
  /** The registered name: protocol Name, filter ServiceName (else FriendlyName). */
  readonly registeredName: string | undefined;
}

/** A function given to a handler member. */
export interface HandlerRef {
  readonly fn: string;
  readonly member: MemberDef;
  readonly object: ObjectInfo;
  readonly value: MemberValue;
}

/** A routine NDIS or the I/O manager calls at unload. */
export interface UnloadRef {
  readonly fn: string;
  /** "DriverUnload" (WDM), "MiniportDriverUnload", "ProtocolUninstall". */
  readonly kind: string;
  readonly uri: string;
  /** Where it is assigned. */
  readonly span: Span;
}

export interface DriverModel {
  readonly driver: Driver;
  readonly index: DriverIndex;
  readonly objects: readonly ObjectInfo[];
  /** Handler uses by function name. */
  readonly handlers: ReadonlyMap<string, readonly HandlerRef[]>;
  readonly unloads: readonly UnloadRef[];
  /** The driver's NDIS version: the configuration's, else what registered characteristics declare. */
  readonly version: NdisVersion | undefined;
  /** The role a function plays: its role-typedef declaration, the member it is given to, or DriverUnload. */
  roleOf(fn: string): RoleDef | undefined;
  /** A function's definition and its file. */
  definitionOf(fn: string): { fact: FunctionFact; file: SourceFile } | undefined;
  /** The innermost function definition of a file containing an offset. */
  functionAt(uri: string, offset: number): FunctionFact | undefined;
}

const cache = new WeakMap<DriverIndex, DriverModel>();

export function driverModel(driver: Driver): DriverModel {
  const index = driver.getIndex();
  let m = cache.get(index);
  if (!m) {
    m = build(driver, index);
    cache.set(index, m);
  }
  return m;
}

/** `Foo`, `&Foo`, `(CAST)Foo`, `(Foo)`: the identifier a handler value names. */
export function identOf(text: string): string | undefined {
  const m = /^\(*\s*(?:\(\s*[A-Za-z_]\w*\s*\**\s*\)\s*)?&?\s*\(*\s*([A-Za-z_]\w*)\s*\)*$/.exec(text.trim());
  return m && m[1] !== 'NULL' ? m[1] : undefined;
}

function build(driver: Driver, index: DriverIndex): DriverModel {
  let all: CharObject[] = [];
  try {
    all = characteristicsObjects(driver);
  } catch {
    all = []; // the analysis logs its own failures; features degrade to what the facts alone say
  }
  const byKey = new Map<string, CharObject[]>();
  for (const o of all) {
    const arr = byKey.get(o.key);
    if (arr) arr.push(o);
    else byKey.set(o.key, [o]);
  }
  const objects: ObjectInfo[] = [];
  for (const [key, worlds] of byKey) objects.push(objectInfo(key, worlds, index));

  const handlers = new Map<string, HandlerRef[]>();
  for (const object of objects) {
    for (const value of object.values) {
      if (value.path.includes('.')) continue;
      const member = catalog.member(object.struct, value.path);
      if (!member?.role) continue;
      const fn = identOf(value.expr.text);
      if (!fn) continue;
      const arr = handlers.get(fn);
      const ref = { fn, member, object, value };
      if (arr) arr.push(ref);
      else handlers.set(fn, [ref]);
    }
  }

  const unloads: UnloadRef[] = [];
  for (const f of driver.sortedFiles()) {
    for (const w of f.facts?.writes ?? []) {
      if (w.path.length !== 1 || w.path[0] !== 'DriverUnload' || w.obj.via !== 'pointer') continue;
      const fn = identOf(w.value.text);
      if (fn) unloads.push({ fn, kind: 'DriverUnload', uri: f.uri, span: { start: w.start, end: w.end } });
    }
  }
  for (const [fn, refs] of handlers) {
    for (const r of refs) {
      if (r.member.role === 'MINIPORT_UNLOAD') unloads.push({ fn, kind: 'MiniportDriverUnload', uri: r.value.uri, span: r.value.assignSpan });
      if (r.member.role === 'PROTOCOL_UNINSTALL') unloads.push({ fn, kind: 'ProtocolUninstall', uri: r.value.uri, span: r.value.assignSpan });
    }
  }

  let version = driver.config.version;
  if (!version) {
    for (const o of objects) {
      if (o.registrations.length && o.minor !== undefined) version ??= catalog.versionByMinor(o.minor);
    }
  }

  const roleCache = new Map<string, RoleDef | undefined>();
  const roleOf = (fn: string): RoleDef | undefined => {
    if (roleCache.has(fn)) return roleCache.get(fn);
    let role: RoleDef | undefined;
    for (const d of index.roleDecls.get(fn) ?? []) role ??= catalog.role(d.role);
    for (const h of handlers.get(fn) ?? []) role ??= h.member.role ? catalog.role(h.member.role) : undefined;
    if (!role && unloads.some((u) => u.fn === fn && u.kind === 'DriverUnload')) role = catalog.role('DRIVER_UNLOAD');
    if (!role && fn === 'DriverEntry') role = catalog.role('DRIVER_INITIALIZE');
    roleCache.set(fn, role);
    return role;
  };

  let defs: Map<string, { fact: FunctionFact; file: SourceFile }> | undefined;
  const definitionOf = (fn: string): { fact: FunctionFact; file: SourceFile } | undefined => {
    if (!defs) {
      defs = new Map();
      for (const file of driver.sortedFiles()) {
        for (const fact of file.facts?.functions ?? []) if (fact.isDefinition && !defs.has(fact.name)) defs.set(fact.name, { fact, file });
      }
    }
    return defs.get(fn);
  };

  const functionAt = (uri: string, offset: number): FunctionFact | undefined => {
    const file = index.fileOf(uri);
    let best: FunctionFact | undefined;
    for (const f of file?.facts?.functions ?? []) {
      if (f.isDefinition && f.start <= offset && offset <= f.end && (!best || f.start > best.start)) best = f;
    }
    return best;
  };

  return { driver, index, objects, handlers, unloads, version, roleOf, definitionOf, functionAt };
}

function objectInfo(key: string, worlds: readonly CharObject[], index: DriverIndex): ObjectInfo {
  const primary = worlds[0]!;
  const regs = new Map<string, Registration>();
  const values = new Map<string, MemberValue>();
  for (const w of worlds) {
    for (const r of w.registrations) regs.set(`${r.uri}@${r.call.start}`, r);
    for (const v of w.values) values.set(`${v.uri}@${v.assignSpan.start}@${v.path}`, v);
  }
  const agreed = (path: string): number | undefined => {
    let out: number | undefined;
    for (const w of worlds) {
      const v = intOf(w, path);
      if (v === undefined || (out !== undefined && out !== v)) return undefined;
      out = v;
    }
    return out;
  };
  const s = primary.struct;
  const flags = agreed('Flags') ?? 0;
  const kind =
    s.name === 'NET_IF_INFORMATION' ? 'interface' : s.driverKind === 'miniport' && flags & 1 ? 'intermediate miniport' : (s.driverKind ?? 'structure');
  const nameMember = s.driverKind === 'protocol' ? ['Name'] : s.driverKind === 'filter' ? ['ServiceName', 'FriendlyName'] : [];
  let registeredName: string | undefined;
  for (const m of nameMember) registeredName ??= stringMember(primary, m, index);
  return {
    key, name: primary.name, struct: s, worlds, decl: primary.decl, declUri: primary.declUri,
    registrations: [...regs.values()], values: [...values.values()],
    minor: agreed('MinorNdisVersion'), revision: agreed('Header.Revision'), kind, registeredName,
  };
}

/** The object a registration call (by file and start offset) consumes. */
export function objectOfCall(model: DriverModel, uri: string, start: number): ObjectInfo | undefined {
  return model.objects.find((o) => o.registrations.some((r) => r.uri === uri && r.call.start === start));
}

/** The conventional name of a role's function (DriverUnload for the WDM unload, not FilterDriverUnload). */
export function roleLabel(role: RoleDef): string {
  return role.name === 'DRIVER_UNLOAD' ? 'DriverUnload' : role.docName;
}

/** How NDIS describes the IRQL of a role or DDI: "PASSIVE_LEVEL" (exact) or "<= DISPATCH_LEVEL". */
export function irqlText(spec: { max: string; exact?: boolean }): string {
  return spec.exact ? spec.max : `<= ${spec.max}`;
}
