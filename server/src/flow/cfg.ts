/**
 * Per-function control flow: a function definition's tree-sitter subtree turned into plain data
 * (no tree-sitter nodes survive, so the result can be cached across edits and reparses) — a small
 * expression IR and a control-flow graph over it.
 *
 * Offsets are relative to the start of the function definition, so a function that moves in its
 * file keeps its cached graph. Covered: blocks, `if`/`else`, `while`, `do { } while`, `for`,
 * `switch` with fall-through, `break`/`continue`, `goto`/labels, `return`, SEH `__try`/`__except`/
 * `__finally`/`__leave`, and statement-level `#if`/`#ifdef`/`#elif`/`#else` (a `pp` node per
 * condition, decided by the interpreter). Conversion is recursive with a depth bound: deeper
 * nesting throws `TooComplex` and the function is treated as opaque.
 */
import type { Node } from 'web-tree-sitter';
import { parseCNumber } from '../parser/cexpr';

/** Deepest statement/expression nesting converted; pathological input is given up quietly. */
export const MAX_NESTING = 200;
/** Most CFG nodes per function. */
export const MAX_NODES = 40_000;

export class TooComplex extends Error {}

/** Expression IR. `s`/`e` are offsets relative to the function start. */
export type Expr =
  | { readonly t: 'id'; readonly s: number; readonly e: number; readonly name: string }
  | { readonly t: 'num'; readonly s: number; readonly e: number; readonly v: number }
  | { readonly t: 'str'; readonly s: number; readonly e: number }
  | { readonly t: 'bool'; readonly s: number; readonly e: number; readonly v: number }
  | { readonly t: 'null'; readonly s: number; readonly e: number }
  | { readonly t: 'call'; readonly s: number; readonly e: number; readonly fn: string | undefined; readonly fe?: Expr; readonly args: readonly Expr[] }
  | { readonly t: 'assign'; readonly s: number; readonly e: number; readonly op: string; readonly l: Expr; readonly r: Expr }
  | { readonly t: 'bin'; readonly s: number; readonly e: number; readonly op: string; readonly l: Expr; readonly r: Expr }
  | { readonly t: 'un'; readonly s: number; readonly e: number; readonly op: string; readonly x: Expr }
  | { readonly t: 'upd'; readonly s: number; readonly e: number; readonly op: string; readonly x: Expr }
  | { readonly t: 'field'; readonly s: number; readonly e: number; readonly x: Expr; readonly f: string; readonly arrow: boolean }
  | { readonly t: 'index'; readonly s: number; readonly e: number; readonly x: Expr; readonly i: Expr }
  | { readonly t: 'cond'; readonly s: number; readonly e: number; readonly c: Expr; readonly a: Expr; readonly b: Expr }
  | { readonly t: 'comma'; readonly s: number; readonly e: number; readonly l: Expr; readonly r: Expr }
  | { readonly t: 'cast'; readonly s: number; readonly e: number; readonly x: Expr; readonly toVoid: boolean }
  | { readonly t: 'init'; readonly s: number; readonly e: number; readonly items: readonly Expr[] }
  | { readonly t: 'unk'; readonly s: number; readonly e: number };

/** A node of the control-flow graph. `next`/`alt` are node indexes; -1 = none. */
export interface CfgNode {
  /**
   * expr: evaluate `x`; decl: (re)declare local `name` with optional initializer `x`;
   * branch: test `x`, true → next, false → alt; switch: evaluate `x`, go to a case;
   * ret: return `x`; pp: preprocessor condition `cond`, true → next, false → alt;
   * nop: go to next (`label` set for goto/label steps).
   */
  readonly k: 'expr' | 'decl' | 'branch' | 'switch' | 'ret' | 'pp' | 'nop';
  readonly s: number;
  readonly e: number;
  x?: Expr;
  name?: string;
  isStatic?: boolean;
  next: number;
  alt: number;
  cases?: { readonly v: Expr | undefined; to: number }[];
  cond?: string;
  /** Short source text of a branch condition (for path explanations). */
  text?: string;
  /** For nops: `goto X` / `X:`. */
  label?: string;
  /** SEH: where an exception raised while executing this node goes (`__except` handler). */
  exc?: number;
}

