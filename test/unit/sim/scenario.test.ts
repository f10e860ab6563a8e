/**
 * Scenario files: YAML and schema errors with file, line and column; topology checks; the
 * shipped JSON Schema; the bundled demo kept identical to examples/scenarios/demo.yaml.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { DEMO_SCENARIO } from '../../../simulator/src/scenario/demo';
import type { ScenarioError } from '../../../simulator/src/scenario/model';
import { ROOT, run, SCENARIOS, twoHosts } from './helpers';

function errors(text: string): ScenarioError[] {
  const o = run(text).outcome;
  assert.equal(o.kind, 'invalid', 'the scenario should have been rejected');
  return o.kind === 'invalid' ? [...o.errors] : [];
}

function one(text: string): ScenarioError {
  const e = errors(text);
  assert.equal(e.length, 1, JSON.stringify(e));
  return e[0]!;
}

const BASE = `hosts:
  - name: pc
    drivers:
      - builtin: VETH
    adapters:
      - { name: eth0, driver: VETH }
`;

describe('scenario: reading', () => {
  it('reports malformed YAML with line and column', () => {
    const e = errors('hosts:\n  - name: pc\n    drivers: [ {builtin: VETH\n')[0]!;
    assert.equal(e.file, 'test.yaml');
    assert.match(e.message, /^YAML: /);
    assert.ok(e.line >= 3, `line ${e.line}`);
  });

  it('points an unknown key at the key itself and lists the expected ones', () => {
    const e = one(BASE.replace('{ name: eth0, driver: VETH }', '{ name: eth0, driver: VETH, macc: "02:00:00:00:00:01" }'));
    assert.equal(e.line, 6);
    assert.equal(e.col, 37);
    assert.match(e.message, /^hosts\[0\]\.adapters\[0\]\.macc: unknown key "macc" \(expected one of: name, driver, virtual, mac/);
  });

  it('reports wrong types, bad enum values and bad durations at their values', () => {
    const t = one(`${BASE}seed: fast\n`);
    assert.deepEqual([t.line, t.col], [7, 7]);
    assert.match(t.message, /^seed: must be an integer/);
    const en = one(BASE.replace('builtin: VETH', 'builtin: VETH2'));
    assert.deepEqual([en.line, en.col], [4, 18]);
    assert.match(en.message, /must be one of: VETH, TINYIP, TINYLWF, TINYMUX/);
    const d = one(`${BASE}stop: { at: soon }\n`);
    assert.match(d.message, /^stop\.at: not valid here\. A duration/);
    assert.equal(d.line, 7);
  });

  it('reports a missing required key and an empty document', () => {
    assert.match(one('name: x\n').message, /missing "hosts"/);
    assert.match(one('').message, /empty/);
  });

  it('rejects impossible topologies with positions', () => {
    const virt = one(BASE.replace('{ name: eth0, driver: VETH }', '{ name: eth0, driver: VETH, virtual: true }'));
    assert.match(virt.message, /VETH is not an intermediate driver/);
    const noDrv = one(BASE.replace('{ name: eth0, driver: VETH }', '{ name: eth0, driver: E1000 }'));
    assert.match(noDrv.message, /no driver E1000 is installed on pc/);
    assert.equal(noDrv.line, 6);
    const self = one(`${BASE}wires:\n  - { name: w, between: [pc/eth0, pc/eth0] }\n`);
    assert.match(self.message, /connects pc\/eth0 to itself; use `loopback: pc\/eth0`/);
    assert.equal(self.line, 8);
    const twice = errors(`${BASE}wires:\n  - { name: a, loopback: pc/eth0 }\n  - { name: b, loopback: pc/eth0 }\n`);
    assert.match(twice[0]!.message, /already plugged into wire a/);
    const ghost = one(`${BASE}wires:\n  - { name: w, between: [pc/eth0, mars/eth0] }\n`);
    assert.match(ghost.message, /no host named mars/);
    const bind = one(BASE.replace('- builtin: VETH', '- { builtin: VETH, bindTo: [eth9] }'));
    assert.match(bind.message, /pc has no adapter eth9/);
  });

  it('checks traffic and events against the topology', () => {
    const noIp = one(`${BASE}traffic:\n  - at: 1ms\n    ping: { from: pc, to: 10.0.0.1 }\n`);
    assert.match(noIp.message, /pc has no TINYIP protocol to send from/);
    assert.equal(noIp.line, 9);
    const badIp = errors(twoHosts({ tail: 'traffic:\n  - at: 1ms\n    ping: { from: alice, to: 10.0.0.300 }\n' }));
    assert.match(badIp[0]!.message, /is not an IPv4 address/);
    const two = one(`${BASE}traffic:\n  - at: 1ms\n    inject: pc/eth0\n    hex: "00"\n    pcap: x.pcap\n`);
    assert.match(two.message, /exactly one of `frame:`, `hex:` and `pcap:`/);
    const shortHex = one(`${BASE}traffic:\n  - at: 1ms\n    inject: pc/eth0\n    hex: "0011"\n`);
    assert.match(shortHex.message, /shorter than an Ethernet header/);
    const oid = one(`${BASE}events:\n  - { at: 1ms, do: oid, adapter: pc/eth0, oid: OID_GEN_NOPE }\n`);
    assert.match(oid.message, /unknown OID OID_GEN_NOPE/);
    const wire = one(`${BASE}events:\n  - { at: 1ms, do: unplug, wire: w9 }\n`);
    assert.match(wire.message, /no wire named w9/);
    const frame = one(`${BASE}traffic:\n  - at: 1ms\n    inject: pc/eth0\n    frame: { ipv4: { src: 1.2.3.4, dst: 1.2.3 } }\n`);
    assert.match(frame.message, /traffic\[0\]\.frame\.ipv4\.dst: not a valid IPv4 address/);
  });

  it('reports an unreadable or broken capture file at its key', () => {
    const missing = one(`${BASE}traffic:\n  - at: 1ms\n    inject: pc/eth0\n    pcap: captures/none.pcap\n`);
    assert.match(missing.message, /cannot read captures\/none\.pcap: no such file/);
    assert.equal(missing.line, 10);
    const notPcap = one(`${BASE}traffic:\n  - at: 1ms\n    inject: pc/eth0\n    pcap: ../README.md\n`);
    assert.match(notPcap.message, /not a pcap or pcapng file/);
  });

  it('says that `source:` drivers need driver execution, and takes a loader for them', () => {
    const text = BASE.replace('- builtin: VETH', '- builtin: VETH\n      - { name: TUNPROT, source: ../protocol, kind: protocol }');
    assert.match(one(text).message, /driver execution/);
    const loaded = run(text, { userDriverLoader: (src, kind, svc) => `loader called with ${src} ${kind} ${svc}` });
    assert.equal(loaded.outcome.kind, 'invalid');
    assert.match(loaded.outcome.kind === 'invalid' ? loaded.outcome.errors[0]!.message : '', /loader called with \.\.\/protocol protocol TUNPROT/);
  });
});

describe('scenario: schema and examples', () => {
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'simulator', 'schema', 'scenario.schema.json'), 'utf8')) as object;

  it('ships a JSON Schema that compiles and validates every example', () => {
    const validate = new Ajv({ strict: false }).compile(schema);
    const files = [...fs.readdirSync(SCENARIOS).map((f) => path.join(SCENARIOS, f)), ...fs.readdirSync(path.join(SCENARIOS, 'faults')).map((f) => path.join(SCENARIOS, 'faults', f))].filter((f) => f.endsWith('.yaml'));
    assert.ok(files.length >= 10);
    for (const f of files) assert.ok(validate(parse(fs.readFileSync(f, 'utf8'))), `${f}: ${JSON.stringify(validate.errors)}`);
    assert.equal(validate({ hosts: [], bogus: 1 }), false);
  });

  it('keeps the embedded demo identical to examples/scenarios/demo.yaml', () => {
    assert.equal(DEMO_SCENARIO, fs.readFileSync(path.join(SCENARIOS, 'demo.yaml'), 'utf8'));
  });
});
