/**
 * Workspace symbols across every loaded driver: characteristics objects, registration calls and
 * handler functions (with their role), matched against the query as a case-insensitive
 * subsequence, like VS Code's own filtering.
 */
import { SymbolKind, type Connection, type SymbolInformation } from 'vscode-languageserver/node';
import { driverModel, irqlText, roleLabel } from './driverModel';
import { rangeIn, uriSpeller, type FeatureServices } from './services';

const LIMIT = 500;

export function register(connection: Connection, s: FeatureServices): void {
  connection.onWorkspaceSymbol((params) => workspaceSymbols(s, params.query));
}

/** `query` letters appear in order in `name` (case-insensitive). */
export function matches(query: string, name: string): boolean {
  const q = query.toLowerCase();
  const n = name.toLowerCase();
  let j = 0;
  for (let i = 0; i < n.length && j < q.length; i++) if (n[i] === q[j]) j++;
  return j === q.length;
}

export function workspaceSymbols(s: FeatureServices, query: string): SymbolInformation[] {
  const out: SymbolInformation[] = [];
  const spell = uriSpeller(s);
  for (const driver of s.workspace.drivers.values()) {
    const m = driverModel(driver);
    const container = driver.name;
    const add = (name: string, kind: SymbolKind, uri: string, start: number, end: number, detail: string): void => {
      if (out.length >= LIMIT || !matches(query, name)) return;
      const f = m.index.fileOf(uri);
      if (f) out.push({ name, kind, location: { uri: spell(uri), range: rangeIn(f, start, end) }, containerName: `${container} · ${detail}` });
    };
    for (const o of m.objects) {
      if (o.decl && o.declUri) add(o.name, SymbolKind.Struct, o.declUri, o.decl.nameSpan.start, o.decl.nameSpan.end, o.struct.name);
      for (const r of o.registrations) add(r.ddi.name, SymbolKind.Event, r.uri, r.call.calleeSpan.start, r.call.calleeSpan.end, `${o.kind} ${o.name}`);
    }
    const seen = new Set<string>();
    for (const name of [...m.handlers.keys(), ...m.unloads.map((u) => u.fn), ...m.index.roleDecls.keys()]) {
      if (seen.has(name)) continue;
      seen.add(name);
      const role = m.roleOf(name);
      const def = m.definitionOf(name);
      if (role && def) add(name, SymbolKind.Function, def.file.uri, def.fact.nameSpan.start, def.fact.nameSpan.end, `${roleLabel(role)} · ${irqlText(role.irql)}`);
    }
  }
  return out;
}
