/**
 * Every example scenario: the correct ones run clean, the deliberate faults end the way real
 * NDIS would (status, violation or bug check), same seed gives the same trace and pcapng byte
 * for byte, and tshark reads every pcapng without malformed frames.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { exitCode, runScenario } from '../../../simulator/src/run/run';
import { ofKind, ran, run, SCENARIOS } from './helpers';

const TSHARK = ['/usr/bin/tshark', '/usr/local/bin/tshark'].find((p) => fs.existsSync(p));
const clean = fs.readdirSync(SCENARIOS).filter((f) => f.endsWith('.yaml')).sort();
const read = (f: string): string => fs.readFileSync(path.join(SCENARIOS, f), 'utf8');

function files(f: string, seed?: number): { jsonl: Buffer; pcap: Buffer; code: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ndiswb-ex-'));
  try {
    const o = runScenario({ text: read(f), file: f, dir: path.dirname(path.join(SCENARIOS, f)), trace: path.join(dir, 't.jsonl'), pcapng: path.join(dir, 't.pcapng'), ...(seed !== undefined ? { seed } : {}) });
    return { jsonl: fs.readFileSync(path.join(dir, 't.jsonl')), pcap: fs.readFileSync(path.join(dir, 't.pcapng')), code: exitCode(o) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('examples: correct scenarios', () => {
  it('there are several of them', () => assert.ok(clean.length >= 6, clean.join()));
  for (const f of clean) {
    it(`${f} runs clean, deterministically, and its pcapng reads cleanly in tshark`, () => {
      const a = files(f);
      const b = files(f);
      assert.equal(a.code, 0);
      assert.ok(a.jsonl.equals(b.jsonl), 'same seed, same JSON Lines trace');
      assert.ok(a.pcap.equals(b.pcap), 'same seed, same pcapng');
      assert.ok(a.jsonl.length > 1000);
      if (TSHARK && a.pcap.length > 200) {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ndiswb-ts-'));
        const p = path.join(dir, 'x.pcapng');
        fs.writeFileSync(p, a.pcap);
        const r = spawnSync(TSHARK, ['-r', p, '-V'], { encoding: 'utf8', maxBuffer: 256 << 20 });
        fs.rmSync(dir, { recursive: true, force: true });
        assert.equal(r.status, 0, r.stderr);
        assert.doesNotMatch(r.stdout, /Malformed/);
      }
    });
  }

  it('a different seed changes the trace (ifIndex values are drawn from the PRNG)', () => {
    assert.ok(!files('demo.yaml', 1).jsonl.equals(files('demo.yaml', 2).jsonl));
  });

  it('the demo pings: three echo replies and the UDP echo', () => {
    const { events } = run(read('demo.yaml'));
    const logs = ofKind(events, 'log').map((l) => l.message);
    assert.equal(logs.filter((m) => /56 bytes from 10\.0\.0\.2: icmp_seq=\d/.test(m)).length, 3);
    assert.ok(logs.some((m) => /UDP from 10\.0\.0\.1:7 to port 49152: 14 bytes/.test(m)));
  });

  it('mux: the interface keeps its NET_LUID across the reboot, with an ifIndex NDIS allocated again', () => {
    const { events } = run(read('mux.yaml'));
    const regs = ofKind(events, 'call').filter((c) => c.api === 'NdisIfRegisterInterface');
    const rets = ofKind(events, 'return').filter((r) => r.api === 'NdisIfRegisterInterface');
    assert.equal(regs.length, 2);
    assert.equal(regs[0]!.args!.netLuid, regs[1]!.args!.netLuid);
    assert.equal(ofKind(events, 'call').filter((c) => c.api === 'NdisIfAllocateNetLuidIndex').length, 1, 'the index is allocated once, then read back from the registry');
    for (const r of rets) {
      const ifIndex = r.out!.ifIndex as number;
      assert.ok(Number.isInteger(ifIndex) && ifIndex > 0 && ifIndex <= 0xffffff);
    }
  });
});

describe('examples: deliberate faults', () => {
  const fault = (f: string): ReturnType<typeof run> => run(read(path.join('faults', f)), { dir: path.join(SCENARIOS, 'faults') });

  it('duplicate NET_LUID: NdisIfRegisterInterface returns NDIS_STATUS_DUPLICATE_OBJECTID', () => {
    const r = fault('duplicate-luid.yaml');
    const rets = ofKind(r.events, 'return').filter((e) => e.api === 'NdisIfRegisterInterface').map((e) => e.status);
    assert.deepEqual(rets, ['NDIS_STATUS_SUCCESS', 'NDIS_STATUS_DUPLICATE_OBJECTID']);
    assert.equal(exitCode(r.outcome), 0);
  });

  it('provider torn down before its interfaces: bug check 0x7C, P1 0x17', () => {
    const o = ran(fault('provider-teardown.yaml'));
    assert.equal(o.result.reason, 'bugcheck');
    assert.equal(o.result.bugcheck!.params[0], '0x17');
    assert.equal(o.result.bugcheck!.name, 'NDIS_BUGCHECK_IFPROVIDER_DEREGISTER_UNEXPECTED');
    assert.deepEqual(o.result.bugcheck!.stack.slice(0, 2), ['ndis!NdisIfDeregisterProvider', 'TINYMUX!MuxUnload']);
    assert.equal(exitCode(o), 1);
  });

  it('open outside bind: bug check 0x7C, P1 0x16, from the timer', () => {
    const o = ran(fault('open-outside-bind.yaml'));
    assert.equal(o.result.bugcheck!.params[0], '0x16');
    assert.deepEqual(o.result.bugcheck!.stack.slice(0, 2), ['ndis!NdisOpenAdapterEx', 'TINYIP!TipBadOpenTimer']);
    assert.equal(o.result.endTime, 1_000_000);
  });

  it('leaked NBL: bug check 0x7C, P1 0x27, when the binding closes', () => {
    const r = fault('leaked-nbl.yaml');
    const o = ran(r);
    assert.equal(o.result.bugcheck!.params[0], '0x27');
    assert.match(o.result.bugcheck!.reason, /TINYIP closed its binding to eth0 while still holding 1 received NBL/);
    const last = r.events[r.events.length - 1]!;
    assert.equal(last.kind, 'bugcheck');
  });

  it('double completion: a violation, exit status 1', () => {
    const o = ran(fault('double-complete.yaml'));
    assert.deepEqual(o.violations.map((v) => v.rule), ['nbl-double-completion']);
    assert.equal(exitCode(o), 1);
  });

  it('halt without deregistering the interrupt: bug check 0x7C, P1 0x08', () => {
    assert.equal(ran(fault('halt-interrupt.yaml')).result.bugcheck!.params[0], '0x8');
  });
});