/** A function turned into data. */
export interface FnCfg {
  readonly params: readonly string[];
  readonly nodes: readonly CfgNode[];
  /** Entry node index. */
  readonly entry: number;
  /** Non-static locals declared in the body. */
  readonly locals: ReadonlySet<string>;
  /** Static locals declared in the body. */
  readonly statics: ReadonlySet<string>;
  /** Identifiers called directly, in source order, unique. */
  readonly callees: readonly string[];
  /** Identifiers used as values (not callees): candidates for address-taken functions. */
  readonly refs: readonly string[];
  /** Number of predecessors per node (states are de-duplicated only at joins). */
  readonly preds: readonly number[];
  /** Reverse-postorder rank of each node (the interpreter's scheduling priority). */
  readonly order: readonly number[];
  /** Every direct call: callee name and span (relative). */
  readonly calls: readonly { readonly name: string; readonly s: number; readonly e: number }[];
}

const LOOSE_TRUE = new Set(['true', 'TRUE']);

/** Build the CFG of a `function_definition` node. Throws TooComplex on pathological input. */
export function buildCfg(fnNode: Node, params: readonly string[]): FnCfg {
  const b = new Builder(fnNode.startIndex, fnNode.text);
  const body = fnNode.childForFieldName('body');
  const exit = b.node({ k: 'ret', s: fnNode.endIndex - 1 - b.base, e: fnNode.endIndex - b.base, next: -1, alt: -1 });
  const entry = body ? b.stmt(body, exit, 0) : exit;
  b.resolveGotos();
  const preds = new Array<number>(b.nodes.length).fill(0);
  preds[entry] = (preds[entry] ?? 0) + 1;
  for (const n of b.nodes) {
    for (const t of successors(n)) preds[t] = (preds[t] ?? 0) + 1;
  }
  return {
    params, nodes: b.nodes, entry, locals: b.locals, statics: b.statics,
    callees: [...b.callees], refs: [...b.refs], preds, order: reversePostorder(b.nodes, entry), calls: b.calls,
  };
}

/** Reverse-postorder ranks from `entry` (iterative DFS); unreachable nodes rank after all others. */
function reversePostorder(nodes: readonly CfgNode[], entry: number): number[] {
  const rank = new Array<number>(nodes.length).fill(-1);
  const post: number[] = [];
  const state = new Uint8Array(nodes.length);
  const stack: { n: number; succ: number[]; i: number }[] = [{ n: entry, succ: successors(nodes[entry]!), i: 0 }];
  state[entry] = 1;
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    if (top.i < top.succ.length) {
      const t = top.succ[top.i++]!;
      if (t >= 0 && t < nodes.length && !state[t]) {
        state[t] = 1;
        stack.push({ n: t, succ: successors(nodes[t]!), i: 0 });
      }
    } else {
      post.push(top.n);
      stack.pop();
    }
  }
  let r = 0;
  for (let i = post.length - 1; i >= 0; i--) rank[post[i]!] = r++;
  for (let i = 0; i < rank.length; i++) if (rank[i]! < 0) rank[i] = r++;
  return rank;
}

/** Successor indexes of a node (normal flow and SEH). */
export function successors(n: CfgNode): number[] {
  const out: number[] = [];
  if (n.next >= 0) out.push(n.next);
  if (n.alt >= 0) out.push(n.alt);
  if (n.cases) for (const c of n.cases) if (c.to >= 0) out.push(c.to);
  if (n.exc !== undefined && n.exc >= 0) out.push(n.exc);
  return out;
}

interface Targets {
  readonly brk: number;
  readonly cont: number;
  readonly exc: number | undefined;
  readonly leave: number;
}

class Builder {
  readonly nodes: CfgNode[] = [];
  readonly labels = new Map<string, number>();
  readonly gotos: { node: number; label: string }[] = [];
  readonly locals = new Set<string>();
  readonly statics = new Set<string>();
  readonly callees = new Set<string>();
  readonly refs = new Set<string>();
  readonly calls: { name: string; s: number; e: number }[] = [];
  private targets: Targets = { brk: -1, cont: -1, exc: undefined, leave: -1 };

