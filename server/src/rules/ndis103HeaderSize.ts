/**
 * NDIS103 header-size: Header.Size must be at least NDIS_SIZEOF_<struct>_REVISION_<Revision>.
 * A SIZEOF constant of another structure or of a lower revision is a copy-paste mistake NDIS
 * answers with NDIS_STATUS_BAD_CHARACTERISTICS; `sizeof(<the struct>)` is accepted.
 */
import { structOfType, valuesOf } from '../analysis/characteristics';
import { catalog } from '../model/catalogView';
import type { DriverIndex } from '../model/driver';
import type { Rule } from './framework';
import { at, objectContext, revisionOf } from './util';

export const rule: Rule = {
  meta: {
    id: 'NDIS103',
    name: 'header-size',
    severity: 'error',
    description: 'Header.Size must be the size constant of the structure at its revision (or sizeof the structure).',
    messages: {
      foreignSizeof: '{struct}: Header.Size is sizeof({type}), the size of another structure; use {expected}.',
      pointerSizeof: '{struct}: Header.Size is sizeof({type}), the size of a pointer, not of the structure; use {expected}.',
      foreignConstant: '{struct}: Header.Size uses {constant}, the size constant of {other}; use {expected}.',
      lowerRevision: '{struct}: Header.Size uses {constant} (revision {constRev}), but Header.Revision is {revision}; use {expected}.',
      tooSmall: '{struct}: Header.Size is {actual} bytes, smaller than {expected} ({size} bytes on x64); NDIS rejects it with NDIS_STATUS_BAD_CHARACTERISTICS.',
    },
  },
  create(ctx) {
    return {
      characteristics(obj) {
        const s = obj.struct;
        if (s.name === 'NDIS_IF_PROVIDER_CHARACTERISTICS') return;
        const index = obj.driver.getIndex();
        const revision = revisionOf(obj);
        const revDef = revision === undefined ? undefined : catalog.revisionDef(s, revision);
        const expectedName = revDef?.sizeConstant ?? s.revisions[0]?.sizeConstant ?? '';
        for (const v of valuesOf(obj, 'Header.Size')) {
          const base = { ...at(v), related: objectContext(obj) };
          const val = v.value;
          if (val.k === 'sizeof') {
            if (isPointerOperand(val.type, v.fn, index)) {
              ctx.report({ ...base, messageId: 'pointerSizeof', data: { struct: s.name, type: val.type, expected: expectedName } });
              continue;
            }
            const t = structOfType(val.type, index);
            if (t && t.name !== s.name) ctx.report({ ...base, messageId: 'foreignSizeof', data: { struct: s.name, type: val.type, expected: expectedName } });
            continue;
          }
          if (val.k !== 'int') continue;
          const sizeConst = val.names.map((n) => catalog.constant(n)).find((c) => c?.kind === 'sizeof');
          if (sizeConst && sizeConst.struct && sizeConst.struct !== s.name) {
            ctx.report({ ...base, messageId: 'foreignConstant', data: { struct: s.name, constant: sizeConst.name, other: sizeConst.struct, expected: expectedName } });
            continue;
          }
          if (sizeConst && revision !== undefined && sizeConst.revision !== undefined && sizeConst.revision < revision && revDef) {
            ctx.report({ ...base, messageId: 'lowerRevision', data: { struct: s.name, constant: sizeConst.name, constRev: sizeConst.revision, revision, expected: expectedName } });
            continue;
          }
          const need = revDef?.sizeX64 ?? s.revisions[0]?.sizeX64;
          if (need !== undefined && val.v < need && !sizeConst) {
            ctx.report({ ...base, messageId: 'tooSmall', data: { struct: s.name, actual: val.v, expected: revDef?.sizeConstant ?? expectedName, size: need } });
          }
        }
      },
    };
  },
};

/**
 * Is a sizeof operand a pointer: `sizeof(PNDIS_..._CHARACTERISTICS)`, `sizeof(X *)`, a pointer
 * typedef of the driver, or a pointer variable (`sizeof(Chars)` in a helper that receives
 * `PNDIS_FILTER_DRIVER_CHARACTERISTICS Chars`)? That is 4 or 8 bytes, never the structure.
 */
function isPointerOperand(operand: string, fn: string, index: DriverIndex): boolean {
  const t = operand.replace(/\s+/g, ' ').trim();
  if (/^[A-Za-z_]\w*$/.test(t)) {
    const v = (fn ? index.locals.get(fn)?.get(t) : undefined) ?? index.globals.get(t)?.[0];
    if (v) return pointerType(v.type, index) ?? v.pointer;
  }
  return pointerType(t, index) ?? false;
}

/** Whether a type name is a pointer (through the catalog and the driver's typedefs); undefined if unknown. */
function pointerType(type: string, index: DriverIndex): boolean | undefined {
  let t = type.replace(/\s+/g, ' ').trim();
  for (let i = 0; i < 8; i++) {
    if (t.endsWith('*')) return true;
    const hit = catalog.structByTypeName(t);
    if (hit) return hit.pointer;
    const td = index.typedefs.get(t)?.[0];
    if (!td) return undefined;
    if (td.pointer) return true;
    t = td.target;
  }
  return undefined;
}
