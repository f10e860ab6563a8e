/**
 * One translation unit (a preprocessed, parsed driver .c file) being compiled against the shared
 * Program: file-scope declarations in source order (types, typedefs, globals, function
 * prototypes, `#pragma pack`), then — after the loader has linked every unit — global
 * initializers and function bodies.
 */
import type { Node } from 'web-tree-sitter';
import { ExecError, isStackOverflow, type SourceLocation } from '../errors';
import type { FuncSlot } from '../runtime';
import type { SourceMap } from '../sourcemap';
import { sizeOf, typeName, type CType, type FuncType } from '../types';
import { toNumber } from '../values';
import { declarator, specifiers, typeDescriptor, typeSpecifier } from './ctype';
import { compileExpr } from './expr';
import type { Expr } from './exprCore';
import { compileFunction, type FnState } from './func';
import { arrayLengthFrom, initialize } from './init';
import { CompileError, GlobalVar, Scope, type Program } from './scope';

/** Slots that already have a definition (across units). */
const definedSlots = new WeakSet<FuncSlot>();

/** A function definition waiting for its body to be compiled. */
interface PendingFunction {
  readonly slot: FuncSlot;
  readonly type: FuncType;
  readonly node: Node;
  readonly funcNode: Node | undefined;
}

/** A translation unit. */
export class Unit {
  readonly fileScope = new Scope();
  scope: Scope = this.fileScope;
  fn: FnState | undefined;
  pack = 16;
  private readonly packStack: number[] = [];
  depth = 0;
  stmtDepth = 0;
  readonly pending: PendingFunction[] = [];
  /** Globals this unit defines with an initializer. */
  readonly initializers: GlobalVar[] = [];

  constructor(
    readonly program: Program,
    readonly map: SourceMap,
    /** The entry file (display name). */
    readonly file: string,
  ) {}

  /** Original location of a node. */
  loc(node: Node): SourceLocation {
    return this.map.lookup(node.startIndex);
  }

  /** Whether a node comes from a bundled WDK header. */
  fromHeader(node: Node): boolean {
    return this.loc(node).file.startsWith('<wdk>/');
  }

  /** An integer constant expression. */
  constInt(node: Node): number {
    const e = compileExpr(this, node);
    if (e.cval === undefined) throw new CompileError(`not a constant expression: ${node.text.slice(0, 60)}`, this.loc(node));
    return toNumber(e.cval);
  }

  /** `#pragma pack(...)` as emitted by the preprocessor. */
  pragma(node: Node): void {
    const arg = node.childForFieldName('argument')?.text ?? '';
    const m = /^\s*pack\s*\((.*)\)\s*$/.exec(arg);
    if (!m) return;
    const parts = m[1]!.split(',').map((s) => s.trim()).filter(Boolean);
    if (!parts.length) this.pack = 16;
    else if (parts[0] === 'push') {
      this.packStack.push(this.pack);
      const n = parts.find((p, i) => i > 0 && /^\d+$/.test(p));
      if (n) this.pack = Number(n);
    } else if (parts[0] === 'pop') this.pack = this.packStack.pop() ?? 16;
    else if (/^\d+$/.test(parts[0]!)) this.pack = Number(parts[0]);
  }

  // ---- phase 1: file-scope declarations ----

  /** Walk the translation unit's top level in order. */
  declareTopLevel(root: Node): void {
    for (const n of root.namedChildren) {
      try {
        this.topLevel(n);
      } catch (e) {
        const err = isStackOverflow(e) ? new CompileError('declaration nested too deeply', this.loc(n)) : e;
        if (!(err instanceof ExecError)) throw err;
        this.program.diag('error', err.detail, err.loc ?? this.loc(n));
      }
    }
  }

