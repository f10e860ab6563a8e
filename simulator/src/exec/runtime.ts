/**
 * The execution engine: frames, the instruction loop, calls (direct, through function pointers,
 * to the host), budgets and error annotation.
 *
 * A compiled function is a flat list of instructions (closures returning the next pc, -1 to
 * return) built once from the AST (compile/*.ts); expressions inside them are closure trees.
 * Scalars whose address is never taken live in JS "registers" (`Frame.r`), everything else in
 * the frame's block of interpreter stack memory.
 *
 * Budgets stop runaway code deterministically: every instruction counts a step; the step limit
 * also encodes the virtual-time budget (each step costs `nsPerStep`, hosts add waits with
 * advanceTime); calls check the call depth and the stack memory. Any error leaving a function's
 * loop is annotated with the function and the original source line of the instruction.
 */
import { BudgetExceeded, ExecError, SehException, type SourceLocation } from './errors';
import { Memory, FUNCTION_BASE, type Block } from './memory';
import type { CType, FuncType } from './types';
import type { Num } from './values';

/** A frame of an interpreted call. */
export interface Frame {
  /** Register slots: parameters and locals whose address is never taken. */
  readonly r: Num[];
  /** Base address of the frame's stack memory. */
  readonly bp: number;
  /** Return value (set by `return`). */
  ret: Num;
  /** Where a struct return value is written. */
  readonly retAddr: number;
  /** Code of the exception being filtered/handled (GetExceptionCode). */
  exc: number;
}

/** One instruction: runs, returns the next pc (-1: return from the function). */
export type Instr = (f: Frame) => number;

/** How an argument reaches its parameter. */
export type ParamBinding =
  | { readonly kind: 'reg'; readonly slot: number }
  | { readonly kind: 'mem'; readonly off: number; readonly store: (a: number, v: Num) => void }
  | { readonly kind: 'copy'; readonly off: number; readonly size: number };

/** A function with a body, ready to run. */
export class CompiledFunction {
  code: Instr[] = [];
  locs: (SourceLocation | undefined)[] = [];
  nregs = 0;
  frameSize = 0;
  params: ParamBinding[] = [];
  /** Set when the body could not be compiled; raised when the function is called. */
  error: ExecError | undefined;
  constructor(
    readonly name: string,
    readonly type: FuncType,
    readonly loc: SourceLocation | undefined,
  ) {}
}

/** A function known by name: defined by the driver (`fn`) or external (the host's). */
export class FuncSlot {
  fn: CompiledFunction | undefined;
  constructor(
    readonly name: string,
    public type: FuncType,
    readonly addr: number,
    readonly isStatic: boolean,
  ) {}
}

/** Execution limits. */
export interface Budgets {
  /** Instructions per top-level call (default 20 million). */
  readonly maxSteps?: number;
  /** Nested interpreted calls (default 200). */
  readonly maxCallDepth?: number;
  /** Virtual time per top-level call in ns (default 10 s). */
  readonly maxVirtualTimeNs?: number;
  /** Virtual time one instruction costs (default 1 ns). */
  readonly nsPerStep?: number;
  /** Interpreter stack size in bytes (default 256 KiB). */
  readonly stackBytes?: number;
}

/** A call the interpreter could not do itself. */
export interface ExternalRequest {
  readonly slot: FuncSlot;
  readonly args: readonly Num[];
  readonly argTypes: readonly CType[];
  readonly site: SourceLocation | undefined;
  readonly retAddr: number;
}

/** The engine state of one loaded driver. */
export class Runtime {
  readonly memory: Memory;
  private readonly stack: Block;
  private readonly stackEnd: number;
  sp: number;
  steps = 0;
  private stepLimit: number;
  private timeBaseNs = 0;
  depth = 0;
  /** Names of the interpreted functions on the call stack, innermost last. */
  readonly callStack: string[] = [];
  /** The statement of the last normal return from an interpreted function (the `return` a host may blame). */
  lastReturn: SourceLocation | undefined;
  readonly maxSteps: number;
  readonly maxCallDepth: number;
  readonly maxVirtualTimeNs: number;
  readonly nsPerStep: number;
  private readonly byAddr = new Map<number, FuncSlot>();
  private nextFn = FUNCTION_BASE;
  /** Handles calls to functions without a body (set by the interpreter). */
  external: (req: ExternalRequest) => Num = () => 0;

  constructor(memory: Memory, budgets: Budgets = {}) {
    this.memory = memory;
    this.maxSteps = budgets.maxSteps ?? 20_000_000;
    this.maxCallDepth = budgets.maxCallDepth ?? 200;
    this.maxVirtualTimeNs = budgets.maxVirtualTimeNs ?? 10_000_000_000;
    this.nsPerStep = budgets.nsPerStep ?? 1;
    this.stack = memory.alloc(budgets.stackBytes ?? 256 * 1024, 'stack', 'the stack');
    this.sp = this.stack.base;
    this.stackEnd = this.stack.base + this.stack.size;
    this.stepLimit = this.computeStepLimit();
  }

  /** A new function slot with its own address (function pointers compare and call by it). */
  newSlot(name: string, type: FuncType, isStatic: boolean): FuncSlot {
    const s = new FuncSlot(name, type, (this.nextFn += 16), isStatic);
    this.byAddr.set(s.addr, s);
    return s;
  }

  slotAt(addr: number): FuncSlot | undefined {
    return this.byAddr.get(addr);
  }

  // ---- budgets ----

