/**
 * Extraction of facts from a tree-sitter C tree.
 *
 * The tree is split into top-level items (descending through `#if` groups and `extern "C"`
 * blocks, which contribute conditions). Each item is walked iteratively — deeply nested input
 * must not overflow the JS stack — and yields ItemFacts with offsets relative to the item start,
 * cached by the item's text so an edit only re-extracts what changed.
 */
import type { Node, Tree } from 'web-tree-sitter';
import type { Annotation, ConditionTerm } from '../parser/prepass';
import {
  emptyItemFacts,
  type CallFact,
  type Conditions,
  type Expr,
  type FileFacts,
  type InitEntry,
  type InitList,
  type ItemFacts,
  type ParamFact,
  type ResultUse,
  type SuppressionComment,
} from './facts';
import { catalog, isRoleName } from './catalogView';

/** Deepest initializer nesting converted to data (deeper lists become opaque expressions). */
const MAX_INIT_DEPTH = 32;

/** A top-level item: its node, and the conditions around it. */
interface Item {
  readonly node: Node;
  readonly conds: Conditions;
}

/** Cache of item facts by item text (relative offsets). One per file; entries not seen in a pass are dropped. */
export class ItemCache {
  private map = new Map<string, ItemFacts>();
  private next = new Map<string, ItemFacts>();
  get(key: string): ItemFacts | undefined {
    const v = this.map.get(key) ?? this.next.get(key);
    if (v) this.next.set(key, v);
    return v;
  }
  set(key: string, v: ItemFacts): void {
    this.next.set(key, v);
  }
  /** End of a pass: keep only what this pass used. */
  sweep(): void {
    this.map = this.next;
    this.next = new Map();
  }
}

/**
 * Extract the facts of a whole file. `annotations` come from the pre-pass and are attached to the
 * function that follows them.
 */
export function extractFile(
  uri: string,
  tree: Tree,
  text: string,
  rawText: string,
  annotations: readonly Annotation[],
  cache?: ItemCache,
): FileFacts {
  const out = emptyItemFacts();
  let parseErrors = 0;
  for (const item of topLevelItems(tree.rootNode)) {
    const base = item.node.startIndex;
    const key = item.node.type + '\u0000' + text.slice(base, item.node.endIndex);
    let rel = cache?.get(key);
    if (!rel) {
      rel = shiftFacts(extractItem(item.node), -base);
      cache?.set(key, rel);
    }
    appendFacts(out, shiftFacts(rel, base), item.conds);
    if (item.node.type === 'ERROR' || item.node.hasError) parseErrors++;
  }
  cache?.sweep();
  attachAnnotations(out, annotations, text);
  return { ...out, uri, suppressions: findSuppressions(rawText), parseErrors };
}

/** Walk `#if` groups, `extern "C" {}` and the translation unit down to the items, iteratively. */
export function topLevelItems(root: Node): Item[] {
  const items: Item[] = [];
  const stack: Item[] = [];
  for (let i = root.namedChildCount - 1; i >= 0; i--) stack.push({ node: root.namedChild(i)!, conds: [] });
  while (stack.length) {
    const { node, conds } = stack.pop()!;
    const kids = conditionalChildren(node, conds);
    if (kids) {
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
      continue;
    }
    if (node.type === 'linkage_specification' || node.type === 'declaration_list') {
      const body = node.type === 'linkage_specification' ? node.childForFieldName('body') : node;
      if (body && body.type === 'declaration_list') {
        for (let i = body.namedChildCount - 1; i >= 0; i--) stack.push({ node: body.namedChild(i)!, conds });
        continue;
      }
    }
    if (node.type === 'comment') continue;
    items.push({ node, conds });
  }
  return items;
}

/**
 * For a `#if`/`#ifdef`/`#elif`/`#else` node: its content children, each with the conditions
 * that hold there, and the alternative branch. Undefined for other nodes.
 */
function conditionalChildren(node: Node, conds: Conditions): Item[] | undefined {
  const t = node.type;
  if (t !== 'preproc_if' && t !== 'preproc_ifdef' && t !== 'preproc_elif' && t !== 'preproc_else' && t !== 'preproc_elifdef') {
    return undefined;
  }
  return branchItems(node, conds, []);
}

