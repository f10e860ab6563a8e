/**
 * Evaluation of C constant expressions as drivers write them: `#if` conditions and the values
 * assigned to characteristics members (after macro expansion).
 *
 * One tokenizer and one Pratt parser serve both. Evaluation is three-valued: an identifier whose
 * value the configuration does not fix yields `unknown`, which propagates (except where C's
 * short-circuit makes the result certain: `unknown && 0` is 0). Values remember which named
 * constants they came through (`NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2`), so rules
 * can name the constant a driver used, not only its number.
 */

export type Value =
  /** An integer; `names` lists the macros/constants it was expanded through, outermost first. */
  | { readonly k: 'int'; readonly v: number; readonly names: readonly string[] }
  /** `sizeof(TYPE)` or `sizeof x` where the type is not computed here. */
  | { readonly k: 'sizeof'; readonly type: string; readonly names: readonly string[] }
  /** An identifier that is neither a macro nor a known constant (a function, a variable...). */
  | { readonly k: 'ident'; readonly name: string; readonly names: readonly string[] }
  /** A string literal; `wide` for L"...". */
  | { readonly k: 'string'; readonly text: string; readonly wide: boolean; readonly names: readonly string[] }
  /** `&x` (address of an object). */
  | { readonly k: 'addr'; readonly name: string; readonly names: readonly string[] }
  | { readonly k: 'unknown'; readonly reason: string; readonly names: readonly string[] };

/** A macro as the evaluator needs it. */
export interface MacroBody {
  readonly name: string;
  /** Parameter names for function-like macros; undefined for object-like. */
  readonly params?: readonly string[];
  readonly body: string;
}

export interface EvalEnv {
  /** The driver's own macro in the active world; undefined when not defined there. */
  macro(name: string): MacroBody | undefined;
  /** Whether a name is defined (for `defined X`): true/false, or undefined when unknown. */
  isDefined(name: string): boolean | undefined;
  /** Known integer constants (catalog, configuration builtins). */
  constant(name: string): number | undefined;
  /** In `#if`, an identifier that is not a macro is 0 (C semantics) when the configuration is known. */
  readonly undefinedIsZero: boolean;
}

type Tok =
  | { t: 'num'; v: number }
  | { t: 'id'; s: string }
  | { t: 'str'; s: string; wide: boolean }
  | { t: 'op'; s: string };

const MAX_TOKENS = 20_000;
const MAX_EXPANSION_DEPTH = 32;

/** Split C expression text into tokens. Never throws; stops at MAX_TOKENS. */
export function tokenize(text: string): Tok[] {
  const toks: Tok[] = [];
  const n = text.length;
  let i = 0;
  while (i < n && toks.length < MAX_TOKENS) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\\') {
      i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const e = text.indexOf('*/', i + 2);
      i = e < 0 ? n : e + 2;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      const e = text.indexOf('\n', i);
      i = e < 0 ? n : e;
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      let j = i;
      while (j < n && /[0-9A-Za-z_.]/.test(text[j]!)) j++;
      toks.push({ t: 'num', v: parseCNumber(text.slice(i, j)) });
      i = j;
      continue;
    }
    if ((c === 'L' || c === 'u' || c === 'U') && (text[i + 1] === '"' || text[i + 1] === "'")) {
      const [s, e] = readQuoted(text, i + 1);
      toks.push(text[i + 1] === '"' ? { t: 'str', s, wide: true } : { t: 'num', v: charValue(s) });
      i = e;
      continue;
    }
    if (/[A-Za-z_$]/.test(c)) {
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_$]/.test(text[j]!)) j++;
      toks.push({ t: 'id', s: text.slice(i, j) });
      i = j;
      continue;
    }
    if (c === '"') {
      const [s, e] = readQuoted(text, i);
      toks.push({ t: 'str', s, wide: false });
      i = e;
      continue;
    }
    if (c === "'") {
      const [s, e] = readQuoted(text, i);
      toks.push({ t: 'num', v: charValue(s) });
      i = e;
      continue;
    }
    const three = text.slice(i, i + 3);
    const two = text.slice(i, i + 2);
    if (three === '...' ) {
      toks.push({ t: 'op', s: three });
      i += 3;
    } else if (['<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '->', '##'].includes(two)) {
      toks.push({ t: 'op', s: two });
      i += 2;
    } else {
      toks.push({ t: 'op', s: c });
      i++;
    }
  }
  return toks;
}

