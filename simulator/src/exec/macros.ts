/**
 * Macro expansion (C11 6.10.3) with hide sets, after Prosser's algorithm as chibicc implements
 * it: object- and function-like macros, `#` stringizing, `##` pasting (with placemarkers for
 * empty arguments), variadic macros with `__VA_ARGS__` and GNU `, ## __VA_ARGS__`, arguments
 * fully expanded before substitution except next to `#`/`##`.
 *
 * Locations: tokens that come from a macro body (and pasted or stringized ones) are mapped to the
 * invocation of the outermost macro; tokens that come from arguments keep their own position. So
 * every token of the output maps to a place in the driver's own files.
 *
 * Bounded: expansion nesting and the number of tokens one expansion may produce are limited, so
 * pathological macros end with a diagnostic instead of exhausting memory or the stack.
 */
import { lex, stringize, type PPToken } from './pplex';

/** A macro definition. */
export interface Macro {
  readonly name: string;
  /** Function-like. */
  readonly fn: boolean;
  /** Parameter names; a variadic macro's last one is `__VA_ARGS__` (or the GNU name). */
  readonly params: readonly string[];
  readonly variadic: boolean;
  readonly body: readonly PPToken[];
  /** Built-in macros (__LINE__ ...) compute their expansion from the invocation token. */
  readonly builtin?: (at: PPToken) => PPToken[];
}

/** A token source: pushed-back tokens first (top of stack = next), then `raw`. */
export interface TokenSource {
  readonly pending: PPToken[];
  readonly raw: () => PPToken | undefined;
}

export function nextToken(src: TokenSource): PPToken | undefined {
  return src.pending.length ? src.pending.pop() : src.raw();
}

function pushAll(src: TokenSource, toks: readonly PPToken[]): void {
  for (let k = toks.length - 1; k >= 0; k--) src.pending.push(toks[k]!);
}

const MAX_ARG_DEPTH = 200;

/** Expands macros from a macro table. */
export class MacroExpander {
  readonly macros = new Map<string, Macro>();
  private argDepth = 0;
  /** Tokens produced by expansions so far (checked against the limit). */
  produced = 0;

  constructor(
    private readonly report: (message: string, at: PPToken) => void,
    private readonly maxTokens: number,
  ) {}

  /**
   * If `t` invokes a macro, push its expansion onto `src` and return true; otherwise return
   * false (the caller outputs `t`).
   */
  tryExpand(t: PPToken, src: TokenSource): boolean {
    if (t.k !== 'id') return false;
    if (t.hide?.has(t.v)) return false;
    const m = this.macros.get(t.v);
    if (!m) return false;
    if (m.builtin) {
      pushAll(src, m.builtin(t));
      return true;
    }
    if (!m.fn) {
      const hs = withName(t.hide, m.name);
      const body = m.body.map((b, i) => relocate(b, t, hs, i === 0 ? t.sp : b.sp));
      this.count(body.length, t);
      pushAll(src, body);
      return true;
    }
    const nx = nextToken(src);
    if (!nx || nx.v !== '(' || nx.k !== 'punct') {
      if (nx) src.pending.push(nx);
      return false;
    }
    const got = this.readArgs(src, m, t);
    if (!got) return true;
    const hs = withName(intersect(t.hide, got.rparen.hide), m.name);
    const out = this.substitute(m, got.args, t, hs);
    this.count(out.length, t);
    pushAll(src, out);
    return true;
  }

  /** Fully expand a token list in isolation (macro arguments, `#if` lines). */
  expandList(toks: readonly PPToken[]): PPToken[] {
    if (++this.argDepth > MAX_ARG_DEPTH) {
      this.argDepth--;
      if (toks[0]) this.report('macro expansion nested too deeply', toks[0]);
      return [...toks];
    }
    try {
      const src: TokenSource = { pending: [...toks].reverse(), raw: () => undefined };
      const out: PPToken[] = [];
      for (let t = nextToken(src); t; t = nextToken(src)) if (!this.tryExpand(t, src)) out.push(t);
      return out;
    } finally {
      this.argDepth--;
    }
  }

  private count(n: number, at: PPToken): void {
    this.produced += n;
    if (this.produced > this.maxTokens) {
      this.report(`macro expansion produced more than ${this.maxTokens} tokens`, at);
      throw new ExpansionLimit();
    }
  }

  private readArgs(src: TokenSource, m: Macro, name: PPToken): { args: PPToken[][]; rparen: PPToken } | undefined {
    const args: PPToken[][] = [[]];
    let depth = 0;
    for (;;) {
      const t = nextToken(src);
      if (!t) {
        this.report(`unterminated invocation of macro ${m.name}`, name);
        return undefined;
      }
      if (t.k === 'punct') {
        if (t.v === '(') depth++;
        else if (t.v === ')') {
          if (depth === 0) return { args: this.fitArgs(m, args, name), rparen: t };
          depth--;
        } else if (t.v === ',' && depth === 0 && !(m.variadic && args.length === m.params.length)) {
          args.push([]);
          continue;
        }
      }
      args[args.length - 1]!.push(t);
    }
  }

  private fitArgs(m: Macro, args: PPToken[][], name: PPToken): PPToken[][] {
    if (m.params.length === 0 && args.length === 1 && args[0]!.length === 0) return [];
    if (m.variadic && args.length === m.params.length - 1) args.push([]);
    if (args.length !== m.params.length) {
      this.report(`macro ${m.name} expects ${m.params.length} argument(s), got ${args.length}`, name);
      while (args.length < m.params.length) args.push([]);
      args.length = m.params.length;
    }
    return args;
  }

