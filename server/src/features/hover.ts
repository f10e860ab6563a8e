/**
 * Hover: NDIS DDIs (signature, IRQL, each status and what causes it, ordering, version), structures,
 * members (with the revision/version matrix on Header.Revision), constants, status codes, role
 * typedefs, and the driver's handlers (the role and the IRQL NDIS calls them at) — on handler
 * assignments too. Everything comes from the catalog and the driver's cached analysis.
 */
import type { Connection, Hover } from 'vscode-languageserver/node';
import { catalog, type StructDef } from '../model/catalogView';
import { constantMarkdown, ddiMarkdown, handlerMarkdown, memberMarkdown, revisionMatrix, roleMarkdown, statusMarkdown, structMarkdown } from './catalogDocs';
import { accessBefore, resolveBase, structAtPath } from './cursor';
import { identOf, type ObjectInfo, roleLabel } from './driverModel';
import { documentContext, wordAt, type DocContext, type FeatureServices } from './services';

export function register(connection: Connection, s: FeatureServices): void {
  connection.onHover(async (params): Promise<Hover | null> => {
    const ctx = await documentContext(s, params.textDocument.uri);
    if (!ctx) return null;
    const h = hoverAt(ctx, ctx.offsetAt(params.position));
    if (!h) return null;
    return { contents: { kind: 'markdown', value: h.value }, range: { start: ctx.positionAt(h.start), end: ctx.positionAt(h.end) } };
  });
}

/** Markdown for the identifier at `offset`, with its range. */
export function hoverAt(ctx: DocContext, offset: number): { value: string; start: number; end: number } | undefined {
  const w = wordAt(ctx.text, offset);
  if (!w) return undefined;
  const value = memberHover(ctx, w) ?? catalogHover(w.word) ?? handlerHover(ctx, w.word);
  return value ? { value, start: w.start, end: w.end } : undefined;
}

/** A member of a characteristics object: from the analysis, else from the access chain's type. */
function memberHover(ctx: DocContext, w: { word: string; start: number; end: number }): string | undefined {
  for (const obj of ctx.model.objects) {
    for (const v of obj.values) {
      if (v.uri !== ctx.uri) continue;
      if (v.memberSpan && v.memberSpan.start <= w.start && w.end <= v.memberSpan.end) return memberText(ctx, obj.struct, v.path, obj, v.expr.text);
    }
  }
  const access = accessBefore(ctx.text, w.start);
  if (!access) return undefined;
  const fn = ctx.model.functionAt(ctx.uri, w.start)?.name ?? '';
  const base = resolveBase(ctx.model, fn, access.base);
  if (base) return memberText(ctx, base.struct, [...access.path, w.word].join('.'), base.object, undefined);
  // Unknown base: a member name only one catalog structure has.
  const owners = Object.values(catalog.STRUCTS).filter((s) => catalog.member(s, w.word) && s.name !== 'NDIS_OBJECT_HEADER');
  return owners.length === 1 ? memberText(ctx, owners[0]!, w.word, undefined, undefined) : undefined;
}

function memberText(ctx: DocContext, struct: StructDef, path: string, obj: ObjectInfo | undefined, valueText: string | undefined): string | undefined {
  const parts = path.split('.');
  const owner = structAtPath(struct, parts.slice(0, -1));
  const member = owner ? catalog.member(owner, parts.at(-1)!) : undefined;
  if (!owner || !member) return undefined;
  const minor = obj?.minor ?? ctx.model.version?.minor;
  const out = [memberMarkdown(owner, member)];
  if (owner.name === 'NDIS_OBJECT_HEADER' && owner !== struct) {
    if (member.name === 'Revision') out.push(revisionMatrix(struct, minor));
    if (member.name === 'Type' && struct.objectType) out.push(`\`${struct.name}\` needs \`${struct.objectType}\`${struct.toleratedObjectTypes?.length ? ` (NDIS also accepts ${struct.toleratedObjectTypes.map((t) => `\`${t}\``).join(', ')})` : ''}.`);
    if (member.name === 'Size') {
      const rev = obj?.revision ?? (minor !== undefined ? catalog.requiredRevision(struct, minor) : undefined);
      const r = rev !== undefined ? catalog.revisionDef(struct, rev) : undefined;
      if (r) out.push(`For revision ${r.revision}: \`${r.sizeConstant}\` (${r.sizeX64} bytes on x64, ${r.sizeX86} on x86); \`sizeof(${struct.name})\` also works.`);
    }
  }
  const fn = valueText ? identOf(valueText) : undefined;
  if (member.role && fn) {
    const role = catalog.role(member.role);
    if (role) out.push(`**${fn}** is assigned here: NDIS calls it as ${roleLabel(role)} at **${role.irql.exact ? role.irql.max : `<= ${role.irql.max}`}**.`);
  }
  return out.join('\n\n---\n\n');
}

function catalogHover(word: string): string | undefined {
  const ddi = catalog.ddi(word);
  if (ddi) return ddiMarkdown(ddi);
  const role = catalog.role(word);
  if (role) return roleMarkdown(role);
  const struct = catalog.structByTypeName(word)?.struct;
  if (struct) return structMarkdown(struct);
  const status = catalog.status(word);
  if (status) return statusMarkdown(status);
  const constant = catalog.constant(word);
  if (constant) return constantMarkdown(constant);
  return undefined;
}

/** A function of the driver that NDIS calls: its role, IRQL, and the members it is registered as. */
function handlerHover(ctx: DocContext, word: string): string | undefined {
  const role = ctx.model.roleOf(word);
  if (!role) return undefined;
  const uses: { struct: string; member: string }[] = (ctx.model.handlers.get(word) ?? []).map((h) => ({ struct: h.object.struct.name, member: h.member.name }));
  for (const u of ctx.model.unloads) if (u.fn === word && u.kind === 'DriverUnload') uses.push({ struct: 'DRIVER_OBJECT', member: 'DriverUnload' });
  return handlerMarkdown(word, role, uses);
}