  private topLevel(n: Node): void {
    switch (n.type) {
      case 'comment':
      case ';':
        return;
      case 'preproc_call':
        return this.pragma(n);
      case 'type_definition':
        return this.typedef(n);
      case 'declaration':
        return this.fileDeclaration(n);
      case 'function_definition':
        return this.functionDefinition(n);
      case 'struct_specifier':
      case 'union_specifier':
      case 'enum_specifier':
        typeSpecifier(this, n);
        return;
      case 'linkage_specification': {
        const body = n.childForFieldName('body');
        if (body) {
          if (body.type === 'declaration_list') for (const c of body.namedChildren) this.topLevel(c);
          else this.topLevel(body);
        }
        return;
      }
      case 'expression_statement':
        if (!n.namedChildren.length) return;
        throw new CompileError(`unexpected statement at file scope: ${n.text.slice(0, 60)}`, this.loc(n));
      case 'ERROR':
        throw new CompileError(`syntax error: ${n.text.slice(0, 60).replace(/\s+/g, ' ')}`, this.loc(n));
      default:
        throw new CompileError(`unsupported top-level ${n.type}`, this.loc(n));
    }
  }

  /** A typedef (file or block scope). */
  typedef(n: Node): void {
    const spec = specifiers(this, n);
    for (const d of n.childrenForFieldName('declarator')) {
      const r = declarator(this, spec.type, d);
      if (!r.name) continue;
      this.scope.names.set(r.name, { k: 'typedef', type: r.type });
      if (this.scope === this.fileScope && !this.program.types.has(r.name)) this.program.types.set(r.name, r.type);
    }
  }

  private fileDeclaration(n: Node): void {
    const spec = specifiers(this, n);
    const header = this.fromHeader(n);
    for (const d of n.childrenForFieldName('declarator')) {
      const initNode = d.type === 'init_declarator' ? d.childForFieldName('value') : null;
      const r = declarator(this, spec.type, d.type === 'init_declarator' ? d.childForFieldName('declarator') : d);
      if (!r.name) continue;
      const loc = this.loc(d);
      if (r.type.k === 'func') {
        this.declareFunction(r.name, r.type, spec.isStatic, loc, header);
        continue;
      }
      this.declareGlobal(r.name, r.type, { isStatic: spec.isStatic, isExtern: spec.isExtern, init: initNode, loc, header });
    }
  }

  /** Declare (or refer to) a function; returns its slot. */
  declareFunction(name: string, type: FuncType, isStatic: boolean, loc: SourceLocation | undefined, _header: boolean): FuncSlot {
    const existing = this.fileScope.names.get(name);
    if (existing?.k === 'func') {
      if (!existing.slot.fn && type.proto) existing.slot.type = type;
      this.scope.names.set(name, existing);
      return existing.slot;
    }
    let slot: FuncSlot | undefined;
    if (isStatic) slot = this.program.rt.newSlot(name, type, true);
    else {
      slot = this.program.functions.get(name);
      if (!slot) {
        slot = this.program.rt.newSlot(name, type, false);
        this.program.functions.set(name, slot);
      } else if (!slot.fn && type.proto && !slot.type.proto) slot.type = type;
    }
    const sym = { k: 'func' as const, slot };
    this.fileScope.names.set(name, sym);
    if (this.scope !== this.fileScope) this.scope.names.set(name, sym);
    void loc;
    return slot;
  }

  /** A call to an undeclared function: C's implicit `int f()` declaration, with a warning. */
  implicitFunction(name: string, type: FuncType, loc: SourceLocation): FuncSlot {
    this.program.diag('warning', `implicit declaration of function ${name}`, loc);
    return this.declareFunction(name, type, false, loc, false);
  }

  private functionDefinition(n: Node): void {
    const spec = specifiers(this, n);
    const r = declarator(this, spec.type, n.childForFieldName('declarator'));
    if (!r.name || r.type.k !== 'func') throw new CompileError('function definition without a function declarator', this.loc(n));
    const slot = this.declareFunction(r.name, r.type, spec.isStatic, this.loc(n), this.fromHeader(n));
    if (definedSlots.has(slot)) throw new CompileError(`function ${r.name} is defined twice`, this.loc(n));
    definedSlots.add(slot);
    slot.type = r.type;
    this.pending.push({ slot, type: r.type, node: n, funcNode: r.funcNode });
  }

