/**
 * The C preprocessor for execution: one translation unit (a driver .c file) to plain C text that
 * tree-sitter parses without guessing, plus a source map back to the original files.
 *
 * - `#include "x"` searches the including file's folder, then the include folders (the driver's
 *   folder), then the bundled WDK model; `#include <x>` the WDK model first. `#pragma once` and
 *   include guards work; a missing header is a warning.
 * - object- and function-like macros, `#`, `##`, variadic macros (macros.ts); `__FILE__`,
 *   `__LINE__`, `__COUNTER__`.
 * - `#if/#ifdef/#ifndef/#elif/#else/#endif` evaluated for the active configuration (`defined`,
 *   64-bit arithmetic); `#error` in an active branch is an error diagnostic.
 * - `#pragma pack(...)` (and <pshpack1.h>/<poppack.h>) is kept as an output line for the compiler;
 *   other pragmas, `__pragma(...)`, `_Pragma(...)` are dropped.
 * - after expansion, what a compiler would treat as annotations or MS keywords is normalised: SAL
 *   (`_In_`, `_IRQL_requires_max_(X)`, `__drv_*`, old `__in`), `__declspec(...)` (align becomes
 *   `_Alignas`), calling conventions, `__int64`, `__forceinline`, `1UI64` suffixes.
 */
import * as path from 'node:path';
import type { Diagnostic } from './errors';
import { ExpansionLimit, MacroExpander, nextToken, type Macro, type TokenSource } from './macros';
import { evalPPExpr, PPExprError } from './ppexpr';
import { lex, lineCol, lineStarts, type PPToken } from './pplex';
import { SourceMap, type MappedFile } from './sourcemap';

/** How the preprocessor reaches files. */
export interface PreprocessOptions {
  /** Read a driver file (absolute path); undefined when it does not exist. */
  readonly readFile: (absPath: string) => string | undefined;
  /** Bundled headers by lower-case name ("ndis.h"). */
  readonly virtualHeaders: ReadonlyMap<string, string>;
  /** Folders searched for includes after the including file's own folder. */
  readonly includeDirs?: readonly string[];
  /** Macros of the configuration (`NDIS630` → "1"). */
  readonly defines?: ReadonlyMap<string, string>;
  /** Name used for a file in locations (default: the path as given). */
  readonly displayName?: (absPath: string) => string;
  /** Tokens one outermost macro expansion may produce (default 200000). */
  readonly maxTokens?: number;
}

export interface PreprocessResult {
  /** Preprocessed C. */
  readonly text: string;
  readonly map: SourceMap;
  readonly diagnostics: Diagnostic[];
  /** Files read, in order (display names). */
  readonly files: readonly string[];
}

interface Cond {
  readonly parentActive: boolean;
  active: boolean;
  taken: boolean;
  sawElse: boolean;
}

interface Frame {
  readonly toks: PPToken[];
  i: number;
  readonly file: number;
  readonly dir: string | undefined;
  readonly conds: Cond[];
  bol: boolean;
}

const MAX_INCLUDE_DEPTH = 200;
const VIRTUAL_PREFIX = '<wdk>/';

/** Preprocess one translation unit. */
export function preprocess(entry: string, options: PreprocessOptions): PreprocessResult {
  return new Preprocessor(options).run(entry);
}

class Preprocessor {
  private readonly files: MappedFile[] = [];
  private readonly fileKeys: string[] = [];
  private readonly diagnostics: Diagnostic[] = [];
  private readonly stack: Frame[] = [];
  private readonly once = new Set<string>();
  private readonly expander: MacroExpander;
  private readonly out: PPToken[] = [];
  private counter = 0;

  constructor(private readonly opt: PreprocessOptions) {
    this.expander = new MacroExpander((m, at) => this.diag('error', m, at), opt.maxTokens ?? 200_000);
    this.defineBuiltins();
    for (const [name, value] of opt.defines ?? []) this.defineText(name, value);
  }

  run(entry: string): PreprocessResult {
    const text = this.opt.readFile(entry);
    if (text === undefined) {
      this.diagnostics.push({ severity: 'error', message: `cannot read ${entry}` });
    } else {
      this.pushFile(entry, text, path.dirname(entry));
      const src: TokenSource = { pending: [], raw: () => this.nextRaw() };
      for (;;) {
        try {
          for (let t = nextToken(src); t; t = nextToken(src)) {
            // The token limit applies to each outermost expansion.
            if (!src.pending.length) this.expander.produced = 0;
            if (!this.expander.tryExpand(t, src)) this.out.push(t);
          }
          break;
        } catch (e) {
          if (!(e instanceof ExpansionLimit)) throw e;
          // Drop what the runaway expansion left and go on after it.
          src.pending.length = 0;
        }
      }
    }
    const toks = normalise(this.out);
    return { ...this.emit(toks), diagnostics: this.diagnostics, files: this.files.map((f) => f.name) };
  }

