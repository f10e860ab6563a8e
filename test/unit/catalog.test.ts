/**
 * Unit tests for the NDIS catalog. The layout checks recompute every member offset from an
 * independent size/alignment table (natural alignment, x64 and x86) and compare with the
 * literal offsets in the catalog and with the sizes ndis-facts gives.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  BUGCHECK_0x7C,
  CHARACTERISTICS,
  CONSTANTS,
  CONSTANT_LIST,
  DDIS,
  DDI_LIST,
  REGISTRATION_DDIS,
  ROLES,
  STATUSES,
  STATUS_LIST,
  STRUCTS,
  VERSIONS,
  builtinMacrosFor,
  bugCheckParam,
  constant,
  ddi,
  isVersionMacro,
  member,
  requiredRevision,
  revisionDef,
  role,
  sameRole,
  status,
  statusByValue,
  structByTypeName,
  versionByLabel,
  versionByMinor,
  versionFromBuildMacro,
} from '../../common/src/catalog';
import type { MemberDef, StructDef } from '../../common/src/catalog';

type Arch = 'x64' | 'x86';

/** [size, alignment] of the non-pointer C types the catalog uses. */
const SCALARS: Record<string, [number, number]> = {
  UCHAR: [1, 1],
  BOOLEAN: [1, 1],
  USHORT: [2, 2],
  ULONG: [4, 4],
  UINT: [4, 4],
  NDIS_OBJECT_HEADER: [4, 2],
  GUID: [16, 4],
  NET_IF_NETWORK_GUID: [16, 4],
  NET_PHYSICAL_LOCATION: [12, 4],
  NET_IF_ACCESS_TYPE: [4, 4],
  NET_IF_DIRECTION_TYPE: [4, 4],
  NET_IF_CONNECTION_TYPE: [4, 4],
  NDIS_MEDIUM: [4, 4],
  NDIS_PHYSICAL_MEDIUM: [4, 4],
  NDIS_INTERFACE_TYPE: [4, 4],
};

const POINTER_TYPES = new Set(['PVOID', 'NDIS_HANDLE', 'PNDIS_STRING', 'PNDIS_MEDIUM', 'PUINT', 'PNET_FRAME_TYPE']);

function sizeAlign(m: MemberDef, arch: Arch): [number, number] {
  const ptr = arch === 'x64' ? 8 : 4;
  if (m.role || POINTER_TYPES.has(m.cType)) return [ptr, ptr];
  // UNICODE_STRING: USHORT Length, USHORT MaximumLength, PWSTR Buffer.
  if (m.cType === 'NDIS_STRING') return [4 + (ptr === 8 ? 4 : 0) + ptr, ptr];
  const s = SCALARS[m.cType];
  assert.ok(s, `no size known for C type ${m.cType} (member ${m.name})`);
  return s;
}

/** Natural-alignment offsets of every member. */
function layout(s: StructDef, arch: Arch): Map<string, { offset: number; size: number }> {
  const out = new Map<string, { offset: number; size: number }>();
  let end = 0;
  for (const m of s.members) {
    const [size, align] = sizeAlign(m, arch);
    const offset = Math.ceil(end / align) * align;
    out.set(m.name, { offset, size });
    end = offset + size;
  }
  return out;
}

const ALL_STRUCTS = Object.values(STRUCTS);

test('member offsets match natural x64 alignment', () => {
  for (const s of ALL_STRUCTS) {
    const l = layout(s, 'x64');
    for (const m of s.members) assert.equal(m.offsetX64, l.get(m.name)!.offset, `${s.name}.${m.name}`);
  }
});