  /** Start the budgets of a top-level call. */
  resetBudgets(): void {
    this.steps = 0;
    this.timeBaseNs = 0;
    this.stepLimit = this.computeStepLimit();
  }

  /** Virtual time used by the current top-level call, in ns. */
  elapsedNs(): number {
    return this.timeBaseNs + this.steps * this.nsPerStep;
  }

  /** Let virtual time pass (a host models a wait or a stall). */
  advanceTime(ns: number): void {
    this.timeBaseNs += Math.max(0, ns);
    this.stepLimit = this.computeStepLimit();
    if (this.elapsedNs() > this.maxVirtualTimeNs) throw new BudgetExceeded(`virtual time > ${this.maxVirtualTimeNs} ns`);
  }

  private computeStepLimit(): number {
    const byTime = this.nsPerStep > 0 ? Math.floor((this.maxVirtualTimeNs - this.timeBaseNs) / this.nsPerStep) : Infinity;
    return Math.min(this.maxSteps, byTime);
  }

  private stepBudget(): never {
    if (this.steps > this.maxSteps) throw new BudgetExceeded(`more than ${this.maxSteps} steps`);
    throw new BudgetExceeded(`virtual time > ${this.maxVirtualTimeNs} ns`);
  }

  // ---- calls ----

  /** Run a compiled function with already-converted arguments. */
  invoke(fn: CompiledFunction, args: readonly Num[], retAddr = 0): Num {
    if (fn.error) throw compileFailure(fn, fn.error);
    if (this.depth >= this.maxCallDepth) throw new BudgetExceeded(`call depth > ${this.maxCallDepth}`);
    const oldSp = this.sp;
    const bp = (oldSp + 15) & ~15;
    const top = bp + fn.frameSize;
    if (top > this.stackEnd) throw new ExecError('runtime', `stack overflow: ${fn.name} needs ${fn.frameSize} bytes, ${this.stackEnd - bp} left`);
    this.sp = top;
    this.depth++;
    this.callStack.push(fn.name);
    const f: Frame = { r: fn.nregs ? new Array<Num>(fn.nregs).fill(0) : EMPTY, bp, ret: 0, retAddr, exc: 0 };
    let pc = 0;
    let last = 0;
    try {
      const ps = fn.params;
      for (let i = 0; i < ps.length; i++) {
        const p = ps[i]!;
        const v = args[i] ?? 0;
        if (p.kind === 'reg') f.r[p.slot] = v;
        else if (p.kind === 'mem') p.store(bp + p.off, v);
        else this.memory.copy(bp + p.off, v as number, p.size);
      }
      const code = fn.code;
      while (pc >= 0) {
        if (++this.steps > this.stepLimit) this.stepBudget();
        last = pc;
        pc = code[pc]!(f);
      }
      this.lastReturn = fn.locs[last] ?? fn.loc;
      return f.ret;
    } catch (e) {
      throw annotate(e, fn, pc, f);
    } finally {
      this.sp = oldSp;
      this.depth--;
      this.callStack.pop();
    }
  }

  /**
   * Run instructions [start, end) of `fn` in frame `f` until control leaves the range; return
   * the pc it left to (used by __try bodies, so exceptions can be caught around a range).
   */
  runRange(fn: CompiledFunction, f: Frame, start: number, end: number): number {
    let pc = start;
    const code = fn.code;
    try {
      while (pc >= start && pc < end) {
        if (++this.steps > this.stepLimit) this.stepBudget();
        pc = code[pc]!(f);
      }
      return pc;
    } catch (e) {
      throw annotate(e, fn, pc, f);
    }
  }

  /** Call a function slot: its body, or the host. */
  callSlot(slot: FuncSlot, args: readonly Num[], argTypes: readonly CType[], site: SourceLocation | undefined, retAddr = 0): Num {
    const fn = slot.fn;
    if (fn) return this.invoke(fn, args, retAddr);
    return this.external({ slot, args, argTypes, site, retAddr });
  }

  /** Call through a function pointer value. */
  callAddress(addr: number, args: readonly Num[], argTypes: readonly CType[], site: SourceLocation | undefined, retAddr = 0): Num {
    const slot = this.byAddr.get(addr);
    if (!slot) {
      const what = addr === 0 ? 'a NULL function pointer' : `0x${addr.toString(16)}, which is not a function`;
      throw new SehException('memory', 0xc0000005, `memory fault: call through ${what}`);
    }
    return this.callSlot(slot, args, argTypes, site, retAddr);
  }
}

const EMPTY: Num[] = [];

/** A fresh error for a call of a function whose body did not compile. */
function compileFailure(fn: CompiledFunction, cause: ExecError): ExecError {
  const err = new ExecError('compile', cause.detail, cause.loc ?? fn.loc);
  err.annotate(fn.name, cause.loc ?? fn.loc);
  return err;
}

/** Attach function and location to an error leaving a frame; convert host JS errors. */
function annotate(e: unknown, fn: CompiledFunction, pc: number, f: Frame): ExecError {
  let err: ExecError;
  if (e instanceof ExecError) err = e;
  else if (e instanceof RangeError && /call stack/i.test(e.message)) err = new ExecError('runtime', 'stack overflow (host recursion limit)');
  else err = new ExecError('runtime', `internal error: ${e instanceof Error ? e.message : String(e)}`);
  const tagged = err as ExecError & { lastFrame?: Frame };
  if (tagged.lastFrame !== f) {
    tagged.lastFrame = f;
    err.annotate(fn.name, fn.locs[pc] ?? fn.loc);
  }
  return err;
}
