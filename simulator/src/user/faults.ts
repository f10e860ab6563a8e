/**
 * How a fault in the user's driver ends the run, the way it ends a real machine:
 * - an access violation nobody handles: bug check 0xD1 DRIVER_IRQL_NOT_LESS_OR_EQUAL at
 *   DISPATCH_LEVEL, else 0x7E SYSTEM_THREAD_EXCEPTION_NOT_HANDLED (P1 = 0xC0000005);
 * - any other unhandled exception (ExRaiseStatus, a failed ASSERT, division by zero): 0x7E with its code;
 * - KeBugCheckEx: that code and those parameters;
 * - code the interpreter cannot run, or a driver that exhausts its budget: the run stops
 *   (`DriverStop`, exit status 2) with the message and file:line, as a budget stop does.
 * Bug checks and stops raised by the simulated NDIS while driver code is on the stack travel
 * through the interpreter wrapped in `HostAbort` (which `__except` cannot catch) and are
 * unwrapped by the handler wrapper that started the driver code.
 */
import { BudgetExceeded as EngineBudgetExceeded, type BudgetKind } from '../engine/budget';
import { BudgetExceeded as ExecBudgetExceeded, BugCheck as ExecBugCheck, ExecError, formatLoc, MemoryFault } from '../exec';
import { BugCheck, pointerText } from '../ndis/bugcheck';
import type { NdisHost } from '../ndis/host';

/** A simulator-level abort passing through interpreted frames. */
export class HostAbort extends ExecError {
  constructor(readonly original: Error) {
    super('host', original.message);
    this.name = 'HostAbort';
  }
}

/** The run cannot go on with this driver: stops it like a budget does (exit status 2). */
export class DriverStop extends EngineBudgetExceeded {
  constructor(readonly why: string, kind = 'driver') {
    super(kind as BudgetKind, 0);
    this.message = why;
    this.name = 'DriverStop';
  }
}

/** Names of the bug checks other than 0x7C that user drivers can raise. */
export const BUGCHECK_NAMES: Readonly<Record<number, string>> = {
  0x0a: 'IRQL_NOT_LESS_OR_EQUAL',
  0x1e: 'KMODE_EXCEPTION_NOT_HANDLED',
  0x7e: 'SYSTEM_THREAD_EXCEPTION_NOT_HANDLED',
  0xc2: 'BAD_POOL_CALLER',
  0xce: 'DRIVER_UNLOADED_WITHOUT_CANCELLING_PENDING_OPERATIONS',
  0xd1: 'DRIVER_IRQL_NOT_LESS_OR_EQUAL',
  0x133: 'DPC_WATCHDOG_VIOLATION',
  0x139: 'KERNEL_SECURITY_CHECK_FAILURE',
};

export function hexParam(v: number | bigint): string {
  return `0x${(typeof v === 'bigint' ? BigInt.asUintN(64, v) : BigInt(Math.trunc(v)) & 0xffffffffffffffffn).toString(16)}`;
}

/** The current call stack as a debugger shows it (innermost first), with interpreted frames first. */
export function stackOf(host: NdisHost, inner: readonly string[] = []): string[] {
  const frames = [...host.stack].reverse().map((f) => `${f.handler ? host.moduleOf(f.component) : 'ndis'}!${f.handler ? f.fn : f.api}${f.source ? ` (${f.source.file}:${f.source.line})` : ''}`);
  return [...inner, ...frames];
}

/** Emit a bug check with any code and end the run (the trace event, then the BugCheck). */
export function bugCheckAny(host: NdisHost, code: number, params: readonly string[], reason: string, inner: readonly string[] = []): never {
  const p = [...params, '0x0', '0x0', '0x0', '0x0'].slice(0, 4) as [string, string, string, string];
  const event = {
    host: host.name, component: host.currentComponent(), code: `0x${code.toString(16).toUpperCase()}`, params: p,
    name: BUGCHECK_NAMES[code] ?? `BUGCHECK_0x${code.toString(16).toUpperCase()}`, reason, stack: stackOf(host, inner),
  } as const;
  host.env.tracer.bugcheck(event);
  throw new BugCheck(event);
}

/** Interpreted frames of an exec error, innermost first, as `SERVICE!Function (file:line)`. */
function innerFrames(service: string, e: ExecError): string[] {
  return e.backtrace.map((b) => `${service}!${b.function}${b.loc ? ` (${b.loc.file}:${b.loc.line})` : ''}`);
}

/**
 * Turn whatever escaped from driver code into the simulator's outcome and throw it: simulator
 * aborts are unwrapped, driver faults become bug checks or stops.
 */
export function driverFault(host: NdisHost, service: string, irql: number, e: unknown): never {
  if (e instanceof HostAbort) throw e.original;
  if (e instanceof BugCheck || e instanceof EngineBudgetExceeded) throw e;
  if (!(e instanceof ExecError)) throw e;
  const where = e.loc ? ` at ${formatLoc(e.loc)}` : '';
  const fn = e.functionName ? ` in ${e.functionName}` : '';
  const inner = innerFrames(service, e);
  if (e instanceof ExecBudgetExceeded) throw new DriverStop(`${service}: ${e.detail}${fn}${where}`, 'driver-budget');
  if (e instanceof ExecBugCheck) {
    bugCheckAny(host, e.code, e.params.map((p) => hexParam(p)), `${service} called KeBugCheckEx${fn}${where}`, inner);
  }
  if (e instanceof MemoryFault) {
    const text = `${service}: ${e.detail}${fn}${where}`;
    if (irql >= 2) bugCheckAny(host, 0xd1, [hexParam(e.address), hexParam(irql), e.detail.includes('write') ? '0x1' : '0x0', '0x0'], text, inner);
    bugCheckAny(host, 0x7e, ['0xc0000005', '0x0', '0x0', hexParam(e.address)], text, inner);
  }
  if (e.kind === 'exception') {
    const code = (e as { code?: number }).code ?? (/^assertion failed/.test(e.detail) ? 0x80000003 : 0xc0000001);
    bugCheckAny(host, 0x7e, [hexParam(code >>> 0), '0x0', '0x0', '0x0'], `${service}: unhandled exception: ${e.detail}${fn}${where}`, inner);
  }
  throw new DriverStop(`cannot run ${service}: ${e.detail}${fn}${where}`);
}

export { pointerText };