function branchItems(node: Node, conds: Conditions, earlier: readonly string[]): Item[] {
  const t = node.type;
  let own: string | undefined;
  if (t === 'preproc_if' || t === 'preproc_elif') {
    own = node.childForFieldName('condition')?.text.trim() ?? '';
  } else if (t === 'preproc_ifdef' || t === 'preproc_elifdef') {
    const name = node.childForFieldName('name')?.text ?? '';
    const neg = /^#\s*(el)?ifndef/.test(node.text);
    own = neg ? `!defined(${name})` : `defined(${name})`;
  }
  const negs: ConditionTerm[] = earlier.map((e) => ({ expr: e, negated: true }));
  const here: Conditions = own === undefined ? [...conds, ...negs] : [...conds, ...negs, { expr: own, negated: false }];
  const alt = node.childForFieldName('alternative');
  const out: Item[] = [];
  for (let i = 0; i < node.namedChildCount; i++) {
    const c = node.namedChild(i)!;
    if (alt && c.id === alt.id) continue;
    if (c.type === 'comment') continue;
    const field = node.fieldNameForNamedChild(i);
    if (field === 'condition' || field === 'name') continue;
    out.push({ node: c, conds: here });
  }
  if (alt) out.push(...branchItems(alt, conds, own === undefined ? earlier : [...earlier, own]));
  return out;
}

// ---------------------------------------------------------------------------------------------

/** Node types whose subtrees hold nothing the facts need. */
const SKIP_TYPES = new Set(['comment', 'string_literal', 'number_literal', 'char_literal', 'concatenated_string', 'primitive_type', 'type_identifier', 'field_identifier']);

/** Node types the walk materialises and handles; everything else is only descended through. */
const HANDLED_TYPES = new Set([
  'function_definition', 'declaration', 'type_definition', 'preproc_def', 'preproc_function_def', 'preproc_include',
  'preproc_if', 'preproc_ifdef', 'preproc_elif', 'preproc_else', 'preproc_elifdef', 'assignment_expression', 'call_expression',
]);

/**
 * Extract the facts of one item, absolute offsets. A TreeCursor walks the subtree without
 * creating a JS node object per tree node (most nodes are only passed through); statement-level
 * `#if` branches are walked as sub-tasks carrying their conditions. Iterative throughout.
 */
