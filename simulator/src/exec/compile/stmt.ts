/**
 * Statements to a flat instruction list: blocks and declarations (locals, block-scope statics,
 * typedefs), expression statements, if/else, while, do/while, for, switch/case/default (with
 * fall-through and cases anywhere in the body), break/continue, goto and labels, return, and
 * structured exception handling (`__try/__except`, `__try/__finally`, `__leave`). Jumps are
 * resolved after the whole body is laid out, so forward gotos cost nothing at run time.
 */
import type { Node } from 'web-tree-sitter';
import { SehException } from '../errors';
import type { Frame } from '../runtime';
import { alignOf, isScalar, promote, sizeOf, typeName, type CType, type IntType } from '../types';
import { toI32, type Num } from '../values';
import { compileCond } from './binary';
import { declarator, specifiers, typeSpecifier } from './ctype';
import { compileExpr, sideEffect } from './expr';
import { addressOf, constAs, decayed, valueAs } from './exprCore';
import { Label, target, type FnState } from './func';
import { arrayLengthFrom, initialize } from './init';
import { CompileError, Scope } from './scope';
import type { Unit } from './unit';

const MAX_NESTING = 300;

/** Compile one statement (or declaration) into the current function. */
export function compileStatement(u: Unit, node: Node): void {
  if (++u.stmtDepth > MAX_NESTING) {
    u.stmtDepth--;
    throw new CompileError('statements nested too deeply', u.loc(node));
  }
  try {
    statement(u, node);
  } finally {
    u.stmtDepth--;
  }
}

function statement(u: Unit, node: Node): void {
  const st = u.fn!;
  const loc = u.loc(node);
  switch (node.type) {
    case 'compound_statement': {
      const save = u.scope;
      u.scope = new Scope(save);
      try {
        for (const c of node.namedChildren) compileStatement(u, c);
      } finally {
        u.scope = save;
      }
      return;
    }
    case 'comment':
      return;
    case 'declaration':
      return localDeclaration(u, node);
    case 'type_definition':
      return u.typedef(node);
    case 'struct_specifier':
    case 'union_specifier':
    case 'enum_specifier':
      typeSpecifier(u, node);
      return;
    case 'preproc_call':
      return;
    case 'expression_statement': {
      const e = node.namedChildren.find((c) => c.type !== 'comment');
      if (!e) return;
      const ev = sideEffect(u, compileExpr(u, e), e);
      st.emit((pc) => (f) => (ev(f), pc + 1), loc);
      return;
    }
    case 'if_statement': {
      const c = compileCond(u, node.childForFieldName('condition')!);
      const elseL = new Label();
      const endL = new Label();
      st.emit((pc) => { const t = pc + 1; const e = elseL.pc; return (f) => (c(f) ? t : e); }, loc);
      compileStatement(u, node.childForFieldName('consequence')!);
      const alt = node.childForFieldName('alternative');
      if (alt) {
        st.emit(() => { const e = endL.pc; return () => e; }, loc);
        st.place(elseL);
        const s = alt.type === 'else_clause' ? alt.namedChildren.find((x) => x.type !== 'comment')! : alt;
        compileStatement(u, s);
        st.place(endL);
      } else st.place(elseL);
      return;
    }
    case 'while_statement': {
      const top = new Label();
      const end = new Label();
      st.place(top);
      const c = compileCond(u, node.childForFieldName('condition')!);
      st.emit((pc) => { const t = pc + 1; const e = end.pc; return (f) => (c(f) ? t : e); }, loc);
      loop(st, end, top, () => compileStatement(u, node.childForFieldName('body')!));
      st.emit(() => { const t = top.pc; return () => t; }, loc);
      st.place(end);
      return;
    }
    case 'do_statement': {
      const top = new Label();
      const cont = new Label();
      const end = new Label();
      st.place(top);
      loop(st, end, cont, () => compileStatement(u, node.childForFieldName('body')!));
      st.place(cont);
      const c = compileCond(u, node.childForFieldName('condition')!);
      st.emit(() => { const t = top.pc; const e = end.pc; return (f) => (c(f) ? t : e); }, loc);
      st.place(end);
      return;
    }
    case 'for_statement':
      return forStatement(u, st, node);
    case 'return_statement':
      return returnStatement(u, st, node);
    case 'break_statement': {
      const l = st.breaks[st.breaks.length - 1];
      if (!l) throw new CompileError('break outside a loop or switch', loc);
      st.emit(() => { const t = target(l, 'break', loc); return () => t; }, loc);
      return;
    }
    case 'continue_statement': {
      const l = st.continues[st.continues.length - 1];
      if (!l) throw new CompileError('continue outside a loop', loc);
      st.emit(() => { const t = target(l, 'continue', loc); return () => t; }, loc);
      return;
    }
    case 'goto_statement': {
      const name = node.childForFieldName('label')!.text;
      const l = st.goto(name);
      st.emit(() => { const t = target(l, `goto ${name}`, loc); return () => t; }, loc);
      return;
    }
    case 'labeled_statement': {
      const name = node.childForFieldName('label')!.text;
      const l = st.goto(name);
      if (l.pc >= 0) throw new CompileError(`label ${name} defined twice`, loc);
      st.place(l);
      for (const c of node.namedChildren) if (c.type !== 'statement_identifier') compileStatement(u, c);
      return;
    }
    case 'switch_statement':
      return switchStatement(u, st, node);
    case 'case_statement':
      return caseStatement(u, st, node);
    case 'seh_try_statement':
      return sehTry(u, st, node);
    case 'seh_leave_statement': {
      const l = st.leaves[st.leaves.length - 1];
      if (!l) throw new CompileError('__leave outside __try', loc);
      st.emit(() => { const t = target(l, '__leave', loc); return () => t; }, loc);
      return;
    }
    case 'ERROR':
      throw new CompileError(`syntax error: ${node.text.slice(0, 60)}`, loc);
    default:
      throw new CompileError(`unsupported statement ${node.type}`, loc);
  }
}

