/**
 * The seam between the interpreter and whatever models the world around the driver.
 *
 * The interpreter runs every function the driver defines. A call to any other function (an NDIS
 * or kernel DDI, a C runtime routine) goes to the Host. Later, an `NdisHost` implements it on top
 * of the NDIS simulator (registration, bindings, NBLs, OIDs); `TestHost` (testHost.ts) is a
 * small one for tests. Hosts get an ExecContext to read and write the driver's memory, to look up
 * the driver's types and layouts, to call back into driver functions (handlers through the
 * pointers the driver registered), and to let virtual time pass.
 *
 * Unmodelled calls: when `callExternal` returns undefined, the interpreter logs
 * "unmodelled call NAME at file:line" (once per call site) and the call returns 0 — that is
 * NDIS_STATUS_SUCCESS / STATUS_SUCCESS for status-returning DDIs, NULL for pointer results,
 * FALSE for BOOLEAN, and nothing for VOID; out-parameters are left untouched.
 */
import type { BacktraceEntry, SourceLocation } from './errors';
import type { Memory } from './memory';
import type { CType, FuncType } from './types';
import type { Num } from './values';

/** A value crossing the seam. */
export interface CValue {
  /** The parameter's declared type (or the promoted argument type for `...`). */
  readonly type: CType;
  /**
   * Integers, pointers (addresses) and floating values; for a struct or union passed by value,
   * the address of its bytes (valid during the call only).
   */
  readonly value: Num;
}

/** What a host may do with the running driver. */
export interface ExecContext {
  readonly memory: Memory;
  /**
   * Call a driver function by name or by address (a handler pointer the driver registered).
   * Arguments are converted to the parameter types; struct arguments are passed as addresses.
   */
  call(fn: string | number, args: readonly (Num | CValue)[]): Num;
  /** Name of the function at a function-pointer value (driver or external), if any. */
  functionName(addr: number): string | undefined;
  /** Function-pointer value of a named function, if the driver declares it. */
  functionAddress(name: string): number | undefined;
  /** A type by name: a typedef (`NDIS_BIND_PARAMETERS`) or `struct _TAG`. */
  type(name: string): CType | undefined;
  /** sizeof a named type (throws for unknown or incomplete types). */
  sizeOf(typeName: string): number;
  /** Offset of a member path (`Header.Type`, `Info.IfType`) in a named struct type. */
  offsetOf(typeName: string, path: string): number;
  /** Address of a driver global variable. */
  global(name: string): number | undefined;
  /** Allocate zeroed heap memory (host-owned objects the driver reads: NBLs, parameters...). */
  allocate(size: number, label: string): number;
  /** Free memory from `allocate` or from a driver heap allocation. */
  free(addr: number): void;
  /** Let virtual time pass (waits, stalls); counts against the virtual-time budget. */
  advanceTime(ns: number): void;
  /** Virtual time used by the current top-level call. */
  elapsedNs(): number;
  /** Raise a structured exception in the driver (ExRaiseStatus); `__except` can catch it. */
  raise(code: number, message: string): never;
  /** Add an entry to the interpreter log. */
  log(message: string, site?: SourceLocation): void;
  /** Interpreted functions currently on the stack, outermost first. */
  callStack(): readonly string[];
}

/** A call to a function the driver does not define. */
export interface ExternalCall {
  readonly name: string;
  readonly args: readonly CValue[];
  /** Where the driver calls it. */
  readonly site: SourceLocation | undefined;
  /** The declared prototype (from the WDK model or the driver); unprototyped: `int f()`. */
  readonly prototype: FuncType;
  /** For functions returning a struct: where to write the result (0 otherwise). */
  readonly returnAddress: number;
  readonly exec: ExecContext;
}

/** Implemented by whatever models the driver's environment. */
export interface Host {
  /**
   * Perform an external call. Return the result (it is converted to the prototype's return type),
   * or undefined when the function is not modelled (see the module comment for the default).
   * Throwing an ExecError (e.g. via `exec.raise`) propagates into the driver.
   */
  callExternal(call: ExternalCall): Num | undefined;
  /**
   * Storage for a variable the driver declares `extern` but never defines; return its address,
   * or undefined to let the loader allocate zeroed storage (with a warning).
   */
  resolveData?(name: string, type: CType, exec: ExecContext): number | undefined;
}

/** An entry of the interpreter log. */
export interface LogEntry {
  readonly kind: 'unmodelled' | 'debug' | 'host' | 'warning';
  readonly message: string;
  readonly site?: SourceLocation;
}

/** Re-exported for hosts. */
export type { BacktraceEntry };