  constructor(
    readonly base: number,
    private readonly text: string,
  ) {}

  node(n: CfgNode): number {
    if (this.nodes.length >= MAX_NODES) throw new TooComplex('too many nodes');
    if (this.targets.exc !== undefined && n.k !== 'ret') n.exc = this.targets.exc;
    this.nodes.push(n);
    return this.nodes.length - 1;
  }

  private rel(n: Node): { s: number; e: number } {
    return { s: n.startIndex - this.base, e: n.endIndex - this.base };
  }

  private snippet(n: Node): string {
    let t = this.text.slice(n.startIndex - this.base, n.endIndex - this.base).replace(/\s+/g, ' ').trim();
    if (n.type === 'parenthesized_expression' && t.startsWith('(') && t.endsWith(')')) t = t.slice(1, -1).trim();
    return t.length > 80 ? t.slice(0, 77) + '...' : t;
  }

  resolveGotos(): void {
    for (const g of this.gotos) {
      const to = this.labels.get(g.label);
      this.nodes[g.node]!.next = to ?? -1;
    }
  }

  private withTargets<T>(t: Partial<Targets>, f: () => T): T {
    const saved = this.targets;
    this.targets = { ...saved, ...t };
    try {
      return f();
    } finally {
      this.targets = saved;
    }
  }

