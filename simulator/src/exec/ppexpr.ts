/**
 * Evaluation of `#if` / `#elif` expressions (C11 6.10.1): after `defined` and macro expansion,
 * remaining identifiers are 0; arithmetic is in intmax_t / uintmax_t (64-bit), with the usual
 * signed/unsigned rules. A precedence-climbing parser with a nesting limit.
 */
import { charLiteralValue, parseIntLiteral } from './literals';
import type { PPToken } from './pplex';

interface V {
  v: bigint;
  u: boolean;
}

const BIN_PREC: Record<string, number> = {
  '*': 10, '/': 10, '%': 10,
  '+': 9, '-': 9,
  '<<': 8, '>>': 8,
  '<': 7, '>': 7, '<=': 7, '>=': 7,
  '==': 6, '!=': 6,
  '&': 5, '^': 4, '|': 3, '&&': 2, '||': 1,
};

/** Thrown for a malformed expression; the message is shown as a diagnostic. */
export class PPExprError extends Error {}

const MAX_DEPTH = 256;

/** Evaluate; returns the truth value. */
export function evalPPExpr(toks: readonly PPToken[]): boolean {
  let i = 0;
  let depth = 0;
  const peek = (): PPToken | undefined => toks[i];
  const norm = (x: V): V => ({ v: x.u ? BigInt.asUintN(64, x.v) : BigInt.asIntN(64, x.v), u: x.u });

  function primary(): V {
    const t = toks[i++];
    if (!t) throw new PPExprError('expression ends too early');
    if (++depth > MAX_DEPTH) throw new PPExprError('expression nested too deeply');
    try {
      if (t.k === 'num') {
        const lit = parseIntLiteral(t.v);
        if (!lit) throw new PPExprError(`invalid number "${t.v}" in #if`);
        return { v: lit.value, u: !lit.signed };
      }
      if (t.k === 'chr') return { v: BigInt(charLiteralValue(t.v).value), u: false };
      if (t.k === 'id') return { v: t.v === 'true' ? 1n : 0n, u: false };
      if (t.v === '(') {
        const r = ternary();
        if (toks[i]?.v !== ')') throw new PPExprError('missing ) in #if');
        i++;
        return r;
      }
      if (t.v === '!') return { v: truth(primary()) ? 0n : 1n, u: false };
      if (t.v === '-') {
        const x = primary();
        return norm({ v: -x.v, u: x.u });
      }
      if (t.v === '+') return primary();
      if (t.v === '~') {
        const x = primary();
        return norm({ v: ~x.v, u: x.u });
      }
      throw new PPExprError(`unexpected "${t.v}" in #if`);
    } finally {
      depth--;
    }
  }

  function binary(minPrec: number): V {
    let left = primary();
    for (;;) {
      const op = peek();
      const prec = op && (op.k === 'punct') ? BIN_PREC[op.v] : undefined;
      if (prec === undefined || prec < minPrec) return left;
      i++;
      if (op!.v === '&&') {
        const r = binary(prec + 1);
        left = { v: truth(left) && truth(r) ? 1n : 0n, u: false };
        continue;
      }
      if (op!.v === '||') {
        const r = binary(prec + 1);
        left = { v: truth(left) || truth(r) ? 1n : 0n, u: false };
        continue;
      }
      const right = binary(prec + 1);
      left = apply(op!.v, left, right);
    }
  }

  function ternary(): V {
    const c = binary(1);
    if (peek()?.v !== '?') return c;
    i++;
    const a = ternary();
    if (peek()?.v !== ':') throw new PPExprError('missing : in #if');
    i++;
    const b = ternary();
    const u = a.u || b.u;
    return truth(c) ? norm({ v: a.v, u }) : norm({ v: b.v, u });
  }

  function apply(op: string, a: V, b: V): V {
    const u = a.u || b.u;
    const x = u ? BigInt.asUintN(64, a.v) : a.v;
    const y = u ? BigInt.asUintN(64, b.v) : b.v;
    const cmp = (r: boolean): V => ({ v: r ? 1n : 0n, u: false });
    switch (op) {
      case '*': return norm({ v: x * y, u });
      case '/':
        if (y === 0n) throw new PPExprError('division by zero in #if');
        return norm({ v: x / y, u });
      case '%':
        if (y === 0n) throw new PPExprError('division by zero in #if');
        return norm({ v: x % y, u });
      case '+': return norm({ v: x + y, u });
      case '-': return norm({ v: x - y, u });
      case '<<': return norm({ v: a.v << (b.v & 63n), u: a.u });
      case '>>': return norm({ v: (a.u ? BigInt.asUintN(64, a.v) : a.v) >> (b.v & 63n), u: a.u });
      case '<': return cmp(x < y);
      case '>': return cmp(x > y);
      case '<=': return cmp(x <= y);
      case '>=': return cmp(x >= y);
      case '==': return cmp(x === y);
      case '!=': return cmp(x !== y);
      case '&': return norm({ v: x & y, u });
      case '^': return norm({ v: x ^ y, u });
      case '|': return norm({ v: x | y, u });
    }
    throw new PPExprError(`unknown operator ${op}`);
  }

  if (!toks.length) throw new PPExprError('#if with no expression');
  let r = ternary();
  while (peek()?.v === ',') {
    i++;
    r = ternary();
  }
  if (i < toks.length) throw new PPExprError(`unexpected "${toks[i]!.v}" in #if`);
  return truth(r);
}

function truth(x: V): boolean {
  return x.v !== 0n;
}
