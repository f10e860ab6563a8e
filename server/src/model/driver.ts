/**
 * The driver model: a driver is a folder (its .c/.h/.cpp files and the headers they include).
 * Each file keeps its pre-passed text, its tree (reparsed incrementally) and its facts (cached per
 * top-level item). The driver indexes functions, role declarations, macros, globals and typedefs
 * across its files.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Tree } from 'web-tree-sitter';
import { grammarFor, parse, type Grammar } from '../parser/cparser';
import { prepass, type PrepassResult } from '../parser/prepass';
import { ItemCache, extractFile, findSuppressions } from './extract';
import type { AliasFact, FileFacts, FunctionFact, MacroFact, RoleDeclFact, TypedefFact, VarFact } from './facts';
import type { BuildConfig } from './config';

export const SOURCE_EXTENSIONS = new Set(['.c', '.h', '.cpp', '.hpp', '.cxx', '.hxx', '.cc', '.hh', '.inl']);

export function isSourceFile(p: string): boolean {
  return SOURCE_EXTENSIONS.has(path.extname(p).toLowerCase());
}

/** Why a file was not analysed (reported as one information diagnostic). */
export type SkipReason = { readonly kind: 'too-large'; readonly size: number; readonly limit: number } | { readonly kind: 'binary' };

/** Offsets → 0-based line/character (UTF-16), by binary search over line starts. */
export class LineIndex {
  private readonly starts: number[];
  constructor(text: string) {
    const s = [0];
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) s.push(i + 1);
    this.starts = s;
  }
  position(offset: number): { line: number; character: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo]! };
  }
  get lineCount(): number {
    return this.starts.length;
  }
}

/** One C/C++ source file of a driver. */
export class SourceFile {
  raw = '';
  /** LSP document version (undefined for files read from disk). */
  version: number | undefined;
  grammar: Grammar = 'c';
  pre: PrepassResult | undefined;
  tree: Tree | undefined;
  facts: FileFacts | undefined;
  lines = new LineIndex('');
  skipped: SkipReason | undefined;
  private readonly cache = new ItemCache();

  constructor(
    readonly uri: string,
    readonly fsPath: string,
  ) {}

  /**
   * Set new text and bring tree and facts up to date. `evaluate` decides `#if` groups inside
   * expressions for the active configuration.
   */
  update(text: string, version: number | undefined, maxFileSize: number, evaluate?: (expr: string) => boolean | undefined): void {
    this.version = version;
    this.raw = text;
    this.lines = new LineIndex(text);
    if (text.length > maxFileSize) {
      this.dropTree();
      this.skipped = { kind: 'too-large', size: text.length, limit: maxFileSize };
      this.facts = emptyFacts(this.uri, text);
      return;
    }
    if (text.slice(0, 8192).includes('\u0000')) {
      this.dropTree();
      this.skipped = { kind: 'binary' };
      this.facts = emptyFacts(this.uri, '');
      return;
    }
    this.skipped = undefined;
    const grammar = grammarFor(this.fsPath, text);
    const pre = prepass(text, evaluate ? { evaluate } : {});
    const old = this.tree && this.pre && grammar === this.grammar ? { tree: this.tree, text: this.pre.text } : undefined;
    const tree = parse(grammar, pre.text, old);
    if (this.tree && this.tree !== tree) this.tree.delete();
    this.grammar = grammar;
    this.pre = pre;
    this.tree = tree;
    this.facts = extractFile(this.uri, tree, pre.text, text, pre.annotations, this.cache);
  }

  private dropTree(): void {
    this.tree?.delete();
    this.tree = undefined;
    this.pre = undefined;
  }

  dispose(): void {
    this.dropTree();
  }
}

function emptyFacts(uri: string, raw: string): FileFacts {
  return {
    uri, functions: [], roleDecls: [], macros: [], vars: [], writes: [], aliases: [], calls: [], includes: [], typedefs: [],
    suppressions: findSuppressions(raw), parseErrors: 0,
  };
}