  /** Build statement `n` so that it continues at `k`; returns its entry node. */
  stmt(n: Node, k: number, depth: number): number {
    if (depth > MAX_NESTING) throw new TooComplex('nesting');
    const d = depth + 1;
    switch (n.type) {
      case 'compound_statement':
        return this.seq(n.namedChildren, k, d);
      case 'expression_statement': {
        const x = n.namedChild(0);
        if (!x || x.type === 'comment') return k;
        return this.node({ k: 'expr', ...this.rel(n), x: this.expr(x, d), next: k, alt: -1 });
      }
      case 'declaration':
        return this.declaration(n, k, d);
      case 'if_statement': {
        const c = n.childForFieldName('condition');
        const cons = n.childForFieldName('consequence');
        const alt = n.childForFieldName('alternative');
        const id = this.node({ k: 'branch', ...this.rel(c ?? n), next: k, alt: k });
        const node = this.nodes[id]!;
        node.x = c ? this.expr(c, d) : { t: 'unk', s: 0, e: 0 };
        node.text = c ? this.snippet(c) : '';
        node.next = cons ? this.stmt(cons, k, d) : k;
        if (alt) {
          const inner = alt.type === 'else_clause' ? alt.namedChildren.find((x) => x && x.type !== 'comment') ?? null : alt;
          node.alt = inner ? this.stmt(inner, k, d) : k;
        }
        return id;
      }
      case 'while_statement': {
        const c = n.childForFieldName('condition');
        const head = this.node({ k: 'branch', ...this.rel(c ?? n), next: k, alt: k, text: c ? this.snippet(c) : '' });
        this.nodes[head]!.x = c ? this.expr(c, d) : { t: 'num', s: 0, e: 0, v: 1 };
        const body = n.childForFieldName('body');
        this.nodes[head]!.next = body ? this.withTargets({ brk: k, cont: head }, () => this.stmt(body, head, d)) : head;
        return head;
      }
      case 'do_statement': {
        const c = n.childForFieldName('condition');
        const test = this.node({ k: 'branch', ...this.rel(c ?? n), next: k, alt: k, text: c ? this.snippet(c) : '' });
        this.nodes[test]!.x = c ? this.expr(c, d) : { t: 'num', s: 0, e: 0, v: 0 };
        const body = n.childForFieldName('body');
        const entry = body ? this.withTargets({ brk: k, cont: test }, () => this.stmt(body, test, d)) : test;
        this.nodes[test]!.next = entry;
        return entry;
      }
      case 'for_statement': {
        const init = n.childForFieldName('initializer');
        const c = n.childForFieldName('condition');
        const upd = n.childForFieldName('update');
        const head = this.node({ k: 'branch', ...this.rel(c ?? n), next: k, alt: k, text: c ? this.snippet(c) : '' });
        this.nodes[head]!.x = c ? this.expr(c, d) : { t: 'num', s: 0, e: 0, v: 1 };
        const updNode = upd ? this.node({ k: 'expr', ...this.rel(upd), x: this.expr(upd, d), next: head, alt: -1 }) : head;
        const body = n.childForFieldName('body');
        this.nodes[head]!.next = body ? this.withTargets({ brk: k, cont: updNode }, () => this.stmt(body, updNode, d)) : updNode;
        if (!init) return head;
        if (init.type === 'declaration') return this.declaration(init, head, d);
        return this.node({ k: 'expr', ...this.rel(init), x: this.expr(init, d), next: head, alt: -1 });
      }
      case 'switch_statement':
        return this.switchStmt(n, k, d);
      case 'for_range_loop': {
        // C++ `for (x : range)`: runs its body any number of times.
        const head = this.node({ k: 'branch', ...this.rel(n), next: k, alt: k, x: { t: 'unk', s: 0, e: 0 }, text: '' });
        const body = n.childForFieldName('body');
        this.nodes[head]!.next = body ? this.withTargets({ brk: k, cont: head }, () => this.stmt(body, head, d)) : head;
        return head;
      }
      case 'try_statement': {
        // C++ try/catch: any statement of the body may continue in a handler.
        const handlers = n.namedChildren.filter((c): c is Node => !!c && c.type === 'catch_clause');
        const body = n.childForFieldName('body');
        let handler: number | undefined;
        for (let i = handlers.length - 1; i >= 0; i--) {
          const hb = handlers[i]!.childForFieldName('body');
          const entry = hb ? this.stmt(hb, k, d) : k;
          handler = handler === undefined ? entry : this.node({ k: 'branch', ...this.rel(handlers[i]!), x: { t: 'unk', s: 0, e: 0 }, next: entry, alt: handler, text: '' });
        }
        if (!body) return k;
        return this.withTargets(handler !== undefined ? { exc: handler } : {}, () => this.stmt(body, k, d));
      }
      case 'throw_statement':
        return this.node({ k: 'ret', ...this.rel(n), next: -1, alt: -1 });
      case 'return_statement': {
        const v = n.namedChildren.find((x) => x && x.type !== 'comment');
        return this.node({ k: 'ret', ...this.rel(n), ...(v ? { x: this.expr(v, d) } : {}), next: -1, alt: -1 });
      }
      case 'break_statement':
        return this.node({ k: 'nop', ...this.rel(n), next: this.targets.brk >= 0 ? this.targets.brk : k, alt: -1 });
      case 'continue_statement':
        return this.node({ k: 'nop', ...this.rel(n), next: this.targets.cont >= 0 ? this.targets.cont : k, alt: -1 });
      case 'goto_statement': {
        const label = n.childForFieldName('label')?.text ?? '';
        const id = this.node({ k: 'nop', ...this.rel(n), next: -1, alt: -1, label: `goto ${label}` });
        this.gotos.push({ node: id, label });
        return id;
      }
      case 'labeled_statement': {
        const label = n.childForFieldName('label')?.text ?? '';
        const inner = n.namedChildren.find((x) => x && x.type !== 'statement_identifier' && x.type !== 'comment');
        const entry = inner ? this.stmt(inner, k, d) : k;
        const id = this.node({ k: 'nop', ...this.rel(n), next: entry, alt: -1, label: `${label}:` });
        if (!this.labels.has(label)) this.labels.set(label, id);
        return id;
      }
      case 'seh_try_statement':
        return this.sehTry(n, k, d);
      case 'seh_leave_statement':
        return this.node({ k: 'nop', ...this.rel(n), next: this.targets.leave >= 0 ? this.targets.leave : k, alt: -1 });
      case 'attributed_statement': {
        const inner = n.namedChildren.filter((x) => x && x.type !== 'attribute_declaration').pop();
        return inner ? this.stmt(inner, k, d) : k;
      }
      case 'preproc_if':
      case 'preproc_ifdef':
        return this.preproc(n, k, d, []);
      case 'case_statement':
        // A case label outside a switch body we understand: just its statements.
        return this.seq(n.namedChildren.filter((x) => x && x !== n.childForFieldName('value')), k, d);
      case 'ERROR':
        return this.seq(n.namedChildren.filter((x) => x && isStatementLike(x.type)), k, d);
      default:
        return k;
    }
  }

