import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExecError } from '../../../simulator/src/exec';
import { errors, loadC, run } from './helpers';

describe('exec: statements', () => {
  it('runs goto forward, backward and out of nested loops', async () => {
    const r = await run(`
      LONG Gotos(LONG n) {
        LONG i = 0, j, hits = 0;
      Again:
        i++;
        if (i < n) goto Again;
        for (j = 0; j < 100; j++) {
          while (TRUE) {
            if (j == 7) goto Out;
            hits++;
            break;
          }
        }
      Out:
        return i * 1000 + hits;
      }`, 'Gotos', [5]);
    assert.equal(r, 5007);
  });

  it('runs switch with fall-through, default in the middle and cases inside nested blocks', async () => {
    const src = `
      LONG Sw(LONG x) {
        LONG r = 0;
        switch (x) {
        case 1: r += 1;
        case 2: r += 10; break;
        default: r = -1;
        case 3: { r += 100; if (x == 3) { case 4: r += 1000; } } break;
        case 0x80000000: r = 7; break;
        }
        return r;
      }
      LONG Duff(LONG count) {
        LONG n = (count + 3) / 4, out = 0;
        switch (count % 4) {
        case 0: do { out++;
        case 3:      out++;
        case 2:      out++;
        case 1:      out++;
                } while (--n > 0);
        }
        return out;
      }`;
    const { interp } = await loadC(`#include <ndis.h>\n${src}`);
    assert.deepEqual(errors(interp), []);
    assert.deepEqual([0, 1, 2, 3, 4, 9].map((x) => interp.call('Sw', [x])), [99, 11, 10, 1100, 1000, 99]);
    assert.equal(interp.call('Sw', [0x80000000]), 7);
    assert.deepEqual([1, 2, 5, 8, 13].map((c) => interp.call('Duff', [c])), [1, 2, 5, 8, 13]);
  });

  it('runs do { } while (0) macros, continue, and for-loop scopes', async () => {
    const r = await run(`
      #define BUMP(x) do { (x)++; if ((x) > 100) break; (x) += 10; } while (0)
      LONG Loops(void) {
        LONG total = 0, i;
        for (i = 0; i < 10; i++) {
          if (i % 2) continue;
          BUMP(total);
        }
        for (LONG k = 0, m = 3; k < m; k++) total += k;
        { LONG i = 1000; total += i; }
        return total + i;
      }`, 'Loops');
    assert.equal(r, 55 + 3 + 1000 + 10);
  });

  it('evaluates && and || with short-circuit and the comma and ?: operators', async () => {
    const r = await run(`
      static LONG calls;
      static LONG Side(LONG v) { calls++; return v; }
      LONG Logic(void) {
        LONG a = 0 && Side(1);
        LONG b = 1 || Side(1);
        LONG c = (Side(0), Side(5));
        LONG d = Side(1) ? Side(2) : Side(3);
        return calls * 100 + a + b * 10 + c + d;
      }`, 'Logic');
    assert.equal(r, 4 * 100 + 0 + 10 + 5 + 2);
  });

  it('catches an access violation with __try/__except and reports its code', async () => {
    const r = await run(`
      ULONG Probe(PULONG p) {
        ULONG code = 0;
        __try { *p = 1; code = 1; }
        __except (EXCEPTION_EXECUTE_HANDLER) { code = GetExceptionCode(); }
        return code;
      }`, 'Probe', [0]);
    assert.equal(r, 0xc0000005);
  });

  it('runs __finally on normal exit, on return, and while an exception passes', async () => {
    const src = `
      static LONG log;
      LONG Fin(LONG how) {
        __try {
          if (how == 1) return 5;
          if (how == 2) { *(volatile LONG *)0 = 1; }
          if (how == 3) __leave;
          log += 100;
        } __finally { log += 1; }
        return 7;
      }
      LONG Outer(LONG how) {
        __try { Fin(how); } __except (1) { log += 1000; }
        return log;
      }
      LONG Search(void) {
        __try { __try { *(volatile LONG *)8 = 1; } __except (EXCEPTION_CONTINUE_SEARCH) { return -1; } }
        __except (EXCEPTION_EXECUTE_HANDLER) { return 2; }
        return 0;
      }`;
    const { interp } = await loadC(`#include <ndis.h>\n${src}`);
    assert.deepEqual(errors(interp), []);
    assert.equal(interp.call('Fin', [0]), 7);
    assert.equal(interp.call('Fin', [1]), 5);
    assert.equal(interp.call('Fin', [3]), 7);
    assert.equal(interp.memory.i32(interp.global('log')!), 103);
    // Fin(0) +101, Fin(1) +1, Fin(3) +1, then Fin(2): +1 in __finally and +1000 in Outer's handler.
    assert.equal(interp.call('Outer', [2]), 101 + 1 + 1 + 1 + 1000);
    assert.equal(interp.call('Search'), 2);
  });

  it('does not let __except swallow a budget error', async () => {
    const { interp } = await loadC(`#include <ndis.h>
      LONG Spin(void) { LONG r = 0; __try { for (;;) { r++; } } __except (EXCEPTION_EXECUTE_HANDLER) { r = -1; } return r; }`, { budgets: { maxSteps: 10_000 } });
    assert.throws(() => interp.call('Spin'), (e: unknown) => e instanceof ExecError && e.kind === 'budget');
  });
});