test('every revision: size = RTL_SIZEOF_THROUGH_FIELD(last member) on x64 and x86', () => {
  for (const s of ALL_STRUCTS) {
    const x64 = layout(s, 'x64');
    const x86 = layout(s, 'x86');
    for (const r of s.revisions) {
      const last = member(s, r.lastMember);
      assert.ok(last, `${s.name} REV_${r.revision}: last member ${r.lastMember} exists`);
      assert.equal(r.sizeX64, last.offsetX64 + x64.get(last.name)!.size, `${s.name} REV_${r.revision} x64`);
      const l86 = x86.get(last.name)!;
      assert.equal(r.sizeX86, l86.offset + l86.size, `${s.name} REV_${r.revision} x86`);
    }
  }
});

test('facts sizes are reproduced', () => {
  const expect: [string, number, number, number][] = [
    ['NDIS_PROTOCOL_DRIVER_CHARACTERISTICS', 1, 120, 64],
    ['NDIS_PROTOCOL_DRIVER_CHARACTERISTICS', 2, 128, 68],
    ['NDIS_MINIPORT_DRIVER_CHARACTERISTICS', 1, 136, 72],
    ['NDIS_MINIPORT_DRIVER_CHARACTERISTICS', 2, 152, 80],
    ['NDIS_MINIPORT_DRIVER_CHARACTERISTICS', 3, 160, 84],
    ['NDIS_FILTER_DRIVER_CHARACTERISTICS', 1, 200, 104],
    ['NDIS_FILTER_DRIVER_CHARACTERISTICS', 2, 224, 116],
    ['NDIS_FILTER_DRIVER_CHARACTERISTICS', 3, 240, 124],
    ['NDIS_IF_PROVIDER_CHARACTERISTICS', 1, 40, 20],
    ['NET_IF_INFORMATION', 1, 96, 96],
  ];
  for (const [name, rev, x64, x86] of expect) {
    const r = revisionDef(STRUCTS[name as keyof typeof STRUCTS], rev);
    assert.ok(r, `${name} REV_${rev}`);
    assert.equal(r.sizeX64, x64, `${name} REV_${rev} x64`);
    assert.equal(r.sizeX86, x86, `${name} REV_${rev} x86`);
  }
});

test('revisions are numbered 1..n, sizes grow, and sinceRevision matches the last-member cut', () => {
  for (const s of ALL_STRUCTS) {
    s.revisions.forEach((r, i) => assert.equal(r.revision, i + 1, `${s.name} revision order`));
    for (let i = 1; i < s.revisions.length; i++) {
      const [a, b] = [s.revisions[i - 1]!, s.revisions[i]!];
      if ((CHARACTERISTICS as readonly string[]).includes(s.name)) {
        assert.ok(b.sizeX64 > a.sizeX64 && b.sizeX86 > a.sizeX86, `${s.name} REV_${b.revision} grows`);
      } else {
        assert.ok(b.sizeX64 >= a.sizeX64 && b.sizeX86 >= a.sizeX86, `${s.name} REV_${b.revision} never shrinks`);
      }
    }
    for (const r of s.revisions) {
      const idx = s.members.findIndex((m) => m.name === r.lastMember);
      s.members.forEach((m, i) => {
        if (i <= idx) assert.ok(m.sinceRevision <= r.revision, `${s.name}.${m.name} inside REV_${r.revision}`);
        else assert.ok(m.sinceRevision > r.revision, `${s.name}.${m.name} after REV_${r.revision}`);
      });
    }
  }
});

