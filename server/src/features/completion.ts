/**
 * Completion:
 * - after `Chars.` / `p->` on a characteristics object: the members its revision has, mandatory
 *   ones first, members already assigned left out (and `Header.` → Type, Revision, Size);
 * - after `Chars.Header.Type =` / `.Revision =` / `.Size =`: the constants of this structure, the
 *   one the declared NDIS version needs first; after `MinorNdisVersion =` the released versions;
 *   after `Flags =` the structure's flags;
 * - after `Chars.<Handler> =`: the driver's functions whose role fits the member;
 * - inside a function: a snippet that declares and fills a whole characteristics structure for
 *   the driver's NDIS version, with handler names (the driver's own where it has them).
 */
import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type CompletionList,
  type Connection,
} from 'vscode-languageserver/node';
import { catalog, type MemberDef, type StructDef } from '../model/catalogView';
import { memberMarkdown, constantMarkdown, roleMarkdown, revisionMatrix } from './catalogDocs';
import { accessBefore, assignmentTarget, resolveBase, structAtPath } from './cursor';
import { irqlText, type DriverModel, type ObjectInfo } from './driverModel';
import { characteristicsSnippet, handlerPrefix } from './snippets';
import { documentContext, isIdent, type DocContext, type FeatureServices } from './services';

export function register(connection: Connection, s: FeatureServices): void {
  connection.onCompletion(async (params): Promise<CompletionList | null> => {
    const ctx = await documentContext(s, params.textDocument.uri);
    if (!ctx) return null;
    const snippets = !!s.clientCapabilities().textDocument?.completion?.completionItem?.snippetSupport;
    const items = completionsAt(ctx, ctx.offsetAt(params.position), snippets);
    return items ? { isIncomplete: false, items } : null;
  });
}

/** Completion items at `offset`, or undefined when the position is not an NDIS context. */
export function completionsAt(ctx: DocContext, offset: number, snippets: boolean): CompletionItem[] | undefined {
  const text = ctx.text;
  let wordStart = offset;
  while (wordStart > 0 && isIdent(text.charCodeAt(wordStart - 1))) wordStart--;
  const fn = ctx.model.functionAt(ctx.uri, offset);
  const fnName = fn?.name ?? '';

  // `base.member.` — members.
  const access = accessBefore(text, wordStart);
  if (access) {
    const base = resolveBase(ctx.model, fnName, access.base);
    if (!base) return undefined;
    const struct = structAtPath(base.struct, access.path);
    if (!struct) return undefined;
    return memberItems(ctx.model, base.struct, struct, access.path, base.object);
  }

  // `base.member = ` — values.
  let eq = wordStart;
  while (eq > 0 && /[ \t]/.test(text[eq - 1]!)) eq--;
  if (text[eq - 1] === '=') {
    const target = assignmentTarget(text, eq - 1);
    if (!target) return undefined;
    const base = resolveBase(ctx.model, fnName, target.base);
    if (!base) return undefined;
    return valueItems(ctx.model, base.struct, [...target.path, target.member], base.object);
  }

  // Anywhere in a function body: the characteristics snippets.
  if (fn?.body && offset > fn.body.start && offset < fn.body.end && atStatementStart(text, wordStart)) {
    return snippetItems(ctx, snippets);
  }
  return undefined;
}

function atStatementStart(text: string, pos: number): boolean {
  let i = pos;
  while (i > 0 && /[ \t]/.test(text[i - 1]!)) i--;
  return i === 0 || /[\n;{}]/.test(text[i - 1]!);
}

/** The Header.Revision that applies: declared, else the one the NDIS version needs, else the newest. */
function revisionFor(model: DriverModel, struct: StructDef, object: ObjectInfo | undefined): number {
  if (object?.revision !== undefined && struct.revisions.some((r) => r.revision === object.revision)) return object.revision;
  const minor = object?.minor ?? model.version?.minor;
  const need = minor !== undefined ? catalog.requiredRevision(struct, minor) : undefined;
  return need ?? Math.max(1, ...struct.revisions.map((r) => r.revision));
}

