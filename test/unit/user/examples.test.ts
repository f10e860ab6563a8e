/**
 * The three example drivers run end to end in their default scenarios (what `ndiswb run --driver`
 * runs): they load, bind or attach, pass traffic, unbind or detach and unload with no violation,
 * their own functions appear as call/return events pointing at their definitions, the DDIs they
 * call point at the calling line, and the same seed gives the same trace byte for byte.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { exitCode } from '../../../simulator/src/run/run';
import { defaultFor, lineIn, logs, ofKind, ROOT, runDefault, runText, type UserRun } from './helpers';

function clean(r: UserRun): void {
  assert.equal(exitCode(r.outcome), 0, `${r.ran.result.reason}: ${JSON.stringify(r.ran.violations.map((v) => v.message))} ${r.ran.result.bugcheck?.reason ?? ''}`);
  assert.deepEqual(r.ran.violations, []);
  assert.deepEqual(r.ran.unmodelled, []);
  assert.deepEqual(r.ran.driverFailures, []);
}

/** The call event NDIS made into driver function `fn`, with its source. */
function handlerCall(r: UserRun, fn: string): { api: string; source?: { file: string; line: number } } {
  const c = ofKind(r.events, 'call').find((e) => e.function === fn && e.source && !e.api.startsWith('Ndis'));
  assert.ok(c, `no call of ${fn}`);
  return c;
}

function states(r: UserRun, object: string, name: string): string[] {
  return ofKind(r.events, 'state').filter((s) => s.object === object && s.name === name).map((s) => s.to);
}