  // ---- files and directives ----

  private pushFile(key: string, text: string, dir: string | undefined): void {
    const idx = this.files.length;
    const name = key.startsWith(VIRTUAL_PREFIX) ? key : (this.opt.displayName?.(key) ?? key);
    this.files.push({ name, text });
    this.fileKeys.push(key);
    this.stack.push({ toks: lex(text, idx), i: 0, file: idx, dir, conds: [], bol: true });
  }

  private nextRaw(): PPToken | undefined {
    for (;;) {
      const f = this.stack[this.stack.length - 1];
      if (!f) return undefined;
      if (f.i >= f.toks.length) {
        if (f.conds.length) this.diag('error', 'unterminated #if', f.toks[f.toks.length - 1]);
        this.stack.pop();
        continue;
      }
      const t = f.toks[f.i]!;
      if (t.k === 'eol') {
        f.i++;
        f.bol = true;
        continue;
      }
      if (f.bol && t.k === 'punct' && t.v === '#') {
        f.i++;
        const line: PPToken[] = [];
        while (f.toks[f.i]!.k !== 'eol') line.push(f.toks[f.i++]!);
        this.directive(f, t, line);
        continue;
      }
      f.bol = false;
      f.i++;
      const c = f.conds[f.conds.length - 1];
      if (c && !c.active) continue;
      return t;
    }
  }

  private directive(f: Frame, hash: PPToken, line: PPToken[]): void {
    const name = line[0]?.v ?? '';
    const rest = line.slice(1);
    const top = f.conds[f.conds.length - 1];
    const active = !top || top.active;
    switch (name) {
      case 'if':
      case 'ifdef':
      case 'ifndef': {
        let val = false;
        if (active) {
          if (name === 'if') val = this.evalIf(rest, hash);
          else {
            if (rest[0]?.k !== 'id') this.diag('error', `#${name} needs a macro name`, hash);
            val = this.expander.macros.has(rest[0]?.v ?? '') === (name === 'ifdef');
          }
        }
        f.conds.push({ parentActive: active, active: active && val, taken: val, sawElse: false });
        return;
      }
      case 'elif': {
        if (!top) return this.diag('error', '#elif without #if', hash);
        if (top.sawElse) this.diag('error', '#elif after #else', hash);
        if (!top.parentActive || top.taken) top.active = false;
        else {
          const val = this.evalIf(rest, hash);
          top.active = val;
          top.taken = val;
        }
        return;
      }
      case 'else':
        if (!top) return this.diag('error', '#else without #if', hash);
        if (top.sawElse) this.diag('error', 'two #else for one #if', hash);
        top.active = top.parentActive && !top.taken;
        top.taken = true;
        top.sawElse = true;
        return;
      case 'endif':
        if (!top) return this.diag('error', '#endif without #if', hash);
        f.conds.pop();
        return;
    }
    if (!active) return;
    switch (name) {
      case '':
        return;
      case 'define':
        return this.define(rest, hash);
      case 'undef':
        if (rest[0]?.k === 'id') this.expander.macros.delete(rest[0].v);
        return;
      case 'include':
      case 'include_next':
        return this.include(f, rest, hash);
      case 'error':
        return this.diag('error', `#error ${rest.map((t) => t.v).join(' ')}`, hash);
      case 'warning':
        return this.diag('warning', `#warning ${rest.map((t) => t.v).join(' ')}`, hash);
      case 'pragma':
        return this.pragma(f, rest, hash);
      case 'line':
      case 'ident':
        return;
      default:
        return this.diag('warning', `unknown directive #${name} ignored`, hash);
    }
  }

  private define(rest: PPToken[], at: PPToken): void {
    const nameTok = rest[0];
    if (!nameTok || nameTok.k !== 'id') return this.diag('error', '#define needs a macro name', at);
    const name = nameTok.v;
    if (name === 'defined') return this.diag('error', '"defined" cannot be a macro name', at);
    let i = 1;
    const params: string[] = [];
    let variadic = false;
    const fn = rest[1]?.v === '(' && !rest[1].sp;
    if (fn) {
      i = 2;
      while (i < rest.length && rest[i]!.v !== ')') {
        const p = rest[i]!;
        if (p.v === '...') {
          variadic = true;
          params.push('__VA_ARGS__');
        } else if (p.k === 'id') {
          if (rest[i + 1]?.v === '...') {
            variadic = true;
            i++;
          }
          params.push(p.v);
        } else if (p.v !== ',') return this.diag('error', `bad parameter list in #define ${name}`, at);
        i++;
      }
      if (rest[i]?.v !== ')') return this.diag('error', `unterminated parameter list in #define ${name}`, at);
      i++;
    }
    const body = rest.slice(i);
    this.expander.macros.set(name, { name, fn, params, variadic, body });
  }

