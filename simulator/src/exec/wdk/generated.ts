/**
 * The parts of the virtual ndis.h that come straight from the NDIS catalog, so interpreter and
 * analysis share one source of truth:
 * - the WDK's derivation of NDIS_SUPPORT_NDIS6xx and NDIS_{MINIPORT,PROTOCOL,FILTER}_*_VERSION
 *   from the build macros (NDIS630=1, NDIS680_MINIPORT=1, ...), as preprocessor text;
 * - constants (object types, revisions and NDIS_SIZEOF_* — revision constants only under the
 *   NDIS_SUPPORT_* macro the WDK puts them under — flags, ifTypes, OIDs) and NDIS_STATUS values;
 * - catalog structures (NDIS_OBJECT_HEADER, the four characteristics, NET_IF_INFORMATION,
 *   NDIS_OPEN_PARAMETERS, registration attributes) from their member lists in order;
 * - handler role typedefs with their pointer typedefs, and the catalog DDIs' prototypes.
 */
import { CONSTANT_LIST, DDI_LIST, ROLES, STATUS_LIST, STRUCTS, VERSIONS } from '../../../../common/src/catalog';
import type { StructDef } from '../../../../common/src/catalog';

/** Role typedefs the base header writes by hand (WDM ones). */
const HAND_ROLES = new Set(['DRIVER_INITIALIZE', 'DRIVER_UNLOAD']);

/** NDIS version derivation, highest build macro wins (as ndis.h does). */
export function versionDerivation(): string {
  const lines: string[] = ['/* NDIS version from the build macros. */'];
  const desc = [...VERSIONS].sort((a, b) => b.minor - a.minor);
  desc.forEach((v, i) => {
    lines.push(`${i === 0 ? '#if' : '#elif'} defined(${v.miniportMacro}) || defined(${v.buildMacro})`);
    lines.push(`#define NDISWB_NDIS_MINOR ${v.minor}`);
  });
  lines.push('#endif');
  lines.push('#ifdef NDISWB_NDIS_MINOR');
  for (const v of VERSIONS) {
    lines.push(`#if NDISWB_NDIS_MINOR >= ${v.minor}`, `#define ${v.supportMacro} 1`, '#else', `#define ${v.supportMacro} 0`, '#endif');
  }
  lines.push('#define NDIS_SUPPORT_60_COMPATIBLE_API (NDISWB_NDIS_MINOR <= 1)');
  const miniport = desc.map((v) => `defined(${v.miniportMacro})`).join(' || ');
  lines.push(`#if ${miniport}`, '#define NDIS_MINIPORT_MAJOR_VERSION 6', '#define NDIS_MINIPORT_MINOR_VERSION NDISWB_NDIS_MINOR', '#define NDIS_MINIPORT_MINIMUM_MAJOR_VERSION 6', '#define NDIS_MINIPORT_MINIMUM_MINOR_VERSION NDISWB_NDIS_MINOR', '#endif');
  const other = desc.map((v) => `defined(${v.buildMacro})`).join(' || ');
  lines.push(`#if ${other}`);
  for (const family of ['PROTOCOL', 'FILTER']) {
    lines.push(`#define NDIS_${family}_MAJOR_VERSION 6`, `#define NDIS_${family}_MINOR_VERSION NDISWB_NDIS_MINOR`);
    lines.push(`#define NDIS_${family}_MINIMUM_MAJOR_VERSION 6`, `#define NDIS_${family}_MINIMUM_MINOR_VERSION NDISWB_NDIS_MINOR`);
  }
  lines.push('#endif', '#endif');
  return lines.join('\n');
}

function literal(v: number): string {
  if (v > 0x7fffffff) return `0x${v.toString(16).toUpperCase()}U`;
  return v < 0 ? `(${v})` : String(v);
}

/** Constants and statuses as #defines. */
export function constantDefines(): string {
  const out: string[] = ['/* Constants (catalog). */'];
  for (const c of CONSTANT_LIST) {
    const rev = c.struct !== undefined && c.revision !== undefined ? STRUCTS[c.struct]?.revisions.find((r) => r.revision === c.revision) : undefined;
    const guard = (c.kind === 'revision' || c.kind === 'sizeof') && rev?.requiresMacro ? rev.requiresMacro : undefined;
    if (guard) out.push(`#if ${guard}`);
    out.push(`#define ${c.name} ${literal(c.value)}`);
    if (guard) out.push('#endif');
  }
  out.push('/* NDIS_STATUS values (catalog). */');
  for (const s of STATUS_LIST) out.push(`#define ${s.name} ((NDIS_STATUS)0x${s.value.toString(16).toUpperCase()}L)`);
  const extra: [string, number][] = [
    ['NDIS_STATUS_LINK_STATE', 0x40010017],
    ['NDIS_STATUS_MEDIA_CONNECT', 0x4001000b],
    ['NDIS_STATUS_MEDIA_DISCONNECT', 0x4001000c],
    ['NDIS_STATUS_OPER_STATUS', 0x40010021],
    ['NDIS_STATUS_MULTICAST_FULL', 0xc0010009],
    ['NDIS_STATUS_MULTICAST_EXISTS', 0xc001000a],
    ['NDIS_STATUS_MULTICAST_NOT_FOUND', 0xc001000b],
    ['NDIS_STATUS_LOW_POWER_STATE', 0xc023002f],
  ];
  const known = new Set(STATUS_LIST.map((s) => s.name));
  for (const [n, v] of extra) if (!known.has(n)) out.push(`#define ${n} ((NDIS_STATUS)0x${v.toString(16).toUpperCase()}L)`);
  return out.join('\n');
}

/** One catalog structure from its member list. */
export function structDefinition(s: StructDef): string {
  const body = s.members.map((m) => `    ${m.cType} ${m.name};`).join('\n');
  const bare = s.tag.replace(/^_/, '');
  return `typedef struct ${s.tag} {\n${body}\n} ${bare}, *${s.pointerTypedef};`;
}

/** Role typedefs (`typedef NDIS_STATUS (PROTOCOL_BIND_ADAPTER_EX)(...)`) and pointer typedefs. */
export function roleTypedefs(): string {
  const out: string[] = ['/* Handler roles (catalog). */'];
  const pointers = new Set<string>();
  const done = new Set<string>(HAND_ROLES);
  for (const r of ROLES.values()) {
    if (done.has(r.name)) continue;
    done.add(r.name);
    const params = r.params.length ? r.params.map((p) => `${p.type} ${p.name}`).join(', ') : 'VOID';
    out.push(`typedef ${r.returnType} (${r.name})(${params});`);
    if (r.pointerTypedef && !pointers.has(r.pointerTypedef)) {
      pointers.add(r.pointerTypedef);
      out.push(`typedef ${r.name} (*${r.pointerTypedef});`);
    }
  }
  return out.join('\n');
}

/** Prototypes of the catalog DDIs. */
export function ddiPrototypes(): string {
  const out: string[] = ['/* DDIs (catalog). */'];
  for (const d of DDI_LIST) {
    const params = d.params.length ? d.params.map((p) => `${p.type} ${p.name}`).join(', ') : 'VOID';
    out.push(`${d.returnType} ${d.name}(${params});`);
  }
  return out.join('\n');
}

/** Catalog structures in dependency order (the header first). */
export function catalogStructs(): { header: string; rest: string } {
  const header = structDefinition(STRUCTS.NDIS_OBJECT_HEADER);
  const rest = Object.values(STRUCTS)
    .filter((s) => s.name !== 'NDIS_OBJECT_HEADER')
    .map(structDefinition)
    .join('\n\n');
  return { header, rest };
}
