import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { STATUS_LIST, STRUCTS, CONSTANTS } from '../../../common/src/catalog';
import { ctypes, memberPath, type Interpreter } from '../../../simulator/src/exec';
import { errors, loadC } from './helpers';

describe('exec: the virtual WDK headers', () => {
  let interp: Interpreter;
  before(async () => {
    ({ interp } = await loadC(`#include <ndis.h>
#include <wdmsec.h>
NDIS_STATUS Bad(void) { return NDIS_STATUS_BAD_CHARACTERISTICS; }
ULONG Ioctl(void) { return CTL_CODE(FILE_DEVICE_NETWORK, 0x900, METHOD_BUFFERED, FILE_WRITE_ACCESS); }
LONG Success(NTSTATUS s) { return NT_SUCCESS(s); }
ULONG Flags(ULONG rf) { ULONG ret = 0; if (NDIS_TEST_RECEIVE_AT_DISPATCH_LEVEL(rf)) NDIS_SET_RETURN_FLAG(ret, NDIS_RETURN_FLAGS_DISPATCH_LEVEL); return ret | (NDIS_TEST_RECEIVE_CANNOT_PEND(rf) << 4); }
PNET_BUFFER_LIST Chain(PNET_BUFFER_LIST a, PNET_BUFFER_LIST b, PNET_BUFFER nb) {
    NET_BUFFER_LIST_NEXT_NBL(a) = b;
    NET_BUFFER_LIST_FIRST_NB(b) = nb;
    NET_BUFFER_DATA_LENGTH(nb) = 60;
    NET_BUFFER_LIST_STATUS(b) = NDIS_STATUS_PAUSED;
    NDIS_SET_NET_BUFFER_LIST_CANCEL_ID(b, (PVOID)0x55);
    return NET_BUFFER_LIST_NEXT_NBL(a);
}`, { defines: ['NDIS680=1'] }));
    assert.deepEqual(errors(interp), []);
  });

  it('lays out every catalog structure at the catalog’s x64 offsets and revision sizes', () => {
    for (const s of Object.values(STRUCTS)) {
      const t = interp.type(s.name);
      assert.ok(t && t.k === 'struct', `${s.name} is defined`);
      for (const m of s.members) {
        assert.equal(memberPath(t, m.name)?.offset, m.offsetX64, `${s.name}.${m.name}`);
        assert.equal(interp.type(s.pointerTypedef)?.k, 'ptr', s.pointerTypedef);
      }
      for (const r of s.revisions) {
        const last: ctypes.Member = memberPath(t, r.lastMember)!;
        assert.equal(last.offset + ctypes.sizeOf(last.type)!, r.sizeX64, `${s.name} revision ${r.revision}`);
        const c = CONSTANTS.get(r.sizeConstant);
        assert.equal(c?.value, r.sizeX64);
      }
    }
    assert.equal(interp.sizeOf('NDIS_PROTOCOL_DRIVER_CHARACTERISTICS'), 128);
    assert.equal(interp.sizeOf('NDIS_IF_PROVIDER_CHARACTERISTICS'), 40);
  });

  it('models NET_LUID, NET_BUFFER_LIST, NET_BUFFER, MDL, DRIVER_OBJECT and IRP like the x64 WDK', () => {
    const off = (t: string, p: string): number => interp.offsetOf(t, p);
    assert.equal(interp.sizeOf('NET_LUID'), 8);
    const info = memberPath(interp.type('NET_LUID') as ctypes.RecordType, 'Info.IfType')!;
    assert.deepEqual([info.offset, info.bitOffset, info.bitWidth], [0, 48, 16]);
    assert.deepEqual(
      ['Next', 'FirstNetBuffer', 'Context', 'ParentNetBufferList', 'NdisPoolHandle', 'NdisReserved', 'ProtocolReserved', 'MiniportReserved', 'SourceHandle', 'NblFlags', 'Status', 'NetBufferListInfo'].map((m) => off('NET_BUFFER_LIST', m)),
      [0, 8, 16, 24, 32, 48, 64, 96, 120, 128, 140, 144],
    );
    assert.deepEqual(['Next', 'CurrentMdl', 'CurrentMdlOffset', 'DataLength', 'MdlChain', 'DataOffset', 'NdisPoolHandle', 'ProtocolReserved', 'MiniportReserved'].map((m) => off('NET_BUFFER', m)), [0, 8, 16, 24, 32, 40, 56, 80, 128]);
    assert.equal(interp.sizeOf('NET_BUFFER'), 176);
    assert.equal(interp.sizeOf('MDL'), 48);
    assert.equal(off('MDL', 'ByteOffset'), 44);
    assert.deepEqual([off('DRIVER_OBJECT', 'DriverUnload'), off('DRIVER_OBJECT', 'MajorFunction'), interp.sizeOf('DRIVER_OBJECT')], [104, 112, 336]);
    assert.equal(off('IO_STACK_LOCATION', 'Parameters.DeviceIoControl.IoControlCode'), 24);
    assert.deepEqual([interp.sizeOf('UNICODE_STRING'), off('UNICODE_STRING', 'Buffer'), interp.sizeOf('LIST_ENTRY'), interp.sizeOf('NDIS_SPIN_LOCK'), interp.sizeOf('GUID')], [16, 8, 16, 16, 16]);
    assert.equal(off('NDIS_OID_REQUEST', 'DATA.SET_INFORMATION.InformationBufferLength'), 48);
    assert.equal(off('NDIS_BIND_PARAMETERS', 'AdapterName'), 16);
  });

  it('gives statuses their catalog values and the WDK helper macros their meaning', () => {
    const bad = STATUS_LIST.find((s) => s.name === 'NDIS_STATUS_BAD_CHARACTERISTICS')!;
    assert.equal(interp.call('Bad'), bad.value | 0);
    assert.equal(interp.call('Ioctl'), (0x12 << 16) | (2 << 14) | (0x900 << 2));
    assert.deepEqual([interp.call('Success', [0x103]), interp.call('Success', [0xc0000001])], [1, 0]);
    assert.deepEqual([interp.call('Flags', [1]), interp.call('Flags', [2]), interp.call('Flags', [0])], [1, 16, 0]);
    assert.ok(interp.global('SDDL_DEVOBJ_SYS_ALL_ADM_ALL'));
    assert.equal(interp.memory.unicodeString(interp.global('SDDL_DEVOBJ_SYS_ALL_ADM_ALL')!), 'D:P(A;;GA;;;SY)(A;;GA;;;BA)');
  });

  it('lets the accessor macros work on NBLs a host allocates', () => {
    const a = interp.allocate(interp.sizeOf('NET_BUFFER_LIST'), 'nbl a');
    const b = interp.allocate(interp.sizeOf('NET_BUFFER_LIST'), 'nbl b');
    const nb = interp.allocate(interp.sizeOf('NET_BUFFER'), 'nb');
    assert.equal(interp.call('Chain', [a, b, nb]), b);
    const m = interp.memory;
    assert.equal(m.ptr(a + interp.offsetOf('NET_BUFFER_LIST', 'Next')), b);
    assert.equal(m.ptr(b + interp.offsetOf('NET_BUFFER_LIST', 'FirstNetBuffer')), nb);
    assert.equal(m.u32(nb + interp.offsetOf('NET_BUFFER', 'DataLength')), 60);
    assert.equal(m.u32(b + interp.offsetOf('NET_BUFFER_LIST', 'Status')), 0xc023002a);
    const cancelSlot = interp.offsetOf('NET_BUFFER_LIST', 'NetBufferListInfo') + 8 * 5;
    assert.equal(m.ptr(b + cancelSlot), 0x55);
  });

  it('leaves revision constants undefined below their NDIS version, as the WDK does', async () => {
    const { interp: old } = await loadC('#include <ndis.h>\nUCHAR Rev(void) { return NDIS_FILTER_CHARACTERISTICS_REVISION_3; }', { defines: ['NDIS630=1'] });
    assert.ok(errors(old).some((e) => e.includes('undeclared identifier NDIS_FILTER_CHARACTERISTICS_REVISION_3')));
  });
});
