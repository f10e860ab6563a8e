/**
 * Helpers for the driver-execution tests: tree-sitter from the language server, C sources from
 * strings (a virtual folder), a TestHost, and small runners.
 */
import * as path from 'node:path';
import { ensureGrammar, initParser, parse } from '../../../server/src/parser/cparser';
import { loadDriver, TestHost, type Budgets, type CParser, type Interpreter, type TestHostOptions } from '../../../simulator/src/exec';

let ready: Promise<void> | undefined;

/** The C parser (initialised once). */
export async function cParser(): Promise<CParser> {
  ready ??= (async () => {
    await initParser();
    await ensureGrammar('c');
  })();
  await ready;
  return { parse: (text) => parse('c', text) };
}

export const VFOLDER = '/virtual/drv';

export interface Loaded {
  readonly interp: Interpreter;
  readonly host: TestHost;
}

export interface LoadCOptions {
  /** More files of the virtual folder (name → text); the main source is `test.c`. */
  readonly files?: Readonly<Record<string, string>>;
  readonly defines?: readonly string[];
  readonly budgets?: Budgets;
  readonly host?: TestHostOptions;
  /** Which files are translation units (default: every .c file). */
  readonly units?: readonly string[];
}

/** Load C source text (as `test.c` in a virtual folder) against the virtual WDK. */
export async function loadC(source: string, o: LoadCOptions = {}): Promise<Loaded> {
  const parser = await cParser();
  const files: Record<string, string> = { 'test.c': source, ...o.files };
  const host = new TestHost(o.host);
  const units = o.units ?? Object.keys(files).filter((f) => f.endsWith('.c'));
  const interp = loadDriver({
    files: units.map((f) => path.join(VFOLDER, f)),
    folder: VFOLDER,
    defines: o.defines ?? ['NDIS630=1'],
    parser,
    host,
    ...(o.budgets ? { budgets: o.budgets } : {}),
    readFile: (p) => files[path.relative(VFOLDER, p)],
    displayName: (p) => path.relative(VFOLDER, p),
  });
  return { interp, host };
}

/** Errors among the load diagnostics, as text. */
export function errors(interp: Interpreter): string[] {
  return interp.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.message}${d.loc ? ` @${d.loc.file}:${d.loc.line}` : ''}`);
}

/** Load `source` (must load without errors) and call `fn` with `args`. */
export async function run(source: string, fn: string, args: readonly number[] = [], o: LoadCOptions = {}): Promise<number | bigint> {
  const { interp } = await loadC(`#include <ndis.h>\n${source}`, o);
  const errs = errors(interp);
  if (errs.length) throw new Error(`load errors:\n${errs.join('\n')}`);
  return interp.call(fn, args);
}

/** Line number (1-based) of the first line of `text` containing `needle`. */
export function lineOf(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`"${needle}" not found`);
  return i + 1;
}
