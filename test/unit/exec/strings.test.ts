import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errors, loadC, run } from './helpers';

describe('exec: string literals', () => {
  it('sizes narrow and wide literals and concatenates adjacent ones', async () => {
    const r = await run(`
      LONG Sizes(void) {
        return sizeof("abc") * 1000000 + sizeof(L"abc") * 10000 + sizeof(L"ab" "cd") * 100 + sizeof("a\\x41\\n");
      }`, 'Sizes');
    assert.equal(r, 4 * 1000000 + 8 * 10000 + 10 * 100 + 4);
  });

  it('builds NDIS_STRING_CONST and RTL_CONSTANT_STRING with Length excluding the terminator', async () => {
    const { interp } = await loadC(`#include <ndis.h>
      static NDIS_STRING g_Name = NDIS_STRING_CONST("UpperBindings");
      const UNICODE_STRING g_Other = RTL_CONSTANT_STRING(L"Tun");
      PNDIS_STRING Name(void) { return &g_Name; }
      ULONG Lengths(void) { NDIS_STRING l = NDIS_STRING_CONST("TUNPROT"); return l.Length * 1000 + l.MaximumLength; }`);
    assert.deepEqual(errors(interp), []);
    const p = Number(interp.call('Name'));
    assert.equal(interp.memory.unicodeString(p), 'UpperBindings');
    assert.deepEqual([interp.memory.u16(p), interp.memory.u16(p + 2)], [26, 28]);
    assert.equal(interp.memory.unicodeString(interp.global('g_Other')!), 'Tun');
    assert.equal(interp.call('Lengths'), 14 * 1000 + 16);
  });

  it('initializes char and WCHAR arrays from literals (sized, unsized, zero-padded)', async () => {
    const r = await run(`
      ULONG Arrays(void) {
        CHAR a[] = "hi";
        WCHAR w[8] = L"xyz";
        CHAR t[2] = "toolong";
        return sizeof(a) * 1000000 + (w[2] == L'z') * 100000 + (w[7] == 0) * 10000 + (t[1] == 'o') * 1000 + a[1];
      }`, 'Arrays');
    assert.equal(r, 3 * 1000000 + 100000 + 10000 + 1000 + 0x69);
  });

  it('decodes escapes and keeps identical literals shared', async () => {
    const { interp } = await loadC(`#include <ndis.h>
      PCSTR A(void) { return "tab\\there\\101\\0x"; }
      PCSTR B(void) { return "tab\\there\\101\\0x"; }
      PCWSTR W(void) { return L"\\x263A\\u00e9"; }`);
    assert.deepEqual(errors(interp), []);
    const a = Number(interp.call('A'));
    assert.equal(a, Number(interp.call('B')));
    assert.equal(interp.memory.cString(a), 'tab\there\x41');
    assert.equal(interp.memory.wString(Number(interp.call('W'))), '\u263a\u00e9');
  });

  it('initializes NDIS_STRINGs through NdisInitUnicodeString with the right lengths', async () => {
    const r = await run(`
      ULONG Init(void) {
        NDIS_STRING s;
        NdisInitUnicodeString(&s, L"{6f1c1a52}");
        return s.Length * 1000 + s.MaximumLength + (s.Buffer[0] == L'{') * 1000000;
      }`, 'Init');
    assert.equal(r, 1000000 + 20 * 1000 + 22);
  });
});
