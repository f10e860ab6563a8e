/**
 * The NDIS105 quick fix: for every mandatory handler a registration lacks, assign a new function
 * to the member (next to the other assignments) and add that function as a stub: a role-typedef
 * declaration beside the driver's other handler declarations, and a definition with the role's
 * signature in the file where the driver keeps its handlers.
 */
import { isSet } from '../analysis/characteristics';
import { catalog, type RoleDef } from '../model/catalogView';
import type { SourceFile } from '../model/driver';
import type { FunctionFact } from '../model/facts';
import { objectOfCall, type DriverModel } from './driverModel';
import { EditSet, eol, insertLinesAfter, lineEnd, lineStart, statementEnd, objectPrefix, type Fix } from './edits';
import { handlerPrefix, roleDeclaration, stubDefinition, stubName } from './snippets';
import type { DocContext } from './services';

export function missingHandlersFix(ctx: DocContext, at: number): Fix | undefined {
  const m = ctx.model;
  const obj = objectOfCall(m, ctx.uri, at);
  if (!obj || !obj.struct.driverKind || obj.struct.driverKind === 'provider') return undefined;
  const missing = obj.struct.members.filter(
    (mem) => mem.role && mem.requirement === 'required' && obj.worlds.some((w) => mem.sinceRevision <= (obj.revision ?? 1) && !isSet(w, mem.name)),
  );
  if (!missing.length) return undefined;
  const reg = obj.registrations.find((r) => r.uri === ctx.uri && r.call.start === at) ?? obj.registrations[0]!;
  const where = objectPrefix(ctx, obj, reg.call.fn);
  const assignFile = where && m.index.fileOf(where.uri);
  if (!where || !assignFile) return undefined;

  const prefix = handlerPrefix(m);
  const taken = new Set<string>();
  const assigns: string[] = [];
  const stubs: { member: string; name: string; role: RoleDef }[] = [];
  for (const mem of missing) {
    const role = catalog.role(mem.role!);
    if (!role) return undefined;
    // A function the driver already declared with this role and registers nowhere: use it.
    const existing = unusedHandler(m, role, taken);
    const name = existing ?? stubName(m, prefix, role, taken);
    taken.add(name);
    assigns.push(`${where.prefix}${mem.name} = ${name};`);
    if (!existing) stubs.push({ member: mem.name, name, role });
  }

  const edits = new EditSet();
  insertLinesAfter(edits, assignFile, where.after, assigns, where.after - 1);
  if (!stubs.length) {
    return { title: `Assign the missing handler${missing.length > 1 ? 's' : ''} ${missing.map((x) => x.name).join(', ')}`, edits, preferred: true };
  }

  const regDef = m.definitionOf(reg.call.fn);
  const home = handlersHome(m, regDef?.file ?? assignFile);
  const decls = stubs.map((s) => roleDeclaration(s.name, s.role));
  const defs = stubs.map((s) => stubDefinition(s.name, s.role)).join('\n\n');
  const declSite = lastRoleDeclaration(m);
  const nl = eol(home.file.raw);

  // The definitions: after the last handler defined in the handlers file, else before the
  // registering function (so they are defined before use).
  let defsBeforeRegistration = false;
  if (home.lastHandler) {
    const at2 = lineEnd(home.file.raw, home.lastHandler.end);
    const needDecls = !declSite || (declSite.file !== home.file && !includes(home.file, declSite.file));
    edits.add(home.file, at2, at2, nl + nl + (needDecls ? decls.join(nl) + nl + nl : '') + defs.split('\n').join(nl));
  } else if (regDef) {
    const s0 = lineStart(regDef.file.raw, functionStart(regDef.fact));
    const needDecls = !declSite || (declSite.file !== regDef.file && !includes(regDef.file, declSite.file));
    edits.add(regDef.file, s0, s0, (needDecls ? decls.join(nl) + nl + nl : '') + defs.split('\n').join(nl) + nl + nl);
    defsBeforeRegistration = true;
  } else {
    return undefined;
  }
  // The declarations beside the driver's other handler declarations (visible where they are assigned).
  if (declSite && (declSite.file === assignFile || includes(assignFile, declSite.file))) {
    const e = lineEnd(declSite.file.raw, statementEnd(declSite.file.raw, declSite.end));
    edits.add(declSite.file, e, e, decls.map((d) => eol(declSite.file.raw) + d).join(''));
  } else if (!defsBeforeRegistration && regDef) {
    const s0 = lineStart(regDef.file.raw, functionStart(regDef.fact));
    edits.add(regDef.file, s0, s0, decls.join(nl) + nl + nl);
  }
  const names = missing.map((x) => x.name).join(', ');
  return { title: `Add the missing handler${missing.length > 1 ? 's' : ''} ${names} (stub${stubs.length > 1 ? 's' : ''} in ${baseName(home.file)})`, edits, preferred: true };
}

/** A defined function declared with `role` (or an alias) that no member or unload routine uses yet. */
function unusedHandler(m: DriverModel, role: RoleDef, taken: ReadonlySet<string>): string | undefined {
  for (const [name, decls] of m.index.roleDecls) {
    if (taken.has(name) || m.handlers.has(name) || m.unloads.some((u) => u.fn === name)) continue;
    if (!decls.some((d) => d.role === role.name || catalog.sameRole(d.role, role.name))) continue;
    if (m.definitionOf(name)) return name;
  }
  return undefined;
}

function baseName(f: SourceFile): string {
  return f.fsPath.split(/[\\/]/).pop() ?? f.fsPath;
}

/** Where a function's text starts, including the SAL annotations in front of it. */
function functionStart(f: FunctionFact): number {
  return Math.min(f.start, ...f.annotations.map((a) => a.start));
}

/** Does `file` include `header` (by file name)? */
function includes(file: SourceFile, header: SourceFile): boolean {
  const name = baseName(header).toLowerCase();
  return (file.facts?.includes ?? []).some((i) => i.path.replace(/\\/g, '/').split('/').pop()!.toLowerCase() === name);
}

/** The file defining most of the driver's handlers (ties: `fallback`), and its last handler definition. */
function handlersHome(m: DriverModel, fallback: SourceFile): { file: SourceFile; lastHandler: FunctionFact | undefined } {
  const count = new Map<SourceFile, FunctionFact[]>();
  for (const fn of m.handlers.keys()) {
    const def = m.definitionOf(fn);
    if (!def) continue;
    const arr = count.get(def.file);
    if (arr) arr.push(def.fact);
    else count.set(def.file, [def.fact]);
  }
  let best: SourceFile = fallback;
  for (const [f, fns] of count) if (fns.length > (count.get(best)?.length ?? 0)) best = f;
  const fns = count.get(best) ?? [];
  const last = fns.reduce<FunctionFact | undefined>((a, b) => (!a || b.end > a.end ? b : a), undefined);
  return { file: best, lastHandler: last };
}

/** The driver's last role-typedef declaration of a handler (prototypes live together). */
function lastRoleDeclaration(m: DriverModel): { file: SourceFile; end: number } | undefined {
  let best: { file: SourceFile; end: number } | undefined;
  for (const f of m.driver.sortedFiles()) {
    for (const d of f.facts?.roleDecls ?? []) {
      if (d.fn !== '' || !catalog.role(d.role)) continue;
      // Prefer a header, then the latest declaration in it.
      if (!best || (best.file === f && d.end > best.end)) best = { file: f, end: d.end };
    }
  }
  return best;
}