function loop(st: FnState, brk: Label, cont: Label, body: () => void): void {
  st.breaks.push(brk);
  st.continues.push(cont);
  try {
    body();
  } finally {
    st.breaks.pop();
    st.continues.pop();
  }
}

function forStatement(u: Unit, st: FnState, node: Node): void {
  const loc = u.loc(node);
  const save = u.scope;
  u.scope = new Scope(save);
  try {
    const init = node.childForFieldName('initializer');
    if (init) {
      if (init.type === 'declaration') localDeclaration(u, init);
      else {
        const ev = sideEffect(u, compileExpr(u, init), init);
        st.emit((pc) => (f) => (ev(f), pc + 1), loc);
      }
    }
    const top = new Label();
    const cont = new Label();
    const end = new Label();
    st.place(top);
    const condNode = node.childForFieldName('condition');
    if (condNode) {
      const c = compileCond(u, condNode);
      st.emit((pc) => { const t = pc + 1; const e = end.pc; return (f) => (c(f) ? t : e); }, loc);
    }
    loop(st, end, cont, () => compileStatement(u, node.childForFieldName('body')!));
    st.place(cont);
    const upd = node.childForFieldName('update');
    if (upd) {
      const ev = sideEffect(u, compileExpr(u, upd), upd);
      st.emit((pc) => (f) => (ev(f), pc + 1), loc);
    }
    st.emit(() => { const t = top.pc; return () => t; }, loc);
    st.place(end);
  } finally {
    u.scope = save;
  }
}

function returnStatement(u: Unit, st: FnState, node: Node): void {
  const loc = u.loc(node);
  const exprNode = node.namedChildren.find((c) => c.type !== 'comment');
  const ret = st.type.ret;
  if (!exprNode) {
    st.emit(() => () => -1, loc);
    return;
  }
  const e = compileExpr(u, exprNode);
  if (ret.k === 'void') {
    const ev = sideEffect(u, e, exprNode);
    st.emit(() => (f) => (ev(f), -1), loc);
    return;
  }
  if (ret.k === 'struct') {
    if (decayed(e.t) !== ret) throw new CompileError(`returning ${typeName(e.t)} from a function returning ${typeName(ret)}`, loc);
    const src = addressOf(u, e, exprNode);
    const size = sizeOf(ret) ?? 0;
    const mem = u.program.memory;
    st.emit(() => (f) => (mem.copy(f.retAddr, src(f), size), -1), loc);
    return;
  }
  const ev = valueAs(u, e, ret, exprNode);
  st.emit(() => (f) => ((f.ret = ev(f)), -1), loc);
}

function switchStatement(u: Unit, st: FnState, node: Node): void {
  const loc = u.loc(node);
  const condNode = node.childForFieldName('condition')!;
  const e = compileExpr(u, condNode);
  const t = decayed(e.t);
  if (t.k !== 'int') throw new CompileError(`switch on ${typeName(e.t)}`, loc);
  const pt: IntType = promote(t);
  const ev = valueAs(u, e, pt, condNode);
  const ctx = { cases: new Map<Num, Label>(), dflt: undefined as Label | undefined, type: pt as CType };
  const end = new Label();
  st.emit(() => {
    const table = new Map<Num, number>();
    for (const [k, l] of ctx.cases) table.set(k, l.pc);
    const other = ctx.dflt ? ctx.dflt.pc : end.pc;
    return (f) => table.get(ev(f)) ?? other;
  }, loc);
  st.switches.push(ctx);
  st.breaks.push(end);
  try {
    compileStatement(u, node.childForFieldName('body')!);
  } finally {
    st.switches.pop();
    st.breaks.pop();
  }
  st.place(end);
}

