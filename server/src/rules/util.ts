/** Helpers shared by the NDIS1xx rules: reading the Header triple, the declared version, names of values. */
import { valuesOf, type CharObject, type MemberValue } from '../analysis/characteristics';
import { catalog } from '../model/catalogView';
import type { Value } from '../parser/cexpr';
import type { RelatedLocation } from './framework';

/** The single integer a member is given in this world, or undefined (unset, unknown or ambiguous). */
export function intOf(obj: CharObject, path: string): number | undefined {
  let found: number | undefined;
  for (const v of valuesOf(obj, path)) {
    if (v.value.k !== 'int') return undefined;
    if (found !== undefined && found !== v.value.v) return undefined;
    found = v.value.v;
  }
  return found;
}

/** The struct revision the object declares, when it is one known integer. */
export function revisionOf(obj: CharObject): number | undefined {
  return intOf(obj, 'Header.Revision');
}

/** How a value reads in a message: `NDIS_FILTER_CHARACTERISTICS_REVISION_2 (2)`, `0x80`, `sizeof(X)`. */
export function show(v: Value, asHex = false): string {
  switch (v.k) {
    case 'int': {
      const num = asHex ? '0x' + v.v.toString(16).toUpperCase() : String(v.v);
      const name = v.names.find((n) => catalog.constant(n)) ?? v.names[0];
      return name ? `${name} (${num})` : num;
    }
    case 'sizeof':
      return `sizeof(${v.type})`;
    case 'ident':
      return v.name;
    case 'string':
      return `${v.wide ? 'L' : ''}"${v.text}"`;
    case 'addr':
      return `&${v.name}`;
    default:
      return 'an unknown value';
  }
}

/** The first registration call of the object in this world (where "missing" findings go). */
export function firstRegistration(obj: CharObject) {
  return obj.registrations[0];
}

/** Related information pointing at the object's declaration and its registration calls. */
export function objectContext(obj: CharObject, except?: { uri: string; start: number }): RelatedLocation[] {
  const out: RelatedLocation[] = [];
  if (obj.decl && obj.declUri) {
    out.push({ uri: obj.declUri, start: obj.decl.nameSpan.start, end: obj.decl.nameSpan.end, message: `${obj.name} is declared here as ${obj.struct.name}` });
  }
  for (const r of obj.registrations) {
    if (except && r.uri === except.uri && r.call.start === except.start) continue;
    out.push({ uri: r.uri, start: r.call.calleeSpan.start, end: r.call.end, message: `${r.ddi.name} consumes ${obj.name} here` });
  }
  return out;
}

/** Where to report a finding about a value: the value's own range. */
export function at(v: MemberValue): { uri: string; start: number; end: number } {
  return { uri: v.uri, start: v.expr.start, end: v.expr.end };
}

/** The NDIS version label for a MinorNdisVersion, e.g. 30 → "6.30". */
export function versionLabel(minor: number): string {
  return catalog.versionByMinor(minor)?.label ?? `6.${minor}`;
}
