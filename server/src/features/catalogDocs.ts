/**
 * Markdown for hovers and completion items, composed from the NDIS catalog: signatures with SAL
 * directions, the IRQL, what each status means for this call, ordering notes, the version that
 * introduced something, and a structure's revision/version matrix.
 */
import { catalog, type DdiDef, type MemberDef, type RoleDef, type StructDef } from '../model/catalogView';
import type { ConstantDef, ParamDef, StatusDef } from '../../../common/src/catalog/types';
import { irqlText, roleLabel } from './driverModel';

const SAL: Record<ParamDef['direction'], string> = { in: '_In_', in_opt: '_In_opt_', out: '_Out_', inout: '_Inout_' };

function signature(returnType: string, name: string, params: readonly ParamDef[], typedef = false): string {
  const head = `${typedef ? 'typedef ' : ''}${returnType} ${name}(`;
  if (!params.length) return `${head}VOID);`;
  return `${head}\n${params.map((p) => `    ${SAL[p.direction]} ${p.type} ${p.name}`).join(',\n')}\n);`;
}

function codeBlock(code: string): string {
  return '```c\n' + code + '\n```';
}

/** "PASSIVE_LEVEL" or "<= DISPATCH_LEVEL", with the note if the catalog has one. */
export function irqlLine(spec: DdiDef['irql']): string {
  return irqlText(spec) + (spec.note ? ` (${spec.note})` : '');
}

export function ddiMarkdown(d: DdiDef): string {
  const out = [codeBlock(signature(d.returnType, d.name, d.params))];
  const facts = [`**IRQL** ${d.irql.exact ? 'exactly ' : ''}${irqlLine(d.irql)}`, `**since** NDIS ${d.since}`];
  if (d.mustCheck) facts.push('the result must be tested (`_Must_inspect_result_`)');
  out.push(facts.join(' · '));
  out.push(d.doc);
  if (d.statuses.length) {
    out.push('**Returns**\n' + d.statuses.map((s) => `- \`${s.status}\`${statusValue(s.status)}: ${s.when}`).join('\n'));
  }
  if (d.registers) {
    out.push(`Consumes \`${d.registers.struct}\` (argument ${d.registers.structArg + 1}); undone by \`${d.registers.deregister}\`.`);
  }
  if (d.deregisters) out.push(`Undoes \`${d.deregisters.register}\`.`);
  if (d.callsSynchronously?.length) {
    out.push(`NDIS calls ${d.callsSynchronously.map((r) => `\`${(catalog.role(r) ? roleLabel(catalog.role(r)!) : r)}\``).join(', ')} before this call returns.`);
  }
  return out.join('\n\n');
}

function statusValue(name: string): string {
  const s = catalog.status(name);
  return s ? ` (${hex(s.value)})` : '';
}

function hex(n: number): string {
  return '0x' + (n >>> 0).toString(16).toUpperCase().padStart(8, '0');
}

export function statusMarkdown(s: StatusDef): string {
  const sev = s.value >>> 30;
  const cls = ['success', 'informational', 'warning', 'error'][sev]!;
  const out = [codeBlock(`#define ${s.name} ((NDIS_STATUS)${hex(s.value)}L)`), `**${cls}** status${sev < 2 ? ' (NT_SUCCESS is true)' : ''}${s.verified ? '' : ' · value not confirmed by a WDK header'}`, s.doc];
  const users = catalog.DDI_LIST.flatMap((d) => d.statuses.filter((x) => x.status === s.name).map((x) => ({ d, x })));
  if (users.length) {
    out.push('**Returned by**\n' + users.slice(0, 8).map(({ d, x }) => `- \`${d.name}\`: ${x.when}`).join('\n') + (users.length > 8 ? `\n- … and ${users.length - 8} more` : ''));
  }
  return out.join('\n\n');
}

export function constantMarkdown(c: ConstantDef): string {
  const value = c.kind === 'sizeof' ? `${c.value}` : c.value > 9 ? `0x${c.value.toString(16).toUpperCase()}` : `${c.value}`;
  const out = [codeBlock(`#define ${c.name} ${value}`)];
  const facts: string[] = [];
  if (c.kind === 'sizeof') facts.push(`**size** ${c.value} bytes on x64${c.x86Value !== undefined ? `, ${c.x86Value} on x86` : ''}`);
  if (c.struct && c.revision !== undefined) facts.push(`\`${c.struct}\` revision ${c.revision}`);
  if (c.since) facts.push(`**since** NDIS ${c.since}`);
  if (c.verified === false) facts.push('not confirmed by a WDK header');
  if (facts.length) out.push(facts.join(' · '));
  out.push(c.doc);
  return out.join('\n\n');
}

/** Which structure members take a role. */
function membersWithRole(role: RoleDef): string[] {
  const out: string[] = [];
  for (const s of Object.values(catalog.STRUCTS)) {
    for (const m of s.members) if (m.role && (m.role === role.name || catalog.sameRole(m.role, role.name))) out.push(`\`${s.name}.${m.name}\``);
  }
  return out;
}

