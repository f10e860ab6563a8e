/**
 * How single tree-sitter nodes become facts: declarators, declarations, typedefs, initializers,
 * assignments and calls (with how their result is used). The walk that finds these nodes, and the
 * per-item caching, are in extract.ts.
 */
import type { Node } from 'web-tree-sitter';
import type { Annotation } from '../parser/prepass';
import type { CallFact, Conditions, Expr, InitEntry, InitList, ItemFacts, ParamFact, ResultUse } from './facts';
import { catalog, isRoleName } from './catalogView';

/** Deepest initializer nesting converted to data (deeper lists become opaque expressions). */
const MAX_INIT_DEPTH = 32;

// ---------------------------------------------------------------------------------------------
// Declarators
interface DeclInfo {
  name: string;
  nameNode: Node | null;
  pointer: number;
  isFunction: boolean;
  params?: ParamFact[];
  isArray: boolean;
}

/** Unwrap a declarator: pointers, arrays, parentheses, function declarators, init declarators. */
function declInfo(d: Node | null): DeclInfo {
  const info: DeclInfo = { name: '', nameNode: null, pointer: 0, isFunction: false, isArray: false };
  let cur = d;
  for (let guard = 0; cur && guard < 256; guard++) {
    switch (cur.type) {
      case 'identifier':
      case 'field_identifier':
      case 'type_identifier':
        info.name = cur.text;
        info.nameNode = cur;
        return info;
      case 'pointer_declarator':
      case 'abstract_pointer_declarator':
        info.pointer++;
        cur = cur.childForFieldName('declarator');
        break;
      case 'array_declarator':
        info.isArray = true;
        cur = cur.childForFieldName('declarator');
        break;
      case 'function_declarator':
        if (!info.isFunction) {
          info.isFunction = true;
          info.params = paramList(cur.childForFieldName('parameters'));
        }
        cur = cur.childForFieldName('declarator');
        break;
      case 'init_declarator':
        cur = cur.childForFieldName('declarator');
        break;
      case 'parenthesized_declarator':
        cur = cur.namedChild(0);
        break;
      default:
        return info;
    }
  }
  return info;
}

function paramList(p: Node | null): ParamFact[] {
  if (!p) return [];
  const out: ParamFact[] = [];
  for (const c of p.namedChildren) {
    if (!c || c.type === 'comment') continue;
    if (c.type === 'variadic_parameter') {
      out.push({ name: '...', type: '...' });
      continue;
    }
    if (c.type !== 'parameter_declaration') continue;
    const type = typeText(c.childForFieldName('type'));
    const d = declInfo(c.childForFieldName('declarator'));
    out.push({ name: d.name, type: type + '*'.repeat(d.pointer) });
  }
  // `(VOID)` / `(void)`: no parameters.
  if (out.length === 1 && !out[0]!.name && /^(void|VOID)$/.test(out[0]!.type)) return [];
  return out;
}

function typeText(t: Node | null): string {
  if (!t) return '';
  return t.text.replace(/\b(const|volatile|CONST)\b/g, '').replace(/\s+/g, ' ').trim();
}

/** WDK pointer typedefs drivers use for variables that hold handles and structs. */
const WDK_POINTER_TYPES = new Set([
  'PVOID', 'PCHAR', 'PUCHAR', 'PUSHORT', 'PULONG', 'PULONG64', 'PLONG', 'PWSTR', 'PWCHAR', 'PSTR', 'PCWSTR', 'PCSTR',
  'PUNICODE_STRING', 'PNDIS_STRING', 'PDRIVER_OBJECT', 'PDEVICE_OBJECT', 'PIRP', 'PMDL', 'PNET_BUFFER_LIST', 'PNET_BUFFER',
  'PNDIS_HANDLE', 'PNET_LUID', 'PNET_IFINDEX', 'PNDIS_OID_REQUEST', 'PNDIS_BIND_PARAMETERS', 'PNDIS_FILTER_ATTACH_PARAMETERS',
  'PNDIS_MINIPORT_INIT_PARAMETERS', 'PNET_PNP_EVENT_NOTIFICATION', 'PNDIS_SPIN_LOCK', 'PKSPIN_LOCK', 'PLIST_ENTRY',
]);