  private seq(children: readonly (Node | null)[], k: number, d: number): number {
    let next = k;
    for (let i = children.length - 1; i >= 0; i--) {
      const c = children[i];
      if (!c || c.type === 'comment') continue;
      next = this.stmt(c, next, d);
    }
    return next;
  }

  private declaration(n: Node, k: number, d: number): number {
    let isStatic = false;
    for (const c of n.children) if (c?.type === 'storage_class_specifier' && c.text === 'static') isStatic = true;
    const decls = n.childrenForFieldName('declarator');
    let next = k;
    for (let i = decls.length - 1; i >= 0; i--) {
      const dn = decls[i];
      if (!dn) continue;
      const { name, isFunction } = declName(dn);
      if (!name || isFunction) continue;
      if (isStatic) this.statics.add(name);
      else this.locals.add(name);
      const value = dn.type === 'init_declarator' ? dn.childForFieldName('value') : null;
      next = this.node({
        k: 'decl', ...this.rel(dn), name, ...(isStatic ? { isStatic } : {}),
        ...(value ? { x: this.expr(value, d) } : {}), next, alt: -1,
      });
    }
    return next;
  }

  private switchStmt(n: Node, k: number, d: number): number {
    const c = n.childForFieldName('condition');
    const id = this.node({ k: 'switch', ...this.rel(c ?? n), next: -1, alt: -1, cases: [], text: c ? this.snippet(c) : '' });
    const sw = this.nodes[id]!;
    sw.x = c ? this.expr(c, d) : { t: 'unk', s: 0, e: 0 };
    const body = n.childForFieldName('body');
    const items = body?.type === 'compound_statement' ? body.namedChildren.filter((x): x is Node => !!x && x.type !== 'comment') : body ? [body] : [];
    let dflt = -1;
    const cases: { v: Expr | undefined; to: number }[] = [];
    this.withTargets({ brk: k }, () => {
      let next = k;
      for (let i = items.length - 1; i >= 0; i--) {
        const it = items[i]!;
        if (it.type === 'case_statement') {
          const valueNode = it.childForFieldName('value');
          const stmts = it.namedChildren.filter((x) => x && x.type !== 'comment' && (!valueNode || x.id !== valueNode.id));
          next = this.seq(stmts, next, d);
          if (valueNode) cases.unshift({ v: this.expr(valueNode, d), to: next });
          else dflt = next;
        } else {
          next = this.stmt(it, next, d);
        }
      }
    });
    sw.cases = cases;
    sw.next = dflt >= 0 ? dflt : k;
    return id;
  }

  private sehTry(n: Node, k: number, d: number): number {
    const body = n.childForFieldName('body');
    const except = n.namedChildren.find((x) => x?.type === 'seh_except_clause');
    const fin = n.namedChildren.find((x) => x?.type === 'seh_finally_clause');
    let after = k;
    if (fin) {
      const fb = fin.childForFieldName('body');
      after = fb ? this.stmt(fb, k, d) : k;
    }
    let handler: number | undefined;
    if (except) {
      const eb = except.childForFieldName('body');
      handler = eb ? this.stmt(eb, after, d) : after;
    }
    if (!body) return after;
    return this.withTargets({ leave: after, ...(handler !== undefined ? { exc: handler } : {}) }, () => this.stmt(body, after, d));
  }