function readQuoted(text: string, i: number): [string, number] {
  const q = text[i];
  let j = i + 1;
  let s = '';
  while (j < text.length && text[j] !== q) {
    if (text[j] === '\\' && j + 1 < text.length) {
      s += text.slice(j, j + 2);
      j += 2;
      continue;
    }
    s += text[j];
    j++;
  }
  return [s, Math.min(j + 1, text.length)];
}

function charValue(s: string): number {
  if (s.startsWith('\\')) {
    const e: Record<string, number> = { n: 10, t: 9, r: 13, '0': 0, '\\': 92, "'": 39, '"': 34 };
    return e[s[1] ?? ''] ?? s.charCodeAt(1);
  }
  return s.charCodeAt(0) || 0;
}

/** Parse a C integer literal (hex, octal, binary, decimal; any u/l/i64 suffix). NaN if not integral. */
export function parseCNumber(lit: string): number {
  const m = /^(0[xX][0-9a-fA-F]+|0[bB][01]+|[0-9]+)(?:[uUlL]|[iI]64|[uU][iI]64)*$/.exec(lit);
  if (!m) return NaN;
  const d = m[1]!;
  if (/^0[xX]/.test(d)) return parseInt(d.slice(2), 16);
  if (/^0[bB]/.test(d)) return parseInt(d.slice(2), 2);
  if (d.length > 1 && d.startsWith('0')) return parseInt(d, 8);
  return parseInt(d, 10);
}

/** Type names that may appear in casts inside constant expressions. */
const CAST_TYPES = /^(UCHAR|CHAR|USHORT|SHORT|ULONG|LONG|ULONG64|LONG64|ULONGLONG|LONGLONG|UINT8|UINT16|UINT32|UINT64|INT|UINT|BOOLEAN|BYTE|WORD|DWORD|NDIS_STATUS|NTSTATUS|NET_IFINDEX|NET_IFTYPE|NDIS_HANDLE|PVOID|SIZE_T|ULONG_PTR|unsigned|signed|int|char|short|long|void|const)$/;

const unknown = (reason: string, names: readonly string[] = []): Value => ({ k: 'unknown', reason, names });
const int = (v: number, names: readonly string[] = []): Value => ({ k: 'int', v, names });

/**
 * Evaluate expression text. `names` on the result start with the outermost macro when the text is
 * a single identifier.
 */
export function evaluate(text: string, env: EvalEnv): Value {
  return new Evaluator(env, false).run(tokenize(text), 0);
}

/**
 * Evaluate an `#if` condition: true / false / undefined (unknown in this configuration). Only
 * here does an undefined identifier count as 0 (and only when `env.undefinedIsZero`).
 */
export function evaluateCondition(text: string, env: EvalEnv): boolean | undefined {
  const v = new Evaluator(env, true).run(tokenize(text), 0);
  if (v.k === 'int') return v.v !== 0;
  return undefined;
}

class Evaluator {
  private toks: Tok[] = [];
  private pos = 0;
  constructor(
    private readonly env: EvalEnv,
    /** In `#if`: C turns identifiers that are not macros into 0. */
    private readonly condition: boolean,
  ) {}

  run(toks: Tok[], depth: number): Value {
    if (depth > MAX_EXPANSION_DEPTH) return unknown('macro expansion too deep');
    const saved = [this.toks, this.pos] as const;
    this.toks = this.expand(toks, new Set(), depth);
    this.pos = 0;
    let v: Value;
    try {
      v = this.toks.length === 0 ? unknown('empty expression') : this.expr(0);
      if (this.pos < this.toks.length) v = unknown('trailing tokens', v.names);
    } catch {
      v = unknown('not a constant expression');
    }
    [this.toks, this.pos] = saved;
    return v;
  }