function memberItems(model: DriverModel, root: StructDef, struct: StructDef, path: readonly string[], object: ObjectInfo | undefined): CompletionItem[] {
  const prefix = path.length ? `${path.join('.')}.` : '';
  const assigned = new Set((object?.values ?? []).map((v) => v.path));
  // A member counts as assigned when it, or (for embedded structs) all its sub-members are.
  const isAssigned = (m: MemberDef): boolean => {
    const full = prefix + m.name;
    if (assigned.has(full)) return true;
    const sub = m.struct ? catalog.STRUCTS[m.struct] : undefined;
    return !!sub && sub.members.every((x) => assigned.has(`${full}.${x.name}`));
  };
  const revision = struct === root ? revisionFor(model, root, object) : Infinity;
  const members = struct.members.filter((m) => m.sinceRevision <= revision && m.requirement !== 'reserved' && !isAssigned(m));
  const mandatory = (m: MemberDef): boolean => m.requirement === 'required';
  const ordered = [...members.filter(mandatory), ...members.filter((m) => !mandatory(m))];
  return ordered.map((m, i): CompletionItem => {
    const role = m.role ? catalog.role(m.role) : undefined;
    return {
      label: m.name,
      kind: m.role ? CompletionItemKind.Method : m.struct ? CompletionItemKind.Struct : CompletionItemKind.Field,
      labelDetails: { description: [mandatory(m) ? 'mandatory' : m.requirement, m.role ?? m.cType].join(' · ') },
      detail: role ? `${m.cType} — NDIS calls it at ${irqlText(role.irql)}` : m.cType,
      documentation: { kind: MarkupKind.Markdown, value: memberMarkdown(struct, m) },
      sortText: `${mandatory(m) ? '0' : '1'}${String(i).padStart(3, '0')}`,
      ...(i === 0 ? { preselect: true } : {}),
    };
  });
}

function constantItem(name: string, rank: number, note: string | undefined): CompletionItem {
  const c = catalog.constant(name) ?? catalog.status(name);
  return {
    label: name,
    kind: CompletionItemKind.Constant,
    ...(note ? { labelDetails: { description: note } } : {}),
    ...(c ? { documentation: { kind: MarkupKind.Markdown, value: 'kind' in c ? constantMarkdown(c) : c.doc } } : {}),
    sortText: String(rank).padStart(4, '0'),
    ...(rank === 0 ? { preselect: true } : {}),
  };
}

function valueItems(model: DriverModel, root: StructDef, path: readonly string[], object: ObjectInfo | undefined): CompletionItem[] | undefined {
  const owner = structAtPath(root, path.slice(0, -1));
  const member = owner ? catalog.member(owner, path.at(-1)!) : undefined;
  if (!owner || !member) return undefined;
  const minor = object?.minor ?? model.version?.minor;
  const needRev = revisionFor(model, root, object);
  if (owner.name === 'NDIS_OBJECT_HEADER' && owner !== root) {
    if (member.name === 'Type') {
      const names = [root.objectType, ...(root.toleratedObjectTypes ?? [])].filter((x): x is string => !!x);
      return names.map((n, i) => constantItem(n, i, i === 0 ? `${root.name}` : 'tolerated'));
    }
    if (member.name === 'Revision') {
      const revs = [...root.revisions].sort((a, b) => (a.revision === needRev ? -1 : b.revision === needRev ? 1 : a.revision - b.revision));
      return revs.filter((r) => r.revisionConstant).map((r, i) => {
        const item = constantItem(r.revisionConstant!, i, r.revision === needRev && minor !== undefined ? `needed for NDIS ${catalog.versionByMinor(minor)?.label ?? minor}` : `NDIS ${r.since}+`);
        item.documentation = { kind: MarkupKind.Markdown, value: revisionMatrix(root, minor) };
        return item;
      });
    }
    if (member.name === 'Size') {
      const revs = [...root.revisions].sort((a, b) => (a.revision === needRev ? -1 : b.revision === needRev ? 1 : a.revision - b.revision));
      const items = revs.map((r, i) => constantItem(r.sizeConstant, i, `revision ${r.revision} · ${r.sizeX64} bytes`));
      items.push({ label: `sizeof(${root.name})`, kind: CompletionItemKind.Snippet, sortText: '0900' });
      return items;
    }
    return undefined;
  }
  if (member.name === 'MinorNdisVersion') {
    return catalog.VERSIONS.map((v, i): CompletionItem => ({
      label: String(v.minor),
      kind: CompletionItemKind.Value,
      labelDetails: { description: `NDIS ${v.label} · ${v.firstShippedIn}` },
      sortText: String(v.minor === minor ? 0 : 1 + i).padStart(4, '0'),
      ...(v.minor === minor ? { preselect: true } : {}),
    }));
  }
  if (member.name === 'MajorNdisVersion') return [{ label: '6', kind: CompletionItemKind.Value, labelDetails: { description: 'NDIS 6' }, preselect: true }];
  if (member.name === 'Flags' && owner.flags?.length) {
    return owner.flags.filter((f) => !f.forbidden).map((f, i) => constantItem(f.name, i, `0x${f.value.toString(16)} · NDIS ${f.since}`));
  }
  if (member.role) return handlerItems(model, member);
  return undefined;
}

