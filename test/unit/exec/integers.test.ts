import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errors, loadC, run } from './helpers';

/** Evaluate C expressions, each as the body of a function returning the given type. */
async function evalC(type: string, exprs: readonly string[], prelude = ''): Promise<(number | bigint)[]> {
  const fns = exprs.map((e, i) => `${type} E${i}(void) { ${prelude} return (${type})(${e}); }`).join('\n');
  const { interp } = await loadC(`#include <ndis.h>\n${fns}`);
  assert.deepEqual(errors(interp), []);
  return exprs.map((_e, i) => interp.call(`E${i}`));
}

describe('exec: integer semantics', () => {
  it('wraps 32-bit arithmetic like C (unsigned modulo 2^32, signed two’s complement)', async () => {
    const r = await evalC('LONG', ['0x7fffffff + 1', '(ULONG)0xffffffff + 1', '-2147483647 - 1', '(ULONG)0 - 1 == 0xffffffff', '46341 * 46341']);
    assert.deepEqual(r, [-2147483648, 0, -2147483648, 1, -2147479015]);
  });

  it('converts on casts: truncation, sign extension, zero extension', async () => {
    const r = await evalC('LONG', ['(CHAR)300', '(UCHAR)-1', '(SHORT)0x8000', '(USHORT)-2', '(LONG)(CHAR)0x80', '(LONG)(UCHAR)0x80', '(BOOLEAN)256', '(int)3.99', '(int)-3.99']);
    assert.deepEqual(r, [44, 255, -32768, 65534, -128, 128, 0, 3, -3]);
  });

  it('applies the usual arithmetic conversions (signed/unsigned comparisons, promotions)', async () => {
    const r = await evalC('LONG', [
      '-1 < 1u',
      '-1 < (LONG)1u',
      '(UCHAR)200 + (UCHAR)100',
      'sizeof((UCHAR)1 + (UCHAR)1)',
      '(USHORT)65535 * (USHORT)65535 > 0',
      '(ULONG64)-1 > 0',
      'sizeof(1 ? (ULONG)1 : (ULONG64)1)',
    ]);
    assert.deepEqual(r, [0, 1, 300, 4, 0, 1, 8]);
  });

  it('divides and shifts like x64 C', async () => {
    const r = await evalC('LONG', ['-7 / 2', '-7 % 2', '7 / -2', '1u << 31 == 0x80000000', '-8 >> 1', '0x80000000u >> 31', '(LONG)(1ull << 40 >> 38)']);
    assert.deepEqual(r, [-3, -1, -3, 1, -4, 1, 4]);
  });

  it('is exact on 64-bit values beyond 2^53', async () => {
    const r = await evalC('ULONG64', ['0xffffffffffffffffull + 1', '0xffffffffffffffffull', '(1ull << 63) | 1', '0x123456789abcdef0ull * 16', '(ULONG64)(-1LL) / 3', '(ULONG64)((LONG64)0x8000000000000000ull >> 4)']);
    assert.deepEqual(r, [0, 0xffffffffffffffffn, 0x8000000000000001n, 0x23456789abcdef00n, 0x5555555555555555n, 0xf800000000000000n]);
    const s = await evalC('LONG64', ['(LONG64)0x7fffffffffffffff + 1', '-(LONG64)0x8000000000000000ull', '(LONG64)-1 * 9007199254740993LL']);
    assert.deepEqual(s, [-0x8000000000000000n, -0x8000000000000000n, -9007199254740993n]);
  });

  it('keeps 64-bit counters exact through ++, += and InterlockedIncrement64', async () => {
    const r = await run(`
      ULONG64 Counter(void) {
        volatile LONG64 c = 0x1fffffffffffffLL;
        ULONG64 u = 0xfffffffffffffff0ull;
        c++; c += 2; InterlockedIncrement64(&c);
        u += 0x20;
        return (ULONG64)c + u;
      }`, 'Counter');
    assert.equal(r, 0x20000000000003n + 0x10n);
  });

  it('values multi-character and wide character constants as MSVC does', async () => {
    const r = await evalC('LONG', ["'pnuT'", "'A'", "L'\\x263A'", "'\\n'", "sizeof('a')", "sizeof(L'a')"]);
    assert.deepEqual(r, [0x706e7554, 65, 0x263a, 10, 4, 2]);
  });

  it('does floating point with C conversions', async () => {
    const r = await evalC('LONG', ['(double)7 / 2 * 10', '(float)0.1f * 10 == 1.0f', '(LONG)(0.5 + 0.5 + 1e3)', '(LONG)-2.5']);
    assert.deepEqual(r, [35, 1, 1001, -2]);
  });

  it('raises STATUS_INTEGER_DIVIDE_BY_ZERO that __except can handle', async () => {
    const r = await run(`
      LONG Div(LONG a, LONG b) {
        LONG q = -1;
        __try { q = a / b; }
        __except (GetExceptionCode() == STATUS_INTEGER_DIVIDE_BY_ZERO ? EXCEPTION_EXECUTE_HANDLER : 0) { q = 42; }
        return q;
      }`, 'Div', [7, 0]);
    assert.equal(r, 42);
  });
});