  /**
   * Macro-expand a token list (object-like and simple function-like macros), leaving `defined X`
   * alone. Expanded identifiers are wrapped in marker ops so values can record the names.
   */
  private expand(toks: Tok[], active: Set<string>, depth: number): Tok[] {
    const out: Tok[] = [];
    for (let i = 0; i < toks.length; i++) {
      const t = toks[i]!;
      if (t.t !== 'id') {
        out.push(t);
        continue;
      }
      if (t.s === 'defined') {
        // Copy `defined X` / `defined ( X )` verbatim.
        out.push(t);
        const nx = toks[i + 1];
        if (nx && nx.t === 'op' && nx.s === '(') {
          out.push(nx, toks[i + 2]!, toks[i + 3]!);
          i += 3;
        } else if (nx) {
          out.push(nx);
          i += 1;
        }
        continue;
      }
      const m = active.has(t.s) || depth > MAX_EXPANSION_DEPTH ? undefined : this.env.macro(t.s);
      if (!m) {
        out.push(t);
        continue;
      }
      let args: Tok[][] | undefined;
      let end = i;
      if (m.params) {
        const open = toks[i + 1];
        if (!open || open.t !== 'op' || open.s !== '(') {
          out.push(t); // function-like macro name without arguments: not expanded
          continue;
        }
        args = [];
        let cur: Tok[] = [];
        let d = 0;
        let j = i + 2;
        for (; j < toks.length; j++) {
          const a = toks[j]!;
          if (a.t === 'op' && a.s === '(') d++;
          if (a.t === 'op' && a.s === ')') {
            if (d === 0) break;
            d--;
          }
          if (a.t === 'op' && a.s === ',' && d === 0) {
            args.push(cur);
            cur = [];
            continue;
          }
          cur.push(a);
        }
        if (cur.length || args.length) args.push(cur);
        end = j;
      }
      let body = tokenize(m.body);
      if (m.params && args) {
        const sub: Tok[] = [];
        for (const b of body) {
          const idx = b.t === 'id' ? m.params.indexOf(b.s) : -1;
          if (idx >= 0) sub.push(...(args[idx] ?? []));
          else if (!(b.t === 'op' && (b.s === '#' || b.s === '##'))) sub.push(b);
        }
        body = sub;
      }
      const next = new Set(active);
      next.add(t.s);
      out.push({ t: 'op', s: `<m:${t.s}` }, { t: 'op', s: '(' }, ...this.expand(body, next, depth + 1), { t: 'op', s: ')' });
      i = end;
    }
    return out;
  }

  private peek(): Tok | undefined {
    return this.toks[this.pos];
  }
  private isOp(s: string): boolean {
    const t = this.peek();
    return t !== undefined && t.t === 'op' && t.s === s;
  }
  private take(s: string): void {
    if (!this.isOp(s)) throw new Error(`expected ${s}`);
    this.pos++;
  }

  private static readonly BINARY: Record<string, number> = {
    '||': 1, '&&': 2, '|': 3, '^': 4, '&': 5, '==': 6, '!=': 6, '<': 7, '>': 7, '<=': 7, '>=': 7,
    '<<': 8, '>>': 8, '+': 9, '-': 9, '*': 10, '/': 10, '%': 10,
  };

