/**
 * Beyond DriverEntry: the example drivers' bind, PnP, OID, receive/reflect and send paths run
 * against a TestHost that plays a minimal NDIS (NBLs, MDLs and parameters built in interpreter
 * memory at the WDK offsets). Also measures the interpreted send path.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { loadDriver, TestHost, type ExternalCall, type Handler, type Interpreter } from '../../../simulator/src/exec';
import { STRUCTS } from '../../../common/src/catalog';
import { cParser } from './helpers';

const EXAMPLES = path.resolve(__dirname, '../../../examples');

/** Write a little struct by member paths. */
function fill(i: Interpreter, type: string, at: number, values: Record<string, number | bigint>): void {
  const m = i.memory;
  const t = i.type(type);
  assert.ok(t && t.k === 'struct');
  for (const [p, v] of Object.entries(values)) {
    const off = at + i.offsetOf(type, p);
    const size = (() => {
      let cur = t as import('../../../simulator/src/exec').ctypes.CType;
      for (const part of p.split('.')) cur = (cur as import('../../../simulator/src/exec').ctypes.RecordType).members.get(part)!.type;
      return cur.k === 'ptr' ? 8 : (cur as { size: number }).size;
    })();
    if (size === 1) m.w8(off, Number(v));
    else if (size === 2) m.w16(off, Number(v));
    else if (size === 4) m.w32(off, Number(v));
    else m.w64(off, v);
  }
}

/** NBL → NB → MDL → bytes, as NDIS builds them. */
function makeNbl(i: Interpreter, frame: Uint8Array): number {
  const buf = i.allocate(frame.length, 'frame');
  i.memory.write(buf, frame);
  const mdl = i.allocate(i.sizeOf('MDL'), 'MDL');
  fill(i, 'MDL', mdl, { StartVa: buf, ByteCount: frame.length });
  const nb = i.allocate(i.sizeOf('NET_BUFFER'), 'NET_BUFFER');
  fill(i, 'NET_BUFFER', nb, { MdlChain: mdl, CurrentMdl: mdl, DataLength: frame.length });
  const nbl = i.allocate(i.sizeOf('NET_BUFFER_LIST'), 'NET_BUFFER_LIST');
  fill(i, 'NET_BUFFER_LIST', nbl, { FirstNetBuffer: nb });
  return nbl;
}

/** NdisGetDataBuffer for contiguous single-MDL buffers. */
const getDataBuffer: Handler = (c) => {
  const i = c.exec as Interpreter;
  const m = c.exec.memory;
  const nb = Number(c.args[0]!.value);
  const needed = Number(c.args[1]!.value);
  if (needed > m.u32(nb + i.offsetOf('NET_BUFFER', 'DataLength'))) return 0;
  const mdl = m.ptr(nb + i.offsetOf('NET_BUFFER', 'CurrentMdl'));
  return m.ptr(mdl + i.offsetOf('MDL', 'StartVa')) + m.u32(mdl + i.offsetOf('MDL', 'ByteOffset')) + m.u32(nb + i.offsetOf('NET_BUFFER', 'CurrentMdlOffset'));
};

function frame(etherType: number): Uint8Array {
  const f = new Uint8Array(60);
  f.set([0x02, 0, 0, 0, 0, 0x01], 0); // destination: us
  f.set([0x02, 0, 0, 0, 0, 0x99], 6); // source: the prober
  f[12] = etherType >> 8;
  f[13] = etherType & 0xff;
  f[20] = 0x5a;
  return f;
}

async function load(folder: string, overrides: Record<string, Handler>): Promise<{ i: Interpreter; host: TestHost }> {
  const host = new TestHost({ overrides: { NdisGetDataBuffer: getDataBuffer, ...overrides } });
  const i = loadDriver({ folder: path.join(EXAMPLES, folder), parser: await cParser(), host });
  const drv = i.allocate(i.sizeOf('DRIVER_OBJECT'), 'DRIVER_OBJECT');
  assert.equal(i.call('DriverEntry', [drv, i.allocate(16, 'RegistryPath')]), 0);
  return { i, host };
}

const handleOut = (arg: number): Handler => (c) => {
  c.exec.memory.w64(Number(c.args[arg]!.value), c.exec.memory.newHandle());
  return 0;
};

