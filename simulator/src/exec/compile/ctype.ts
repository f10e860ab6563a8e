/**
 * C types from tree-sitter declarations: specifiers (primitive, sized, typedef names, struct,
 * union, enum), declarators (pointer, array, function, parenthesised, abstract), parameter lists,
 * struct/union bodies (laid out with layout.ts, honouring `#pragma pack` and `_Alignas`) and
 * enumerations (constants entered into the scope).
 */
import type { Node } from 'web-tree-sitter';
import { layoutRecord, LayoutError, type FieldDecl } from '../layout';
import {
  arrayOf, BOOL, DOUBLE, FLOAT, funcType, I16, I32, I64, I8, newRecord, ptrTo, SCHAR, U16, U32, U64, U8, VOID, LONG, ULONG,
  type CType, type FuncType, type RecordType,
} from '../types';
import { CompileError } from './scope';
import type { Unit } from './unit';

/** What the specifiers of a declaration say. */
export interface Specifiers {
  readonly type: CType;
  readonly isStatic: boolean;
  readonly isExtern: boolean;
  readonly isTypedef: boolean;
  readonly alignAs: number | undefined;
}

const PRIMITIVES: Record<string, CType> = {
  char: I8, int: I32, void: VOID, float: FLOAT, double: DOUBLE, _Bool: BOOL, bool: BOOL,
  size_t: U64, ssize_t: I64, ptrdiff_t: I64, intptr_t: I64, uintptr_t: U64, int8_t: I8, uint8_t: U8,
  int16_t: I16, uint16_t: U16, int32_t: I32, uint32_t: U32, int64_t: I64, uint64_t: U64, char16_t: U16,
  char32_t: U32, char8_t: U8, wchar_t: U16,
};

/** Resolve the specifiers of a declaration, parameter, field or type descriptor node. */
export function specifiers(u: Unit, node: Node): Specifiers {
  let isStatic = false;
  let isExtern = false;
  let alignAs: number | undefined;
  const isTypedef = node.type === 'type_definition';
  for (const c of node.children) {
    if (c.type === 'storage_class_specifier') {
      if (c.text === 'static') isStatic = true;
      else if (c.text === 'extern') isExtern = true;
    } else if (c.type === 'type_qualifier') {
      const al = c.children.find((x) => x.type === 'alignas_qualifier');
      if (al) {
        const arg = al.namedChildren[0];
        if (arg) alignAs = arg.type === 'type_descriptor' ? undefined : u.constInt(arg);
      }
    }
  }
  const tnode = node.childForFieldName('type');
  if (!tnode) throw new CompileError('declaration without a type', u.loc(node));
  return { type: typeSpecifier(u, tnode), isStatic, isExtern, isTypedef, alignAs };
}

/** The type a type-specifier node names. */
export function typeSpecifier(u: Unit, t: Node): CType {
  switch (t.type) {
    case 'primitive_type': {
      const p = PRIMITIVES[t.text];
      if (!p) throw new CompileError(`unknown type ${t.text}`, u.loc(t));
      return p;
    }
    case 'sized_type_specifier':
      return sizedType(u, t);
    case 'type_identifier': {
      const s = u.scope.lookup(t.text);
      if (s?.k === 'typedef') return s.type;
      throw new CompileError(`unknown type name ${t.text}`, u.loc(t));
    }
    case 'struct_specifier':
    case 'union_specifier':
      return recordSpecifier(u, t);
    case 'enum_specifier':
      enumSpecifier(u, t);
      return I32;
    default:
      throw new CompileError(`unsupported type specifier ${t.type} "${t.text.slice(0, 40)}"`, u.loc(t));
  }
}

function sizedType(u: Unit, t: Node): CType {
  const words = t.text.split(/\s+/);
  let longs = 0;
  let unsigned = false;
  let signed = false;
  let base = '';
  for (const w of words) {
    if (w === 'long') longs++;
    else if (w === 'unsigned') unsigned = true;
    else if (w === 'signed') signed = true;
    else if (w === 'short') base = 'short';
    else if (w === 'char' || w === 'int' || w === 'double' || w === 'float') base = base || w;
    else if (w && !['const', 'volatile'].includes(w)) {
      const s = u.scope.lookup(w);
      if (s?.k === 'typedef') return s.type;
      throw new CompileError(`unsupported type "${t.text}"`, u.loc(t));
    }
  }
  if (base === 'double' || base === 'float') return DOUBLE;
  if (base === 'char') return unsigned ? U8 : signed ? SCHAR : I8;
  if (base === 'short') return unsigned ? U16 : I16;
  if (longs >= 2) return unsigned ? U64 : I64;
  if (longs === 1) return unsigned ? ULONG : LONG;
  return unsigned ? U32 : I32;
}

/** A declarator applied to a base type. */
export interface Declared {
  readonly name: string | undefined;
  readonly type: CType;
  /** The function_declarator that gave a function its type (parameter names for definitions). */
  readonly funcNode: Node | undefined;
  readonly nameNode: Node | undefined;
}