  private expr(minPrec: number): Value {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      if (!t || t.t !== 'op') break;
      if (t.s === '?' && minPrec === 0) {
        this.pos++;
        const a = this.expr(0);
        this.take(':');
        const b = this.expr(0);
        if (left.k !== 'int') left = a.k === 'int' && b.k === 'int' && a.v === b.v ? a : unknown('conditional');
        else left = left.v !== 0 ? a : b;
        continue;
      }
      if (t.s === ',' && minPrec === 0) {
        this.pos++;
        left = this.expr(0);
        continue;
      }
      const p = Evaluator.BINARY[t.s];
      if (p === undefined || p < minPrec) break;
      this.pos++;
      const right = this.expr(p + 1);
      left = binary(t.s, left, right);
    }
    return left;
  }

  private unary(): Value {
    const t = this.peek();
    if (!t) throw new Error('unexpected end');
    if (t.t === 'op') {
      if (t.s.startsWith('<m:')) {
        // Marker of an expanded macro: evaluate its expansion and record the name.
        this.pos++;
        this.take('(');
        const inner = this.isOp(')') ? unknown('empty macro') : this.expr(0);
        this.take(')');
        return this.postfix(withName(inner, t.s.slice(3)));
      }
      if (t.s === '(') {
        // Cast `(TYPE)x` or parenthesised expression.
        const a = this.toks[this.pos + 1];
        const b = this.toks[this.pos + 2];
        if (a && a.t === 'id' && CAST_TYPES.test(a.s) && b && b.t === 'op' && (b.s === ')' || b.s === '*')) {
          let j = this.pos + 2;
          while (this.toks[j] && this.toks[j]!.t === 'op' && (this.toks[j] as { s: string }).s === '*') j++;
          if (this.toks[j] && this.toks[j]!.t === 'op' && (this.toks[j] as { s: string }).s === ')') {
            this.pos = j + 1;
            return castTo(a.s, this.unary());
          }
        }
        this.pos++;
        const v = this.expr(0);
        this.take(')');
        return this.postfix(v);
      }
      if (t.s === '!' || t.s === '~' || t.s === '-' || t.s === '+') {
        this.pos++;
        const v = this.unary();
        if (v.k !== 'int') {
          return v.k === 'unknown' ? v : unknown(`operator ${t.s} on non-integer`, v.names);
        }
        const r = t.s === '!' ? (v.v === 0 ? 1 : 0) : t.s === '~' ? ~v.v >>> 0 : t.s === '-' ? -v.v : v.v;
        return int(r);
      }
      if (t.s === '&') {
        this.pos++;
        const v = this.unary();
        return v.k === 'ident' ? { k: 'addr', name: v.name, names: [] } : unknown('address of expression');
      }
      if (t.s === '*') {
        this.pos++;
        this.unary();
        return unknown('dereference');
      }
      throw new Error(`unexpected ${t.s}`);
    }
    this.pos++;
    if (t.t === 'num') return this.postfix(Number.isNaN(t.v) ? unknown('not an integer literal') : int(t.v));
    if (t.t === 'str') {
      // Adjacent string literals concatenate.
      let s = t.s;
      let wide = t.wide;
      for (let nx = this.peek(); nx && nx.t === 'str'; nx = this.peek()) {
        s += nx.s;
        wide = wide || nx.wide;
        this.pos++;
      }
      return { k: 'string', text: s, wide, names: [] };
    }
    // identifier
    if (t.s === 'defined') {
      let name: string;
      if (this.isOp('(')) {
        this.pos++;
        const id = this.peek();
        if (!id || id.t !== 'id') throw new Error('defined needs a name');
        name = id.s;
        this.pos++;
        this.take(')');
      } else {
        const id = this.peek();
        if (!id || id.t !== 'id') throw new Error('defined needs a name');
        name = id.s;
        this.pos++;
      }
      const d = this.env.isDefined(name);
      return d === undefined ? unknown(`${name} may or may not be defined`) : int(d ? 1 : 0);
    }
    if (t.s === 'sizeof') {
      const start = this.pos;
      if (this.isOp('(')) {
        let depth = 0;
        let j = this.pos;
        for (; j < this.toks.length; j++) {
          const x = this.toks[j]!;
          if (x.t === 'op' && x.s === '(') depth++;
          if (x.t === 'op' && x.s === ')' && --depth === 0) break;
        }
        const inner = this.toks.slice(start + 1, j).map(tokText).join(' ').replace(/\s*\*\s*/g, '*').trim();
        this.pos = j + 1;
        return { k: 'sizeof', type: inner, names: [] };
      }
      const operand = this.unary();
      return { k: 'sizeof', type: operand.k === 'ident' ? operand.name : '?', names: [] };
    }
    if (t.s === 'NULL') return this.postfix(int(0, ['NULL']));
    if (t.s === 'TRUE') return int(1, ['TRUE']);
    if (t.s === 'FALSE') return int(0, ['FALSE']);
    const c = this.env.constant(t.s);
    if (c !== undefined) return this.postfix(int(c, [t.s]));
    if (this.condition && this.env.undefinedIsZero && this.env.isDefined(t.s) === false) return int(0);
    return this.postfix({ k: 'ident', name: t.s, names: [] });
  }

  /** Member access and calls after a primary make the value non-constant. */
  private postfix(v: Value): Value {
    let out = v;
    for (;;) {
      if (this.isOp('.') || this.isOp('->')) {
        this.pos += 2;
        out = unknown('member access');
        continue;
      }
      if (this.isOp('(') && (out.k === 'ident' || out.k === 'unknown')) {
        // A call of a non-macro function: skip its arguments.
        let depth = 0;
        for (; this.pos < this.toks.length; this.pos++) {
          const x = this.toks[this.pos]!;
          if (x.t === 'op' && x.s === '(') depth++;
          if (x.t === 'op' && x.s === ')' && --depth === 0) break;
        }
        this.pos++;
        out = unknown('function call');
        continue;
      }
      if (this.isOp('[')) {
        let depth = 0;
        for (; this.pos < this.toks.length; this.pos++) {
          const x = this.toks[this.pos]!;
          if (x.t === 'op' && x.s === '[') depth++;
          if (x.t === 'op' && x.s === ']' && --depth === 0) break;
        }
        this.pos++;
        out = unknown('subscript');
        continue;
      }
      return out;
    }
  }
}