describe('user drivers: the example drivers end to end', () => {
  it('protocol (TUNPROT): binds, sees ARP and pings, reflects tunnel probes, unbinds and unloads cleanly', async () => {
    const r = await runDefault('examples/protocol');
    clean(r);
    const bind = handlerCall(r, 'TunpBindAdapter');
    assert.equal(bind.api, 'BindAdapterHandlerEx');
    assert.deepEqual(bind.source, { file: 'examples/protocol/bind.c', line: lineIn('examples/protocol/bind.c', 'TunpBindAdapter(') - 1 });
    const open = ofKind(r.events, 'call').find((c) => c.api === 'NdisOpenAdapterEx' && c.function === 'TunpBindAdapter')!;
    assert.deepEqual(open.source, { file: 'examples/protocol/bind.c', line: lineIn('examples/protocol/bind.c', 'Status = NdisOpenAdapterEx(') });
    assert.deepEqual(states(r, 'binding', 'TUNPROT@eth0'), ['Opening', 'Paused', 'Restarting', 'Running', 'Pausing', 'Paused', 'Closing', 'Unbound']);
    assert.deepEqual(states(r, 'driver', 'TUNPROT'), ['loading', 'loaded', 'unloading', 'unloaded']);
    const packets = ofKind(r.events, 'packet');
    assert.ok(packets.some((p) => p.to === 'protocol:TUNPROT' && /ARP who-has/.test(p.summary)));
    assert.ok(packets.some((p) => p.to === 'protocol:TUNPROT' && /ICMP echo request/.test(p.summary)));
    const reflected = packets.filter((p) => p.hop === 'send' && p.from === 'protocol:TUNPROT');
    assert.equal(reflected.length, 2);
    assert.match(reflected[0]!.summary, /EtherType 0x88b5/);
    assert.ok(packets.some((p) => p.host === 'peer' && p.hop === 'indicate' && p.to === 'protocol:TINYIP' && /0x88b5/.test(p.summary)), 'the peer receives the reflection');
    assert.ok(ofKind(r.events, 'call').some((c) => c.api === 'NetPnPEventHandler' && c.args?.event === 'NetEventBindsComplete'));
    assert.ok(ofKind(r.events, 'call').some((c) => c.api === 'NdisFreeNetBufferList' && c.function === 'TunpSendNetBufferListsComplete'));
  });

  it('filter (TUNLWF): attaches, passes traffic both ways, pauses, forwards an OID, detaches and attaches again, unloads', async () => {
    const r = await runDefault('examples/filter');
    clean(r);
    assert.deepEqual(handlerCall(r, 'TunLwfAttach').source, { file: 'examples/filter/filter.c', line: lineIn('examples/filter/filter.c', 'TunLwfAttach(') - 1 });
    assert.deepEqual(states(r, 'filter-module', 'TUNLWF@eth0'), [
      'Attaching', 'Paused', 'Restarting', 'Running', 'Pausing', 'Paused', 'Restarting', 'Running', 'Pausing', 'Paused', 'Detached',
      'Attaching', 'Paused', 'Restarting', 'Running', 'Pausing', 'Paused', 'Detached',
    ]);
    const packets = ofKind(r.events, 'packet').filter((p) => p.host === 'dut');
    assert.ok(packets.some((p) => p.hop === 'send' && p.from === 'filter:TUNLWF@eth0' && p.to === 'miniport:eth0'), 'sends pass down');
    assert.ok(packets.some((p) => p.hop === 'indicate' && p.from === 'filter:TUNLWF@eth0' && p.to === 'protocol:TINYIP'), 'receives pass up');
    assert.equal(logs(r.events).filter((m) => /bytes from 10\.0\.0\.2/.test(m)).length, 2, 'dut pings the peer through the filter');
    assert.ok(logs(r.events).some((m) => /OID query OID_GEN_LINK_SPEED on eth0: NDIS_STATUS_SUCCESS/.test(m)));
    assert.ok(ofKind(r.events, 'call').some((c) => c.api === 'NdisFDeregisterFilterDriver' && c.function === 'TunLwfUnload'));
  });

  it('intermediate + provider (TUNMUX): binds below, starts mux0, carries traffic through both edges, answers interface queries, unloads', async () => {
    const r = await runDefault('examples/mux');
    clean(r);
    assert.deepEqual(states(r, 'adapter', 'mux0'), ['Initializing', 'Paused', 'Restarting', 'Running', 'Pausing', 'Paused', 'Halted']);
    assert.deepEqual(handlerCall(r, 'MuxMpInitialize').source, { file: 'examples/mux/miniport.c', line: lineIn('examples/mux/miniport.c', 'MuxMpInitialize(') - 1 });
    const packets = ofKind(r.events, 'packet').filter((p) => p.host === 'dut');
    assert.ok(packets.some((p) => p.from === 'miniport:mux0' && p.to === 'protocol:TINYIP' && /ICMP echo request/.test(p.summary)), 'up through the virtual miniport');
    assert.ok(packets.some((p) => p.from === 'protocol:TUNMUX' && p.to === 'miniport:eth0' && /ICMP echo reply/.test(p.summary)), 'down through the lower binding');
    assert.equal(logs(r.events).filter((m) => /bytes from 10\.0\.0\.2/.test(m)).length, 2);
    const q = ofKind(r.events, 'return').filter((e) => e.api === 'QueryObjectHandler');
    assert.equal(q.length, 4);
    assert.ok(q.every((e) => e.status === 'NDIS_STATUS_SUCCESS'));
    assert.deepEqual(q[0]!.out, { length: 4, value: 1 });
    assert.deepEqual(states(r, 'interface', ofKind(r.events, 'return').find((e) => e.api === 'NdisIfRegisterInterface')!.out!.ifIndex!.toString()), ['registered', 'not-registered']);
    assert.ok(ofKind(r.events, 'call').some((c) => c.api === 'NdisIMDeInitializeDeviceInstance' && c.function === 'MuxUnbindAdapter'));
  });

  it('is deterministic with user drivers: the same seed writes the same JSON Lines trace', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ndiswb-det-'));
    const text = defaultFor('examples/filter');
    await runText(text, ROOT, { trace: path.join(dir, 'a.jsonl') });
    await runText(text, ROOT, { trace: path.join(dir, 'b.jsonl') });
    await runText(text, ROOT, { trace: path.join(dir, 'c.jsonl'), seed: 7 });
    const a = fs.readFileSync(path.join(dir, 'a.jsonl'));
    assert.ok(a.length > 100_000);
    assert.ok(a.equals(fs.readFileSync(path.join(dir, 'b.jsonl'))));
    assert.ok(!a.equals(fs.readFileSync(path.join(dir, 'c.jsonl'))));
  });
});
