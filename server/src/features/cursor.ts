/**
 * Reading the code around the cursor: the member-access chain before a position (`Chars.Header.`,
 * `p->`), the assignment target before an `=`, and which characteristics structure (and object)
 * a variable of the driver denotes. Text scans are bounded to the current statement.
 */
import { catalog, type StructDef } from '../model/catalogView';
import type { DriverIndex } from '../model/driver';
import { isIdent } from './services';
import type { DriverModel, ObjectInfo } from './driverModel';

/** `Chars.Header.` → base "Chars", path ["Header"]. */
export interface Access {
  readonly base: string;
  /** Members between the base and the position. */
  readonly path: readonly string[];
  /** How the base is dereferenced (`.` or `->`). */
  readonly via: 'direct' | 'pointer';
  /** Offset where the base identifier starts. */
  readonly start: number;
}

const MAX_SCAN = 400;

function skipSpaceBack(text: string, i: number, limit: number): number {
  while (i > limit && /\s/.test(text[i - 1]!)) i--;
  return i;
}

function identBack(text: string, i: number, limit: number): { name: string; start: number } | undefined {
  let s = i;
  while (s > limit && isIdent(text.charCodeAt(s - 1))) s--;
  if (s === i || /^\d/.test(text.slice(s, i))) return undefined;
  return { name: text.slice(s, i), start: s };
}

/** The access chain ending just before `pos` (which follows a `.` or `->`), if it is a plain one. */
export function accessBefore(text: string, pos: number): Access | undefined {
  const limit = Math.max(0, pos - MAX_SCAN);
  let i = skipSpaceBack(text, pos, limit);
  const path: string[] = [];
  let via: 'direct' | 'pointer' | undefined;
  for (let hops = 0; hops < 8; hops++) {
    if (text[i - 1] === '.') {
      via = 'direct';
      i--;
    } else if (text[i - 1] === '>' && text[i - 2] === '-') {
      via = 'pointer';
      i -= 2;
    } else {
      break;
    }
    i = skipSpaceBack(text, i, limit);
    const id = identBack(text, i, limit);
    if (!id) return undefined;
    path.unshift(id.name);
    i = skipSpaceBack(text, id.start, limit);
    const more = text[i - 1] === '.' || (text[i - 1] === '>' && text[i - 2] === '-');
    if (!more) {
      // Not `a.b` but `x` preceded by something else: x is the base.
      const base = path.shift()!;
      return { base, path, via: via!, start: id.start };
    }
  }
  return undefined;
}

/** The assignment target before `=` at `eqPos` (`Chars.Header.Type` in `Chars.Header.Type = `). */
export function assignmentTarget(text: string, eqPos: number): Access & { member: string } | undefined {
  if (text[eqPos] !== '=' || text[eqPos + 1] === '=' || /[=!<>+\-*/%&|^]/.test(text[eqPos - 1] ?? '')) return undefined;
  const limit = Math.max(0, eqPos - MAX_SCAN);
  const end = skipSpaceBack(text, eqPos, limit);
  const last = identBack(text, end, limit);
  if (!last) return undefined;
  const chain = accessBefore(text, last.start);
  if (!chain) return undefined;
  return { ...chain, member: last.name };
}

/** The catalog struct a type spelling names (plain or pointer), through the driver's typedefs. */
export function structOfAnyType(type: string, index: DriverIndex): StructDef | undefined {
  let t = type.replace(/\b(const|CONST|volatile)\b/g, '').replace(/\s+/g, ' ').trim();
  for (let i = 0; i < 8; i++) {
    const hit = catalog.structByTypeName(t);
    if (hit) return hit.struct;
    const bare = t.replace(/\*/g, '').trim();
    const td = index.typedefs.get(bare)?.[0];
    if (!td) return undefined;
    t = td.target;
  }
  return undefined;
}

/** The structure a base name denotes inside function `fn`, and the characteristics object if known. */
export function resolveBase(model: DriverModel, fn: string, base: string): { struct: StructDef; object: ObjectInfo | undefined } | undefined {
  const own = model.objects.find((o) => o.key === `${fn}::${base}`) ?? model.objects.find((o) => o.key === `::${base}` && !model.index.locals.get(fn)?.has(base));
  if (own) return { struct: own.struct, object: own };
  const variable = model.index.locals.get(fn)?.get(base) ?? model.index.globals.get(base)?.[0];
  if (!variable) return undefined;
  const struct = structOfAnyType(variable.type, model.index);
  if (!struct) return undefined;
  // A pointer (an alias or a helper's parameter): the object whose values are written through it here.
  const object = model.objects.find((o) => o.struct === struct && o.values.some((v) => v.fn === fn && v.source === 'write'));
  return { struct, object };
}

/** Follow member names from a struct (through embedded structs such as Header). */
export function structAtPath(struct: StructDef, path: readonly string[]): StructDef | undefined {
  let cur: StructDef | undefined = struct;
  for (const p of path) {
    const m: ReturnType<typeof catalog.member> = cur ? catalog.member(cur, p) : undefined;
    cur = m?.struct ? catalog.STRUCTS[m.struct] : undefined;
    if (!cur) return undefined;
  }
  return cur;
}
