import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errors, lineOf, loadC, run } from './helpers';

describe('exec: functions, globals and the host seam', () => {
  it('recurses and keeps block-scope statics between calls', async () => {
    const { interp } = await loadC(`#include <ndis.h>
      ULONG Fact(ULONG n) { return n <= 1 ? 1 : n * Fact(n - 1); }
      ULONG Counter(void) { static ULONG calls = 10; return ++calls; }`);
    assert.deepEqual(errors(interp), []);
    assert.equal(interp.call('Fact', [10]), 3628800);
    assert.deepEqual([interp.call('Counter'), interp.call('Counter'), interp.call('Counter')], [11, 12, 13]);
  });

  it('links globals, statics and functions across translation units', async () => {
    const { interp } = await loadC(
      `#include "shared.h"
       ULONG g_Total = 5;
       static ULONG Hidden = 1;
       static ULONG Helper(void) { return 1000; }
       ULONG Main(void) { AddTo(7); return g_Total + Hidden + Helper() + Other(); }`,
      {
        files: {
          'shared.h': '#pragma once\n#include <ndis.h>\nextern ULONG g_Total;\nVOID AddTo(ULONG v);\nULONG Other(void);\n',
          'other.c': '#include "shared.h"\nstatic ULONG Hidden = 50;\nstatic ULONG Helper(void) { return 20000; }\nVOID AddTo(ULONG v) { g_Total += v + Hidden; }\nULONG Other(void) { return Helper(); }\n',
        },
      },
    );
    assert.deepEqual(errors(interp), []);
    assert.equal(interp.call('Main'), 5 + 7 + 50 + 1 + 1000 + 20000);
    assert.equal(interp.memory.u32(interp.global('g_Total')!), 62);
  });

  it('passes and returns structs by value', async () => {
    const r = await run(`
      typedef struct { ULONG a; ULONG64 b; UCHAR c[3]; } BIG;
      static BIG Make(ULONG a) { BIG x; x.a = a; x.b = (ULONG64)a << 40; x.c[2] = 9; return x; }
      static ULONG64 Sum(BIG x) { x.a = 0; return x.b + x.c[2]; }
      ULONG64 Structs(void) {
        BIG v = Make(3); BIG w;
        w = Make(1);
        return Sum(v) + v.a * 10 + w.b;
      }`, 'Structs');
    assert.equal(r, Number((3n << 40n) + 9n + 30n + (1n << 40n)));
  });

  it('formats DbgPrint output (%d %u %x %08x %s %ws %wZ %p %c %I64u)', async () => {
    const { interp, host } = await loadC(`#include <ndis.h>
      VOID Print(void) {
        NDIS_STRING s = NDIS_STRING_CONST("Adapter");
        DbgPrint("%d %u %x %08x|%-4s|%ws %wZ %p %c %I64u%%\\n", -5, 4000000000u, 255, 0xbeef, "ab", L"wide", &s, (PVOID)0x1234, 'Z', 0xffffffffffffffffull);
      }`);
    assert.deepEqual(errors(interp), []);
    interp.call('Print');
    assert.deepEqual(host.output, ['-5 4000000000 ff 0000beef|ab  |wide Adapter 0000000000001234 Z 18446744073709551615%\n']);
  });

  it('logs unmodelled calls with file:line and returns 0; implicit declarations warn', async () => {
    const src = `#include <ndis.h>
NDIS_STATUS Uses(void)
{
    NDIS_STATUS s = NdisMRegisterMiniportDriver(NULL, NULL, NULL, NULL, NULL);
    s += SomethingUndeclared(3);
    s += SomethingUndeclared(4);
    return s;
}`;
    const { interp } = await loadC(src);
    assert.deepEqual(errors(interp), []);
    assert.equal(interp.call('Uses'), 0);
    assert.ok(interp.diagnostics.some((d) => d.severity === 'warning' && d.message === 'implicit declaration of function SomethingUndeclared' && d.loc?.line === lineOf(src, 'SomethingUndeclared(3)')));
    assert.deepEqual(interp.logEntries.map((e) => e.message), [
      `unmodelled call NdisMRegisterMiniportDriver at test.c:${lineOf(src, 'NdisMRegister')}; returned 0`,
      `unmodelled call SomethingUndeclared at test.c:${lineOf(src, 'SomethingUndeclared(3)')}; returned 0`,
      `unmodelled call SomethingUndeclared at test.c:${lineOf(src, 'SomethingUndeclared(4)')}; returned 0`,
    ]);
    assert.equal(interp.unmodelled.get('SomethingUndeclared'), 2);
  });

  it('gives host results the declared return type and lets the host call back into the driver', async () => {
    const { interp, host } = await loadC(
      `#include <ndis.h>
      static LONG Handler(LONG x) { return x * 2; }
      typedef LONG (*HANDLER)(LONG);
      LONG RegisterIt(HANDLER h, PVOID ctx);
      UCHAR GetByte(void);
      LONG Go(void) { return RegisterIt(Handler, (PVOID)0x77) + GetByte(); }`,
      {
        host: {
          overrides: {
            RegisterIt: (c) => Number(c.exec.call(Number(c.args[0]!.value), [21])) + (c.exec.functionName(Number(c.args[0]!.value)) === 'Handler' ? 1000 : 0),
            GetByte: () => 0x1ff,
          },
        },
      },
    );
    assert.deepEqual(errors(interp), []);
    assert.equal(interp.call('Go'), 42 + 1000 + 0xff);
    assert.equal(host.callsTo('RegisterIt')[0]!.args[1]!.value, 0x77);
  });

  it('raises compile errors only when the broken function runs, with its location', async () => {
    const src = `#include <ndis.h>
ULONG Fine(void) { return 1; }
ULONG Broken(void)
{
    return UnknownVariable + 1;
}`;
    const { interp } = await loadC(src);
    assert.equal(interp.call('Fine'), 1);
    assert.ok(errors(interp).some((e) => e.includes('undeclared identifier UnknownVariable') && e.endsWith(`@test.c:${lineOf(src, 'UnknownVariable')}`)));
    assert.throws(() => interp.call('Broken'), (e: unknown) => e instanceof Error && e.message === 'undeclared identifier UnknownVariable in Broken at test.c:5');
  });
});
