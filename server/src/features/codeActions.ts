/**
 * Quick fixes for NDIS diagnostics whose fix is unambiguous, computed from the cached analysis:
 * - NDIS101/102/103: set the Header triple (Type, Revision, Size) for the declared NDIS version;
 * - NDIS105: assign each missing mandatory handler and add a stub (role-typedef declaration and a
 *   definition with the role's signature) where the driver keeps its handlers;
 * - NDIS109: zero the structure before it is filled;
 * - NDIS202: test the status a registration returns;
 * - NDIS204: call the missing deregistration from the unload routine;
 * - NDIS206: add NDIS_INTERMEDIATE_DRIVER to the miniport's Flags;
 * - every NDIS rule: a `// ndis-disable-next-line NDISxxx` comment.
 */
import { CodeActionKind, type CodeAction, type Connection, type Diagnostic } from 'vscode-languageserver/node';
import { catalog } from '../model/catalogView';
import { objectOfCall, type ObjectInfo } from './driverModel';
import { EditSet, deleteStatement, insertLinesAfter, insertLinesBefore, lineStart, objectPrefix, type Fix } from './edits';
import { missingHandlersFix } from './handlerFix';
import { deregistrationFix, statusCheckFix } from './statusFix';
import { documentContext, uriSpeller, type DocContext, type FeatureServices } from './services';