/** Cross-file index of a driver, rebuilt when any file's facts change. */
export interface DriverIndex {
  readonly functions: ReadonlyMap<string, readonly FunctionFact[]>;
  readonly roleDecls: ReadonlyMap<string, readonly RoleDeclFact[]>;
  readonly macros: ReadonlyMap<string, readonly MacroFact[]>;
  readonly globals: ReadonlyMap<string, readonly VarFact[]>;
  /** Locals and parameters by function name, then variable name. */
  readonly locals: ReadonlyMap<string, ReadonlyMap<string, VarFact>>;
  readonly typedefs: ReadonlyMap<string, readonly TypedefFact[]>;
  /** Pointer aliases (`p = &x`) of every function. */
  readonly aliases: readonly AliasFact[];
  /** The file each fact's uri maps to. */
  readonly fileOf: (uri: string) => SourceFile | undefined;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const a = m.get(k);
  if (a) a.push(v);
  else m.set(k, [v]);
}

/** A driver: a folder and its files. */
export class Driver {
  readonly files = new Map<string, SourceFile>();
  config: BuildConfig;
  private index: DriverIndex | undefined;

  constructor(
    readonly root: string,
    config: BuildConfig,
  ) {
    this.config = config;
  }

  invalidate(): void {
    this.index = undefined;
  }

  get name(): string {
    return path.basename(this.root);
  }

  getIndex(): DriverIndex {
    if (this.index) return this.index;
    const functions = new Map<string, FunctionFact[]>();
    const roleDecls = new Map<string, RoleDeclFact[]>();
    const macros = new Map<string, MacroFact[]>();
    const globals = new Map<string, VarFact[]>();
    const locals = new Map<string, Map<string, VarFact>>();
    const typedefs = new Map<string, TypedefFact[]>();
    const aliases: AliasFact[] = [];
    for (const f of this.sortedFiles()) {
      const facts = f.facts;
      if (!facts) continue;
      aliases.push(...facts.aliases);
      for (const x of facts.functions) push(functions, x.name, x);
      for (const x of facts.roleDecls) push(roleDecls, x.name, x);
      for (const x of facts.macros) push(macros, x.name, x);
      for (const x of facts.typedefs) push(typedefs, x.name, x);
      for (const v of facts.vars) {
        if (v.fn === '') push(globals, v.name, v);
        else {
          let m = locals.get(v.fn);
          if (!m) locals.set(v.fn, (m = new Map()));
          if (!m.has(v.name)) m.set(v.name, v);
        }
      }
    }
    const byUri = new Map<string, SourceFile>();
    for (const f of this.files.values()) byUri.set(f.uri, f);
    this.index = { functions, roleDecls, macros, globals, locals, typedefs, aliases, fileOf: (u) => byUri.get(u) };
    return this.index;
  }

  /** Files in a stable order: headers first (their macros come first in translation units), then by path. */
  sortedFiles(): SourceFile[] {
    return [...this.files.values()].sort((a, b) => {
      const ha = /\.(h|hpp|hh|hxx)$/i.test(a.fsPath) ? 0 : 1;
      const hb = /\.(h|hpp|hh|hxx)$/i.test(b.fsPath) ? 0 : 1;
      return ha - hb || (a.fsPath < b.fsPath ? -1 : a.fsPath > b.fsPath ? 1 : 0);
    });
  }

  dispose(): void {
    for (const f of this.files.values()) f.dispose();
    this.files.clear();
  }
}

/** List a folder's source files (recursively, skipping build output and hidden folders). */
export function listSourceFiles(folder: string, recursive: boolean, limit = 5000): string[] {
  const out: string[] = [];
  const stack = [folder];
  while (stack.length && out.length < limit) {
    const dir = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (recursive && !e.name.startsWith('.') && !/^(node_modules|x64|Debug|Release|ARM64|objfre_|objchk_)/i.test(e.name)) stack.push(p);
      } else if (e.isFile() && isSourceFile(e.name)) {
        out.push(p);
      }
    }
  }
  return out;
}

/**
 * The folder that is a file's driver: the nearest ancestor (up to `boundary`) holding a .vcxproj
 * or .inf, else the file's own folder.
 */
export function driverRootFor(file: string, boundary: string | undefined): string {
  const own = path.dirname(file);
  let dir = own;
  for (let i = 0; i < 32; i++) {
    try {
      if (fs.readdirSync(dir).some((f) => /\.(vcxproj|inf)$/i.test(f))) return dir;
    } catch {
      /* unreadable: stop here */
    }
    if (boundary && path.resolve(dir) === path.resolve(boundary)) break;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return own;
}

/** Read a file as UTF-8 (invalid bytes replaced), without a BOM. */
export function readSource(file: string): string {
  const buf = fs.readFileSync(file);
  let text = new TextDecoder('utf-8', { fatal: false }).decode(buf);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text;
}
