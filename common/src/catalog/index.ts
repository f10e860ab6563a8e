/**
 * Public API of the NDIS catalog. Pure data and lookups; every lookup is a Map built once at
 * module load. Imports nothing outside common/.
 */
import { STRUCTS } from './structs';
import { versionByMinor } from './versions';
import type { MemberDef, RevisionDef, StructDef } from './types';

export type * from './types';

export {
  VERSIONS,
  versionByMinor,
  versionByLabel,
  versionFromBuildMacro,
  builtinMacrosFor,
  isVersionMacro,
} from './versions';
export { STRUCTS, CHARACTERISTICS } from './structs';
export { CONSTANTS, CONSTANT_LIST, constant } from './constants';
export { ROLES, role, sameRole } from './roles';
export { DDIS, DDI_LIST, REGISTRATION_DDIS, ddi } from './ddis';
export { STATUSES, STATUS_LIST, status, statusByValue } from './statuses';
export { BUGCHECK_0x7C, bugCheckParam } from './bugchecks';

/** Type names (plain, pointer typedef, struct tag) → struct. */
const TYPE_NAMES = new Map<string, { struct: StructDef; pointer: boolean }>();
for (const s of Object.values(STRUCTS)) {
  TYPE_NAMES.set(s.name, { struct: s, pointer: false });
  TYPE_NAMES.set(s.tag, { struct: s, pointer: false });
  TYPE_NAMES.set(s.pointerTypedef, { struct: s, pointer: true });
}

/**
 * Resolve a C type spelling to a catalog struct. Accepts the typedef name, the pointer typedef,
 * the struct tag with or without `struct`, and one trailing `*`, ignoring whitespace and
 * const/volatile qualifiers: "NDIS_PROTOCOL_DRIVER_CHARACTERISTICS",
 * "PNDIS_PROTOCOL_DRIVER_CHARACTERISTICS", "struct _NDIS_PROTOCOL_DRIVER_CHARACTERISTICS",
 * "NDIS_PROTOCOL_DRIVER_CHARACTERISTICS *". Pointers to pointers return undefined.
 */
export function structByTypeName(
  typeName: string,
): { struct: StructDef; pointer: boolean } | undefined {
  let s = typeName.replace(/\b(const|CONST|volatile)\b/g, ' ');
  const stars = (s.match(/\*/g) ?? []).length;
  s = s.replace(/\*/g, ' ').trim().replace(/^struct\s+/, '').replace(/\s+/g, '');
  const hit = TYPE_NAMES.get(s);
  if (!hit) return undefined;
  const depth = stars + (hit.pointer ? 1 : 0);
  if (depth > 1) return undefined;
  return { struct: hit.struct, pointer: depth === 1 };
}

/**
 * The Header.Revision a structure needs for a driver declaring MinorNdisVersion `minor`: the
 * versionRevisions entry with the greatest fromMinor <= minor. Undefined when `minor` is not a
 * released NDIS 6 minor version (that is NDIS104's problem) or the struct has no matrix.
 */
export function requiredRevision(struct: StructDef, minor: number): number | undefined {
  if (!versionByMinor(minor)) return undefined;
  let best: { fromMinor: number; revision: number } | undefined;
  for (const e of struct.versionRevisions) {
    if (e.fromMinor <= minor && (!best || e.fromMinor > best.fromMinor)) best = e;
  }
  return best?.revision;
}

const memberIndex = new Map<StructDef, Map<string, MemberDef>>();
const revisionIndex = new Map<StructDef, Map<number, RevisionDef>>();
for (const s of Object.values(STRUCTS)) {
  memberIndex.set(s, new Map(s.members.map((m) => [m.name, m])));
  revisionIndex.set(s, new Map(s.revisions.map((r) => [r.revision, r])));
}

function indexFor<K, V>(cache: Map<StructDef, Map<K, V>>, struct: StructDef, build: () => Map<K, V>): Map<K, V> {
  let m = cache.get(struct);
  if (!m) {
    m = build();
    cache.set(struct, m);
  }
  return m;
}

/** A member of a struct by name (case-sensitive, as in C). */
export function member(struct: StructDef, name: string): MemberDef | undefined {
  return indexFor(memberIndex, struct, () => new Map(struct.members.map((m) => [m.name, m]))).get(name);
}

/** A revision row of a struct by its Header.Revision number. */
export function revisionDef(struct: StructDef, revision: number): RevisionDef | undefined {
  return indexFor(revisionIndex, struct, () => new Map(struct.revisions.map((r) => [r.revision, r]))).get(revision);
}