test('struct, revision and size constants are consistent', () => {
  for (const s of ALL_STRUCTS) {
    for (const r of s.revisions) {
      const size = constant(r.sizeConstant);
      assert.ok(size, r.sizeConstant);
      assert.equal(size.kind, 'sizeof');
      assert.equal(size.value, r.sizeX64);
      assert.equal(size.x86Value, r.sizeX86);
      if (r.revisionConstant) assert.equal(constant(r.revisionConstant)?.value, r.revision, r.revisionConstant);
    }
    if (s.objectType) assert.equal(constant(s.objectType)?.kind, 'objectType', s.objectType);
    for (const t of s.toleratedObjectTypes ?? []) assert.ok(constant(t), t);
    const names = s.members.map((m) => m.name);
    assert.equal(new Set(names).size, names.length, `${s.name} member names unique`);
    for (const m of s.members) for (const p of m.pairedWith ?? []) assert.ok(member(s, p), `${s.name}.${m.name} pairs with ${p}`);
  }
  assert.equal(constant('NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS')?.value, 0x95);
  assert.equal(constant('NDIS_OBJECT_TYPE_DEFAULT')?.value, 0x80);
  assert.equal(constant('NDIS_OBJECT_REVISION_1')?.value, 1);
  assert.equal(constant('NDIS_FILTER_CHARACTERISTICS_REVISION_3')?.value, 3);
  assert.equal(constant('NDIS_SIZEOF_OPEN_PARAMETERS_REVSION_1')?.value, constant('NDIS_SIZEOF_OPEN_PARAMETERS_REVISION_1')?.value);
  assert.equal(constant('NDIS_RECEIVE_FLAGS_RESOURCES')?.value, 0x2);
  assert.equal(constant('NDIS_INTERMEDIATE_DRIVER')?.value, 0x1);
  assert.equal(constant('NET_IF_ACCESS_POINT_TO_POINT')?.value, 3);
  assert.equal(constant('NDIS_MINIPORT_MAJOR_VERSION'), undefined, 'build-dependent macros are not constants');
});

test('the provider characteristics carry NDIS_OBJECT_REVISION_1 and no revision constant', () => {
  const p = STRUCTS.NDIS_IF_PROVIDER_CHARACTERISTICS;
  assert.equal(p.objectType, 'NDIS_OBJECT_TYPE_DEFAULT');
  assert.equal(p.revisions[0]!.revisionConstant, null);
  assert.equal(member(p, 'QueryObjectHandler')?.role, 'IF_QUERY_OBJECT');
  assert.equal(member(p, 'SetObjectHandler')?.requirement, 'required');
  assert.equal(member(p, 'Reserved2')?.requirement, 'reserved');
});

test('every handler member names a known role of the same driver kind', () => {
  for (const s of ALL_STRUCTS) {
    for (const m of s.members) {
      if (!m.role) continue;
      const r = role(m.role);
      assert.ok(r, `${s.name}.${m.name}: role ${m.role}`);
      assert.equal(r.pointerTypedef, m.cType, `${s.name}.${m.name} pointer typedef`);
      assert.equal(r.driverKind, s.driverKind, `${s.name}.${m.name} driver kind`);
    }
  }
});

test('required handlers follow ndis-facts CH6', () => {
  const required = (s: StructDef) => s.members.filter((m) => m.role && m.requirement === 'required').map((m) => m.name);
  assert.deepEqual(required(STRUCTS.NDIS_PROTOCOL_DRIVER_CHARACTERISTICS), [
    'BindAdapterHandlerEx', 'UnbindAdapterHandlerEx', 'OpenAdapterCompleteHandlerEx', 'CloseAdapterCompleteHandlerEx',
    'NetPnPEventHandler', 'OidRequestCompleteHandler', 'ReceiveNetBufferListsHandler', 'SendNetBufferListsCompleteHandler',
  ]);
  assert.deepEqual(required(STRUCTS.NDIS_MINIPORT_DRIVER_CHARACTERISTICS), [
    'InitializeHandlerEx', 'HaltHandlerEx', 'UnloadHandler', 'PauseHandler', 'RestartHandler',
    'SendNetBufferListsHandler', 'ReturnNetBufferListsHandler', 'CancelSendHandler',
    'DevicePnPEventNotifyHandler', 'ShutdownHandlerEx', 'CancelOidRequestHandler',
  ]);
  assert.deepEqual(required(STRUCTS.NDIS_FILTER_DRIVER_CHARACTERISTICS), [
    'AttachHandler', 'DetachHandler', 'RestartHandler', 'PauseHandler',
  ]);
  assert.deepEqual(member(STRUCTS.NDIS_MINIPORT_DRIVER_CHARACTERISTICS, 'CheckForHangHandlerEx')?.pairedWith, ['ResetHandlerEx']);
});