function tokText(t: Tok): string {
  return t.t === 'num' ? String(t.v) : t.t === 'str' ? `"${t.s}"` : t.s.startsWith('<m:') ? '' : t.s;
}

function withName(v: Value, name: string): Value {
  return { ...v, names: [name, ...v.names] } as Value;
}

function castTo(type: string, v: Value): Value {
  if (v.k !== 'int') return v;
  const masks: Record<string, number> = { UCHAR: 0xff, BYTE: 0xff, UINT8: 0xff, USHORT: 0xffff, WORD: 0xffff, UINT16: 0xffff };
  const m = masks[type];
  return m === undefined ? v : int(v.v & m, v.names);
}

function binary(op: string, a: Value, b: Value): Value {
  // Short-circuit certainty.
  if (op === '&&') {
    if ((a.k === 'int' && a.v === 0) || (b.k === 'int' && b.v === 0)) return int(0);
    if (a.k === 'int' && b.k === 'int') return int(1);
    return unknown('&& of unknown', []);
  }
  if (op === '||') {
    if ((a.k === 'int' && a.v !== 0) || (b.k === 'int' && b.v !== 0)) return int(1);
    if (a.k === 'int' && b.k === 'int') return int(0);
    return unknown('|| of unknown', []);
  }
  if (a.k !== 'int' || b.k !== 'int') {
    return unknown(`operator ${op} on non-integer`, [...a.names, ...b.names]);
  }
  const x = a.v;
  const y = b.v;
  const names = [...a.names, ...b.names];
  switch (op) {
    case '|': return int(Number(BigInt.asUintN(64, BigInt(x) | BigInt(y))), names);
    case '&': return int(Number(BigInt.asUintN(64, BigInt(x) & BigInt(y))), names);
    case '^': return int(Number(BigInt.asUintN(64, BigInt(x) ^ BigInt(y))), names);
    case '==': return int(x === y ? 1 : 0);
    case '!=': return int(x !== y ? 1 : 0);
    case '<': return int(x < y ? 1 : 0);
    case '>': return int(x > y ? 1 : 0);
    case '<=': return int(x <= y ? 1 : 0);
    case '>=': return int(x >= y ? 1 : 0);
    case '<<': return int(x * 2 ** y, names);
    case '>>': return int(Math.floor(x / 2 ** y), names);
    case '+': return int(x + y, names);
    case '-': return int(x - y, names);
    case '*': return int(x * y, names);
    case '/': return y === 0 ? unknown('division by zero') : int(Math.trunc(x / y), names);
    case '%': return y === 0 ? unknown('division by zero') : int(x % y, names);
  }
  return unknown(`operator ${op}`);
}
