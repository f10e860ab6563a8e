import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExecError, MemoryFault } from '../../../simulator/src/exec';
import { errors, lineOf, loadC, run } from './helpers';

describe('exec: pointers, memory and layouts', () => {
  it('does pointer arithmetic, differences and comparisons scaled by the element size', async () => {
    const r = await run(`
      LONG Ptr(void) {
        ULONG a[10]; PULONG p = &a[2]; PULONG q = a + 7; PUCHAR b = (PUCHAR)a;
        LONG i;
        for (i = 0; i < 10; i++) a[i] = i * i;
        return (LONG)(q - p) * 1000 + (LONG)(*(p + 1)) * 10 + (LONG)((PUCHAR)q - b) / 4 + (p < q) * 100000;
      }`, 'Ptr');
    assert.equal(r, 100000 + 5000 + 90 + 7);
  });

  it('casts PVOID back to a struct pointer and walks CONTAINING_RECORD / LIST_ENTRY', async () => {
    const r = await run(`
      typedef struct _ITEM { ULONG Tag; LIST_ENTRY Link; ULONG Value; } ITEM, *PITEM;
      ULONG Walk(void) {
        ITEM items[3]; LIST_ENTRY head; PLIST_ENTRY e; ULONG sum = 0; PVOID ctx;
        InitializeListHead(&head);
        for (ULONG i = 0; i < 3; i++) { items[i].Value = i + 1; InsertTailList(&head, &items[i].Link); }
        RemoveEntryList(&items[1].Link);
        for (e = head.Flink; e != &head; e = e->Flink) {
          ctx = CONTAINING_RECORD(e, ITEM, Link);
          sum = sum * 10 + ((PITEM)ctx)->Value;
        }
        return sum * 10 + IsListEmpty(&head);
      }`, 'Walk');
    assert.equal(r, 130);
  });

  it('lays unions out little-endian and shares their storage', async () => {
    const r = await run(`
      typedef union { ULONG u; UCHAR b[4]; USHORT s[2]; } U;
      ULONG Un(void) { U x; x.u = 0x11223344; x.s[1] = 0xAABB; return x.b[0] | (x.b[3] << 8) | (sizeof(U) << 16); }`, 'Un');
    assert.equal(r, 0x44 | (0xaa << 8) | (4 << 16));
  });

  it('reads and writes bit-fields, including NET_LUID built by NDIS_MAKE_NET_LUID', async () => {
    const r = await run(`
      typedef struct { ULONG a : 3; LONG b : 5; ULONG c : 24; } BF;
      ULONG64 Luid(void) {
        NET_LUID l; BF f;
        l.Value = 0xffffffffffffffffull;
        NDIS_MAKE_NET_LUID(&l, IF_TYPE_PROP_VIRTUAL, 0x123456);
        f.a = 9; f.b = -3; f.c = 0xabcdef;
        if (f.a != 1 || f.b != -3 || f.c != 0xabcdef || sizeof(BF) != 4) return 0;
        if (l.Info.NetLuidIndex != 0x123456 || l.Info.IfType != 53 || l.Info.Reserved != 0) return 1;
        return l.Value;
      }`, 'Luid');
    assert.equal(r, (53n << 48n) | (0x123456n << 24n));
  });

  it('copies structs by assignment and zeroes/moves memory with NdisZeroMemory/NdisMoveMemory', async () => {
    const r = await run(`
      typedef struct { UCHAR Mac[6]; ULONG64 Speed; NDIS_STRING Name; } INFO;
      ULONG Copy(void) {
        INFO a, b;
        NdisZeroMemory(&a, sizeof(a));
        a.Speed = 1000; a.Mac[5] = 0x42;
        RtlInitUnicodeString(&a.Name, L"eth0");
        b = a;
        a.Speed = 1;
        NdisMoveMemory(&b.Mac[0], &b.Mac[5], 1);
        return (ULONG)b.Speed + b.Mac[0] + b.Name.Length * 100000;
      }`, 'Copy');
    assert.equal(r, 1000 + 0x42 + 8 * 100000);
  });

  it('calls through function pointers held in structs and arrays', async () => {
    const r = await run(`
      typedef LONG (*OP)(LONG, LONG);
      static LONG Add(LONG a, LONG b) { return a + b; }
      static LONG Mul(LONG a, LONG b) { return a * b; }
      typedef struct { OP Ops[2]; OP Chosen; } TABLE;
      LONG Fp(void) {
        TABLE t; OP direct = Mul;
        t.Ops[0] = Add; t.Ops[1] = &Mul; t.Chosen = t.Ops[0];
        return t.Ops[1](3, 4) * 100 + (*t.Chosen)(1, 2) * 10 + direct(1, 1) + (t.Chosen == Add) * 1000;
      }`, 'Fp');
    assert.equal(r, 1000 + 1200 + 30 + 1);
  });

  it('reports a NULL dereference as a memory fault with function and line', async () => {
    const src = `#include <ndis.h>
ULONG Deref(PULONG p)
{
    ULONG x = 1;
    x += *p;
    return x;
}`;
    const { interp } = await loadC(src);
    assert.deepEqual(errors(interp), []);
    assert.throws(
      () => interp.call('Deref', [0]),
      (e: unknown) => e instanceof MemoryFault && e.message === `memory fault: read of 4 bytes at 0x0 (NULL pointer) in Deref at test.c:${lineOf(src, 'x += *p')}`,
    );
  });

  it('faults on out-of-bounds heap access, use after free and double free', async () => {
    const { interp } = await loadC(`#include <ndis.h>
      UCHAR Over(void) { PUCHAR p = NdisAllocateMemoryWithTagPriority(NULL, 6, 'tseT', NormalPoolPriority); return p[6]; }
      UCHAR Uaf(void) { PUCHAR p = NdisAllocateMemoryWithTagPriority(NULL, 6, 'tseT', NormalPoolPriority); NdisFreeMemory(p, 0, 0); return p[0]; }
      VOID Twice(void) { PUCHAR p = NdisAllocateMemoryWithTagPriority(NULL, 6, 'tseT', NormalPoolPriority); NdisFreeMemory(p, 0, 0); NdisFreeMemory(p, 0, 0); }
      ULONG Wild(void) { return *(PULONG)(ULONG_PTR)0x123456789ull; }`);
    assert.deepEqual(errors(interp), []);
    assert.throws(() => interp.call('Over'), /out of bounds: offset 6 of pool block of 6 bytes \(tag 'Test'\)/);
    assert.throws(() => interp.call('Uaf'), /use after free/);
    assert.throws(() => interp.call('Twice'), (e: unknown) => e instanceof ExecError && /not a live pool allocation/.test(e.message));
    assert.throws(() => interp.call('Wild'), /wild pointer/);
  });

  it('computes sizeof and FIELD_OFFSET for the driver’s own structures', async () => {
    const r = await run(`
      #include <pshpack1.h>
      typedef struct { UCHAR Dst[6]; UCHAR Src[6]; USHORT Type; } ETH;
      #include <poppack.h>
      typedef struct { UCHAR a; ULONG64 b; UCHAR c; } PAD;
      typedef struct { UCHAR a; struct { ULONG x; } ; USHORT y; } ANON;
      LONG Sizes(void) {
        return sizeof(ETH) * 1000000 + sizeof(PAD) * 10000 + FIELD_OFFSET(PAD, c) * 100 + FIELD_OFFSET(ANON, y);
      }`, 'Sizes');
    assert.equal(r, 14 * 1000000 + 24 * 10000 + 16 * 100 + 8);
  });
});
