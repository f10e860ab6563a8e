/**
 * A loaded driver, ready to run: call any of its functions by name or through a function-pointer
 * value, read and write its memory, look up its types and layouts. It is also the ExecContext the
 * host receives, and it routes the driver's external calls to the host (with the "unmodelled
 * call" policy of host.ts).
 */
import { BudgetExceeded, ExecError, SehException, formatLoc, type SourceLocation } from './errors';
import type { CValue, ExecContext, ExternalCall, Host, LogEntry } from './host';
import { memberPath } from './layout';
import type { Memory } from './memory';
import type { ExternalRequest, FuncSlot, Runtime } from './runtime';
import type { Program } from './compile/scope';
import type { Unit } from './compile/unit';
import { sizeOf, typeName, type CType } from './types';
import { floatToInt, intConverter, toNumber, type Num } from './values';

/** Convert a host- or caller-supplied value to a parameter or return type. */
export function coerce(v: Num | CValue, t: CType): Num {
  const x = typeof v === 'object' ? v.value : v;
  switch (t.k) {
    case 'int':
      if (t.isBool) return x != 0 ? 1 : 0; // eslint-disable-line eqeqeq
      return typeof x === 'number' && !Number.isInteger(x) ? floatToInt(x, t.size, t.signed) : intConverter(t.size, t.signed)(x);
    case 'ptr':
    case 'struct':
    case 'array':
    case 'func':
      return typeof x === 'number' ? (x < 0 ? toNumber(BigInt.asUintN(64, BigInt(x))) : x) : toNumber(BigInt.asUintN(64, x));
    case 'float':
      return t.size === 4 ? Math.fround(toNumber(x)) : toNumber(x);
    default:
      return 0;
  }
}

/** The running driver. */
export class Interpreter implements ExecContext {
  /** Log: unmodelled calls, debug output, host messages. */
  readonly logEntries: LogEntry[] = [];
  /** Calls per unmodelled function name. */
  readonly unmodelled = new Map<string, number>();
  private readonly unmodelledSites = new Set<string>();
  private scratch = 0;
  private readonly offsets = new Map<string, number>();

  constructor(
    readonly runtime: Runtime,
    readonly program: Program,
    readonly host: Host,
    private readonly units: readonly Unit[],
  ) {
    runtime.external = (req) => this.external(req);
  }

  get memory(): Memory {
    return this.runtime.memory;
  }

  /** Problems found while loading (preprocessor, parser, compiler, linker). */
  get diagnostics(): Program['diagnostics'] {
    return this.program.diagnostics;
  }

  /** Names of the functions the driver defines. */
  definedFunctions(): string[] {
    const names = new Set<string>();
    for (const s of this.program.functions.values()) if (s.fn) names.add(s.name);
    for (const u of this.units) for (const p of u.pending) names.add(p.slot.name);
    return [...names].sort();
  }

  private slot(fn: string | number): FuncSlot {
    if (typeof fn === 'number') {
      const s = this.runtime.slotAt(fn);
      if (!s) throw new SehException('memory', 0xc0000005, `memory fault: call through 0x${fn.toString(16)}, which is not a function`);
      return s;
    }
    const s = this.program.functions.get(fn) ?? this.staticFunction(fn);
    if (!s) throw new ExecError('runtime', `the driver has no function ${fn}`);
    return s;
  }

  private staticFunction(name: string): FuncSlot | undefined {
    for (const u of this.units) {
      const sym = u.fileScope.names.get(name);
      if (sym?.k === 'func') return sym.slot;
    }
    return undefined;
  }

  /**
   * Call a driver function by name or function-pointer value. A call made while no driver code is
   * running starts fresh budgets (steps, virtual time); calls from a host during an external
   * call share the running one's.
   */
  call(fn: string | number, args: readonly (Num | CValue)[] = []): Num {
    const s = this.slot(fn);
    const t = s.type;
    const conv = args.map((a, i) => coerce(a, t.params[i] ?? (typeof a === 'object' ? a.type : { k: 'int', size: 8, signed: true, name: 'long long' })));
    const types = args.map((a, i) => t.params[i] ?? (typeof a === 'object' ? a.type : { k: 'int', size: 8, signed: true, name: 'long long' } as CType));
    if (this.runtime.depth === 0) this.runtime.resetBudgets();
    let retAddr = 0;
    if (t.ret.k === 'struct') {
      const size = sizeOf(t.ret) ?? 0;
      if (this.scratch) this.memory.free(this.scratch);
      this.scratch = this.allocate(Math.max(size, 1), `return value of ${s.name}`);
      retAddr = this.scratch;
    }
    const r = this.runtime.callSlot(s, conv, types, undefined, retAddr);
    return t.ret.k === 'struct' ? retAddr : r;
  }

