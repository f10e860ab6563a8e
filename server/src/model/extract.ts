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
import { emptyItemFacts, type CallFact, type Conditions, type FileFacts, type ItemFacts, type SuppressionComment } from './facts';
import { assignmentFacts, callFact, declarationFacts, functionFact, isPointerType, typedefFacts } from './nodeFacts';

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
