/**
 * C types of the interpreter, x64 (LLP64, as the Windows kernel): char 1, short 2, int/long 4,
 * long long 8, pointers 8. Qualifiers are not represented (they change nothing at run time).
 * Enums are `int`. Struct and union layouts are computed in layout.ts.
 */

export interface VoidType {
  readonly k: 'void';
}

export interface IntType {
  readonly k: 'int';
  readonly size: 1 | 2 | 4 | 8;
  readonly signed: boolean;
  /** Spelling for messages ("unsigned long"). */
  readonly name: string;
  /** C99 `_Bool`: conversion yields 0 or 1. */
  readonly isBool?: boolean;
}

export interface FloatType {
  readonly k: 'float';
  readonly size: 4 | 8;
  readonly name: string;
}

export interface PtrType {
  readonly k: 'ptr';
  readonly to: CType;
}

export interface ArrayType {
  readonly k: 'array';
  readonly of: CType;
  /** undefined for `T x[]` (incomplete / flexible). */
  readonly len: number | undefined;
}

export interface FuncType {
  readonly k: 'func';
  readonly ret: CType;
  readonly params: readonly CType[];
  readonly paramNames: readonly string[];
  readonly variadic: boolean;
  /** False for `T f()` (no prototype): arguments get default promotions only. */
  readonly proto: boolean;
}

/** A member of a struct or union, with its resolved position. */
export interface Member {
  readonly name: string;
  readonly type: CType;
  /** Byte offset (of the storage unit, for bit-fields). */
  readonly offset: number;
  /** Bit-fields: first bit (from the least significant) and width inside the storage unit. */
  readonly bitOffset?: number;
  readonly bitWidth?: number;
}

export interface RecordType {
  readonly k: 'struct';
  readonly union: boolean;
  readonly tag: string | undefined;
  /** Set when the definition is seen; undefined while incomplete. */
  complete: boolean;
  size: number;
  align: number;
  /** Direct members in declaration order (anonymous members appear with name ''). */
  fields: Member[];
  /** Every member reachable by name, anonymous struct/union members flattened. */
  members: Map<string, Member>;
}

export type CType = VoidType | IntType | FloatType | PtrType | ArrayType | FuncType | RecordType;

function int(size: 1 | 2 | 4 | 8, signed: boolean, name: string, isBool?: boolean): IntType {
  return Object.freeze(isBool ? { k: 'int', size, signed, name, isBool } : { k: 'int', size, signed, name });
}

export const VOID: VoidType = Object.freeze({ k: 'void' });
export const I8 = int(1, true, 'char');
export const SCHAR = int(1, true, 'signed char');
export const U8 = int(1, false, 'unsigned char');
export const I16 = int(2, true, 'short');
export const U16 = int(2, false, 'unsigned short');
export const I32 = int(4, true, 'int');
export const U32 = int(4, false, 'unsigned int');
export const LONG = int(4, true, 'long');
export const ULONG = int(4, false, 'unsigned long');
export const I64 = int(8, true, 'long long');
export const U64 = int(8, false, 'unsigned long long');
export const BOOL = int(1, false, '_Bool', true);
export const WCHAR = int(2, false, 'wchar_t');
export const FLOAT: FloatType = Object.freeze({ k: 'float', size: 4, name: 'float' });
export const DOUBLE: FloatType = Object.freeze({ k: 'float', size: 8, name: 'double' });
/** size_t / SIZE_T / ULONG_PTR on x64. */
export const SIZE_T = U64;
/** ptrdiff_t on x64. */
export const PTRDIFF_T = I64;

const ptrCache = new WeakMap<CType, PtrType>();
/** Pointer to `t` (interned, so pointer types compare by identity where it matters). */
export function ptrTo(t: CType): PtrType {
  let p = ptrCache.get(t);
  if (!p) {
    p = Object.freeze({ k: 'ptr', to: t });
    ptrCache.set(t, p);
  }
  return p;
}