/** Functions of the driver that fit a handler member: declared with its role first, then by signature. */
function handlerItems(model: DriverModel, member: MemberDef): CompletionItem[] {
  const role = catalog.role(member.role!);
  if (!role) return [];
  const out: CompletionItem[] = [];
  const seen = new Set<string>();
  const fits = (r: string): boolean => r === role.name || catalog.sameRole(r, role.name);
  for (const [name, decls] of model.index.roleDecls) {
    if (!decls.some((d) => fits(d.role)) || seen.has(name)) continue;
    seen.add(name);
    out.push({
      label: name, kind: CompletionItemKind.Function, labelDetails: { description: `${role.name} · ${irqlText(role.irql)}` },
      documentation: { kind: MarkupKind.Markdown, value: roleMarkdown(role) }, sortText: `0${name}`, ...(out.length === 0 ? { preselect: true } : {}),
    });
  }
  const ret = role.returnType.replace(/\s+/g, '');
  for (const [name, facts] of model.index.functions) {
    if (seen.has(name)) continue;
    const f = facts.find((x) => x.isDefinition) ?? facts[0]!;
    const declared = model.index.roleDecls.get(name);
    if (declared?.length) continue; // declared with another role
    const params = f.params.filter((p) => p.type !== 'VOID' && p.type !== 'void');
    if (params.length !== role.params.length || f.returnType.replace(/\s+/g, '') !== ret) continue;
    seen.add(name);
    out.push({ label: name, kind: CompletionItemKind.Function, labelDetails: { description: `signature fits ${role.name}` }, sortText: `1${name}` });
  }
  return out;
}

function snippetItems(ctx: DocContext, snippets: boolean): CompletionItem[] {
  const version = ctx.model.version ?? [...catalog.VERSIONS].reverse().find((v) => v.verified)!;
  const prefix = handlerPrefix(ctx.model);
  const out: CompletionItem[] = [];
  for (const name of catalog.CHARACTERISTICS) {
    const struct = catalog.STRUCTS[name];
    const body = characteristicsSnippet(ctx.model, struct, version, prefix, snippets);
    out.push({
      label: struct.name,
      kind: CompletionItemKind.Snippet,
      labelDetails: { description: `declare and fill for NDIS ${version.label}` },
      detail: `${struct.driverKind} characteristics, Header for NDIS ${version.label}, every mandatory handler`,
      documentation: { kind: MarkupKind.Markdown, value: '```c\n' + characteristicsSnippet(ctx.model, struct, version, prefix, false) + '\n```' },
      filterText: `${struct.name} ndis${struct.driverKind}characteristics`,
      insertText: body,
      insertTextFormat: snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      sortText: `9${struct.name}`,
    });
  }
  return out;
}