  private include(f: Frame, rest: PPToken[], at: PPToken): void {
    let toks = rest;
    if (toks[0] && toks[0].k !== 'str' && toks[0].v !== '<') toks = this.expander.expandList(toks);
    let spec: string;
    let angled: boolean;
    if (toks[0]?.k === 'str') {
      spec = toks[0].v.slice(1, -1);
      angled = false;
    } else if (toks[0]?.v === '<') {
      const end = toks.findIndex((t) => t.v === '>');
      spec = toks.slice(1, end < 0 ? undefined : end).map((t) => t.v).join('');
      angled = true;
    } else return this.diag('error', '#include expects "file" or <file>', at);
    if (this.stack.length > MAX_INCLUDE_DEPTH) return this.diag('error', `#include nested more than ${MAX_INCLUDE_DEPTH} deep`, at);
    const found = this.resolve(spec, angled, f.dir);
    if (!found) return this.diag('warning', `cannot open include file '${spec}'`, at);
    if (this.once.has(found.key)) return;
    this.pushFile(found.key, found.text, found.dir);
  }

  private resolve(spec: string, angled: boolean, dir: string | undefined): { key: string; text: string; dir: string | undefined } | undefined {
    const virt = (): { key: string; text: string; dir: undefined } | undefined => {
      const name = spec.replace(/\\/g, '/').toLowerCase();
      const text = this.opt.virtualHeaders.get(name) ?? this.opt.virtualHeaders.get(name.split('/').pop()!);
      return text === undefined ? undefined : { key: VIRTUAL_PREFIX + name, text, dir: undefined };
    };
    const disk = (dirs: readonly string[]): { key: string; text: string; dir: string } | undefined => {
      for (const d of dirs) {
        const p = path.resolve(d, spec.replace(/\\/g, '/'));
        const text = this.opt.readFile(p);
        if (text !== undefined) return { key: p, text, dir: path.dirname(p) };
      }
      return undefined;
    };
    const dirs = [...(dir && !angled ? [dir] : []), ...(this.opt.includeDirs ?? [])];
    return angled ? (virt() ?? disk(dirs)) : (disk(dirs) ?? virt());
  }

  private pragma(f: Frame, rest: PPToken[], at: PPToken): void {
    const what = rest[0]?.v;
    if (what === 'once') {
      this.once.add(this.fileKeys[f.file]!);
      return;
    }
    if (what === 'pack') {
      this.out.push({ k: 'pragma', v: `#pragma ${rest.map((t) => t.v).join(' ')}`, file: at.file, off: at.off, sp: false });
    }
  }

  private evalIf(toks: PPToken[], at: PPToken): boolean {
    const replaced: PPToken[] = [];
    for (let i = 0; i < toks.length; i++) {
      const t = toks[i]!;
      if (t.k === 'id' && t.v === 'defined') {
        let name: PPToken | undefined;
        if (toks[i + 1]?.v === '(') {
          name = toks[i + 2];
          i += toks[i + 3]?.v === ')' ? 3 : 2;
        } else {
          name = toks[i + 1];
          i += 1;
        }
        if (!name || name.k !== 'id') {
          this.diag('error', '"defined" needs a macro name', at);
          return false;
        }
        replaced.push({ ...t, k: 'num', v: this.expander.macros.has(name.v) ? '1' : '0' });
      } else replaced.push(t);
    }
    try {
      return evalPPExpr(this.expander.expandList(replaced));
    } catch (e) {
      if (e instanceof PPExprError) {
        this.diag('error', e.message, at);
        return false;
      }
      throw e;
    }
  }

  // ---- macros ----

  private defineText(name: string, value: string): void {
    const body = lex(value, -1).filter((t) => t.k !== 'eol');
    this.expander.macros.set(name, { name, fn: false, params: [], variadic: false, body });
  }

  private defineBuiltins(): void {
    const builtin = (name: string, f: (at: PPToken) => PPToken[]): void => {
      this.expander.macros.set(name, { name, fn: false, params: [], variadic: false, body: [], builtin: f } satisfies Macro);
    };
    const tok = (at: PPToken, k: PPToken['k'], v: string): PPToken[] => [{ k, v, file: at.file, off: at.off, sp: at.sp }];
    builtin('__FILE__', (at) => tok(at, 'str', JSON.stringify(this.files[at.file]?.name ?? '')));
    builtin('__LINE__', (at) => tok(at, 'num', String(this.lineOf(at))));
    builtin('__COUNTER__', (at) => tok(at, 'num', String(this.counter++)));
    builtin('__DATE__', (at) => tok(at, 'str', '"Jan  1 2025"'));
    builtin('__TIME__', (at) => tok(at, 'str', '"00:00:00"'));
    for (const [n, v] of [['_WIN32', '1'], ['_WIN64', '1'], ['_M_AMD64', '100'], ['_M_X64', '100'], ['_AMD64_', '1'], ['_MSC_VER', '1930'], ['_KERNEL_MODE', '1'], ['__NDISWB_EXEC__', '1']]) {
      this.defineText(n!, v!);
    }
  }