export function arrayOf(t: CType, len: number | undefined): ArrayType {
  return Object.freeze({ k: 'array', of: t, len });
}

export function funcType(ret: CType, params: readonly CType[], paramNames: readonly string[], variadic: boolean, proto: boolean): FuncType {
  return Object.freeze({ k: 'func', ret, params, paramNames, variadic, proto });
}

export function newRecord(union: boolean, tag: string | undefined): RecordType {
  return { k: 'struct', union, tag, complete: false, size: 0, align: 1, fields: [], members: new Map() };
}

export const isInt = (t: CType): t is IntType => t.k === 'int';
export const isFloat = (t: CType): t is FloatType => t.k === 'float';
export const isArith = (t: CType): t is IntType | FloatType => t.k === 'int' || t.k === 'float';
export const isPtr = (t: CType): t is PtrType => t.k === 'ptr';
export const isScalar = (t: CType): boolean => t.k === 'int' || t.k === 'float' || t.k === 'ptr';
export const isRecord = (t: CType): t is RecordType => t.k === 'struct';

/** sizeof; undefined for incomplete types, functions and void. */
export function sizeOf(t: CType): number | undefined {
  switch (t.k) {
    case 'int':
    case 'float':
      return t.size;
    case 'ptr':
      return 8;
    case 'array': {
      if (t.len === undefined) return undefined;
      const e = sizeOf(t.of);
      return e === undefined ? undefined : e * t.len;
    }
    case 'struct':
      return t.complete ? t.size : undefined;
    default:
      return undefined;
  }
}

/** _Alignof. */
export function alignOf(t: CType): number {
  switch (t.k) {
    case 'int':
    case 'float':
      return t.size;
    case 'ptr':
      return 8;
    case 'array':
      return alignOf(t.of);
    case 'struct':
      return t.align;
    default:
      return 1;
  }
}

/** Integer promotion: anything narrower than int becomes int. */
export function promote(t: IntType): IntType {
  return t.size < 4 ? I32 : t;
}

/** The usual arithmetic conversions for two arithmetic operand types. */
export function usualArith(a: IntType | FloatType, b: IntType | FloatType): IntType | FloatType {
  if (a.k === 'float' || b.k === 'float') {
    const sa = a.k === 'float' ? a.size : 0;
    const sb = b.k === 'float' ? b.size : 0;
    return Math.max(sa, sb) === 8 ? DOUBLE : FLOAT;
  }
  const pa = promote(a);
  const pb = promote(b);
  if (pa.signed === pb.signed) return pa.size >= pb.size ? pa : pb;
  const [u, s] = pa.signed ? [pb, pa] : [pa, pb];
  if (u.size >= s.size) return u;
  return s;
}

/** A readable spelling of a type for messages. */
export function typeName(t: CType): string {
  switch (t.k) {
    case 'void':
      return 'void';
    case 'int':
    case 'float':
      return t.name;
    case 'ptr':
      return `${typeName(t.to)} *`;
    case 'array':
      return `${typeName(t.of)}[${t.len ?? ''}]`;
    case 'func':
      return `${typeName(t.ret)} (${t.params.map(typeName).join(', ')}${t.variadic ? ', ...' : ''})`;
    case 'struct':
      return `${t.union ? 'union' : 'struct'} ${t.tag ?? '<anonymous>'}`;
  }
}

/** Compatible enough for assignment checks that matter at run time (same shape). */
export function sameType(a: CType, b: CType): boolean {
  if (a === b) return true;
  if (a.k !== b.k) return false;
  switch (a.k) {
    case 'int':
      return a.size === (b as IntType).size && a.signed === (b as IntType).signed;
    case 'float':
      return a.size === (b as FloatType).size;
    case 'ptr':
      return true;
    case 'array':
      return sameType(a.of, (b as ArrayType).of);
    default:
      return false;
  }
}