export function roleMarkdown(r: RoleDef): string {
  const out = [codeBlock(`${irqlAnnotation(r.irql)}\n${signature(r.returnType, r.name, r.params, true)}`)];
  out.push(`**${roleLabel(r)}** · NDIS calls it at **${irqlLine(r.irql)}**${r.pointerTypedef ? ` · pointer type \`${r.pointerTypedef}\`` : ''}`);
  out.push(r.doc);
  const members = membersWithRole(r);
  if (members.length) out.push(`Goes into ${members.join(', ')}. Declare the function with it: \`${r.name} MyHandler;\`.`);
  if (r.sameAs?.length) out.push(`Same typedef as ${r.sameAs.map((x) => `\`${x}\``).join(', ')}.`);
  return out.join('\n\n');
}

function irqlAnnotation(spec: RoleDef['irql']): string {
  return spec.exact ? `_IRQL_requires_(${spec.max})` : `_IRQL_requires_max_(${spec.max})`;
}

export function structMarkdown(s: StructDef): string {
  const out = [codeBlock(`typedef struct ${s.tag} { … } ${s.name}, *${s.pointerTypedef};`)];
  const facts = [`**since** NDIS ${s.since}`];
  if (s.objectType) facts.push(`Header.Type \`${s.objectType}\``);
  if (s.driverKind) facts.push(`${s.driverKind} characteristics`);
  out.push(facts.join(' · '));
  out.push(s.doc);
  const required = s.members.filter((m) => m.role && m.requirement === 'required').map((m) => `\`${m.name}\``);
  if (required.length) out.push(`Mandatory handlers: ${required.join(', ')}.`);
  if (s.revisions.length) out.push(revisionMatrix(s));
  return out.join('\n\n');
}

/** Which Header.Revision/Size each NDIS version needs, with the sizes. */
export function revisionMatrix(s: StructDef, declaredMinor?: number): string {
  const rows: string[] = ['| NDIS | Header.Revision | Header.Size | bytes x64 / x86 |', '|---|---|---|---|'];
  const entries = [...s.versionRevisions].sort((a, b) => a.fromMinor - b.fromMinor);
  const versions = catalog.VERSIONS;
  if (entries.length) {
    entries.forEach((e, i) => {
      const next = entries[i + 1];
      const inRange = versions.filter((v) => v.minor >= e.fromMinor && (!next || v.minor < next.fromMinor));
      const first = inRange[0]?.label ?? `6.${e.fromMinor}`;
      const last = inRange.at(-1)?.label ?? first;
      const r = catalog.revisionDef(s, e.revision);
      rows.push(`| ${first === last ? first : `${first} – ${last}`} | \`${r?.revisionConstant ?? e.revision}\` | \`${r?.sizeConstant ?? '?'}\` | ${r ? `${r.sizeX64} / ${r.sizeX86}` : '?'} |`);
    });
  } else {
    for (const r of s.revisions) rows.push(`| ${r.since} + | \`${r.revisionConstant ?? r.revision}\` | \`${r.sizeConstant}\` | ${r.sizeX64} / ${r.sizeX86} |`);
  }
  const out = [`**Revision / version matrix** of \`${s.name}\``, rows.join('\n')];
  if (declaredMinor !== undefined) {
    const need = catalog.requiredRevision(s, declaredMinor);
    const v = catalog.versionByMinor(declaredMinor);
    if (need !== undefined && v) out.push(`This structure declares NDIS ${v.label}: it needs \`${catalog.revisionDef(s, need)?.revisionConstant ?? need}\`.`);
  }
  out.push(
    s.revisionEnforcedAtRuntime
      ? 'NDIS checks the revision against MinorNdisVersion at registration and fails with `NDIS_STATUS_BAD_CHARACTERISTICS` on a mismatch.'
      : 'A larger revision than the version needs is tolerated; a smaller Size than the revision needs is not.',
  );
  return out.join('\n\n');
}

export function memberMarkdown(s: StructDef, m: MemberDef): string {
  const rev = catalog.revisionDef(s, m.sinceRevision);
  const out = [codeBlock(`${m.cType} ${m.name};  // ${s.name}, offset ${m.offsetX64} on x64`)];
  const facts = [`**${m.requirement}**`];
  if (m.sinceRevision > 1) facts.push(`from revision ${m.sinceRevision}${rev ? ` (\`${rev.revisionConstant ?? rev.revision}\`, NDIS ${rev.since})` : ''}`);
  if (m.role) {
    const role = catalog.role(m.role);
    facts.push(`role \`${m.role}\``);
    if (role) facts.push(`runs at **${irqlLine(role.irql)}**`);
  }
  if (m.pairedWith?.length) facts.push(`set together with ${m.pairedWith.map((x) => `\`${x}\``).join(', ')}`);
  out.push(facts.join(' · '));
  out.push(m.doc);
  if (m.role) {
    const role = catalog.role(m.role);
    if (role) out.push(codeBlock(signature(role.returnType, role.docName, role.params)));
  }
  return out.join('\n\n');
}

/** A handler function: its role, the IRQL NDIS calls it at, and where it is registered. */
export function handlerMarkdown(fn: string, role: RoleDef, uses: readonly { struct: string; member: string }[]): string {
  const out = [`**${fn}** is a **${roleLabel(role)}** handler (\`${role.name}\`)`];
  out.push(`NDIS calls it at **${irqlLine(role.irql)}**.`);
  if (uses.length) out.push(`Registered as ${uses.map((u) => `\`${u.struct}.${u.member}\``).join(', ')}.`);
  out.push(codeBlock(signature(role.returnType, fn, role.params)));
  out.push(role.doc);
  return out.join('\n\n');
}