/** Apply a (possibly abstract) declarator to `base`. */
export function declarator(u: Unit, base: CType, d: Node | null): Declared {
  let type = base;
  let funcNode: Node | undefined;
  let node: Node | null = d;
  for (let guard = 0; node && guard < 1000; guard++) {
    switch (node.type) {
      case 'identifier':
      case 'field_identifier':
      case 'type_identifier':
      case 'primitive_type':
        return { name: node.text, type, funcNode, nameNode: node };
      case 'pointer_declarator':
      case 'abstract_pointer_declarator':
        type = ptrTo(type);
        node = node.childForFieldName('declarator');
        break;
      case 'array_declarator':
      case 'abstract_array_declarator': {
        const size = node.childForFieldName('size');
        type = arrayOf(type, size ? u.constInt(size) : undefined);
        node = node.childForFieldName('declarator');
        break;
      }
      case 'function_declarator':
      case 'abstract_function_declarator':
        type = funcOf(u, type, node.childForFieldName('parameters'));
        funcNode ??= node;
        node = node.childForFieldName('declarator');
        break;
      case 'parenthesized_declarator':
      case 'abstract_parenthesized_declarator':
        node = node.namedChildren.find((c) => c.type !== 'ms_call_modifier' && c.type !== 'attribute_specifier') ?? null;
        break;
      case 'attributed_declarator':
        node = node.namedChildren.find((c) => c.type !== 'attribute_declaration') ?? null;
        break;
      case 'init_declarator':
        node = node.childForFieldName('declarator');
        break;
      default:
        throw new CompileError(`unsupported declarator ${node.type}`, u.loc(node));
    }
  }
  return { name: undefined, type, funcNode, nameNode: undefined };
}

/** A function type from a parameter_list (parameter types decay; `(void)` is no parameters). */
export function funcOf(u: Unit, ret: CType, params: Node | null): FuncType {
  const types: CType[] = [];
  const names: string[] = [];
  let variadic = false;
  const list = params ? params.namedChildren : [];
  for (const p of list) {
    if (p.type === 'variadic_parameter') {
      variadic = true;
      continue;
    }
    if (p.type !== 'parameter_declaration') continue;
    const spec = specifiers(u, p);
    const d = declarator(u, spec.type, p.childForFieldName('declarator'));
    if (d.type.k === 'void' && !d.name) continue;
    let t = d.type;
    if (t.k === 'array') t = ptrTo(t.of);
    else if (t.k === 'func') t = ptrTo(t);
    types.push(t);
    names.push(d.name ?? '');
  }
  if (params?.text.includes('...')) variadic = true;
  const proto = !!params && (list.length > 0 || params.text.replace(/\s/g, '') !== '()');
  return funcType(ret, types, names, variadic, proto);
}

/** The type of a type_descriptor (casts, sizeof, compound literals). */
export function typeDescriptor(u: Unit, node: Node): CType {
  const spec = specifiers(u, node);
  return declarator(u, spec.type, node.childForFieldName('declarator')).type;
}

function recordSpecifier(u: Unit, node: Node): RecordType {
  const union = node.type === 'union_specifier';
  const tag = node.childForFieldName('name')?.text;
  const body = node.childForFieldName('body');
  if (!body) {
    if (!tag) throw new CompileError('struct without a name or a body', u.loc(node));
    const t = u.scope.lookupTag(tag);
    if (t?.k === 'record') return t.rec;
    const rec = newRecord(union, tag);
    u.fileScope.tags.set(tag, { k: 'record', rec });
    return rec;
  }
  let rec: RecordType;
  const existing = tag ? u.scope.tags.get(tag) : undefined;
  if (existing?.k === 'record' && !existing.rec.complete) rec = existing.rec;
  else {
    rec = newRecord(union, tag);
    if (tag) u.scope.tags.set(tag, { k: 'record', rec });
  }
  const decls: FieldDecl[] = [];
  for (const f of body.namedChildren) {
    if (f.type === 'preproc_call') {
      u.pragma(f);
      continue;
    }
    if (f.type !== 'field_declaration') {
      if (f.type === 'comment') continue;
      throw new CompileError(`unexpected ${f.type} in ${union ? 'union' : 'struct'} ${tag ?? ''}`, u.loc(f));
    }
    const spec = specifiers(u, f);
    const ds = f.childrenForFieldName('declarator');
    const bits = f.children.find((c) => c.type === 'bitfield_clause');
    const width = bits ? u.constInt(bits.namedChildren[0]!) : undefined;
    if (!ds.length) {
      decls.push({ name: undefined, type: spec.type, ...(width !== undefined ? { bitWidth: width } : {}), ...(spec.alignAs ? { alignAs: spec.alignAs } : {}) });
      continue;
    }
    for (const d of ds) {
      const r = declarator(u, spec.type, d);
      decls.push({ name: r.name, type: r.type, ...(width !== undefined ? { bitWidth: width } : {}), ...(spec.alignAs ? { alignAs: spec.alignAs } : {}) });
    }
  }
  try {
    layoutRecord(rec, decls, u.pack);
  } catch (e) {
    if (e instanceof LayoutError) throw new CompileError(`${union ? 'union' : 'struct'} ${tag ?? '<anonymous>'}: ${e.message}`, u.loc(node));
    throw e;
  }
  if (tag) u.program.types.has(`struct ${tag}`) || u.program.types.set(`struct ${tag}`, rec);
  return rec;
}

function enumSpecifier(u: Unit, node: Node): void {
  const tag = node.childForFieldName('name')?.text;
  const body = node.childForFieldName('body');
  if (tag) u.scope.tags.set(tag, { k: 'enum' });
  if (!body) return;
  let next = 0;
  for (const e of body.namedChildren) {
    if (e.type !== 'enumerator') continue;
    const name = e.childForFieldName('name')!.text;
    const v = e.childForFieldName('value');
    const value = v ? u.constInt(v) : next;
    u.scope.names.set(name, { k: 'const', type: I32, value: value | 0 });
    next = (value + 1) | 0;
  }
}
