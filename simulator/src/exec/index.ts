/**
 * Driver execution: run an NDIS driver's own C code in the simulated NDIS.
 *
 * preprocess.ts (with wdk/ as the bundled headers) → tree-sitter (injected) → compile/ (closures
 * and flat instruction lists) → runtime.ts (budgets, calls) over memory.ts (byte-addressed x64
 * memory); external calls go through host.ts. loader.ts puts it together.
 */
export { loadDriver, resolveDefines, driverSources, vcxprojDefineLists, DEFAULT_VERSION_MACRO, type CParser, type LoadOptions } from './loader';
export { Interpreter, coerce } from './interp';
export type { Host, ExternalCall, ExecContext, CValue, LogEntry } from './host';
export { TestHost, tagText, type RecordedCall, type Handler, type TestHostOptions } from './testHost';
export { standardCall, formatPrintf, BugCheck } from './stdlib';
export { Memory, type MemoryOptions } from './memory';
export type { Budgets } from './runtime';
export { ExecError, BudgetExceeded, SehException, MemoryFault, formatLoc, type SourceLocation, type CallSite, type Diagnostic } from './errors';
export { preprocess, type PreprocessOptions, type PreprocessResult } from './preprocess';
export { virtualHeaders } from './wdk';
export { memberPath, layoutRecord } from './layout';
export * as ctypes from './types';
export type { Num } from './values';
