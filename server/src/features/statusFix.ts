/**
 * Quick fixes for the registration-order rules:
 * - NDIS202: store the NDIS_STATUS (in the function's status variable, or a new one) and test it
 *   right after the call; the failure branch undoes the function's earlier registrations and
 *   returns;
 * - NDIS204: call the deregistration for the handle from the unload routine (MiniportDriverUnload
 *   for drivers with one, else DriverObject->DriverUnload, else ProtocolUninstall), keeping the
 *   intermediate-driver and interface-provider orders; a driver without any unload routine gets
 *   a DRIVER_UNLOAD routine, set in DriverEntry before the registration.
 */
import { catalog } from '../model/catalogView';
import type { SourceFile } from '../model/driver';
import type { CallFact, FunctionFact } from '../model/facts';
import type { DriverModel } from './driverModel';
import { EditSet, eol, indentAt, insertLinesAfter, insertLinesBefore, lineEnd, lineStart, statementEnd, type Fix } from './edits';
import { handlerPrefix, roleDeclaration, stubName } from './snippets';
import type { DocContext } from './services';

const STATUS_TYPES = /^(NDIS_STATUS|NTSTATUS|INT|int|LONG)$/;

function callAt(ctx: DocContext, at: number): CallFact | undefined {
  const calls = ctx.file.facts!.calls;
  return calls.find((c) => c.start === at) ?? calls.find((c) => c.calleeSpan.start <= at && at <= c.calleeSpan.end);
}

/** The handle expression a registration writes (`&ProtocolHandle` → `ProtocolHandle`). */
function handleOf(call: CallFact): string | undefined {
  const ddi = catalog.ddi(call.callee);
  const arg = ddi?.registers ? call.args[ddi.registers.handleArg]?.text.trim() : undefined;
  const m = arg ? /^&\s*\(?\s*([A-Za-z_][\w.>-]*?)\s*\)?$/.exec(arg) : null;
  return m?.[1];
}

/** The value a function returns on failure (`return Status;`, `return;` ...). */
function failureReturn(fn: FunctionFact, status: string): string {
  const t = fn.returnType.replace(/\s+/g, ' ').trim();
  if (t === 'VOID' || t === 'void') return 'return;';
  if (STATUS_TYPES.test(t)) return `return ${status};`;
  if (t === 'BOOLEAN') return 'return FALSE;';
  if (/\*$|^P[A-Z]/.test(t)) return 'return NULL;';
  return `return ${status};`;
}

export function statusCheckFix(ctx: DocContext, at: number): Fix | undefined {
  const call = callAt(ctx, at);
  const ddi = call && catalog.ddi(call.callee);
  const fn = call && ctx.model.definitionOf(call.fn);
  if (!call || !ddi || !fn || fn.file !== ctx.file || !fn.fact.body) return undefined;
  const text = ctx.text;
  const edits = new EditSet();
  let status: string;
  if (call.use === 'assigned' && call.assignedTo && /^[A-Za-z_]\w*$/.test(call.assignedTo)) {
    status = call.assignedTo;
  } else if (call.use === 'discarded') {
    const locals = ctx.model.index.locals.get(call.fn);
    const existing = [...(locals?.values() ?? [])].find((v) => v.storage === 'local' && v.type.trim() === 'NDIS_STATUS');
    if (existing) {
      status = existing.name;
    } else {
      status = locals?.has('Status') ? 'NdisStatus' : 'Status';
      const bodyOpen = fn.fact.body.start;
      const e = lineEnd(text, bodyOpen);
      const first = text.slice(e + 1).search(/\S/);
      const inner = first >= 0 ? indentAt(text, e + 1 + first) : '    ';
      edits.add(ctx.file, e, e, `${eol(text)}${inner || '    '}NDIS_STATUS ${status};`);
    }
    edits.add(ctx.file, call.start, call.start, `${status} = `);
  } else {
    return undefined;
  }
  const pends = ddi.statuses.some((s) => s.status === 'NDIS_STATUS_PENDING');
  const cond = pends ? `${status} != NDIS_STATUS_SUCCESS && ${status} != NDIS_STATUS_PENDING` : `${status} != NDIS_STATUS_SUCCESS`;
  // Undo what this function registered before (a failure return must not leak them).
  const undo: string[] = [];
  for (const c of ctx.file.facts!.calls) {
    if (c.fn !== call.fn || c.start >= call.start) continue;
    const d = catalog.ddi(c.callee);
    const h = handleOf(c);
    if (d?.registers && h) undo.unshift(`${d.registers.deregister}(${h});`);
  }
  const end = statementEnd(text, call.end);
  insertLinesAfter(edits, ctx.file, end, [`if (${cond})`, '{', ...undo.map((u) => `    ${u}`), `    ${failureReturn(fn.fact, status)}`, '}'], call.start);
  return { title: `Test the NDIS_STATUS of ${call.callee}`, edits, preferred: true };
}