  private external(req: ExternalRequest): Num {
    const slot = req.slot;
    const call: ExternalCall = {
      name: slot.name,
      args: req.args.map((value, i) => ({ type: req.argTypes[i]!, value })),
      site: req.site,
      prototype: slot.type,
      returnAddress: req.retAddr,
      exec: this,
    };
    let r: Num | undefined;
    try {
      r = this.host.callExternal(call);
    } catch (e) {
      if (e instanceof ExecError) throw e;
      throw new ExecError('host', `${slot.name} failed in the host: ${e instanceof Error ? e.message : String(e)}`, req.site);
    }
    if (r === undefined) {
      this.unmodelled.set(slot.name, (this.unmodelled.get(slot.name) ?? 0) + 1);
      const key = `${slot.name}@${formatLoc(req.site)}`;
      if (!this.unmodelledSites.has(key)) {
        this.unmodelledSites.add(key);
        this.logEntries.push({ kind: 'unmodelled', message: `unmodelled call ${slot.name} at ${formatLoc(req.site)}; returned 0`, ...(req.site ? { site: req.site } : {}) });
      }
      return 0;
    }
    const ret = slot.type.ret;
    return ret.k === 'void' || ret.k === 'struct' ? 0 : coerce(r, ret);
  }

  // ---- ExecContext ----

  functionName(addr: number): string | undefined {
    return this.runtime.slotAt(addr)?.name;
  }

  functionAddress(name: string): number | undefined {
    return (this.program.functions.get(name) ?? this.staticFunction(name))?.addr;
  }

  type(name: string): CType | undefined {
    return this.program.types.get(name) ?? this.program.types.get(`struct ${name}`);
  }

  sizeOf(name: string): number {
    const t = this.type(name);
    const s = t ? sizeOf(t) : undefined;
    if (s === undefined) throw new ExecError('host', t ? `sizeof of incomplete type ${typeName(t)}` : `unknown type ${name}`);
    return s;
  }

  offsetOf(name: string, path: string): number {
    const key = `${name}\0${path}`;
    const hit = this.offsets.get(key);
    if (hit !== undefined) return hit;
    const t = this.type(name);
    if (!t || t.k !== 'struct') throw new ExecError('host', `${name} is not a struct type`);
    const m = memberPath(t, path);
    if (!m) throw new ExecError('host', `${name} has no member ${path}`);
    this.offsets.set(key, m.offset);
    return m.offset;
  }

  global(name: string): number | undefined {
    const g = this.program.globals.get(name);
    if (g?.addr) return g.addr;
    for (const u of this.units) {
      const sym = u.fileScope.names.get(name);
      if (sym?.k === 'global' && sym.gv.addr) return sym.gv.addr;
    }
    return undefined;
  }

  allocate(size: number, label: string): number {
    const b = this.memory.tryAlloc(size, 'host', label);
    if (!b) throw new BudgetExceeded(`memory: cannot allocate ${size} bytes for ${label}`);
    return b.base;
  }

  free(addr: number): void {
    const err = this.memory.free(addr);
    if (err) throw new ExecError('host', err);
  }

  advanceTime(ns: number): void {
    this.runtime.advanceTime(ns);
  }

  elapsedNs(): number {
    return this.runtime.elapsedNs();
  }

  raise(code: number, message: string): never {
    throw new SehException('exception', code >>> 0, message);
  }

  /** Add an entry of any kind to the log. */
  addLog(entry: LogEntry): void {
    this.logEntries.push(entry);
  }

  callStack(): readonly string[] {
    return [...this.runtime.callStack];
  }

  log(message: string, site?: SourceLocation): void {
    this.logEntries.push({ kind: 'host', message, ...(site ? { site } : {}) });
  }
}