describe('exec: example data paths', () => {
  it('protocol: binds, restarts (OID), reflects a tunnel probe and reclaims it at send-complete', async () => {
    const sent: number[] = [];
    const returned: number[] = [];
    let filterSet = -1;
    const { i, host } = await load('protocol', {
      NdisRegisterProtocolDriver: handleOut(2),
      NdisAllocateNetBufferListPool: (c) => c.exec.memory.newHandle(),
      NdisOpenAdapterEx: (c) => {
        const op = Number(c.args[2]!.value);
        assert.equal(c.exec.memory.u8(op), 0x87);
        c.exec.memory.w32(c.exec.memory.ptr(op + (c.exec as Interpreter).offsetOf('NDIS_OPEN_PARAMETERS', 'SelectedMediumIndex')), 0);
        return handleOut(4)(c);
      },
      NdisOidRequest: (c) => {
        const r = Number(c.args[1]!.value);
        const ii = c.exec as Interpreter;
        assert.equal(c.exec.memory.u32(r + ii.offsetOf('NDIS_OID_REQUEST', 'DATA.SET_INFORMATION.Oid')), 0x0001010e);
        filterSet = c.exec.memory.u32(c.exec.memory.ptr(r + ii.offsetOf('NDIS_OID_REQUEST', 'DATA.SET_INFORMATION.InformationBuffer')));
        return 0;
      },
      NdisAllocateMdl: (c: ExternalCall) => {
        const ii = c.exec as Interpreter;
        const mdl = ii.allocate(ii.sizeOf('MDL'), 'MDL');
        fill(ii, 'MDL', mdl, { StartVa: Number(c.args[1]!.value), ByteCount: Number(c.args[2]!.value) });
        return mdl;
      },
      NdisAllocateNetBufferAndNetBufferList: (c) => {
        const ii = c.exec as Interpreter;
        const nb = ii.allocate(ii.sizeOf('NET_BUFFER'), 'NET_BUFFER');
        fill(ii, 'NET_BUFFER', nb, { MdlChain: Number(c.args[3]!.value), CurrentMdl: Number(c.args[3]!.value), DataLength: Number(c.args[5]!.value) });
        const nbl = ii.allocate(ii.sizeOf('NET_BUFFER_LIST'), 'NET_BUFFER_LIST');
        fill(ii, 'NET_BUFFER_LIST', nbl, { FirstNetBuffer: nb });
        return nbl;
      },
      NdisSendNetBufferLists: (c) => (sent.push(Number(c.args[1]!.value)), 0),
      NdisReturnNetBufferLists: (c) => (returned.push(Number(c.args[1]!.value)), 0),
      NdisFreeNetBufferList: (c) => {
        const ii = c.exec as Interpreter;
        const nbl = Number(c.args[0]!.value);
        ii.free(c.exec.memory.ptr(nbl + ii.offsetOf('NET_BUFFER_LIST', 'FirstNetBuffer')));
        ii.free(nbl);
        return 0;
      },
      NdisFreeMdl: (c) => ((c.exec as Interpreter).free(Number(c.args[0]!.value)), 0),
    });
    const m = i.memory;
    const globals = i.global('Globals')!;
    // Bind.
    const name = i.allocate(16, 'AdapterName');
    const bp = i.allocate(i.sizeOf('NDIS_BIND_PARAMETERS'), 'NDIS_BIND_PARAMETERS');
    fill(i, 'NDIS_BIND_PARAMETERS', bp, { 'Header.Type': 0x86, 'Header.Revision': 3, AdapterName: name, MediaType: 0, MtuSize: 1500, MacAddressLength: 6, BoundIfIndex: 7 });
    m.write(bp + i.offsetOf('NDIS_BIND_PARAMETERS', 'CurrentMacAddress'), Uint8Array.from([0x02, 0, 0, 0, 0, 0x01]));
    assert.equal(i.call('TunpBindAdapter', [globals, m.newHandle(), bp]), 0);
    assert.equal(m.u32(globals + i.offsetOf('TUN_GLOBALS', 'OpenCount')), 1);
    const open = m.ptr(globals + i.offsetOf('TUN_GLOBALS', 'OpenList.Flink'));
    assert.deepEqual([m.u32(open + i.offsetOf('TUN_OPEN', 'State')), m.u32(open + i.offsetOf('TUN_OPEN', 'MtuSize')), m.u8(open + i.offsetOf('TUN_OPEN', 'CurrentAddress') + 5)], [1, 1500, 1]);
    // Restart: the packet filter OID, then Running.
    const pnp = i.allocate(i.sizeOf('NET_PNP_EVENT_NOTIFICATION'), 'NET_PNP_EVENT_NOTIFICATION');
    fill(i, 'NET_PNP_EVENT_NOTIFICATION', pnp, { 'NetPnPEvent.NetEvent': 9 });
    assert.equal(i.call('TunpNetPnPEvent', [open, pnp]), 0);
    assert.equal(filterSet, 0x9);
    assert.equal(m.u32(open + i.offsetOf('TUN_OPEN', 'State')), 3);
    // Receive a probe and a non-probe: one reflection, both NBLs returned.
    const probe = makeNbl(i, frame(0x88b5));
    const other = makeNbl(i, frame(0x0800));
    fill(i, 'NET_BUFFER_LIST', probe, { Next: other });
    i.call('TunpReceiveNetBufferLists', [open, probe, 0, 2, 0]);
    assert.deepEqual(returned, [probe]);
    assert.equal(sent.length, 1);
    const nb = m.ptr(sent[0]! + i.offsetOf('NET_BUFFER_LIST', 'FirstNetBuffer'));
    const data = m.ptr(m.ptr(nb + i.offsetOf('NET_BUFFER', 'MdlChain')) + i.offsetOf('MDL', 'StartVa'));
    assert.deepEqual([...m.read(data, 14)], [0x02, 0, 0, 0, 0, 0x99, 0x02, 0, 0, 0, 0, 0x01, 0x88, 0xb5]);
    assert.equal(m.u8(data + 20), 0x5a);
    assert.equal(m.u32(open + i.offsetOf('TUN_OPEN', 'PendingSends')), 1);
    // Send complete frees NBL, MDL and the frame copy.
    const poolBefore = host.pool.size;
    i.call('TunpSendNetBufferListsComplete', [open, sent[0]!, 0]);
    assert.equal(m.u32(open + i.offsetOf('TUN_OPEN', 'PendingSends')), 0);
    assert.equal(host.pool.size, poolBefore - 1);
    assert.equal(m.valid(data, 1), false);
    assert.deepEqual(i.logEntries.filter((e) => e.kind === 'unmodelled').map((e) => e.message.split(' at ')[0]), []);
  });

  it('filter: attaches, restarts and passes or drops sends by EtherType — fast enough for the benchmark', async (t) => {
    let passed = 0;
    let dropped = 0;
    // NDIS copies the characteristics at registration; keep the handler pointers like it does.
    const handlers = new Map<string, number>();
    const { i } = await load('filter', {
      NdisFRegisterFilterDriver: (c) => {
        const chars = Number(c.args[2]!.value);
        for (const m of STRUCTS.NDIS_FILTER_DRIVER_CHARACTERISTICS.members) if (m.role) handlers.set(m.name, c.exec.memory.ptr(chars + m.offsetX64));
        return handleOut(3)(c);
      },
      NdisFSetAttributes: () => 0,
      NdisFSendNetBufferLists: (c) => {
        for (let n = Number(c.args[1]!.value); n; n = c.exec.memory.ptr(n)) passed++;
        return 0;
      },
      NdisFSendNetBufferListsComplete: (c) => {
        for (let n = Number(c.args[1]!.value); n; n = c.exec.memory.ptr(n)) dropped++;
        return 0;
      },
    });
    const m = i.memory;
    const ap = i.allocate(i.sizeOf('NDIS_FILTER_ATTACH_PARAMETERS'), 'NDIS_FILTER_ATTACH_PARAMETERS');
    fill(i, 'NDIS_FILTER_ATTACH_PARAMETERS', ap, { 'Header.Type': 0x99, MiniportMediaType: 0, BaseMiniportIfIndex: 12 });
    const driverObject = m.ptr(i.global('g_TunLwfDriverObject')!);
    const filterHandle = m.newHandle();
    assert.equal(i.call(handlers.get('AttachHandler')!, [filterHandle, driverObject, ap]), 0);
    const list = i.global('g_TunLwfModuleList')!;
    const module = m.ptr(list);
    assert.equal(m.ptr(module + i.offsetOf('TUNLWF_MODULE', 'FilterHandle')), filterHandle);
    assert.equal(i.call(handlers.get('RestartHandler')!, [module, 0]), 0);
    const send = handlers.get('SendNetBufferListsHandler')!;
    assert.equal(i.functionName(send), 'TunLwfSendNetBufferLists');
    m.w32(i.global('g_TunLwfBlockedEtherType')!, 0x88b5);
    // A chain of 64 NBLs, every fourth one blocked.
    const chain: number[] = [];
    for (let k = 0; k < 64; k++) chain.push(makeNbl(i, frame(k % 4 === 0 ? 0x88b5 : 0x0800)));
    const relink = (): void => chain.forEach((n, k) => m.w64(n, chain[k + 1] ?? 0));
    relink();
    i.call(send, [module, chain[0]!, 0, 0]);
    assert.deepEqual([passed, dropped], [48, 16]);
    assert.equal(m.i64(module + i.offsetOf('TUNLWF_MODULE', 'SendsBlocked')), 16);
    // Throughput of the interpreted send path (after a warm-up, so the JIT has settled).
    for (let r = 0; r < 200; r++) {
      relink();
      i.call(send, [module, chain[0]!, 0, 0]);
    }
    const rounds = 1000;
    const t0 = performance.now();
    for (let r = 0; r < rounds; r++) {
      relink();
      i.call(send, [module, chain[0]!, 0, 0]);
    }
    const perSecond = Math.round((rounds * 64) / ((performance.now() - t0) / 1000));
    t.diagnostic(`interpreted filter send path: ${perSecond} NBLs/s`);
    assert.equal(passed + dropped, 64 * (rounds + 201));
    assert.ok(perSecond > 20_000, `send path too slow: ${perSecond} NBLs/s`);
  });
});
