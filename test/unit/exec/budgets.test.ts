import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BudgetExceeded, ExecError } from '../../../simulator/src/exec';
import { errors, lineOf, loadC } from './helpers';

describe('exec: budgets and pathological code', () => {
  it('stops an infinite loop with "budget exceeded ... in Function at file:line"', async () => {
    const src = `#include <ndis.h>
VOID Spin(PLONG flag)
{
    while (*flag == 0)
    {
        NOTHING;
    }
}`;
    const { interp } = await loadC(src.replace('NOTHING;', ';'), { budgets: { maxSteps: 200_000 } });
    assert.deepEqual(errors(interp), []);
    const flag = interp.allocate(4, 'flag');
    const t0 = Date.now();
    assert.throws(
      () => interp.call('Spin', [flag]),
      (e: unknown) => e instanceof BudgetExceeded && /^budget exceeded \(more than 200000 steps\) in Spin at test\.c:\d+$/.test(e.message) && e.loc!.line >= lineOf(src, 'while') && e.loc!.line <= lineOf(src, 'NOTHING'),
    );
    assert.ok(Date.now() - t0 < 5000);
    // A fresh top-level call gets a fresh budget.
    interp.memory.w32(flag, 1);
    assert.equal(interp.call('Spin', [flag]), 0);
  });

  it('limits call depth before the host stack overflows', async () => {
    const { interp } = await loadC(`#include <ndis.h>
      ULONG Deep(ULONG n) { return n == 0 ? 0 : 1 + Deep(n - 1); }`, { budgets: { maxCallDepth: 50 } });
    assert.equal(interp.call('Deep', [40]), 40);
    assert.throws(() => interp.call('Deep', [1_000_000]), (e: unknown) => e instanceof BudgetExceeded && /call depth > 50\) in Deep at test\.c:2/.test(e.message) && e.backtrace.length === 50);
  });

  it('charges virtual time for waits and stops a sleeping poll loop', async () => {
    const { interp } = await loadC(`#include <ndis.h>
      VOID Poll(volatile LONG *done) { while (!*done) NdisMSleep(1000); }`, { budgets: { maxVirtualTimeNs: 1_000_000_000 } });
    const done = interp.allocate(4, 'done');
    assert.throws(() => interp.call('Poll', [done]), (e: unknown) => e instanceof BudgetExceeded && /virtual time > 1000000000 ns\) in Poll at test\.c:2/.test(e.message));
  });

  it('reports a stack overflow for huge locals instead of allocating them', async () => {
    const { interp } = await loadC(`#include <ndis.h>
      ULONG Huge(void) { UCHAR buf[1024 * 1024]; buf[0] = 1; return buf[0]; }`, { budgets: { stackBytes: 64 * 1024 } });
    assert.throws(() => interp.call('Huge'), (e: unknown) => e instanceof ExecError && /stack overflow: Huge needs 1048576 bytes/.test(e.message));
  });

  it('survives an exponential macro, deep nesting and absurd array sizes with diagnostics', async () => {
    const depth = 5000;
    const src = `#include <ndis.h>
#define A(x) x x x x x x x x x x
#define B(x) A(A(A(A(A(A(A(A(x))))))))
int Bomb = B(1);
int Nested(void) { return ${'('.repeat(depth)}1${')'.repeat(depth)}; }
int Fine(void) { return 3; }`;
    const { interp } = await loadC(src);
    const errs = errors(interp);
    assert.ok(errs.some((e) => /macro expansion produced more than/.test(e)), errs.join('\n'));
    assert.throws(() => interp.call('Nested'), /nested too deeply/);
    assert.equal(interp.call('Fine'), 3);
  });

  it('turns absurdly deep nesting into diagnostics, not host stack overflows', async () => {
    const n = 20000;
    const src = `#include <ndis.h>
int Braces(void) { ${'{'.repeat(n)} return 1; ${'}'.repeat(n)} }
int Sum(void) { return ${Array.from({ length: n }, () => '1').join(' + ')}; }
struct Deep { ${'struct { '.repeat(n)}int x;${' } s;'.repeat(n)} };
int Fine(void) { return 3; }`;
    const { interp } = await loadC(src);
    assert.throws(() => interp.call('Braces'), /statements nested too deeply in Braces at test\.c:2/);
    assert.equal(interp.call('Sum'), n);
    assert.ok(errors(interp).some((e) => e === 'declaration nested too deeply @test.c:4'), errors(interp).join('\n'));
    assert.equal(interp.call('Fine'), 3);
  });

  it('rejects a global larger than the memory budget without crashing', async () => {
    const { interp } = await loadC(`#include <ndis.h>
      static UCHAR Giant[0x7fffffff];
      int Fine(void) { return 3; }
      int UsesGiant(void) { return Giant[5]; }`);
    assert.ok(errors(interp).some((e) => /Giant \(2147483647 bytes\) does not fit in the memory budget/.test(e)));
    assert.equal(interp.call('Fine'), 3);
    assert.throws(() => interp.call('UsesGiant'), /variable Giant has no storage/);
  });
});