  private lineOf(t: PPToken): number {
    const f = this.files[t.file];
    return f ? lineCol(lineStarts(f.text), t.off).line : 0;
  }

  private diag(severity: Diagnostic['severity'], message: string, at: PPToken | undefined): void {
    const f = at ? this.files[at.file] : undefined;
    if (at && f) {
      const lc = lineCol(lineStarts(f.text), at.off);
      this.diagnostics.push({ severity, message, loc: { file: f.name, line: lc.line, column: lc.column } });
    } else this.diagnostics.push({ severity, message });
  }

  // ---- output ----

  private emit(toks: readonly PPToken[]): { text: string; map: SourceMap } {
    const parts: string[] = [];
    const outOff = new Int32Array(toks.length);
    const fileIdx = new Int32Array(toks.length);
    const srcOff = new Int32Array(toks.length);
    const starts = this.files.map((f) => lineStarts(f.text));
    let pos = 0;
    let lastFile = -2;
    let lastLine = -1;
    toks.forEach((t, i) => {
      const s = starts[t.file];
      const line = s ? lineCol(s, t.off).line : 0;
      let sep = i === 0 ? '' : ' ';
      if (t.k === 'pragma') sep = '\n';
      else if (i > 0 && (t.file !== lastFile || line !== lastLine || toks[i - 1]!.k === 'pragma')) sep = '\n';
      parts.push(sep);
      pos += sep.length;
      outOff[i] = pos;
      fileIdx[i] = Math.max(0, t.file);
      srcOff[i] = t.off;
      parts.push(t.v);
      pos += t.v.length;
      lastFile = t.file;
      lastLine = line;
    });
    parts.push('\n');
    return { text: parts.join(''), map: new SourceMap(this.files, outOff, fileIdx, srcOff) };
  }
}

const SAL = /^(_[A-Z][A-Za-z0-9_]*_|__drv_\w+|__(in|out|inout|deref_out|deref_in)(_opt)?(_[be]count\w*)?|__checkReturn|__success|__reserved|__callback|__nullterminated|__analysis_assume)$/;
/** Dropped with a following parenthesised group. */
const DROP_WITH_ARGS = new Set(['__pragma', '_Pragma', '__attribute__', '__declspec', '_Printf_format_string_impl_']);
/** Dropped. */
const DROP = new Set(['__cdecl', '__stdcall', '__fastcall', '__thiscall', '__vectorcall', '_cdecl', '_stdcall', '__unaligned', '__ptr64', '__ptr32', '__w64', '__restrict', '__sptr', '__uptr', '__extension__']);
const RENAME = new Map<string, string[]>([
  ['__int64', ['long', 'long']],
  ['__int32', ['int']],
  ['__int16', ['short']],
  ['__int8', ['char']],
  ['__inline', ['inline']],
  ['__forceinline', ['inline']],
  ['__volatile', ['volatile']],
  ['__const', ['const']],
  ['__signed', ['signed']],
  ['__alignof', ['_Alignof']],
]);

/** Keyword and annotation normalisation after expansion (see the module comment). */
function normalise(toks: readonly PPToken[]): PPToken[] {
  const out: PPToken[] = [];
  const skipGroup = (i: number): number => {
    if (toks[i + 1]?.v !== '(') return i;
    let depth = 0;
    for (let j = i + 1; j < toks.length; j++) {
      if (toks[j]!.v === '(') depth++;
      else if (toks[j]!.v === ')' && --depth === 0) return j;
    }
    return toks.length - 1;
  };
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (t.k === 'id') {
      if (t.v === '__declspec' && toks[i + 2]?.v === 'align' && toks[i + 3]?.v === '(') {
        const end = skipGroup(i);
        const inner = toks.slice(i + 4, end - 1);
        out.push({ ...t, v: '_Alignas' }, { ...t, k: 'punct', v: '(' }, ...inner, { ...t, k: 'punct', v: ')' });
        i = end;
        continue;
      }
      if (DROP_WITH_ARGS.has(t.v) || SAL.test(t.v)) {
        i = skipGroup(i);
        continue;
      }
      if (DROP.has(t.v)) continue;
      const r = RENAME.get(t.v);
      if (r) {
        for (const v of r) out.push({ ...t, v });
        continue;
      }
    } else if (t.k === 'num' && /[iI]64$/.test(t.v)) {
      out.push({ ...t, v: t.v.replace(/([uU]?)[iI]64$/, (_m, u: string) => (u ? 'ULL' : 'LL')) });
      continue;
    }
    out.push(t);
  }
  return out;
}