test('version → revision matrix', () => {
  const f = STRUCTS.NDIS_FILTER_DRIVER_CHARACTERISTICS;
  assert.equal(requiredRevision(f, 80), 3);
  assert.equal(requiredRevision(f, 89), 3);
  assert.equal(requiredRevision(f, 70), 2);
  assert.equal(requiredRevision(f, 0), 1);
  assert.equal(requiredRevision(f, 1), 2);
  assert.equal(requiredRevision(f, 3), undefined, 'not a released minor');
  assert.equal(requiredRevision(STRUCTS.NDIS_PROTOCOL_DRIVER_CHARACTERISTICS, 89), 2);
  assert.equal(requiredRevision(STRUCTS.NDIS_MINIPORT_DRIVER_CHARACTERISTICS, 81), 3);
  assert.equal(requiredRevision(STRUCTS.NDIS_IF_PROVIDER_CHARACTERISTICS, 30), 1);
  assert.equal(f.revisionEnforcedAtRuntime, true);
  assert.equal(STRUCTS.NDIS_MINIPORT_DRIVER_CHARACTERISTICS.revisionEnforcedAtRuntime, false);
  assert.equal(STRUCTS.NDIS_PROTOCOL_DRIVER_CHARACTERISTICS.revisionEnforcedAtRuntime, false);
  for (const s of ALL_STRUCTS) for (const e of s.versionRevisions) assert.ok(revisionDef(s, e.revision), `${s.name} matrix → REV_${e.revision}`);
});

test('versions and their lookups', () => {
  assert.deepEqual(VERSIONS.map((v) => v.minor), [0, 1, 20, 30, 40, 50, 51, 60, 70, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89]);
  assert.equal(versionByMinor(1)?.label, '6.1');
  assert.equal(versionByMinor(10), undefined);
  assert.equal(versionByLabel('6.30')?.minor, 30);
  assert.equal(versionByLabel('630')?.minor, 30);
  assert.equal(versionByLabel('6.1')?.minor, 1);
  assert.equal(versionByLabel('6.0')?.minor, 0);
  assert.equal(versionByLabel('6.3'), undefined);
  assert.equal(versionByLabel('7.0'), undefined);
  assert.equal(versionFromBuildMacro('NDIS630')?.minor, 30);
  assert.equal(versionFromBuildMacro('NDIS630_MINIPORT')?.minor, 30);
  assert.equal(versionFromBuildMacro('NDIS60')?.minor, 0);
  assert.equal(versionFromBuildMacro('NDIS61_MINIPORT')?.minor, 1);
  assert.equal(versionFromBuildMacro('NDIS63'), undefined);
  assert.equal(versionByMinor(0)?.supportMacro, 'NDIS_SUPPORT_NDIS6');
  assert.equal(versionByMinor(1)?.supportMacro, 'NDIS_SUPPORT_NDIS61');
  assert.equal(versionByMinor(88)?.verified, false);
  assert.equal(versionByMinor(89)?.verified, false);
  assert.equal(versionByMinor(87)?.verified, true);
});