  /** `#if A … #elif B … #else … #endif` as a chain of pp nodes. */
  private preproc(n: Node, k: number, d: number, earlier: string[]): number {
    const t = n.type;
    let cond: string | undefined;
    if (t === 'preproc_if' || t === 'preproc_elif') {
      cond = n.childForFieldName('condition')?.text.replace(/\s+/g, ' ').trim() ?? '';
    } else if (t === 'preproc_ifdef' || t === 'preproc_elifdef') {
      const name = n.childForFieldName('name')?.text ?? '';
      cond = /^#\s*(el)?ifndef/.test(n.text) ? `!defined(${name})` : `defined(${name})`;
    }
    const alt = n.childForFieldName('alternative');
    const content = n.namedChildren.filter((c, i) => {
      if (!c || c.type === 'comment' || (alt && c.id === alt.id)) return false;
      const f = n.fieldNameForNamedChild(i);
      return f !== 'condition' && f !== 'name';
    });
    const thenEntry = this.seq(content, k, d);
    if (cond === undefined) return thenEntry; // #else
    const elseEntry = alt ? this.preproc(alt, k, d + 1, [...earlier, cond]) : k;
    return this.node({ k: 'pp', s: n.startIndex - this.base, e: n.startIndex - this.base, cond, next: thenEntry, alt: elseEntry });
  }