function caseStatement(u: Unit, st: FnState, node: Node): void {
  const loc = u.loc(node);
  const ctx = st.switches[st.switches.length - 1];
  if (!ctx) throw new CompileError('case label outside a switch', loc);
  const valueNode = node.childForFieldName('value');
  const l = new Label();
  st.place(l);
  if (valueNode) {
    const v = constAs(compileExpr(u, valueNode), ctx.type);
    if (v === undefined) throw new CompileError('case label is not a constant', loc);
    if (ctx.cases.has(v)) throw new CompileError(`duplicate case value ${v}`, loc);
    ctx.cases.set(v, l);
  } else {
    if (ctx.dflt) throw new CompileError('two default labels in one switch', loc);
    ctx.dflt = l;
  }
  for (const c of node.namedChildren) if (c.id !== valueNode?.id) compileStatement(u, c);
}

function sehTry(u: Unit, st: FnState, node: Node): void {
  const loc = u.loc(node);
  const rt = u.program.rt;
  const fn = st.compiled;
  const bodyEnd = new Label();
  const after = new Label();
  const exceptClause = node.namedChildren.find((c) => c.type === 'seh_except_clause');
  const finallyClause = node.namedChildren.find((c) => c.type === 'seh_finally_clause');
  const tryPc = st.pc;
  const handler = new Label();
  const finStart = new Label();
  const finEnd = new Label();
  let filter: ((f: Frame) => Num) | undefined;
  if (exceptClause) {
    const fNode = exceptClause.childForFieldName('filter')!;
    filter = valueAs(u, compileExpr(u, fNode), { k: 'int', size: 4, signed: true, name: 'int' }, fNode);
  }
  st.emit(() => {
    const start = tryPc + 1;
    const end = bodyEnd.pc;
    if (finallyClause) {
      const fs = finStart.pc;
      const fe = finEnd.pc;
      const done = after.pc;
      return (f) => {
        let next: number;
        try {
          next = rt.runRange(fn, f, start, end);
        } finally {
          rt.runRange(fn, f, fs, fe);
        }
        return next === end ? done : next;
      };
    }
    const h = handler.pc;
    const flt = filter!;
    return (f) => {
      try {
        return rt.runRange(fn, f, start, end);
      } catch (e) {
        if (!(e instanceof SehException)) throw e;
        f.exc = e.code | 0;
        const verdict = toI32(flt(f));
        if (verdict > 0) return h;
        throw e;
      }
    };
  }, loc);
  st.leaves.push(bodyEnd);
  try {
    compileStatement(u, node.childForFieldName('body')!);
  } finally {
    st.leaves.pop();
  }
  st.place(bodyEnd);
  st.emit(() => { const t = after.pc; return () => t; }, loc);
  if (exceptClause) {
    st.place(handler);
    compileStatement(u, exceptClause.childForFieldName('body')!);
  }
  if (finallyClause) {
    st.place(finStart);
    compileStatement(u, finallyClause.childForFieldName('body')!);
    st.place(finEnd);
    st.emit(() => { const t = after.pc; return () => t; }, loc);
  }
  st.place(after);
}

/** A declaration inside a function body. */
function localDeclaration(u: Unit, node: Node): void {
  const st = u.fn!;
  const spec = specifiers(u, node);
  for (const d of node.childrenForFieldName('declarator')) {
    const initNode = d.type === 'init_declarator' ? d.childForFieldName('value') : null;
    const decl = declarator(u, spec.type, d.type === 'init_declarator' ? d.childForFieldName('declarator') : d);
    const name = decl.name;
    if (!name) continue;
    const loc = u.loc(d);
    let type = decl.type;
    if (type.k === 'func') {
      u.declareFunction(name, type, spec.isStatic, loc, false);
      continue;
    }
    if (spec.isExtern) {
      u.declareGlobal(name, type, { isStatic: false, isExtern: true, init: null, loc });
      continue;
    }
    if (type.k === 'array' && type.len === undefined && initNode) type = { ...type, len: arrayLengthFrom(u, type, initNode) };
    if (spec.isStatic) {
      u.localStatic(st.staticName(name), name, type, initNode, loc);
      continue;
    }
    const size = sizeOf(type);
    if (size === undefined) throw new CompileError(`variable ${name} has incomplete type ${typeName(type)}`, loc);
    if (isScalar(type) && !st.addrTaken.has(name)) {
      const slot = st.allocReg();
      u.scope.names.set(name, { k: 'reg', type, slot });
      if (initNode) {
        const init = initNode.type === 'initializer_list' ? initNode.namedChildren[0] : initNode;
        if (init) {
          const ev = valueAs(u, compileExpr(u, init), type, init);
          st.emit((pc) => (f) => ((f.r[slot] = ev(f)), pc + 1), loc);
        }
      } else st.emit((pc) => (f) => ((f.r[slot] = 0), pc + 1), loc);
      continue;
    }
    const off = st.allocFrame(size, Math.max(alignOf(type), spec.alignAs ?? 1));
    u.scope.names.set(name, { k: 'frame', type, off });
    if (initNode) {
      const actions = initialize(u, type, initNode, { boff: off });
      if (actions.length === 1) {
        const a = actions[0]!;
        st.emit((pc) => (f) => (a(f), pc + 1), loc);
      } else if (actions.length) st.emit((pc) => (f) => { for (const a of actions) a(f); return pc + 1; }, loc);
    }
  }
}