  private substitute(m: Macro, args: PPToken[][], name: PPToken, hs: ReadonlySet<string>): PPToken[] {
    const body = m.body;
    const out: PPToken[] = [];
    const expanded = new Map<number, PPToken[]>();
    const param = (t: PPToken | undefined): number => (t && t.k === 'id' ? m.params.indexOf(t.v) : -1);
    const fromBody = (t: PPToken): PPToken => relocate(t, name, undefined, t.sp);
    for (let i = 0; i < body.length; i++) {
      const t = body[i]!;
      if (t.k === 'punct' && t.v === '#' && param(body[i + 1]) >= 0) {
        const s = stringize(args[param(body[i + 1])]!);
        out.push({ k: 'str', v: s, file: name.file, off: name.off, sp: t.sp });
        i++;
        continue;
      }
      // GNU: , ## __VA_ARGS__ drops the comma when the variable part is empty.
      if (t.v === ',' && body[i + 1]?.v === '##' && m.variadic && param(body[i + 2]) === m.params.length - 1) {
        if (args[m.params.length - 1]!.length === 0) i += 2;
        else {
          out.push(fromBody(t));
          i += 1;
        }
        continue;
      }
      if (t.k === 'punct' && t.v === '##') {
        const rhs = body[++i];
        if (!rhs) break;
        const pi = param(rhs);
        const right = pi >= 0 ? args[pi]! : [fromBody(rhs)];
        if (!right.length) continue;
        if (!out.length) out.push(...right);
        else {
          out[out.length - 1] = this.paste(out[out.length - 1]!, right[0]!, name);
          out.push(...right.slice(1));
        }
        continue;
      }
      const pi = param(t);
      if (pi >= 0) {
        const arg = args[pi]!;
        if (body[i + 1]?.v === '##') {
          if (arg.length) out.push(...arg);
          else if (body[i + 2]) {
            // Placemarker ## rhs: the result is rhs alone.
            const rpi = param(body[i + 2]);
            out.push(...(rpi >= 0 ? args[rpi]! : [fromBody(body[i + 2]!)]));
            i += 2;
          }
          continue;
        }
        let e = expanded.get(pi);
        if (!e) expanded.set(pi, (e = this.expandList(arg)));
        e.forEach((x, k) => out.push(k === 0 ? { ...x, sp: t.sp } : x));
        continue;
      }
      out.push(fromBody(t));
    }
    return out.map((x, k) => ({ ...x, hide: union(x.hide, hs), sp: k === 0 ? name.sp : x.sp }));
  }

  private paste(a: PPToken, b: PPToken, at: PPToken): PPToken {
    const text = a.v + b.v;
    const toks = lex(text, at.file).filter((t) => t.k !== 'eol');
    if (toks.length !== 1) this.report(`pasting "${a.v}" and "${b.v}" does not give a valid preprocessing token`, at);
    const k = toks.length === 1 ? toks[0]!.k : 'other';
    return { k, v: text, file: at.file, off: at.off, sp: a.sp };
  }
}

/** Thrown when the token limit is hit; the preprocessor stops with the diagnostic already made. */
export class ExpansionLimit extends Error {}

function relocate(t: PPToken, at: PPToken, hs: ReadonlySet<string> | undefined, sp: boolean): PPToken {
  return { k: t.k, v: t.v, file: at.file, off: at.off, sp, hide: hs ? union(t.hide, hs) : t.hide };
}

// Hide sets are interned: the same additions and unions return the same Set object, so the
// tokens of an expansion share one set and pathological macros do not allocate per token.
const addCache = new WeakMap<ReadonlySet<string>, Map<string, ReadonlySet<string>>>();
const unionCache = new WeakMap<ReadonlySet<string>, WeakMap<ReadonlySet<string>, ReadonlySet<string>>>();
const singletons = new Map<string, ReadonlySet<string>>();

function withName(h: ReadonlySet<string> | undefined, name: string): ReadonlySet<string> {
  if (!h || h.size === 0) {
    let s = singletons.get(name);
    if (!s) singletons.set(name, (s = new Set([name])));
    return s;
  }
  if (h.has(name)) return h;
  let m = addCache.get(h);
  if (!m) addCache.set(h, (m = new Map()));
  let s = m.get(name);
  if (!s) {
    const n = new Set(h);
    n.add(name);
    m.set(name, (s = n));
  }
  return s;
}

function union(a: ReadonlySet<string> | undefined, b: ReadonlySet<string>): ReadonlySet<string> {
  if (!a || a.size === 0 || a === b) return b;
  let m = unionCache.get(a);
  if (!m) unionCache.set(a, (m = new WeakMap()));
  let s = m.get(b);
  if (!s) {
    let n: Set<string> | undefined;
    for (const x of b) {
      if (!a.has(x)) (n ??= new Set(a)).add(x);
    }
    m.set(b, (s = n ?? a));
  }
  return s;
}

function intersect(a: ReadonlySet<string> | undefined, b: ReadonlySet<string> | undefined): ReadonlySet<string> | undefined {
  if (!a || !b) return undefined;
  if (a === b) return a;
  let s: Set<string> | undefined;
  for (const x of a) if (b.has(x)) (s ??= new Set()).add(x);
  return s;
}
