/**
 * x64 layout of structs and unions as MSVC computes it:
 * - a member is aligned to min(its alignment, #pragma pack), or to its `_Alignas`/DECLSPEC_ALIGN
 *   value when that is larger;
 * - bit-fields share a storage unit the size of their declared type while consecutive bit-fields
 *   have the same unit size and still fit; otherwise a new unit starts (MSVC never lets a
 *   bit-field straddle units and never shares a unit between types of different sizes); a
 *   zero-width bit-field closes the current unit;
 * - anonymous struct/union members are laid out as one member and their members are reachable by
 *   name from the enclosing record;
 * - the record's alignment is its largest member alignment and its size a multiple of it;
 *   a trailing `T x[]` occupies no space.
 */
import { alignOf, sizeOf, typeName, type CType, type Member, type RecordType } from './types';

/** A member as declared, before layout. */
export interface FieldDecl {
  /** undefined for an anonymous struct/union member or an unnamed bit-field. */
  readonly name: string | undefined;
  readonly type: CType;
  readonly bitWidth?: number;
  /** `_Alignas(n)` / `DECLSPEC_ALIGN(n)`. */
  readonly alignAs?: number;
}

/** Thrown for a layout that cannot be computed (incomplete member, bad bit-field). */
export class LayoutError extends Error {}

/**
 * Lay out `rec` from its declared members and mark it complete. `pack` is the active
 * `#pragma pack` value (8 when none is in effect; x64 natural alignment never exceeds 8 except
 * with explicit alignment).
 */
export function layoutRecord(rec: RecordType, decls: readonly FieldDecl[], pack = 16): RecordType {
  const fields: Member[] = [];
  let offset = 0;
  let size = 0;
  let align = 1;
  // Open bit-field unit: [start offset, unit size, bits used].
  let unit: { start: number; size: number; used: number } | undefined;

  decls.forEach((d, i) => {
    const isLast = i === decls.length - 1;
    let msize = sizeOf(d.type);
    if (msize === undefined) {
      if (isLast && d.type.k === 'array' && d.type.len === undefined && !rec.union) msize = 0;
      else throw new LayoutError(`member ${d.name ?? '<anonymous>'} has incomplete type ${typeName(d.type)}`);
    }
    let malign = Math.min(alignOf(d.type), pack);
    if (d.alignAs && d.alignAs > malign) malign = d.alignAs;

    if (d.bitWidth !== undefined) {
      if (d.type.k !== 'int') throw new LayoutError(`bit-field ${d.name ?? ''} must have integer type`);
      const w = d.bitWidth;
      if (w < 0 || w > msize * 8) throw new LayoutError(`bit-field ${d.name ?? ''} is wider than its type`);
      if (rec.union) {
        align = Math.max(align, malign);
        size = Math.max(size, msize);
        if (d.name && w > 0) fields.push({ name: d.name, type: d.type, offset: 0, bitOffset: 0, bitWidth: w });
        return;
      }
      if (w === 0) {
        unit = undefined;
        return;
      }
      if (!unit || unit.size !== msize || unit.used + w > msize * 8) {
        offset = alignUp(offset, malign);
        unit = { start: offset, size: msize, used: 0 };
        offset += msize;
        align = Math.max(align, malign);
      }
      if (d.name) fields.push({ name: d.name, type: d.type, offset: unit.start, bitOffset: unit.used, bitWidth: w });
      unit.used += w;
      size = Math.max(size, offset);
      return;
    }

    unit = undefined;
    align = Math.max(align, malign);
    if (rec.union) {
      fields.push({ name: d.name ?? '', type: d.type, offset: 0 });
      size = Math.max(size, msize);
      return;
    }
    offset = alignUp(offset, malign);
    fields.push({ name: d.name ?? '', type: d.type, offset });
    offset += msize;
    size = Math.max(size, offset);
  });

  rec.fields = fields;
  rec.align = align;
  rec.size = alignUp(size, align);
  rec.members = flatten(fields);
  rec.complete = true;
  return rec;
}

function alignUp(v: number, a: number): number {
  return Math.ceil(v / a) * a;
}

/** Named members, with members of anonymous struct/union members lifted (offsets adjusted). */
function flatten(fields: readonly Member[]): Map<string, Member> {
  const out = new Map<string, Member>();
  for (const f of fields) {
    if (f.name) {
      out.set(f.name, f);
    } else if (f.type.k === 'struct') {
      for (const [n, m] of f.type.members) {
        if (!out.has(n)) out.set(n, { ...m, offset: m.offset + f.offset });
      }
    }
  }
  return out;
}

/**
 * Resolve a member path such as `Header.Type` or `Info.NetLuidIndex` in a record: the member
 * with its offset from the start of the outermost record.
 */
export function memberPath(rec: RecordType, path: string): Member | undefined {
  let cur: CType = rec;
  let offset = 0;
  let last: Member | undefined;
  for (const part of path.split('.')) {
    if (cur.k !== 'struct') return undefined;
    const m = cur.members.get(part);
    if (!m) return undefined;
    offset += m.offset;
    last = m;
    cur = m.type;
  }
  return last ? { ...last, offset } : undefined;
}
