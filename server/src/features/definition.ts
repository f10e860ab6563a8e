/**
 * Go to definition between registrations and handlers:
 * - on a handler assignment (`Chars.BindAdapterHandlerEx = TunpBindAdapter;`, the member or the
 *   function, in an assignment or a designated initializer): the handler's definition;
 * - on a handler's own name (its definition, prototype or role-typedef declaration): where it is
 *   registered — the member assignments and `DriverObject->DriverUnload = …`;
 * - on any other call of a function the driver defines: that definition.
 */
import type { Connection, Location } from 'vscode-languageserver/node';
import { identOf } from './driverModel';
import { documentContext, rangeIn, uriSpeller, wordAt, type DocContext, type FeatureServices } from './services';

export function register(connection: Connection, s: FeatureServices): void {
  connection.onDefinition(async (params): Promise<Location[] | null> => {
    const ctx = await documentContext(s, params.textDocument.uri);
    if (!ctx) return null;
    const spell = uriSpeller(s);
    const locs = definitionAt(ctx, ctx.offsetAt(params.position));
    return locs.length ? locs.map((l) => ({ ...l, uri: spell(l.uri) })) : null;
  });
}

export function definitionAt(ctx: DocContext, offset: number): Location[] {
  const w = wordAt(ctx.text, offset);
  if (!w) return [];
  const m = ctx.model;

  // A handler assignment: member name or value → the handler's definition.
  for (const obj of m.objects) {
    for (const v of obj.values) {
      if (v.uri !== ctx.uri) continue;
      const onMember = v.memberSpan && v.memberSpan.start <= w.start && w.end <= v.memberSpan.end;
      const onValue = v.expr.start <= w.start && w.end <= v.expr.end;
      if (!onMember && !onValue) continue;
      const fn = identOf(v.expr.text);
      const def = fn ? m.definitionOf(fn) : undefined;
      if (def) return [{ uri: def.file.uri, range: rangeIn(def.file, def.fact.nameSpan.start, def.fact.nameSpan.end) }];
      if (onMember) return [];
    }
  }

  // A handler's own name → where it is registered.
  const file = ctx.file.facts!;
  const atOwnName =
    file.functions.some((f) => f.name === w.word && f.nameSpan.start === w.start) ||
    file.roleDecls.some((d) => d.name === w.word && d.start <= w.start && w.end <= d.end);
  if (atOwnName) {
    const out: Location[] = [];
    for (const h of m.handlers.get(w.word) ?? []) {
      const f = m.index.fileOf(h.value.uri);
      const span = h.value.memberSpan ?? h.value.assignSpan;
      if (f) out.push({ uri: f.uri, range: rangeIn(f, span.start, span.end) });
    }
    for (const u of m.unloads) {
      if (u.fn !== w.word || u.kind !== 'DriverUnload') continue;
      const f = m.index.fileOf(u.uri);
      if (f) out.push({ uri: f.uri, range: rangeIn(f, u.span.start, u.span.end) });
    }
    if (out.length) return out;
  }

  // A call or reference to a function the driver defines.
  const def = m.definitionOf(w.word);
  if (def && !(def.file === ctx.file && def.fact.nameSpan.start === w.start)) {
    return [{ uri: def.file.uri, range: rangeIn(def.file, def.fact.nameSpan.start, def.fact.nameSpan.end) }];
  }
  return [];
}