/**
 * Whether a type is a pointer, as far as one file can tell: declarator stars, the WDK's pointer
 * typedefs, and the catalog's (PNDIS_..._CHARACTERISTICS). A driver's own `PADAPTER` is resolved
 * later through its typedefs — a name starting with P is not enough (`PROTOCOL_CHARS` is a struct).
 */
export function isPointerType(t: string): boolean {
  return t.endsWith('*') || WDK_POINTER_TYPES.has(t) || catalog.structByTypeName(t)?.pointer === true;
}

function storageOf(n: Node): { isStatic: boolean; isExtern: boolean } {
  let isStatic = false;
  let isExtern = false;
  for (const c of n.children) {
    if (c?.type === 'storage_class_specifier') {
      if (c.text === 'static') isStatic = true;
      if (c.text === 'extern') isExtern = true;
    }
  }
  return { isStatic, isExtern };
}

export function functionFact(n: Node, fn: string, conds: Conditions) {
  const d = declInfo(n.childForFieldName('declarator'));
  if (!d.name || !d.nameNode) return undefined;
  const body = n.childForFieldName('body');
  return {
    name: d.name,
    nameSpan: { start: d.nameNode.startIndex, end: d.nameNode.endIndex },
    params: d.params ?? [],
    returnType: typeText(n.childForFieldName('type')) + '*'.repeat(d.pointer),
    isDefinition: true,
    isStatic: storageOf(n).isStatic,
    annotations: [] as Annotation[],
    fn,
    conds,
    start: n.startIndex,
    end: n.endIndex,
    ...(body ? { body: { start: body.startIndex, end: body.endIndex } } : {}),
  };
}

export function declarationFacts(n: Node, fn: string, conds: Conditions, f: ItemFacts): void {
  const typeNode = n.childForFieldName('type');
  const type = typeText(typeNode);
  const { isStatic, isExtern } = storageOf(n);
  for (const decl of n.childrenForFieldName('declarator')) {
    if (!decl) continue;
    const d = declInfo(decl);
    if (!d.name || !d.nameNode) continue;
    if (d.isFunction && d.pointer === 0) {
      if (fn === '') {
        f.functions.push({
          name: d.name, nameSpan: span(d.nameNode), params: d.params ?? [], returnType: type, isDefinition: false,
          isStatic, annotations: [], fn, conds, start: n.startIndex, end: n.endIndex,
        });
      }
      continue;
    }
    if (fn === '' && d.pointer === 0 && !d.isArray && decl.type === 'identifier' && isRoleName(type)) {
      f.roleDecls.push({ name: d.name, role: type, fn, conds, start: n.startIndex, end: n.endIndex });
      continue;
    }
    const value = decl.type === 'init_declarator' ? decl.childForFieldName('value') : null;
    const init = value ? (value.type === 'initializer_list' ? initList(value, 0) : expr(value)) : undefined;
    f.vars.push({
      name: d.name,
      type: type + '*'.repeat(d.pointer),
      pointer: d.pointer > 0 || isPointerType(type),
      storage: fn === '' ? (isExtern ? 'extern' : 'global') : isStatic ? 'static' : 'local',
      fn,
      conds,
      start: n.startIndex,
      end: n.endIndex,
      nameSpan: span(d.nameNode),
      ...(init ? { init } : {}),
    });
    // `PNDIS_X p = &Chars;` is an alias as much as an assignment is.
    if (value && d.pointer + (isPointerType(type) ? 1 : 0) > 0) {
      const a = aliasTarget(value);
      if (a) f.aliases.push({ name: d.name, target: a.target, addressOf: a.addressOf, fn, conds, start: n.startIndex, end: n.endIndex });
    }
  }
}

