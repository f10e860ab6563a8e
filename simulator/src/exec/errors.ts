/**
 * Errors and diagnostics of the driver-execution engine. Every error that reaches the caller names
 * the driver function and the original source position (file:line) it happened at: the run loop
 * of each interpreted function annotates errors passing through it (first annotation wins, outer
 * frames are added to the backtrace).
 */

/** A position in the driver's original sources (1-based line and column). */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** The site of a call: where the call expression starts, and where each argument is. */
export interface CallSite extends SourceLocation {
  readonly args?: readonly SourceLocation[];
}

/** `file:line` (the form used in every message). */
export function formatLoc(loc: SourceLocation | undefined): string {
  return loc ? `${loc.file}:${loc.line}` : '<unknown>';
}

export type Severity = 'error' | 'warning' | 'info';

/** A problem found while preprocessing, parsing, compiling or linking the driver. */
export interface Diagnostic {
  readonly severity: Severity;
  readonly message: string;
  readonly loc?: SourceLocation;
}

/**
 * - `compile`: the construct cannot be executed (unknown type, unsupported feature); raised when
 *   the function containing it is called.
 * - `memory`: a read, write or call through an address that is not valid memory.
 * - `budget`: steps, call depth, virtual time or memory ran out.
 * - `exception`: a structured exception (ExRaiseStatus, division by zero) nobody handled.
 * - `runtime`: any other execution failure (stack overflow, bad call).
 * - `host`: an external function implemented by the host failed.
 */
export type ExecErrorKind = 'compile' | 'memory' | 'budget' | 'exception' | 'runtime' | 'host';

/** One interpreted frame of an error's backtrace, innermost first. */
export interface BacktraceEntry {
  readonly function: string;
  readonly loc: SourceLocation | undefined;
}

/** An execution error; `message` is `detail in Function at file:line` once annotated. */
export class ExecError extends Error {
  readonly kind: ExecErrorKind;
  readonly detail: string;
  /** Where it happened (the innermost interpreted statement). */
  loc: SourceLocation | undefined;
  /** The innermost interpreted function. */
  functionName: string | undefined;
  readonly backtrace: BacktraceEntry[] = [];

  constructor(kind: ExecErrorKind, detail: string, loc?: SourceLocation) {
    super(detail);
    this.name = 'ExecError';
    this.kind = kind;
    this.detail = detail;
    this.loc = loc;
    if (loc) this.message = `${detail} at ${formatLoc(loc)}`;
  }

  /** Record a frame the error passed through; the first one fixes the message. */
  annotate(fn: string, loc: SourceLocation | undefined): void {
    if (this.functionName === undefined) {
      this.functionName = fn;
      this.loc ??= loc;
      this.message = `${this.detail} in ${fn} at ${formatLoc(this.loc)}`;
    }
    this.backtrace.push({ function: fn, loc });
  }
}

/** Steps, call depth, virtual time or memory budget exhausted. Never catchable by `__except`. */
export class BudgetExceeded extends ExecError {
  constructor(detail: string) {
    super('budget', `budget exceeded (${detail})`);
    this.name = 'BudgetExceeded';
  }
}

/** Windows exception codes the interpreter raises itself. */
export const STATUS_ACCESS_VIOLATION = 0xc0000005;
export const STATUS_INTEGER_DIVIDE_BY_ZERO = 0xc0000094;
export const STATUS_STACK_OVERFLOW = 0xc00000fd;

/**
 * A structured exception: what `__try/__except` can catch. Memory faults are access violations
 * (STATUS_ACCESS_VIOLATION); hosts raise others (ExRaiseStatus) with `raise`.
 */
export class SehException extends ExecError {
  /** The exception code (unsigned 32-bit), what GetExceptionCode() returns in a filter. */
  readonly code: number;
  constructor(kind: 'memory' | 'exception', code: number, detail: string) {
    super(kind, detail);
    this.name = 'SehException';
    this.code = code >>> 0;
  }
}

/** An invalid memory access (NULL, wild, freed or out-of-bounds pointer). */
export class MemoryFault extends SehException {
  readonly address: number;
  constructor(detail: string, address: number) {
    super('memory', STATUS_ACCESS_VIOLATION, `memory fault: ${detail}`);
    this.name = 'MemoryFault';
    this.address = address;
  }
}

/** Hex form of an address for messages. */
export function hex(v: number | bigint): string {
  return `0x${v.toString(16)}`;
}

/** Whether `e` is the JS engine running out of stack (deeply nested input). */
export function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message);
}
