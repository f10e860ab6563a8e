import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { STRUCTS, type StructName } from '../../../common/src/catalog';
import { loadDriver, TestHost, type ExternalCall, type Handler, type Interpreter, type TestHostOptions } from '../../../simulator/src/exec';
import { cParser } from './helpers';

const EXAMPLES = path.resolve(__dirname, '../../../examples');

/** A characteristics structure read from interpreter memory at the catalog's offsets. */
interface Snapshot {
  readonly type: number;
  readonly revision: number;
  readonly size: number;
  /** Member name → handler function name (undefined when NULL), number, or string. */
  readonly members: Record<string, string | number | undefined>;
}

function snapshot(c: ExternalCall, struct: StructName, addr: number): Snapshot {
  const m = c.exec.memory;
  const members: Record<string, string | number | undefined> = {};
  for (const mem of STRUCTS[struct].members) {
    const at = addr + mem.offsetX64;
    if (mem.role || mem.cType === 'PVOID') {
      const p = m.ptr(at);
      members[mem.name] = p ? (c.exec.functionName(p) ?? `0x${p.toString(16)}`) : undefined;
    } else if (mem.cType === 'NDIS_STRING') members[mem.name] = m.unicodeString(at);
    else if (mem.cType === 'UCHAR') members[mem.name] = m.u8(at);
    else if (mem.cType === 'ULONG') members[mem.name] = m.u32(at);
  }
  return { type: m.u8(addr), revision: m.u8(addr + 1), size: m.u16(addr + 2), members };
}

/** Registration DDIs: which argument is the structure, which the out handle. */
const REGISTRATIONS: Record<string, [StructName, number, number]> = {
  NdisRegisterProtocolDriver: ['NDIS_PROTOCOL_DRIVER_CHARACTERISTICS', 1, 2],
  NdisMRegisterMiniportDriver: ['NDIS_MINIPORT_DRIVER_CHARACTERISTICS', 3, 4],
  NdisFRegisterFilterDriver: ['NDIS_FILTER_DRIVER_CHARACTERISTICS', 2, 3],
  NdisIfRegisterProvider: ['NDIS_IF_PROVIDER_CHARACTERISTICS', 0, 2],
};

interface Booted {
  readonly interp: Interpreter;
  readonly host: TestHost;
  readonly registered: { name: string; handle: number; chars: Snapshot }[];
  readonly driverObject: number;
  readonly status: number | bigint;
}

async function boot(folder: string, extra: TestHostOptions['overrides'] = {}): Promise<Booted> {
  const registered: Booted['registered'] = [];
  const overrides: Record<string, Handler> = { ...extra };
  for (const [name, [struct, structArg, handleArg]] of Object.entries(REGISTRATIONS)) {
    overrides[name] = (c) => {
      const handle = c.exec.memory.newHandle();
      registered.push({ name, handle, chars: snapshot(c, struct, Number(c.args[structArg]!.value)) });
      c.exec.memory.w64(Number(c.args[handleArg]!.value), handle);
      return 0;
    };
  }
  const host = new TestHost({ overrides });
  const interp = loadDriver({ folder: path.join(EXAMPLES, folder), parser: await cParser(), host });
  assert.deepEqual(interp.diagnostics.filter((d) => d.severity !== 'info'), [], `${folder} loads without diagnostics`);
  const driverObject = interp.allocate(interp.sizeOf('DRIVER_OBJECT'), 'DRIVER_OBJECT');
  const registryPath = interp.allocate(interp.sizeOf('UNICODE_STRING'), 'RegistryPath');
  const status = interp.call('DriverEntry', [driverObject, registryPath]);
  return { interp, host, registered, driverObject, status };
}

const unloadOf = (b: Booted): string | undefined => b.interp.functionName(b.interp.memory.ptr(b.driverObject + b.interp.offsetOf('DRIVER_OBJECT', 'DriverUnload')));