export function register(connection: Connection, s: FeatureServices): void {
  connection.onCodeAction(async (params): Promise<CodeAction[] | null> => {
    if (params.context.only && !params.context.only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${k}.`) || k === '')) return null;
    const ndis = params.context.diagnostics.filter((d) => typeof d.code === 'string' && /^NDIS\d{3}$/.test(d.code));
    if (!ndis.length) return null;
    const ctx = await documentContext(s, params.textDocument.uri);
    if (!ctx) return null;
    const spell = uriSpeller(s);
    const out: CodeAction[] = [];
    for (const d of ndis) {
      for (const fix of fixesFor(ctx, d)) {
        if (!fix.edits.size) continue;
        out.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: fix.edits.toWorkspaceEdit(spell), ...(fix.preferred ? { isPreferred: true } : {}) });
      }
    }
    return out;
  });
}


/** Every fix for one diagnostic (the suppression comment last). */
export function fixesFor(ctx: DocContext, d: Diagnostic): Fix[] {
  const code = String(d.code);
  const at = ctx.offsetAt(d.range.start);
  const out: (Fix | undefined)[] = [];
  try {
    switch (code) {
      case 'NDIS101':
      case 'NDIS102':
      case 'NDIS103':
        out.push(headerFix(ctx, at));
        break;
      case 'NDIS105':
        out.push(missingHandlersFix(ctx, at));
        break;
      case 'NDIS109':
        out.push(zeroFix(ctx, at));
        break;
      case 'NDIS202':
        out.push(statusCheckFix(ctx, at));
        break;
      case 'NDIS204':
        out.push(deregistrationFix(ctx, at));
        break;
      case 'NDIS206':
        if (/NDIS_INTERMEDIATE_DRIVER/.test(typeof d.message === 'string' ? d.message : '')) out.push(intermediateFlagFix(ctx, at));
        break;
    }
  } catch {
    // A fix that cannot be computed is left out; the suppression is always offered.
  }
  out.push(suppressionFix(ctx, code, at));
  return out.filter((f): f is Fix => !!f);
}


/** The object whose value (of one of `paths`) starts at `offset` in this file. */
function objectAtValue(ctx: DocContext, offset: number): ObjectInfo | undefined {
  return ctx.model.objects.find((o) => o.values.some((v) => v.uri === ctx.uri && v.expr.start <= offset && offset <= v.expr.end));
}

/** NDIS101–103: Type, Revision and Size for the NDIS version the structure (or project) declares. */
function headerFix(ctx: DocContext, at: number): Fix | undefined {
  const obj = objectAtValue(ctx, at);
  if (!obj || !obj.struct.driverKind) return undefined;
  const minor = obj.minor ?? ctx.model.version?.minor;
  if (minor === undefined) return undefined;
  const version = catalog.versionByMinor(minor);
  const rev = catalog.requiredRevision(obj.struct, minor);
  const rdef = rev !== undefined ? catalog.revisionDef(obj.struct, rev) : undefined;
  if (!version || !rdef || !obj.struct.objectType) return undefined;
  const want: Record<string, string> = {
    'Header.Type': obj.struct.objectType,
    'Header.Revision': rdef.revisionConstant ?? 'NDIS_OBJECT_REVISION_1',
    'Header.Size': rdef.sizeConstant,
  };
  const edits = new EditSet();
  const missing: string[] = [];
  for (const [p, value] of Object.entries(want)) {
    const vals = obj.values.filter((v) => v.path === p);
    if (!vals.length) missing.push(p);
    for (const v of vals) {
      const f = ctx.model.index.fileOf(v.uri);
      if (f && v.expr.text.trim() !== value) edits.add(f, v.expr.start, v.expr.end, value);
    }
  }
  if (missing.length) {
    const where = objectPrefix(ctx, obj, obj.registrations[0]?.call.fn);
    const f = where && ctx.model.index.fileOf(where.uri);
    if (!where || !f) return undefined;
    insertLinesAfter(edits, f, where.after, missing.map((p) => `${where.prefix}${p} = ${want[p]};`), where.after - 1);
  }
  return { title: `Set ${obj.name}.Header for NDIS ${version.label} (${want['Header.Revision']})`, edits, preferred: true };
}

/** NDIS109: `NdisZeroMemory(&X, sizeof(X));` before the first member is set (moving a late one). */
function zeroFix(ctx: DocContext, at: number): Fix | undefined {
  const obj = objectOfCall(ctx.model, ctx.uri, at);
  const w = obj?.worlds[0];
  if (!obj || !w || !obj.decl || !obj.declUri) return undefined;
  const f = ctx.model.index.fileOf(obj.declUri);
  if (!f) return undefined;
  const first = Math.min(...obj.values.map((v) => v.order));
  if (!Number.isFinite(first) || first < obj.decl.end) return undefined;
  const edits = new EditSet();
  insertLinesBefore(edits, f, first, [`NdisZeroMemory(&${obj.name}, sizeof(${obj.name}));`]);
  if (w.zeroed && w.zeroed.order > first) {
    const zf = ctx.model.index.fileOf(w.zeroed.uri);
    if (zf) deleteStatement(edits, zf, w.zeroed.span.start, w.zeroed.span.end);
  }
  return { title: `Zero ${obj.name} with NdisZeroMemory before filling it`, edits, preferred: true };
}

/** NDIS206: the miniport characteristics of an intermediate driver need NDIS_INTERMEDIATE_DRIVER. */
function intermediateFlagFix(ctx: DocContext, at: number): Fix | undefined {
  const obj = objectOfCall(ctx.model, ctx.uri, at);
  if (!obj || obj.struct.name !== 'NDIS_MINIPORT_DRIVER_CHARACTERISTICS') return undefined;
  const edits = new EditSet();
  const flags = obj.values.filter((v) => v.path === 'Flags');
  if (flags.length) {
    for (const v of flags) {
      const f = ctx.model.index.fileOf(v.uri);
      const t = v.expr.text.trim();
      if (!f || /\bNDIS_INTERMEDIATE_DRIVER\b/.test(t)) continue;
      edits.add(f, v.expr.start, v.expr.end, /^\(*\s*0+[uUlL]*\s*\)*$/.test(t) ? 'NDIS_INTERMEDIATE_DRIVER' : `${t} | NDIS_INTERMEDIATE_DRIVER`);
    }
  } else {
    const where = objectPrefix(ctx, obj, obj.registrations[0]?.call.fn);
    const f = where && ctx.model.index.fileOf(where.uri);
    if (!where || !f) return undefined;
    insertLinesAfter(edits, f, where.after, [`${where.prefix}Flags = NDIS_INTERMEDIATE_DRIVER;`], where.after - 1);
  }
  return { title: `Mark ${obj.name} as an intermediate driver (NDIS_INTERMEDIATE_DRIVER)`, edits, preferred: true };
}

/** `// ndis-disable-next-line NDISxxx` above the diagnostic's line (or added to one already there). */
function suppressionFix(ctx: DocContext, code: string, at: number): Fix {
  const text = ctx.text;
  const edits = new EditSet();
  const ls = lineStart(text, at);
  const prevStart = ls > 0 ? lineStart(text, ls - 1) : -1;
  const prev = prevStart >= 0 ? text.slice(prevStart, ls).replace(/\r?\n$/, '') : '';
  const m = /^(\s*\/\/\s*ndis-disable-next-line)\s+(NDIS\d{3}(?:\s*,\s*NDIS\d{3})*)\s*$/.exec(prev);
  if (m && !m[2]!.split(/\s*,\s*/).includes(code)) {
    const end = prevStart + prev.length;
    edits.add(ctx.file, end, end, `, ${code}`);
  } else {
    insertLinesBefore(edits, ctx.file, at, [`// ndis-disable-next-line ${code}`]);
  }
  return { title: `Suppress ${code} on this line`, edits };
}