export function typedefFacts(n: Node, fn: string, conds: Conditions, f: ItemFacts): void {
  const t = n.childForFieldName('type');
  let target = typeText(t);
  let members: ParamFact[] | undefined;
  if (t && (t.type === 'struct_specifier' || t.type === 'union_specifier')) {
    const nameNode = t.childForFieldName('name');
    target = `${t.type === 'struct_specifier' ? 'struct' : 'union'} ${nameNode?.text ?? ''}`.trim();
    const body = t.childForFieldName('body');
    if (body) {
      members = [];
      for (const fd of body.namedChildren) {
        if (!fd || fd.type !== 'field_declaration') continue;
        const ft = typeText(fd.childForFieldName('type'));
        for (const dd of fd.childrenForFieldName('declarator')) {
          const di = declInfo(dd);
          if (di.name) members.push({ name: di.name, type: ft + '*'.repeat(di.pointer) });
        }
      }
    }
  }
  for (const decl of n.childrenForFieldName('declarator')) {
    const d = declInfo(decl);
    if (!d.name) continue;
    f.typedefs.push({
      name: d.name, target, pointer: d.pointer > 0, fn, conds, start: n.startIndex, end: n.endIndex,
      ...(members && d.pointer === 0 ? { members } : {}),
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Expressions

function span(n: Node): { start: number; end: number } {
  return { start: n.startIndex, end: n.endIndex };
}

function expr(n: Node): Expr {
  return { text: n.text, start: n.startIndex, end: n.endIndex };
}

function initList(n: Node, depth: number): InitList | Expr {
  if (depth > MAX_INIT_DEPTH) return expr(n);
  const entries: InitEntry[] = [];
  for (const c of n.namedChildren) {
    if (!c || c.type === 'comment') continue;
    if (c.type === 'initializer_pair') {
      const designator: string[] = [];
      let first: Node | null = null;
      let last: Node | null = null;
      for (const d of c.childrenForFieldName('designator')) {
        if (!d) continue;
        first ??= d;
        last = d;
        designator.push(d.type === 'field_designator' ? d.text.replace(/^\./, '').trim() : d.text);
      }
      const v = c.childForFieldName('value');
      if (!v) continue;
      entries.push({
        designator,
        ...(first && last ? { designatorSpan: { start: first.startIndex, end: last.endIndex } } : {}),
        value: v.type === 'initializer_list' ? initList(v, depth + 1) : expr(v),
      });
    } else {
      entries.push({ value: c.type === 'initializer_list' ? initList(c, depth + 1) : expr(c) });
    }
  }
  return { kind: 'list', entries, start: n.startIndex, end: n.endIndex };
}

/** Strip parentheses and casts around an expression. */
function unwrap(n: Node | null): Node | null {
  let cur = n;
  for (let g = 0; cur && g < 64; g++) {
    if (cur.type === 'parenthesized_expression') cur = cur.namedChild(0);
    else if (cur.type === 'cast_expression') cur = cur.childForFieldName('value');
    else return cur;
  }
  return cur;
}

function aliasTarget(v: Node): { target: string; addressOf: boolean } | undefined {
  const u = unwrap(v);
  if (!u) return undefined;
  if (u.type === 'pointer_expression' && u.child(0)?.type === '&') {
    const arg = unwrap(u.childForFieldName('argument'));
    if (arg?.type === 'identifier') return { target: arg.text, addressOf: true };
  }
  if (u.type === 'identifier') return { target: u.text, addressOf: false };
  return undefined;
}

/** Member path of a field expression: `c.Header.Type` → root c, ["Header","Type"]. */
export function memberPath(n: Node): { root: string; via: 'direct' | 'pointer'; path: string[]; last: Node } | undefined {
  const path: string[] = [];
  let cur: Node | null = n;
  let via: 'direct' | 'pointer' = 'direct';
  let last: Node | null = null;
  for (let g = 0; cur && g < 64; g++) {
    if (cur.type === 'field_expression') {
      const field = cur.childForFieldName('field');
      if (!field) return undefined;
      last ??= field;
      path.unshift(field.text);
      const op = cur.childForFieldName('operator')?.text ?? cur.child(1)?.text;
      via = op === '->' ? 'pointer' : 'direct';
      cur = cur.childForFieldName('argument');
      continue;
    }
    if (cur.type === 'parenthesized_expression') {
      cur = cur.namedChild(0);
      continue;
    }
    if (cur.type === 'pointer_expression' && cur.child(0)?.type === '*') {
      via = 'pointer';
      cur = cur.childForFieldName('argument');
      continue;
    }
    if (cur.type === 'identifier' && last) return { root: cur.text, via, path, last };
    return undefined;
  }
  return undefined;
}

export function assignmentFacts(n: Node, fn: string, conds: Conditions, f: ItemFacts): void {
  const left = n.childForFieldName('left');
  const right = n.childForFieldName('right');
  const op = n.childForFieldName('operator')?.text ?? '=';
  if (!left || !right) return;
  if (left.type === 'field_expression') {
    const mp = memberPath(left);
    if (mp) {
      f.writes.push({
        obj: { name: mp.root, via: mp.via }, path: mp.path, memberSpan: span(mp.last), value: expr(right), op,
        fn, conds, start: n.startIndex, end: n.endIndex,
      });
    }
    return;
  }
  if (left.type === 'identifier' && op === '=') {
    const a = aliasTarget(right);
    if (a) f.aliases.push({ name: left.text, target: a.target, addressOf: a.addressOf, fn, conds, start: n.startIndex, end: n.endIndex });
  }
}

/** Calls whose argument is a status test: `NT_SUCCESS(NdisX(...))`. */
const TEST_WRAPPERS = new Set(['NT_SUCCESS', 'NT_ERROR', 'NT_WARNING', 'NT_INFORMATION', 'NDIS_STATUS_SUCCESS_CHECK']);

export function callFact(n: Node, fn: string, conds: Conditions): CallFact | undefined {
  const callee = unwrap(n.childForFieldName('function'));
  if (!callee) return undefined;
  let name: string;
  if (callee.type === 'identifier') name = callee.text;
  else if (callee.type === 'field_expression') name = callee.text.replace(/\s+/g, '');
  else return undefined;
  const argsNode = n.childForFieldName('arguments');
  const args: Expr[] = [];
  if (argsNode) for (const a of argsNode.namedChildren) if (a && a.type !== 'comment') args.push(expr(a));
  const { use, assignedTo } = resultUse(n);
  return {
    callee: name, calleeSpan: span(callee), args, use, fn, conds, start: n.startIndex, end: n.endIndex,
    ...(assignedTo !== undefined ? { assignedTo } : {}),
  };
}

/** How the value of a call is used, judged from its parents. */
function resultUse(n: Node): { use: ResultUse; assignedTo?: string } {
  let child: Node = n;
  let p = n.parent;
  for (let g = 0; p && g < 32; g++) {
    switch (p.type) {
      case 'parenthesized_expression':
        if (p.parent && /^(if_statement|while_statement|do_statement|switch_statement)$/.test(p.parent.type)) return { use: 'tested' };
        child = p;
        p = p.parent;
        continue;
      case 'cast_expression':
        if (/^\(\s*(VOID|void)\s*\)/.test(p.text)) return { use: 'discarded' };
        child = p;
        p = p.parent;
        continue;
      case 'expression_statement':
        return { use: 'discarded' };
      case 'comma_expression':
        if (p.childForFieldName('left')?.id === child.id) return { use: 'discarded' };
        child = p;
        p = p.parent;
        continue;
      case 'assignment_expression':
        return { use: 'assigned', assignedTo: p.childForFieldName('left')?.text.replace(/\s+/g, '') ?? '' };
      case 'init_declarator':
        return { use: 'assigned', assignedTo: declInfo(p.childForFieldName('declarator')).name };
      case 'return_statement':
        return { use: 'returned' };
      case 'binary_expression':
      case 'unary_expression':
      case 'conditional_expression':
      case 'if_statement':
      case 'while_statement':
      case 'for_statement':
        return { use: 'tested' };
      case 'argument_list': {
        const call = p.parent;
        const callee = call?.childForFieldName('function')?.text ?? '';
        return { use: TEST_WRAPPERS.has(callee) ? 'tested' : 'argument' };
      }
      default:
        return { use: 'other' };
    }
  }
  return { use: 'other' };
}

