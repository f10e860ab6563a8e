/**
 * A code lens above each registration call: what it registers, for which NDIS version, and how
 * many handlers it hands over — "protocol TUNPROT · NDIS 6.30 · 9 handlers". Clicking it runs the
 * client command `ndis.showHandlers` with the handlers' definitions (a peek view in VS Code).
 */
import type { CodeLens, Connection, Location } from 'vscode-languageserver/node';
import { catalog } from '../model/catalogView';
import { infFacts } from '../model/projectFiles';
import { identOf, type DriverModel, type ObjectInfo } from './driverModel';
import { documentContext, rangeIn, uriSpeller, type DocContext, type FeatureServices } from './services';

/** The client command a lens runs: (uri, position, locations). */
export const SHOW_HANDLERS_COMMAND = 'ndis.showHandlers';

export function register(connection: Connection, s: FeatureServices): void {
  connection.onCodeLens(async (params): Promise<CodeLens[] | null> => {
    const ctx = await documentContext(s, params.textDocument.uri);
    if (!ctx) return null;
    const spell = uriSpeller(s);
    return codeLenses(ctx).map((l) => {
      const args = l.command?.arguments as [string, unknown, Location[]] | undefined;
      if (args) l.command!.arguments = [params.textDocument.uri, args[1], args[2].map((x) => ({ ...x, uri: spell(x.uri) }))];
      return l;
    });
  });
}

/** The handler functions an object hands to NDIS (non-NULL handler members). */
export function handlerValues(obj: ObjectInfo): { member: string; fn: string | undefined }[] {
  const out = new Map<string, string | undefined>();
  for (const v of obj.values) {
    if (v.path.includes('.') || (v.value.k === 'int' && v.value.v === 0)) continue;
    if (!catalog.member(obj.struct, v.path)?.role) continue;
    if (!out.has(v.path) || !out.get(v.path)) out.set(v.path, identOf(v.expr.text));
  }
  return [...out].map(([member, fn]) => ({ member, fn }));
}

/** "protocol TUNPROT · NDIS 6.30 · 9 handlers". */
export function lensTitle(model: DriverModel, obj: ObjectInfo): string {
  let name = obj.registeredName;
  if (!name && obj.struct.driverKind === 'miniport') name = infFacts(model.driver.root).find((f) => f.class?.toLowerCase() === 'net')?.services[0];
  const parts = [name ? `${obj.kind} ${name}` : obj.kind];
  const v = obj.minor !== undefined ? catalog.versionByMinor(obj.minor) : obj.struct.members.some((m) => m.name === 'MinorNdisVersion') ? model.version : undefined;
  if (v) parts.push(`NDIS ${v.label}`);
  if (obj.struct.name !== 'NET_IF_INFORMATION') {
    const n = handlerValues(obj).length;
    parts.push(`${n} handler${n === 1 ? '' : 's'}`);
  }
  return parts.join(' · ');
}

export function codeLenses(ctx: DocContext): CodeLens[] {
  const out: CodeLens[] = [];
  for (const obj of ctx.model.objects) {
    for (const r of obj.registrations) {
      if (r.uri !== ctx.uri) continue;
      const range = rangeIn(ctx.file, r.call.start, r.call.end);
      const locations: Location[] = [];
      for (const h of handlerValues(obj)) {
        const def = h.fn ? ctx.model.definitionOf(h.fn) : undefined;
        if (def) locations.push({ uri: def.file.uri, range: rangeIn(def.file, def.fact.nameSpan.start, def.fact.nameSpan.end) });
      }
      out.push({ range, command: { title: lensTitle(ctx.model, obj), command: SHOW_HANDLERS_COMMAND, arguments: [ctx.uri, range.start, locations] } });
    }
  }
  return out.sort((a, b) => a.range.start.line - b.range.start.line);
}
