import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ctypes, layoutRecord, Memory, MemoryFault } from '../../../simulator/src/exec';
import { add64, join64, mul64, shr64, split64, sub64 } from '../../../simulator/src/exec/values';

const { I8, I16, I32, U8, U16, U32, U64, ptrTo, arrayOf, newRecord } = ctypes;

describe('exec: memory model', () => {
  it('round-trips every width little-endian, 64-bit values exactly', () => {
    const m = new Memory();
    const b = m.alloc(32, 'heap', 'buf');
    m.w32(b.base, 0x11223344);
    assert.deepEqual([...m.read(b.base, 4)], [0x44, 0x33, 0x22, 0x11]);
    for (const v of [0, 1, -1, 2 ** 53 - 1, -(2 ** 53 - 1), 0xffffffffffffffffn, -0x8000000000000000n, 0x123456789abcdef0n]) {
      m.w64(b.base + 8, v);
      const signed = typeof v === 'bigint' ? v < 0n || v <= 0x7fffffffffffffffn : true;
      const back = signed ? m.i64(b.base + 8) : m.u64(b.base + 8);
      assert.equal(BigInt.asUintN(64, BigInt(back)), BigInt.asUintN(64, BigInt(v)), `value ${v}`);
    }
    m.w16(b.base + 20, 0xfffe);
    assert.deepEqual([m.u16(b.base + 20), m.i16(b.base + 20), m.i8(b.base + 21), m.u8(b.base + 21)], [0xfffe, -2, -1, 255]);
  });

  it('bounds every allocation exactly and tells NULL, wild, freed and out-of-bounds apart', () => {
    const m = new Memory({ quarantine: 2 });
    const a = m.alloc(6, 'heap', 'six bytes');
    assert.equal(m.u8(a.base + 5), 0);
    assert.throws(() => m.u8(a.base + 6), (e: unknown) => e instanceof MemoryFault && /out of bounds: offset 6 of six bytes, 6 bytes/.test(e.message));
    assert.throws(() => m.u32(a.base + 4), /out of bounds/);
    assert.throws(() => m.u32(16), /NULL pointer \+ 16/);
    assert.throws(() => m.w8(0x3fff0000, 1), /write of 1 byte at 0x3fff0000 \(wild pointer\)/);
    assert.equal(m.free(a.base), undefined);
    assert.throws(() => m.u8(a.base), /use after free of six bytes/);
    assert.match(m.free(a.base)!, /double free/);
    assert.match(m.free(a.base + 1)!, /not an allocation|inside/);
  });

  it('reuses address space after the quarantine, and enforces the memory budget', () => {
    const m = new Memory({ quarantine: 1, maxBytes: 10_000 });
    const first = m.alloc(100, 'heap', 'a').base;
    m.free(first);
    const second = m.alloc(100, 'heap', 'b').base;
    m.free(second);
    const third = m.alloc(100, 'heap', 'c').base;
    assert.notEqual(second, first);
    assert.equal(third, first);
    assert.equal(m.tryAlloc(20_000, 'heap', 'too big'), undefined);
    assert.equal(m.liveBytes, 100);
  });

  it('computes 64-bit arithmetic exactly on both sides of 2^53', () => {
    assert.equal(add64(2 ** 53 - 1, 1, false), 2n ** 53n);
    assert.equal(sub64(0, 1, false), 0xffffffffffffffffn);
    assert.equal(sub64(0, 1, true), -1);
    assert.equal(mul64(0x100000000, 0x100000000, false), 0);
    assert.equal(shr64(0xffffffffffffffffn, 60, false), 15);
    assert.deepEqual(split64(-2), [0xfffffffe, -1]);
    assert.equal(join64(0xfffffffe, -1, true), -2);
    assert.equal(join64(0, 0x80000000, false), 0x8000000000000000n);
  });
});

describe('exec: struct layout (MSVC x64 rules)', () => {
  it('packs bit-fields per storage unit and starts a new unit on a type-size change', () => {
    const r = layoutRecord(newRecord(false, 'B'), [
      { name: 'a', type: U8, bitWidth: 3 },
      { name: 'b', type: U8, bitWidth: 6 },
      { name: 'c', type: U32, bitWidth: 4 },
      { name: 'd', type: U32, bitWidth: 28 },
      { name: undefined, type: U32, bitWidth: 0 },
      { name: 'e', type: U32, bitWidth: 1 },
      { name: 'f', type: U16, bitWidth: 2 },
    ]);
    const at = (n: string): [number, number] => [r.members.get(n)!.offset, r.members.get(n)!.bitOffset!];
    assert.deepEqual(['a', 'b', 'c', 'd', 'e', 'f'].map(at), [[0, 0], [1, 0], [4, 0], [4, 4], [8, 0], [12, 0]]);
    assert.deepEqual([r.size, r.align], [16, 4]);
  });

  it('honours #pragma pack, _Alignas and flexible arrays; unions take the largest member', () => {
    const packed = layoutRecord(newRecord(false, 'P'), [{ name: 'c', type: I8 }, { name: 'i', type: I32 }, { name: 's', type: I16 }], 1);
    assert.deepEqual([packed.members.get('i')!.offset, packed.size], [1, 7]);
    const aligned = layoutRecord(newRecord(false, 'A'), [{ name: 'c', type: I8 }, { name: 'p', type: ptrTo(I8), alignAs: 16 }, { name: 'tail', type: arrayOf(U8, undefined) }]);
    assert.deepEqual([aligned.members.get('p')!.offset, aligned.members.get('tail')!.offset, aligned.size, aligned.align], [16, 24, 32, 16]);
    const u = layoutRecord(newRecord(true, 'U'), [{ name: 'b', type: arrayOf(U8, 5) }, { name: 'q', type: U64 }]);
    assert.deepEqual([u.size, u.align, u.members.get('q')!.offset], [8, 8, 0]);
  });
});