describe('exec: the example drivers’ DriverEntry', () => {
  it('protocol: registers NDIS_PROTOCOL_DRIVER_CHARACTERISTICS laid out as NDIS reads them', async () => {
    const b = await boot('protocol');
    assert.equal(b.status, 0);
    assert.deepEqual(b.registered.map((r) => r.name), ['NdisRegisterProtocolDriver']);
    const c = b.registered[0]!.chars;
    assert.deepEqual([c.type, c.revision, c.size], [0x95, 2, 128]);
    assert.deepEqual(c.members, {
      MajorNdisVersion: 6, MinorNdisVersion: 30, MajorDriverVersion: 1, MinorDriverVersion: 2, Flags: 0, Name: 'TUNPROT',
      SetOptionsHandler: undefined, BindAdapterHandlerEx: 'TunpBindAdapter', UnbindAdapterHandlerEx: 'TunpUnbindAdapter',
      OpenAdapterCompleteHandlerEx: 'TunpOpenAdapterComplete', CloseAdapterCompleteHandlerEx: 'TunpCloseAdapterComplete',
      NetPnPEventHandler: 'TunpNetPnPEvent', UninstallHandler: undefined, OidRequestCompleteHandler: 'TunpOidRequestComplete',
      StatusHandlerEx: 'TunpStatus', ReceiveNetBufferListsHandler: 'TunpReceiveNetBufferLists',
      SendNetBufferListsCompleteHandler: 'TunpSendNetBufferListsComplete', DirectOidRequestCompleteHandler: undefined,
    });
    assert.equal(unloadOf(b), 'TunpUnload');
    const globals = b.interp.global('Globals')!;
    assert.equal(b.interp.memory.ptr(globals + b.interp.offsetOf('TUN_GLOBALS', 'ProtocolHandle')), b.registered[0]!.handle);
    assert.equal(b.interp.memory.ptr(globals + b.interp.offsetOf('TUN_GLOBALS', 'DriverObject')), b.driverObject);
  });

  it('filter: registers REV_3 filter characteristics for NDIS 6.80 and creates its control device', async () => {
    const b = await boot('filter');
    assert.equal(b.status, 0);
    assert.deepEqual(b.registered.map((r) => r.name), ['NdisFRegisterFilterDriver']);
    const c = b.registered[0]!.chars;
    assert.deepEqual([c.type, c.revision, c.size], [0x8b, 3, 240]);
    assert.deepEqual(
      [c.members.MinorNdisVersion, c.members.FriendlyName, c.members.UniqueName, c.members.ServiceName],
      [80, 'Tunnel Workbench EtherType Filter', '{6f1c1a52-3d0e-4b8e-9a57-2c4e0b7d91a3}', 'TUNLWF'],
    );
    const handlers = Object.fromEntries(Object.entries(c.members).filter(([k]) => k.endsWith('Handler')));
    assert.deepEqual(handlers, {
      SetOptionsHandler: undefined, SetFilterModuleOptionsHandler: undefined, AttachHandler: 'TunLwfAttach', DetachHandler: 'TunLwfDetach',
      RestartHandler: 'TunLwfRestart', PauseHandler: 'TunLwfPause', SendNetBufferListsHandler: 'TunLwfSendNetBufferLists',
      SendNetBufferListsCompleteHandler: 'TunLwfSendNetBufferListsComplete', CancelSendNetBufferListsHandler: 'TunLwfCancelSendNetBufferLists',
      ReceiveNetBufferListsHandler: 'TunLwfReceiveNetBufferLists', ReturnNetBufferListsHandler: 'TunLwfReturnNetBufferLists',
      OidRequestHandler: 'TunLwfOidRequest', OidRequestCompleteHandler: 'TunLwfOidRequestComplete', CancelOidRequestHandler: 'TunLwfCancelOidRequest',
      DevicePnPEventNotifyHandler: undefined, NetPnPEventHandler: 'TunLwfNetPnPEvent', StatusHandler: 'TunLwfStatus',
      DirectOidRequestHandler: undefined, DirectOidRequestCompleteHandler: undefined, CancelDirectOidRequestHandler: undefined,
      SynchronousOidRequestHandler: undefined, SynchronousOidRequestCompleteHandler: undefined,
    });
    assert.equal(unloadOf(b), 'TunLwfUnload');
    // The control device's dispatch table, read through NDIS_DEVICE_OBJECT_ATTRIBUTES.
    const dev = b.host.callsTo('NdisRegisterDeviceEx')[0]!;
    const m = b.interp.memory;
    const attrs = Number(dev.args[1]!.value);
    const table = m.ptr(attrs + b.interp.offsetOf('NDIS_DEVICE_OBJECT_ATTRIBUTES', 'MajorFunctions'));
    assert.deepEqual([0x00, 0x02, 0x0e, 0x12, 0x03].map((mj) => b.interp.functionName(m.ptr(table + 8 * mj))), ['TunLwfDispatch', 'TunLwfDispatch', 'TunLwfDeviceIoControl', 'TunLwfDispatch', undefined]);
    assert.equal(m.unicodeString(m.ptr(attrs + b.interp.offsetOf('NDIS_DEVICE_OBJECT_ATTRIBUTES', 'DeviceName'))), '\\Device\\TunLwf');
  });

  it('mux: registers the miniport edge, the interface provider, then the protocol edge, and associates them', async () => {
    const b = await boot('mux');
    assert.equal(b.status, 0);
    assert.deepEqual(b.registered.map((r) => r.name), ['NdisMRegisterMiniportDriver', 'NdisIfRegisterProvider', 'NdisRegisterProtocolDriver']);
    const [mp, prov, proto] = b.registered.map((r) => r.chars);
    assert.deepEqual([mp!.type, mp!.revision, mp!.size, mp!.members.MinorNdisVersion, mp!.members.Flags], [0x8a, 2, 152, 30, 1]);
    assert.deepEqual(
      ['InitializeHandlerEx', 'HaltHandlerEx', 'UnloadHandler', 'PauseHandler', 'RestartHandler', 'OidRequestHandler', 'SendNetBufferListsHandler', 'ReturnNetBufferListsHandler', 'CancelSendHandler', 'CheckForHangHandlerEx', 'ResetHandlerEx', 'DevicePnPEventNotifyHandler', 'ShutdownHandlerEx', 'CancelOidRequestHandler'].map((k) => mp!.members[k]),
      ['MuxMpInitialize', 'MuxMpHalt', 'MuxUnload', 'MuxMpPause', 'MuxMpRestart', 'MuxMpOidRequest', 'MuxMpSendNetBufferLists', 'MuxMpReturnNetBufferLists', 'MuxMpCancelSend', undefined, undefined, 'MuxMpDevicePnPEventNotify', 'MuxMpShutdown', 'MuxMpCancelOidRequest'],
    );
    assert.deepEqual([prov!.type, prov!.revision, prov!.size], [0x80, 1, 40]);
    assert.deepEqual(prov!.members, { QueryObjectHandler: 'MuxProviderQueryObject', SetObjectHandler: 'MuxProviderSetObject', Reserved1: undefined, Reserved2: undefined });
    assert.deepEqual([proto!.type, proto!.revision, proto!.size, proto!.members.Name, proto!.members.BindAdapterHandlerEx], [0x95, 2, 128, 'TUNMUX', 'MuxBindAdapter']);
    const assoc = b.host.callsTo('NdisIMAssociateMiniport')[0]!;
    assert.deepEqual(assoc.args.map((a) => a.value), [b.registered[0]!.handle, b.registered[2]!.handle]);
  });
});