  /** Convert an expression node. */
  expr(n: Node, depth: number): Expr {
    if (depth > MAX_NESTING) throw new TooComplex('expression nesting');
    const d = depth + 1;
    const s = n.startIndex - this.base;
    const e = n.endIndex - this.base;
    switch (n.type) {
      case 'identifier': {
        const name = n.text;
        this.refs.add(name);
        return { t: 'id', s, e, name };
      }
      case 'number_literal': {
        const v = parseCNumber(n.text);
        return Number.isFinite(v) ? { t: 'num', s, e, v } : { t: 'unk', s, e };
      }
      case 'char_literal': {
        const m = /^L?'(.)'$/.exec(n.text);
        return m ? { t: 'num', s, e, v: m[1]!.charCodeAt(0) } : { t: 'unk', s, e };
      }
      case 'true':
      case 'false':
        return { t: 'bool', s, e, v: LOOSE_TRUE.has(n.text) ? 1 : 0 };
      case 'null':
      case 'nullptr':
        return { t: 'null', s, e };
      case 'condition_clause': {
        // C++ `if (x)` / `if (auto v = f())`: the tested value is the last named child.
        const kids = n.namedChildren.filter((c) => c && c.type !== 'comment');
        const last = kids[kids.length - 1];
        if (!last) return { t: 'unk', s, e };
        if (last.type === 'declaration' || last.type === 'init_declarator') {
          const v = last.descendantsOfType('init_declarator')[0]?.childForFieldName('value') ?? last.childForFieldName('value');
          return v ? this.expr(v, d) : { t: 'unk', s, e };
        }
        return this.expr(last, d);
      }
      case 'string_literal':
      case 'concatenated_string':
        return { t: 'str', s, e };
      case 'parenthesized_expression': {
        const inner = n.namedChildren.find((x) => x && x.type !== 'comment');
        return inner ? this.expr(inner, d) : { t: 'unk', s, e };
      }
      case 'call_expression': {
        const f = n.childForFieldName('function');
        const argsNode = n.childForFieldName('arguments');
        const args: Expr[] = [];
        if (argsNode) for (const a of argsNode.namedChildren) if (a && a.type !== 'comment') args.push(this.expr(a, d));
        const fu = unparen(f);
        if (fu?.type === 'identifier') {
          this.callees.add(fu.text);
          this.calls.push({ name: fu.text, s, e });
          return { t: 'call', s, e, fn: fu.text, args };
        }
        return { t: 'call', s, e, fn: undefined, ...(f ? { fe: this.expr(f, d) } : {}), args };
      }
      case 'assignment_expression': {
        const l = n.childForFieldName('left');
        const r = n.childForFieldName('right');
        const op = n.childForFieldName('operator')?.text ?? '=';
        return { t: 'assign', s, e, op, l: l ? this.expr(l, d) : { t: 'unk', s, e }, r: r ? this.expr(r, d) : { t: 'unk', s, e } };
      }
      case 'binary_expression': {
        const l = n.childForFieldName('left');
        const r = n.childForFieldName('right');
        const op = n.childForFieldName('operator')?.text ?? '?';
        return { t: 'bin', s, e, op, l: l ? this.expr(l, d) : { t: 'unk', s, e }, r: r ? this.expr(r, d) : { t: 'unk', s, e } };
      }
      case 'unary_expression':
      case 'pointer_expression': {
        const x = n.childForFieldName('argument');
        const op = n.childForFieldName('operator')?.text ?? n.child(0)?.text ?? '?';
        return { t: 'un', s, e, op, x: x ? this.expr(x, d) : { t: 'unk', s, e } };
      }
      case 'update_expression': {
        const x = n.childForFieldName('argument');
        const op = n.childForFieldName('operator')?.text ?? '++';
        return { t: 'upd', s, e, op, x: x ? this.expr(x, d) : { t: 'unk', s, e } };
      }
      case 'field_expression': {
        const x = n.childForFieldName('argument');
        const f = n.childForFieldName('field')?.text ?? '?';
        const op = n.childForFieldName('operator')?.text ?? '.';
        return { t: 'field', s, e, x: x ? this.expr(x, d) : { t: 'unk', s, e }, f, arrow: op === '->' };
      }
      case 'subscript_expression': {
        const x = n.childForFieldName('argument');
        const i = n.childForFieldName('index') ?? n.childForFieldName('indices');
        return { t: 'index', s, e, x: x ? this.expr(x, d) : { t: 'unk', s, e }, i: i ? this.expr(i, d) : { t: 'unk', s, e } };
      }
      case 'conditional_expression': {
        const c = n.childForFieldName('condition');
        const a = n.childForFieldName('consequence');
        const b = n.childForFieldName('alternative');
        const u: Expr = { t: 'unk', s, e };
        return { t: 'cond', s, e, c: c ? this.expr(c, d) : u, a: a ? this.expr(a, d) : u, b: b ? this.expr(b, d) : u };
      }
      case 'comma_expression': {
        const l = n.childForFieldName('left');
        const r = n.childForFieldName('right');
        const u: Expr = { t: 'unk', s, e };
        return { t: 'comma', s, e, l: l ? this.expr(l, d) : u, r: r ? this.expr(r, d) : u };
      }
      case 'cast_expression': {
        const x = n.childForFieldName('value');
        const ty = n.childForFieldName('type')?.text.replace(/\s+/g, '') ?? '';
        return { t: 'cast', s, e, x: x ? this.expr(x, d) : { t: 'unk', s, e }, toVoid: ty === 'VOID' || ty === 'void' };
      }
      case 'initializer_list': {
        const items: Expr[] = [];
        for (const c of n.namedChildren) {
          if (!c || c.type === 'comment') continue;
          const v = c.type === 'initializer_pair' ? c.childForFieldName('value') : c;
          if (v) items.push(this.expr(v, d));
        }
        return { t: 'init', s, e, items };
      }
      default:
        return { t: 'unk', s, e };
    }
  }
}

function unparen(n: Node | null): Node | null {
  let cur = n;
  for (let g = 0; cur && g < 32 && cur.type === 'parenthesized_expression'; g++) cur = cur.namedChild(0);
  return cur;
}

function isStatementLike(t: string): boolean {
  return t.endsWith('_statement') || t === 'declaration' || t === 'compound_statement';
}

/** The declared name of a declarator, and whether it declares a function. */
function declName(n: Node): { name: string; isFunction: boolean } {
  let cur: Node | null = n;
  let isFunction = false;
  for (let g = 0; cur && g < 64; g++) {
    switch (cur.type) {
      case 'identifier':
        return { name: cur.text, isFunction };
      case 'init_declarator':
      case 'pointer_declarator':
      case 'array_declarator':
      case 'attributed_declarator':
        cur = cur.childForFieldName('declarator');
        break;
      case 'function_declarator':
        isFunction = true;
        cur = cur.childForFieldName('declarator');
        break;
      case 'parenthesized_declarator':
        cur = cur.namedChild(0);
        break;
      default:
        return { name: '', isFunction };
    }
  }
  return { name: '', isFunction };
}
