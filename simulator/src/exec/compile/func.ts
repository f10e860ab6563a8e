/**
 * Compilation of one function definition into a CompiledFunction: parameters and locals are
 * placed in registers unless their address is taken (or they are aggregates), statements become a
 * flat instruction list with resolved jumps (stmt.ts), and a body that cannot be compiled becomes
 * a stub that raises the compile error, with its location, when the function is called.
 */
import type { Node } from 'web-tree-sitter';
import { ExecError, isStackOverflow, type SourceLocation } from '../errors';
import { CompiledFunction, type Instr } from '../runtime';
import { alignOf, sizeOf, typeName, type CType, type FuncType } from '../types';
import { storeFn } from './ops';
import { CompileError, Scope } from './scope';
import { compileStatement } from './stmt';
import type { Unit } from './unit';

/** A jump target. */
export class Label {
  pc = -2;
}

/** Builds an instruction once every label has a position. */
export type Maker = (pc: number) => Instr;

interface SwitchCtx {
  readonly cases: Map<import('../values').Num, Label>;
  dflt: Label | undefined;
  readonly type: CType;
}

/** Compilation state of the function being compiled. */
export class FnState {
  readonly makers: Maker[] = [];
  readonly locs: (SourceLocation | undefined)[] = [];
  nregs = 0;
  frameSize = 0;
  readonly labels = new Map<string, Label>();
  readonly breaks: Label[] = [];
  readonly continues: Label[] = [];
  readonly switches: SwitchCtx[] = [];
  /** End labels of the enclosing __try bodies (for __leave). */
  readonly leaves: Label[] = [];
  private statics = 0;

  constructor(
    readonly name: string,
    readonly type: FuncType,
    readonly addrTaken: ReadonlySet<string>,
    readonly compiled: CompiledFunction,
  ) {}

  /** Append an instruction; returns its pc. */
  emit(make: Maker, loc: SourceLocation | undefined): number {
    this.makers.push(make);
    this.locs.push(loc);
    return this.makers.length - 1;
  }

  get pc(): number {
    return this.makers.length;
  }

  place(l: Label): void {
    l.pc = this.makers.length;
  }

  allocReg(): number {
    return this.nregs++;
  }

  allocFrame(size: number, align: number): number {
    const off = Math.ceil(this.frameSize / Math.max(1, align)) * Math.max(1, align);
    this.frameSize = off + Math.max(size, 0);
    return off;
  }

  /** A unique name for a block-scope static. */
  staticName(name: string): string {
    return `${this.name}::${name}#${this.statics++}`;
  }

  goto(name: string): Label {
    let l = this.labels.get(name);
    if (!l) this.labels.set(name, (l = new Label()));
    return l;
  }
}

/** Target pc of a label, checked. */
export function target(l: Label, what: string, loc: SourceLocation | undefined): number {
  if (l.pc < 0) throw new CompileError(`${what} has no target`, loc);
  return l.pc;
}

/** Names whose address is taken with `&name` anywhere in `body`. */
function addressTaken(body: Node): Set<string> {
  const out = new Set<string>();
  const stack: Node[] = [body];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'pointer_expression' && n.childForFieldName('operator')?.text === '&') {
      let a = n.childForFieldName('argument');
      while (a && a.type === 'parenthesized_expression' && a.namedChildren.length === 1) a = a.namedChildren[0]!;
      if (a?.type === 'identifier') out.add(a.text);
    }
    for (const c of n.namedChildren) stack.push(c);
  }
  return out;
}

/** Compile the body of `def` (a function_definition) for a function of type `type`. */
export function compileFunction(u: Unit, name: string, type: FuncType, def: Node, funcNode: Node | undefined): CompiledFunction {
  const loc = u.loc(def);
  const cf = new CompiledFunction(name, type, loc);
  const body = def.childForFieldName('body')!;
  const st = new FnState(name, type, addressTaken(body), cf);
  const saveScope = u.scope;
  const saveFn = u.fn;
  u.fn = st;
  u.scope = new Scope(u.fileScope);
  try {
    if (def.hasError) {
      const err = firstError(def);
      throw new CompileError(`syntax error in ${name}`, err ? u.loc(err) : loc);
    }
    bindParameters(u, st, type, funcNode);
    compileStatement(u, body);
    // Falling off the end returns (0 for non-void functions, as an undefined value would).
    st.emit(() => () => -1, u.loc(body.lastChild ?? body));
    const code: Instr[] = st.makers.map((m, pc) => m(pc));
    cf.code = code;
    cf.locs = st.locs;
    cf.nregs = st.nregs;
    cf.frameSize = st.frameSize;
  } catch (e) {
    const err = isStackOverflow(e) ? new CompileError(`${name} is nested too deeply to compile`, loc) : e;
    if (!(err instanceof ExecError)) throw err;
    cf.error = err;
    u.program.diag('error', `${name} cannot be executed: ${err.detail}`, err.loc ?? loc);
  } finally {
    u.scope = saveScope;
    u.fn = saveFn;
  }
  return cf;
}

function firstError(n: Node): Node | undefined {
  const stack = [n];
  while (stack.length) {
    const x = stack.pop()!;
    if (x.type === 'ERROR' || x.isMissing) return x;
    for (let i = x.childCount - 1; i >= 0; i--) {
      const c = x.child(i);
      if (c && (c.hasError || c.isMissing || c.type === 'ERROR')) stack.push(c);
    }
  }
  return undefined;
}

function bindParameters(u: Unit, st: FnState, type: FuncType, funcNode: Node | undefined): void {
  const names = type.paramNames;
  const mem = u.program.memory;
  type.params.forEach((pt, i) => {
    const name = names[i] ?? '';
    if (pt.k === 'struct') {
      const size = sizeOf(pt);
      if (size === undefined) throw new CompileError(`parameter ${name} has incomplete type ${typeName(pt)}`, funcNode ? u.loc(funcNode) : undefined);
      const off = st.allocFrame(size, alignOf(pt));
      st.compiled.params.push({ kind: 'copy', off, size });
      if (name) u.scope.names.set(name, { k: 'frame', type: pt, off });
    } else if (name && st.addrTaken.has(name)) {
      const off = st.allocFrame(sizeOf(pt) ?? 8, alignOf(pt));
      st.compiled.params.push({ kind: 'mem', off, store: storeFn(mem, pt) });
      u.scope.names.set(name, { k: 'frame', type: pt, off });
    } else {
      const slot = st.allocReg();
      st.compiled.params.push({ kind: 'reg', slot });
      if (name) u.scope.names.set(name, { k: 'reg', type: pt, slot });
    }
  });
}