test('builtinMacrosFor', () => {
  const v630 = versionByLabel('6.30')!;
  const m = builtinMacrosFor(v630);
  assert.equal(m.get('NDIS_SUPPORT_NDIS6'), 1);
  assert.equal(m.get('NDIS_SUPPORT_NDIS61'), 1);
  assert.equal(m.get('NDIS_SUPPORT_NDIS630'), 1);
  assert.notEqual(m.get('NDIS_SUPPORT_NDIS640'), 1);
  assert.equal(m.get('NDIS_SUPPORT_NDIS640'), 0, 'ndis.h defines unsupported levels as 0');
  assert.equal(m.get('NDIS_MINIPORT_MINOR_VERSION'), 30);
  assert.equal(m.get('NDIS_PROTOCOL_MAJOR_VERSION'), 6);
  assert.equal(m.get('NDIS_FILTER_MINOR_VERSION'), 30);
  assert.equal(m.get('NDIS630'), 1);
  const mp = builtinMacrosFor(v630, 'miniport');
  assert.equal(mp.get('NDIS630_MINIPORT'), 1);
  assert.equal(mp.has('NDIS630'), false);
  assert.equal(mp.has('NDIS_PROTOCOL_MINOR_VERSION'), false);
  const other = builtinMacrosFor(versionByMinor(1)!, 'other');
  assert.equal(other.get('NDIS61'), 1);
  assert.equal(other.has('NDIS_MINIPORT_MAJOR_VERSION'), false);
  assert.equal(other.get('NDIS_SUPPORT_60_COMPATIBLE_API'), 1);
  for (const name of m.keys()) assert.ok(isVersionMacro(name), `${name} is a version macro`);
  assert.ok(isVersionMacro('NDIS61_MINIPORT'));
  assert.ok(!isVersionMacro('NDIS_STATUS_SUCCESS'));
  assert.ok(!isVersionMacro('NDIS_MINIPORT_DRIVER'));
});

test('structByTypeName handles every spelling', () => {
  const P = 'NDIS_PROTOCOL_DRIVER_CHARACTERISTICS';
  const cases: [string, boolean][] = [
    [P, false],
    [`P${P}`, true],
    [`struct _${P}`, false],
    [`struct   _${P} *`, true],
    [`${P} *`, true],
    [`${P}*`, true],
    [`  const ${P}  * `, true],
  ];
  for (const [spelling, pointer] of cases) {
    const r = structByTypeName(spelling);
    assert.equal(r?.struct.name, P, spelling);
    assert.equal(r?.pointer, pointer, spelling);
  }
  assert.equal(structByTypeName(`P${P} *`), undefined);
  assert.equal(structByTypeName('NDIS_BIND_PARAMETERS'), undefined);
  assert.equal(structByTypeName('PNET_IF_INFORMATION')?.struct.name, 'NET_IF_INFORMATION');
});

test('roles', () => {
  const bind = role('PROTOCOL_BIND_ADAPTER_EX')!;
  assert.equal(bind.returnType, 'NDIS_STATUS');
  assert.deepEqual(bind.params.map((p) => `${p.type} ${p.name}`), [
    'NDIS_HANDLE ProtocolDriverContext', 'NDIS_HANDLE BindContext', 'PNDIS_BIND_PARAMETERS BindParameters',
  ]);
  assert.equal(bind.docName, 'ProtocolBindAdapterEx');
  assert.equal(bind.irql.max, 'PASSIVE_LEVEL');
  assert.ok(sameRole('MINIPORT_SET_OPTIONS', 'FILTER_SET_OPTIONS'));
  assert.ok(sameRole('SET_OPTIONS', 'PROTOCOL_SET_OPTIONS'));
  assert.ok(!sameRole('MINIPORT_UNLOAD', 'DRIVER_UNLOAD'));
  assert.equal(role('DRIVER_UNLOAD')?.driverKind, 'wdm');
  assert.equal(role('DRIVER_INITIALIZE')?.docName, 'DriverEntry');
  assert.equal(role('MINIPORT_SHUTDOWN')?.irql.max, 'HIGH_LEVEL');
  for (const r of ROLES.values()) for (const a of r.sameAs ?? []) assert.ok(ROLES.has(a), `${r.name} alias ${a}`);
});

