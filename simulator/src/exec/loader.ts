/**
 * Loading a driver for execution: find its .c files, take the build configuration (explicit
 * defines, else the `.vcxproj` PreprocessorDefinitions), preprocess each file against the virtual
 * WDK, parse it with tree-sitter (parse errors are diagnostics with original file:line), compile
 * every unit, link them (globals, functions, externs), run global initializers and compile the
 * function bodies. The result is an Interpreter: `interp.call('DriverEntry', [drv, regPath])`.
 *
 * tree-sitter is injected (`parser`), so this module does not depend on the language server; the
 * server's `parse('c', text)` after `ensureGrammar('c')` fits.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Tree } from 'web-tree-sitter';
import { versionFromBuildMacro } from '../../../common/src/catalog';
import { Program } from './compile/scope';
import { Unit } from './compile/unit';
import type { Diagnostic } from './errors';
import type { Host } from './host';
import { Interpreter } from './interp';
import { Memory, type MemoryOptions } from './memory';
import { preprocess } from './preprocess';
import { Runtime, type Budgets } from './runtime';
import { sizeOf, typeName } from './types';
import { virtualHeaders } from './wdk';

/** Something that parses C text with tree-sitter. */
export interface CParser {
  parse(text: string): Tree;
}

export interface LoadOptions {
  /** The driver's folder: every .c file in it (sub-folders with their own .vcxproj/.inf excluded). */
  readonly folder?: string;
  /** Explicit .c files (instead of, or relative to, `folder`). */
  readonly files?: readonly string[];
  /** Preprocessor definitions (`NAME` or `NAME=VALUE`); when given, the .vcxproj is not read. */
  readonly defines?: readonly string[];
  readonly parser: CParser;
  readonly host: Host;
  readonly budgets?: Budgets;
  readonly memory?: MemoryOptions;
  /** File reader (default: node:fs). */
  readonly readFile?: (absPath: string) => string | undefined;
  /** Name of a file in locations (default: relative to the current directory). */
  readonly displayName?: (absPath: string) => string;
}

/** Default NDIS version when neither defines nor a project name one. */
export const DEFAULT_VERSION_MACRO = 'NDIS630';

function defaultRead(p: string): string | undefined {
  try {
    return fs.readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
}

/** Every PreprocessorDefinitions list of a .vcxproj, in document order. */
export function vcxprojDefineLists(xml: string): string[][] {
  const out: string[][] = [];
  const re = /<PreprocessorDefinitions>([\s\S]*?)<\/PreprocessorDefinitions>/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    out.push(m[1]!.split(';').map((s) => s.trim()).filter((s) => s && !s.startsWith('%(') && !s.startsWith('$(')));
  }
  return out;
}

/** The build configuration of a driver folder: defines and where they came from. */
export function resolveDefines(folder: string | undefined, explicit: readonly string[] | undefined, read: (p: string) => string | undefined): { defines: Map<string, string>; source: string; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const toMap = (list: readonly string[]): Map<string, string> => {
    const m = new Map<string, string>();
    for (const d of list) {
      const eq = d.indexOf('=');
      const name = (eq < 0 ? d : d.slice(0, eq)).trim();
      if (/^[A-Za-z_]\w*$/.test(name)) m.set(name, eq < 0 ? '1' : d.slice(eq + 1).trim() || '1');
    }
    return m;
  };
  const hasVersion = (m: Map<string, string>): boolean => [...m.entries()].some(([k, v]) => v !== '0' && !!versionFromBuildMacro(k));
  if (explicit) {
    const m = toMap(explicit);
    if (!hasVersion(m)) {
      m.set(DEFAULT_VERSION_MACRO, '1');
      diagnostics.push({ severity: 'warning', message: `no NDIS version macro in the defines; assuming ${DEFAULT_VERSION_MACRO}=1` });
    }
    return { defines: m, source: 'defines', diagnostics };
  }
  if (folder) {
    let entries: string[] = [];
    try {
      entries = fs.readdirSync(folder).filter((f) => f.toLowerCase().endsWith('.vcxproj')).sort();
    } catch {
      /* no folder listing: no project */
    }
    for (const proj of entries) {
      const xml = read(path.join(folder, proj));
      if (!xml) continue;
      for (const list of vcxprojDefineLists(xml)) {
        const m = toMap(list);
        if (hasVersion(m)) return { defines: m, source: proj, diagnostics };
      }
    }
  }
  diagnostics.push({ severity: 'warning', message: `no NDIS version configured (no defines, no .vcxproj naming one); assuming ${DEFAULT_VERSION_MACRO}=1` });
  return { defines: new Map([[DEFAULT_VERSION_MACRO, '1']]), source: 'default', diagnostics };
}