/** The unload routine a deregistration belongs in, by preference. */
function unloadFor(m: DriverModel): { fn: FunctionFact; file: SourceFile } | undefined {
  for (const kind of ['MiniportDriverUnload', 'DriverUnload', 'ProtocolUninstall']) {
    for (const u of m.unloads) {
      if (u.kind !== kind) continue;
      const def = m.definitionOf(u.fn);
      if (def?.fact.body) return { fn: def.fact, file: def.file };
    }
  }
  return undefined;
}

/** Is the handle expression reachable from another function (rooted at a global)? */
function isGlobalHandle(m: DriverModel, fn: string, handle: string): boolean {
  const base = /^[A-Za-z_]\w*/.exec(handle)?.[0];
  return !!base && m.index.globals.has(base) && !m.index.locals.get(fn)?.has(base);
}

export function deregistrationFix(ctx: DocContext, at: number): Fix | undefined {
  const m = ctx.model;
  const call = callAt(ctx, at);
  const ddi = call && catalog.ddi(call.callee);
  const handle = call && handleOf(call);
  if (!call || !ddi?.registers || !handle || !isGlobalHandle(m, call.fn, handle)) return undefined;
  const undo = `${ddi.registers.deregister}(${handle});`;
  const edits = new EditSet();
  const unload = unloadFor(m);
  if (unload) {
    const body = unload.fn.body!;
    const raw = unload.file.raw;
    // Keep the documented orders: protocol edge before the miniport edge, interfaces before their provider.
    const before = ddi.registers.deregister === 'NdisDeregisterProtocolDriver' ? 'NdisMDeregisterMiniportDriver' : ddi.registers.deregister === 'NdisIfDeregisterInterface' ? 'NdisIfDeregisterProvider' : undefined;
    const anchor = before ? unload.file.facts?.calls.find((c) => c.fn === unload.fn.name && c.callee === before) : undefined;
    if (anchor) {
      insertLinesBefore(edits, unload.file, anchor.start, [undo]);
    } else {
      const close = body.end - 1;
      const ls = lineStart(raw, close);
      const inner = innerIndent(raw, body.start, close);
      if (raw.slice(ls, close).trim()) edits.add(unload.file, close, close, `${inner}${undo}${eol(raw)}`);
      else edits.add(unload.file, ls, ls, `${inner}${undo}${eol(raw)}`);
    }
    return { title: `Call ${ddi.registers.deregister} in ${unload.fn.name}`, edits, preferred: true };
  }
  // No unload routine at all: a WDM one (not for miniports: NDIS owns their DriverUnload).
  if (m.objects.some((o) => o.struct.driverKind === 'miniport' && o.registrations.length)) return undefined;
  const entry = m.definitionOf(call.fn);
  const driverObject = entry?.fact.params.find((p) => /DRIVER_OBJECT/.test(p.type))?.name;
  const role = catalog.role('DRIVER_UNLOAD');
  if (!entry || entry.file !== ctx.file || !driverObject || !role) return undefined;
  const name = stubName(m, handlerPrefix(m), role);
  const nl = eol(ctx.text);
  const routine = [
    roleDeclaration(name, role), '', '_Use_decl_annotations_', 'VOID', `${name}(`, '    PDRIVER_OBJECT DriverObject', '    )', '{',
    '    UNREFERENCED_PARAMETER(DriverObject);', `    ${undo}`, '}', '', '',
  ].join(nl);
  const start = Math.min(entry.fact.start, ...entry.fact.annotations.map((a) => a.start));
  const s0 = lineStart(ctx.text, start);
  edits.add(ctx.file, s0, s0, routine);
  insertLinesBefore(edits, ctx.file, call.start, [`${driverObject}->DriverUnload = ${name};`]);
  return { title: `Add an unload routine ${name} that calls ${ddi.registers.deregister}`, edits, preferred: true };
}

/** The indentation of statements inside a body (from its last non-empty line), else four spaces. */
function innerIndent(raw: string, open: number, close: number): string {
  const inside = raw.slice(open + 1, close).split(/\r?\n/).filter((l) => l.trim());
  const last = inside.at(-1);
  return last ? /^[ \t]*/.exec(last)![0] || '    ' : '    ';
}