test('DDIs', () => {
  assert.equal(REGISTRATION_DDIS.length, 5);
  for (const d of DDI_LIST) {
    if (d.registers) {
      const inv = ddi(d.registers.deregister);
      assert.ok(inv, `${d.name} → ${d.registers.deregister}`);
      assert.equal(inv.deregisters?.register, d.name);
      assert.ok(d.params[d.registers.structArg], `${d.name} structArg`);
      const out = d.params[d.registers.handleArg]!;
      assert.equal(out.direction, 'out', `${d.name} handleArg is an out parameter`);
      const st = structByTypeName(d.params[d.registers.structArg]!.type);
      assert.equal(st?.struct.name, d.registers.struct, `${d.name} structArg type`);
    }
    if (d.deregisters) {
      assert.ok(d.params[d.deregisters.handleArg], `${d.name} handleArg`);
      assert.ok(ddi(d.deregisters.register)?.registers, `${d.name} inverse`);
    }
    for (const r of d.callsSynchronously ?? []) assert.ok(role(r), `${d.name} calls ${r}`);
    for (const s of d.statuses) assert.ok(status(s.status), `${d.name} status ${s.status}`);
    if (d.returnType === 'VOID') assert.equal(d.statuses.length, 0, `${d.name} returns nothing`);
  }
  assert.equal(ddi('NdisFRegisterFilterDriver')?.mustCheck, false);
  assert.equal(ddi('NdisRegisterProtocolDriver')?.mustCheck, true);
  assert.equal(ddi('NdisMSetMiniportAttributes')?.mustCheck, true);
  const ifReg = ddi('NdisIfRegisterInterface')!.registers!;
  assert.deepEqual([ifReg.struct, ifReg.structArg, ifReg.handleArg], ['NET_IF_INFORMATION', 3, 4]);
  assert.deepEqual(ddi('NdisFDeregisterFilterDriver')?.callsSynchronously, ['FILTER_PAUSE', 'FILTER_DETACH']);
  assert.ok(ddi('NdisDeregisterProtocolDriver')?.callsSynchronously?.includes('PROTOCOL_UNBIND_ADAPTER_EX'));
  assert.deepEqual(ddi('NdisMRegisterMiniportDriver')?.callsSynchronously, ['MINIPORT_SET_OPTIONS']);
  assert.equal(ddi('NdisFRestartComplete')?.irql.max, 'PASSIVE_LEVEL');
  assert.equal(ddi('NdisFPauseComplete')?.irql.max, 'DISPATCH_LEVEL');
  const required = [
    'NdisRegisterProtocolDriver', 'NdisDeregisterProtocolDriver', 'NdisMRegisterMiniportDriver', 'NdisMDeregisterMiniportDriver',
    'NdisFRegisterFilterDriver', 'NdisFDeregisterFilterDriver', 'NdisIfRegisterProvider', 'NdisIfDeregisterProvider',
    'NdisIfRegisterInterface', 'NdisIfDeregisterInterface', 'NdisIfAllocateNetLuidIndex', 'NdisIfFreeNetLuidIndex',
    'NdisIfGetInterfaceIndexFromNetLuid', 'NdisIfGetNetLuidFromInterfaceIndex', 'NdisIfQueryBindingIfIndex',
    'NdisIfAddIfStackEntry', 'NdisIfDeleteIfStackEntry', 'NdisIMInitializeDeviceInstanceEx', 'NdisIMDeInitializeDeviceInstance',
    'NdisIMCancelInitializeDeviceInstance', 'NdisIMAssociateMiniport', 'NdisIMGetBindingContext', 'NdisOpenAdapterEx',
    'NdisCloseAdapterEx', 'NdisCompleteBindAdapterEx', 'NdisCompleteUnbindAdapterEx', 'NdisUnbindAdapter',
    'NdisMSetMiniportAttributes', 'NdisFSetAttributes', 'NdisSetOptionalHandlers', 'NdisMPauseComplete',
    'NdisMRestartComplete', 'NdisFPauseComplete', 'NdisFRestartComplete', 'NdisSendNetBufferLists',
    'NdisMSendNetBufferListsComplete', 'NdisMIndicateReceiveNetBufferLists', 'NdisReturnNetBufferLists',
    'NdisFSendNetBufferLists', 'NdisFSendNetBufferListsComplete', 'NdisFIndicateReceiveNetBufferLists',
    'NdisFReturnNetBufferLists', 'NdisOidRequest', 'NdisMOidRequestComplete', 'NdisFOidRequest', 'NdisFOidRequestComplete',
    'NdisAcquireSpinLock', 'NdisReleaseSpinLock', 'NdisDprAcquireSpinLock', 'NdisDprReleaseSpinLock',
    'NdisAllocateSpinLock', 'NdisFreeSpinLock', 'NdisWaitEvent', 'NdisReEnumerateProtocolBindings',
    'NdisOpenConfigurationEx', 'NdisCloseConfiguration',
  ];
  for (const n of required) assert.ok(DDIS.has(n), n);
});

