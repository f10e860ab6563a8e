import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errors, loadC, run } from './helpers';

describe('exec: initializers', () => {
  it('fills characteristics from positional and nested designated initializers', async () => {
    const { interp } = await loadC(`#include <ndis.h>
      PROTOCOL_BIND_ADAPTER_EX Bind;
      NDIS_STATUS Bind(NDIS_HANDLE a, NDIS_HANDLE b, PNDIS_BIND_PARAMETERS p) { return 0; }
      static NDIS_PROTOCOL_DRIVER_CHARACTERISTICS g_Positional = {
          { NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS, NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2,
            NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2 },
          6, 30, 1, 0, 0, NDIS_STRING_CONST("POS"), NULL, Bind };
      PNDIS_PROTOCOL_DRIVER_CHARACTERISTICS Positional(void) { return &g_Positional; }
      ULONG Designated(PNDIS_PROTOCOL_DRIVER_CHARACTERISTICS out) {
          NDIS_PROTOCOL_DRIVER_CHARACTERISTICS c = {
              .Header.Type = NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS,
              .Header = { .Revision = 2 },
              .MinorNdisVersion = 30,
              .BindAdapterHandlerEx = Bind,
              .Name = RTL_CONSTANT_STRING(L"DES"),
          };
          *out = c;
          return c.Header.Size;
      }`);
    assert.deepEqual(errors(interp), []);
    const m = interp.memory;
    const p = Number(interp.call('Positional'));
    assert.deepEqual([m.u8(p), m.u8(p + 1), m.u16(p + 2), m.u8(p + 5), m.unicodeString(p + 16), interp.functionName(m.ptr(p + 40))], [0x95, 2, 128, 30, 'POS', 'Bind']);
    const out = interp.allocate(128, 'out');
    m.fill(out, 0xcc, 128);
    // `.Header = { .Revision = 2 }` re-initializes the whole Header: Type and Size are zero again.
    assert.equal(interp.call('Designated', [out]), 0);
    assert.deepEqual([m.u8(out), m.u8(out + 1), m.u8(out + 5), m.unicodeString(out + 16), interp.functionName(m.ptr(out + 40)), m.ptr(out + 48)], [0, 2, 30, 'DES', 'Bind', 0]);
  });

  it('zero-fills what the list leaves out, elides braces and sizes unsized arrays', async () => {
    const r = await run(`
      typedef struct { UCHAR Mac[6]; USHORT Type; } ENTRY;
      static ENTRY g_Table[] = { { { 1, 2, 3, 4, 5, 6 }, 0x0800 }, 7, 8, 9, 10, 11, 12, 0x86dd, [3].Type = 0x88b5 };
      static ULONG g_Matrix[2][3] = { 1, 2, 3, 4 };
      ULONG Check(void) {
        ULONG zero[8] = { 0 };
        ULONG sum = 0, i;
        for (i = 0; i < 8; i++) sum += zero[i];
        return RTL_NUMBER_OF(g_Table) * 100000 + g_Table[1].Mac[5] * 1000 + (g_Table[1].Type == 0x86dd) * 100
             + (g_Table[3].Type == 0x88b5) * 10 + (g_Matrix[1][0] == 4 && g_Matrix[1][2] == 0) + sum;
      }`, 'Check');
    assert.equal(r, 4 * 100000 + 12 * 1000 + 100 + 10 + 1);
  });

  it('initializes function-pointer tables and pointers to other globals', async () => {
    const r = await run(`
      static LONG One(void) { return 1; }
      static LONG Two(void) { return 2; }
      typedef LONG (*FN)(void);
      static FN g_Table[] = { One, Two, NULL };
      static FN *g_Cursor = &g_Table[1];
      LONG Call(void) { return g_Table[0]() * 100 + (*g_Cursor)() * 10 + (g_Table[2] == NULL); }`, 'Call');
    assert.equal(r, 121);
  });
});