  /** Declare a global variable (definition, tentative definition or extern reference). */
  declareGlobal(
    name: string,
    type: CType,
    o: { isStatic: boolean; isExtern: boolean; init: Node | null; loc: SourceLocation | undefined; header?: boolean },
  ): GlobalVar {
    const p = this.program;
    const local = this.fileScope.names.get(name);
    let gv: GlobalVar | undefined = local?.k === 'global' ? local.gv : undefined;
    if (!gv && !o.isStatic) gv = p.globals.get(name);
    if (!gv) {
      gv = new GlobalVar(name, type, o.isStatic, !!o.header, o.loc);
      if (!o.isStatic) p.globals.set(name, gv);
    }
    if (!o.isExtern || o.init) {
      if (o.init && gv.hasInit) {
        if (!o.header) p.diag('warning', `${name} is initialized twice; the first definition is kept`, o.loc);
      } else {
        let t = type;
        if (t.k === 'array' && t.len === undefined && o.init) t = { ...t, len: arrayLengthFrom(this, t, o.init) };
        if (!gv.defined || (gv.type.k === 'array' && gv.type.len === undefined)) gv.type = t;
        gv.defined = true;
        if (o.init) {
          gv.hasInit = true;
          gv.init = o.init;
          gv.unit = this;
          this.initializers.push(gv);
        }
      }
    } else if (!gv.defined && sizeOf(gv.type) === undefined) gv.type = type;
    const sym = { k: 'global' as const, gv };
    this.fileScope.names.set(name, sym);
    if (this.scope !== this.fileScope) this.scope.names.set(name, sym);
    return gv;
  }

  /** A block-scope static: allocated and initialized now, once. */
  localStatic(unique: string, name: string, type: CType, init: Node | null, loc: SourceLocation): void {
    const gv = new GlobalVar(unique, type, true, false, loc);
    gv.defined = true;
    const size = sizeOf(type);
    if (size === undefined) throw new CompileError(`static ${name} has incomplete type ${typeName(type)}`, loc);
    gv.addr = this.program.memory.alloc(Math.max(size, 1), 'global', `static ${name}`).base;
    this.scope.names.set(name, { k: 'global', gv });
    if (init) this.runInitializer(gv, init);
  }

  // ---- phase 2 and 3 (after linking) ----

  /** Compile and run a global's initializer once. */
  runInitializer(gv: GlobalVar, init: Node): void {
    const saveFn = this.fn;
    this.fn = undefined;
    try {
      const actions = initialize(this, gv.type, init, { caddr: gv.addr });
      const frame = { r: [], bp: 0, ret: 0, retAddr: 0, exc: 0 };
      for (const a of actions) a(frame);
    } finally {
      this.fn = saveFn;
    }
  }

  /** Run the initializers of the globals this unit defines. */
  initializeGlobals(): void {
    for (const gv of this.initializers) {
      try {
        if (gv.init) this.runInitializer(gv, gv.init);
      } catch (e) {
        const err = isStackOverflow(e) ? new CompileError('initializer nested too deeply', gv.loc) : e;
        if (!(err instanceof ExecError)) throw err;
        this.program.diag('error', `initializer of ${gv.name}: ${err.detail}`, err.loc ?? gv.loc);
      }
    }
  }

  /** Compile every function body of this unit. */
  compileFunctions(): void {
    for (const p of this.pending) {
      const cf = compileFunction(this, p.slot.name, p.type, p.node, p.funcNode);
      p.slot.fn = cf;
    }
  }

  /** A compound literal `(T){...}` in the current function's frame. */
  compoundLiteral(node: Node): Expr {
    const t = typeDescriptor(this, node.childForFieldName('type')!);
    const st = this.fn;
    if (!st) throw new CompileError('compound literal outside a function', this.loc(node));
    let tt = t;
    const init = node.childForFieldName('value')!;
    if (tt.k === 'array' && tt.len === undefined) tt = { ...tt, len: arrayLengthFrom(this, tt, init) };
    const size = sizeOf(tt);
    if (size === undefined) throw new CompileError(`compound literal of incomplete type ${typeName(tt)}`, this.loc(node));
    const off = st.allocFrame(size, 8);
    const actions = initialize(this, tt, init, { boff: off });
    return { t: tt, addr: (f) => { for (const a of actions) a(f); return f.bp + off; }, lvalue: true };
  }
}