test('statuses', () => {
  assert.equal(statusByValue(0xc0010005)?.name, 'NDIS_STATUS_BAD_CHARACTERISTICS');
  assert.equal(statusByValue(0xc0010005 | 0)?.name, 'NDIS_STATUS_BAD_CHARACTERISTICS', 'signed form');
  assert.equal(statusByValue(0x103)?.name, 'NDIS_STATUS_PENDING');
  assert.equal(status('NDIS_STATUS_DUPLICATE_OBJECTID')?.verified, false);
  assert.equal(status('NDIS_STATUS_DUPLICATE_OBJECTID')?.value, 0xc000022a);
  assert.notEqual(status('NDIS_STATUS_SEND_ABORTED')?.value, status('NDIS_STATUS_REQUEST_ABORTED')?.value);
  assert.equal(STATUSES.size, STATUS_LIST.length);
  assert.equal(new Set(STATUS_LIST.map((s) => s.value)).size, STATUS_LIST.length, 'values unique');
  for (const s of STATUS_LIST) assert.ok(s.value >= 0 && s.value <= 0xffffffff, s.name);
});

test('bug check 0x7C parameters', () => {
  assert.equal(bugCheckParam(0x17)?.name, 'NDIS_BUGCHECK_IFPROVIDER_DEREGISTER_UNEXPECTED');
  assert.equal(bugCheckParam(0x16)?.name, 'NDIS_BUGCHECK_INVALID_OPEN_IN_BIND_CONTEXT');
  assert.equal(bugCheckParam(0x1b)?.name, 'NDIS_BUGCHECK_IF_STACK_TABLE_LOOP');
  assert.equal(bugCheckParam(0x1f)?.name, 'NDIS_BUGCHECK_ILLEGAL_MINIPORT_STATE_TRANSITION');
  assert.equal(bugCheckParam(0x27)?.name, 'NDIS_BUGCHECK_LEAKED_NBL');
  assert.equal(bugCheckParam(0x18), undefined);
  assert.equal(new Set(BUGCHECK_0x7C.map((b) => b.p1)).size, BUGCHECK_0x7C.length);
});

test('names are unique in every table', () => {
  assert.equal(CONSTANTS.size, CONSTANT_LIST.length, 'constants');
  assert.equal(DDIS.size, DDI_LIST.length, 'DDIs');
  const roleNames = [...ROLES.keys()];
  assert.equal(new Set(roleNames).size, roleNames.length, 'roles');
  assert.equal(new Set(VERSIONS.map((v) => v.label)).size, VERSIONS.length, 'versions');
  const structNames = new Set<string>();
  for (const s of ALL_STRUCTS) for (const n of [s.name, s.tag, s.pointerTypedef]) {
    assert.ok(!structNames.has(n), n);
    structNames.add(n);
  }
  // No name is both a constant and a status.
  for (const n of STATUSES.keys()) assert.ok(!CONSTANTS.has(n), n);
});
