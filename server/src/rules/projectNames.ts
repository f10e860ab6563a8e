/**
 * Shared by the project-file rules (NDIS113–NDIS115) and the editor features: the string a name
 * member of a characteristics object holds, and the INFs that describe the driver's installation.
 */
import { resolveValue, type CharObject } from '../analysis/characteristics';
import type { DriverIndex } from '../model/driver';
import { infFacts, type InfFacts } from '../model/projectFiles';

/**
 * The string a name member holds: a literal, a string macro, or a variable initialised with one
 * (`Chars.Name = ProtocolName;` after `NDIS_STRING ProtocolName = NDIS_STRING_CONST("TUNPROT");`).
 */
export function stringMember(obj: CharObject, member: string, index: DriverIndex): string | undefined {
  return stringValueOf(obj, member, index)?.text;
}

/** As stringMember, with the value that gives it (for where to report). */
export function stringValueOf(obj: CharObject, member: string, index: DriverIndex): { text: string; value: CharObject['values'][number] } | undefined {
  for (const v of obj.values) {
    if (v.path !== member && v.path !== `${member}.Buffer`) continue;
    if (v.value.k === 'string') return { text: v.value.text, value: v };
    if (v.value.k !== 'ident') continue;
    const variable = index.locals.get(v.fn)?.get(v.value.name) ?? index.globals.get(v.value.name)?.[0];
    const init = variable?.init;
    if (!init) continue;
    if (!('kind' in init)) {
      const r = resolveValue(init.text, obj.env);
      if (r.k === 'string') return { text: r.text, value: v };
      continue;
    }
    for (const e of init.entries) {
      if ('kind' in e.value) continue;
      const r = resolveValue(e.value.text, obj.env);
      if (r.k === 'string') return { text: r.text, value: v };
    }
  }
  return undefined;
}

/** INFs that install a protocol or filter service (not the adapters' `Class = Net` INFs). */
export function serviceInfs(root: string): InfFacts[] {
  return infFacts(root).filter((f) => f.class?.toLowerCase() !== 'net' && (f.services.length > 0 || f.netCfgInstanceIds.length > 0));
}

/** `tunprot.inf` from a path. */
export function infName(f: InfFacts): string {
  return f.path.split(/[\\/]/).pop() ?? f.path;
}

/** Where a finding about a value goes: its member name if it has one, else the value. */
export function memberAt(v: CharObject['values'][number]): { uri: string; start: number; end: number } {
  const span = v.memberSpan ?? v.expr;
  return { uri: v.uri, start: span.start, end: span.end };
}