/** The .c files of a driver folder (sorted; sub-drivers excluded). */
export function driverSources(folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, top: boolean): void => {
    let names: string[];
    try {
      names = fs.readdirSync(dir).sort();
    } catch {
      return;
    }
    if (!top && names.some((n) => /\.(vcxproj|inf)$/i.test(n))) return;
    for (const n of names) {
      const p = path.join(dir, n);
      let st: fs.Stats;
      try {
        st = fs.statSync(p);
      } catch {
        continue;
      }
      if (st.isDirectory()) walk(p, false);
      else if (/\.c$/i.test(n)) out.push(p);
    }
  };
  walk(folder, true);
  return out;
}

/** Load a driver (see the module comment). Problems are in `interp.diagnostics`. */
export function loadDriver(o: LoadOptions): Interpreter {
  const read = o.readFile ?? defaultRead;
  const folder = o.folder ? path.resolve(o.folder) : undefined;
  const files = o.files ? o.files.map((f) => path.resolve(folder ?? '.', f)) : folder ? driverSources(folder) : [];
  const display = o.displayName ?? ((p: string) => path.relative(process.cwd(), p) || p);
  const config = resolveDefines(folder, o.defines, read);
  const memory = new Memory(o.memory);
  const rt = new Runtime(memory, o.budgets);
  const program = new Program(rt, memory);
  program.diagnostics.push(...config.diagnostics);
  const units: Unit[] = [];
  const trees: Tree[] = [];
  try {
    for (const file of files) {
      const pp = preprocess(file, {
        readFile: read,
        virtualHeaders: virtualHeaders(),
        includeDirs: folder ? [folder] : [path.dirname(file)],
        defines: config.defines,
        displayName: display,
      });
      program.diagnostics.push(...pp.diagnostics);
      const tree = o.parser.parse(pp.text);
      trees.push(tree);
      const unit = new Unit(program, pp.map, display(file));
      reportSyntaxErrors(unit, tree);
      unit.declareTopLevel(tree.rootNode);
      units.push(unit);
    }
    const interp = new Interpreter(rt, program, o.host, units);
    link(program, units, interp, o.host);
    program.linked = true;
    for (const u of units) u.initializeGlobals();
    for (const u of units) u.compileFunctions();
    return interp;
  } finally {
    for (const t of trees) t.delete();
  }
}

function reportSyntaxErrors(unit: Unit, tree: Tree): void {
  let count = 0;
  const stack = [tree.rootNode];
  while (stack.length && count < 50) {
    const n = stack.pop()!;
    if (n.type === 'ERROR' || n.isMissing) {
      count++;
      unit.program.diag('error', n.isMissing ? `syntax error: missing ${n.type}` : `syntax error near "${n.text.slice(0, 40).replace(/\s+/g, ' ')}"`, unit.loc(n));
      continue;
    }
    if (n.hasError) for (let i = n.childCount - 1; i >= 0; i--) stack.push(n.child(i)!);
  }
}

/** Allocate every global, resolve extern-only ones through the host or with zeroed storage. */
function link(program: Program, units: readonly Unit[], interp: Interpreter, host: Host): void {
  const all = new Set(program.globals.values());
  for (const u of units) for (const sym of u.fileScope.names.values()) if (sym.k === 'global') all.add(sym.gv);
  for (const gv of all) {
    if (gv.addr) continue;
    if (!gv.defined) {
      const fromHost = host.resolveData?.(gv.name, gv.type, interp);
      if (fromHost !== undefined) {
        gv.addr = fromHost;
        continue;
      }
      program.diag('warning', `${gv.name} is declared but never defined; it gets zeroed storage`, gv.loc);
    }
    const size = sizeOf(gv.type);
    if (size === undefined) program.diag('error', `${gv.name} has incomplete type ${typeName(gv.type)}`, gv.loc);
    const block = program.memory.tryAlloc(Math.max(size ?? 1, 1), 'global', gv.name);
    if (block) gv.addr = block.base;
    else program.diag('error', `${gv.name} (${size} bytes) does not fit in the memory budget; code using it cannot run`, gv.loc);
  }
}
