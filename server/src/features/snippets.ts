/**
 * Code the features write into the driver: handler names in the driver's own naming style, a
 * handler stub with its role-typedef declaration and signature, and a whole characteristics
 * structure filled for an NDIS version.
 */
import { catalog, type NdisVersion, type RoleDef, type StructDef } from '../model/catalogView';
import { infFacts } from '../model/projectFiles';
import type { DriverModel } from './driverModel';

const KIND_PREFIX = /^(Protocol|Miniport|Filter|Provider|Xxx)/;

/** The role's conventional name without its driver-kind prefix: ProtocolBindAdapterEx → BindAdapterEx. */
export function roleSuffix(role: RoleDef): string {
  return role.docName.replace(KIND_PREFIX, '') || role.docName;
}

/**
 * The prefix the driver puts before its handler names (`Tunp` in TunpBindAdapter), found from the
 * handlers it already registers; else its folder name.
 */
export function handlerPrefix(model: DriverModel): string {
  const votes = new Map<string, number>();
  const names = new Set([...model.handlers.keys(), ...model.unloads.map((u) => u.fn), ...model.index.roleDecls.keys()]);
  for (const fn of names) {
    const role = model.roleOf(fn);
    if (!role || fn === 'DriverEntry') continue;
    const suffixes = role.name === 'DRIVER_UNLOAD' ? [roleSuffix(role), 'Unload'] : [roleSuffix(role)];
    outer: for (const suffix of suffixes) {
      for (let k = suffix.length; k >= 4; k--) {
        const at = fn.indexOf(suffix.slice(0, k));
        if (at > 0) {
          const p = fn.slice(0, at);
          votes.set(p, (votes.get(p) ?? 0) + 1);
          break outer;
        }
      }
    }
  }
  let best: string | undefined;
  for (const [p, n] of votes) if (!best || n > votes.get(best)!) best = p;
  if (best) return best;
  const folder = model.driver.name.replace(/[^A-Za-z0-9_]/g, '');
  return folder ? folder[0]!.toUpperCase() + folder.slice(1) : 'Driver';
}

/** A function name for a new handler that no function of the driver has yet. */
export function stubName(model: DriverModel, prefix: string, role: RoleDef, taken: ReadonlySet<string> = new Set()): string {
  const base = `${prefix}${roleSuffix(role)}`;
  let name = base;
  for (let i = 2; model.index.functions.has(name) || model.index.roleDecls.has(name) || taken.has(name); i++) name = `${base}${i}`;
  return name;
}

/** `ROLE Name;` — the declaration SDV, Code Analysis and NDIS107 look for. */
export function roleDeclaration(name: string, role: RoleDef): string {
  return `${role.name} ${name};`;
}

/** A definition with the role's exact signature that does nothing NDIS would object to. */
export function stubDefinition(name: string, role: RoleDef, indent = '    '): string {
  const params = role.params.length ? `\n${role.params.map((p) => `${indent}${p.type} ${p.name}`).join(',\n')}\n${indent})` : 'VOID)';
  const body = role.params.map((p) => `${indent}UNREFERENCED_PARAMETER(${p.name});`);
  const ret = role.returnType.trim();
  if (ret === 'NDIS_STATUS') body.push(`${indent}return NDIS_STATUS_SUCCESS;`);
  else if (ret === 'NTSTATUS') body.push(`${indent}return STATUS_SUCCESS;`);
  else if (ret === 'BOOLEAN') body.push(`${indent}return FALSE;`);
  else if (ret !== 'VOID' && ret !== 'void') body.push(`${indent}return 0;`);
  return ['_Use_decl_annotations_', ret, `${name}(${params}`, '{', `${indent}// TODO: ${role.docName}; NDIS calls it at ${role.irql.exact ? role.irql.max : `<= ${role.irql.max}`}.`, ...body, '}'].join('\n');
}

/** Escape text for a snippet. */
function esc(s: string): string {
  return s.replace(/[\\$}]/g, (c) => `\\${c}`);
}

/**
 * Declare `X` of the structure, zero it, set the Header triple and versions for `version`, the
 * name members, and every mandatory handler (plus optional ones the driver has functions for).
 */
export function characteristicsSnippet(model: DriverModel, struct: StructDef, version: NdisVersion, prefix: string, snippet: boolean): string {
  let tab = 1;
  const ph = (def: string): string => (snippet ? `\${${++tab}:${esc(def)}}` : def);
  const varDefault = `${prefix}${struct.driverKind === 'provider' ? 'Provider' : (struct.driverKind ?? '').replace(/^./, (c) => c.toUpperCase())}Chars`;
  const v = snippet ? '$1' : varDefault;
  const lines: string[] = [];
  lines.push(`${struct.name} ${snippet ? `\${1:${varDefault}}` : varDefault};`, '');
  lines.push(`NdisZeroMemory(&${v}, sizeof(${v}));`);
  const rev = catalog.requiredRevision(struct, version.minor) ?? 1;
  const r = catalog.revisionDef(struct, rev);
  lines.push(`${v}.Header.Type = ${struct.objectType ?? 'NDIS_OBJECT_TYPE_DEFAULT'};`);
  lines.push(`${v}.Header.Revision = ${r?.revisionConstant ?? 'NDIS_OBJECT_REVISION_1'};`);
  lines.push(`${v}.Header.Size = ${r?.sizeConstant ?? `sizeof(${struct.name})`};`);
  if (catalog.member(struct, 'MajorNdisVersion')) {
    lines.push(`${v}.MajorNdisVersion = 6;`, `${v}.MinorNdisVersion = ${version.minor};`);
  }
  const infs = infFacts(model.driver.root);
  const service = infs.flatMap((f) => f.services)[0] ?? (model.driver.name.toUpperCase().replace(/[^A-Z0-9_]/g, '') || 'MYDRIVER');
  if (struct.driverKind === 'protocol') lines.push(`NdisInitUnicodeString(&${v}.Name, L"${ph(service)}");`);
  if (struct.driverKind === 'filter') {
    const guid = infs.flatMap((f) => f.netCfgInstanceIds)[0] ?? '{00000000-0000-0000-0000-000000000000}';
    const friendly = infs.flatMap((f) => f.descriptions)[0] ?? `${model.driver.name} filter`;
    lines.push(`NdisInitUnicodeString(&${v}.FriendlyName, L"${ph(friendly)}");`);
    lines.push(`NdisInitUnicodeString(&${v}.UniqueName, L"${ph(guid)}");`);
    lines.push(`NdisInitUnicodeString(&${v}.ServiceName, L"${ph(service)}");`);
  }
  const taken = new Set<string>();
  for (const m of struct.members) {
    if (!m.role || m.sinceRevision > rev) continue;
    const role = catalog.role(m.role);
    if (!role) continue;
    const fits = (x: string): boolean => x === role.name || catalog.sameRole(x, role.name);
    const existing = [...model.index.roleDecls].find(([, decls]) => decls.some((d) => fits(d.role)))?.[0];
    if (m.requirement !== 'required' && !existing) continue;
    const name = existing ?? stubName(model, prefix, role, taken);
    taken.add(name);
    lines.push(`${v}.${m.name} = ${ph(name)};`);
  }
  if (snippet) lines.push('$0');
  return lines.join('\n');
}