function extractItem(node: Node): ItemFacts {
  const f = emptyItemFacts();
  const work: { n: Node; fn: string; conds: Conditions }[] = [{ n: node, fn: '', conds: [] }];
  while (work.length) {
    const task = work.pop()!;
    let fn = task.fn;
    const conds = task.conds;
    const cursor = task.n.walk();
    let depth = 0;
    for (;;) {
      const type = cursor.nodeType;
      let descend = !SKIP_TYPES.has(type);
      if (HANDLED_TYPES.has(type)) {
        const n = cursor.currentNode;
        switch (type) {
          case 'function_definition': {
            const fnFact = functionFact(n, fn, conds);
            if (fnFact) {
              f.functions.push(fnFact);
              for (const p of fnFact.params) {
                // Parameters are variables of the function (handles and struct pointers flow through them).
                f.vars.push({
                  name: p.name, type: p.type, pointer: isPointerType(p.type), storage: 'param', fn: fnFact.name, conds,
                  start: fnFact.start, end: fnFact.start, nameSpan: { start: fnFact.start, end: fnFact.start },
                });
              }
              fn = fnFact.name; // items are top-level: the rest of this walk is the function
            } else {
              descend = false;
            }
            break;
          }
          case 'declaration':
            declarationFacts(n, fn, conds, f); // and descend: initializers hold calls and assignments
            break;
          case 'type_definition':
            typedefFacts(n, fn, conds, f);
            descend = false;
            break;
          case 'preproc_def':
          case 'preproc_function_def': {
            const name = n.childForFieldName('name')?.text ?? '';
            const value = n.childForFieldName('value')?.text ?? '';
            const paramsNode = n.childForFieldName('parameters');
            const params = paramsNode ? paramsNode.namedChildren.map((p) => p?.text ?? '') : undefined;
            f.macros.push({
              name, body: value.replace(/\\\r?\n/g, ' ').trim(), fn, conds, start: n.startIndex, end: n.endIndex,
              ...(params ? { params } : {}),
            });
            descend = false;
            break;
          }
          case 'preproc_include': {
            const p = n.childForFieldName('path');
            if (p) {
              f.includes.push({
                path: p.text.replace(/^["<]|[">]$/g, ''), system: p.type === 'system_lib_string', start: n.startIndex, end: n.endIndex,
              });
            }
            descend = false;
            break;
          }
          case 'assignment_expression':
            assignmentFacts(n, fn, conds, f);
            break;
          case 'call_expression': {
            const call = callFact(n, fn, conds);
            if (call) f.calls.push(call);
            break;
          }
          default:
            // #if / #elif / #else inside the item: each branch is walked with its own conditions.
            for (const it of branchItems(n, conds, [])) work.push({ n: it.node, fn, conds: it.conds });
            descend = false;
        }
      }
      if (descend && cursor.gotoFirstChild()) {
        depth++;
        continue;
      }
      let moved = false;
      while (depth > 0) {
        if (cursor.gotoNextSibling()) {
          moved = true;
          break;
        }
        cursor.gotoParent();
        depth--;
      }
      if (!moved) break;
    }
    cursor.delete();
  }
  // Branch sub-tasks run after the main walk: restore document order.
  const byStart = (a: { start: number }, b: { start: number }): number => a.start - b.start;
  f.calls.sort(byStart);
  f.writes.sort(byStart);
  f.aliases.sort(byStart);
  f.vars.sort(byStart);
  return f;
}

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
function isPointerType(t: string): boolean {
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

function functionFact(n: Node, fn: string, conds: Conditions) {
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

function declarationFacts(n: Node, fn: string, conds: Conditions, f: ItemFacts): void {
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

function typedefFacts(n: Node, fn: string, conds: Conditions, f: ItemFacts): void {
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

function assignmentFacts(n: Node, fn: string, conds: Conditions, f: ItemFacts): void {
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

function callFact(n: Node, fn: string, conds: Conditions): CallFact | undefined {
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

// ---------------------------------------------------------------------------------------------
// Assembly

/** Deep-copy facts with every span moved by `delta`. */
export function shiftFacts<T>(facts: T, delta: number): T {
  if (delta === 0) return facts;
  return shiftValue(facts, delta) as T;
}

function shiftValue(v: unknown, delta: number): unknown {
  // Iterative over arrays/objects would be overkill: fact nesting is bounded by MAX_INIT_DEPTH.
  if (Array.isArray(v)) return v.map((x) => shiftValue(x, delta));
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const r: Record<string, unknown> = {};
    for (const k in o) {
      const x = o[k];
      if ((k === 'start' || k === 'end') && typeof x === 'number') r[k] = x + delta;
      else if (k === 'conds' || k === 'params' || k === 'text' || k === 'path' || k === 'obj') r[k] = x;
      else r[k] = typeof x === 'object' ? shiftValue(x, delta) : x;
    }
    return r;
  }
  return v;
}

function appendFacts(out: ItemFacts, f: ItemFacts, conds: Conditions): void {
  const withConds = <T extends { conds: Conditions }>(x: T): T => (conds.length ? { ...x, conds: [...conds, ...x.conds] } : x);
  for (const x of f.functions) out.functions.push(withConds(x));
  for (const x of f.roleDecls) out.roleDecls.push(withConds(x));
  for (const x of f.macros) out.macros.push(withConds(x));
  for (const x of f.vars) out.vars.push(withConds(x));
  for (const x of f.writes) out.writes.push(withConds(x));
  for (const x of f.aliases) out.aliases.push(withConds(x));
  for (const x of f.calls) out.calls.push(withConds(x));
  for (const x of f.typedefs) out.typedefs.push(withConds(x));
  out.includes.push(...f.includes);
}

/** Give each function the kept SAL annotations written between the previous item and its name. */
function attachAnnotations(f: ItemFacts, annotations: readonly Annotation[], text: string): void {
  if (!annotations.length) return;
  const fns = [...f.functions].sort((a, b) => a.start - b.start);
  let ai = 0;
  let prevEnd = 0;
  for (const fn of fns) {
    const mine: Annotation[] = [];
    while (ai < annotations.length && annotations[ai]!.start < fn.nameSpan.start) {
      const a = annotations[ai]!;
      // Annotations belong to this function when nothing but whitespace/blanked text separates them.
      if (a.start >= prevEnd && !/[;}]/.test(text.slice(a.end, fn.start))) mine.push(a);
      ai++;
    }
    if (mine.length) (fn as unknown as { annotations: Annotation[] }).annotations = mine;
    prevEnd = fn.end;
  }
}

const SUPPRESS_RE = /\bndis-(disable-next-line|disable|enable)\b([ \t]+[A-Za-z0-9_, \t]*)?/g;

/** Suppression comments, found in the raw text (the pre-pass keeps comments intact outside directives). */
export function findSuppressions(raw: string): SuppressionComment[] {
  const out: SuppressionComment[] = [];
  if (raw.indexOf('ndis-') < 0) return out;
  SUPPRESS_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SUPPRESS_RE.exec(raw))) {
    // Only inside a comment: the text before it on the line contains // or /*.
    const lineStart = raw.lastIndexOf('\n', m.index) + 1;
    const before = raw.slice(lineStart, m.index);
    if (!before.includes('//') && !before.includes('/*') && !/^\s*\*/.test(before)) continue;
    const ids = (m[2] ?? '')
      .split(/[\s,]+/)
      .map((s) => s.trim().toUpperCase())
      .filter((s) => /^NDIS\d{3}$/.test(s));
    const kind = m[1] === 'disable-next-line' ? 'next-line' : m[1] === 'disable' ? 'disable' : 'enable';
    let line = 0;
    for (let i = raw.indexOf('\n'); i >= 0 && i < m.index; i = raw.indexOf('\n', i + 1)) line++;
    out.push({ kind, ids, line, start: m.index, end: m.index + m[0].trimEnd().length });
  }
  return out;
}

export type { CallFact };
