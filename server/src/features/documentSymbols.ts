/**
 * Document symbols: the driver's NDIS structure in this file — each characteristics object (with
 * its handler assignments and the registration calls that consume it as children) and each
 * handler definition (with its role and IRQL). Clients without hierarchical support get the same
 * symbols flat, with container names.
 */
import { SymbolKind, type Connection, type DocumentSymbol, type SymbolInformation } from 'vscode-languageserver/node';
import { catalog } from '../model/catalogView';
import { identOf, irqlText, roleLabel } from './driverModel';
import { documentContext, rangeIn, type DocContext, type FeatureServices } from './services';

export function register(connection: Connection, s: FeatureServices): void {
  connection.onDocumentSymbol(async (params): Promise<DocumentSymbol[] | SymbolInformation[] | null> => {
    const ctx = await documentContext(s, params.textDocument.uri);
    if (!ctx) return null;
    const symbols = documentSymbols(ctx);
    if (s.clientCapabilities().textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport) return symbols;
    return flatten(symbols, params.textDocument.uri);
  });
}

export function documentSymbols(ctx: DocContext): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  const f = ctx.file;
  const m = ctx.model;
  for (const obj of m.objects) {
    const children: DocumentSymbol[] = [];
    let lo = Infinity;
    let hi = -Infinity;
    const widen = (a: number, b: number): void => {
      lo = Math.min(lo, a);
      hi = Math.max(hi, b);
    };
    for (const v of obj.values) {
      if (v.uri !== ctx.uri || v.path.includes('.')) continue;
      const member = catalog.member(obj.struct, v.path);
      if (!member?.role) continue;
      const fn = identOf(v.expr.text);
      const role = catalog.role(member.role);
      const sel = v.memberSpan ?? v.assignSpan;
      widen(v.assignSpan.start, v.assignSpan.end);
      children.push({
        name: v.path, detail: `${fn ?? v.expr.text}${role ? ` · ${irqlText(role.irql)}` : ''}`, kind: SymbolKind.Method,
        range: rangeIn(f, v.assignSpan.start, v.assignSpan.end), selectionRange: rangeIn(f, sel.start, sel.end),
      });
    }
    for (const r of obj.registrations) {
      if (r.uri !== ctx.uri) continue;
      widen(r.call.start, r.call.end);
      children.push({
        name: r.ddi.name, detail: `registers ${obj.kind}${obj.registeredName ? ` ${obj.registeredName}` : ''}`, kind: SymbolKind.Event,
        range: rangeIn(f, r.call.start, r.call.end), selectionRange: rangeIn(f, r.call.calleeSpan.start, r.call.calleeSpan.end),
      });
    }
    const declHere = obj.decl && obj.declUri === ctx.uri ? obj.decl : undefined;
    if (declHere) widen(declHere.start, declHere.end);
    if (!children.length && !declHere) continue;
    const sel = declHere?.nameSpan ?? { start: lo, end: lo };
    children.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    out.push({
      name: obj.name, detail: `${obj.struct.name} · ${obj.kind}`, kind: SymbolKind.Struct,
      range: rangeIn(f, lo, hi), selectionRange: rangeIn(f, sel.start, sel.end), children,
    });
  }
  for (const fn of f.facts!.functions) {
    if (!fn.isDefinition) continue;
    const role = m.roleOf(fn.name);
    if (!role) continue;
    out.push({
      name: fn.name, detail: `${roleLabel(role)} · ${irqlText(role.irql)}`, kind: SymbolKind.Function,
      range: rangeIn(f, fn.start, fn.end), selectionRange: rangeIn(f, fn.nameSpan.start, fn.nameSpan.end),
    });
  }
  out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return out;
}

function flatten(symbols: readonly DocumentSymbol[], uri: string, container?: string): SymbolInformation[] {
  const out: SymbolInformation[] = [];
  for (const s of symbols) {
    out.push({ name: s.name, kind: s.kind, location: { uri, range: s.selectionRange }, ...(container ? { containerName: container } : {}) });
    if (s.children) out.push(...flatten(s.children, uri, s.name));
  }
  return out;
}
