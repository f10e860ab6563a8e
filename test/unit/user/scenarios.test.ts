/**
 * `source:` drivers in scenario files: the schema and checks for the keys they add (kind
 * provider, defines, failCalls, ndis.irqlBugCheck, the ioctl event, query-interface by driver),
 * the example scenarios in examples/scenarios/drivers, and `ndiswb run --driver` as a process.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { exitCode, runScenario } from '../../../simulator/src/run/run';
import { createUserDriverLoader } from '../../../simulator/src/user';
import { cParser } from '../exec/helpers';
import { logs, ofKind, ROOT, runText } from './helpers';

const DRIVERS = path.join(ROOT, 'examples', 'scenarios', 'drivers');
const read = (f: string): string => fs.readFileSync(path.join(DRIVERS, f), 'utf8');

async function invalid(text: string): Promise<string[]> {
  const parser = await cParser();
  const o = runScenario({ text, file: 't.yaml', dir: ROOT, userDriverLoader: createUserDriverLoader({ parser }) });
  assert.equal(o.kind, 'invalid');
  return o.kind === 'invalid' ? o.errors.map((e) => `${e.line}:${e.col} ${e.message}`) : [];
}

const HOST = (driver: string): string => `hosts:\n  - name: pc\n    drivers:\n      - builtin: VETH\n${driver}    adapters:\n      - { name: eth0, driver: VETH }\n`;

describe('user drivers: scenarios', () => {
  it('the schema takes the new keys and every example in examples/scenarios/drivers', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'simulator', 'schema', 'scenario.schema.json'), 'utf8')) as object;
    const validate = new Ajv({ strict: false }).compile(schema);
    const files = fs.readdirSync(DRIVERS).filter((f) => f.endsWith('.yaml'));
    assert.ok(files.length >= 4);
    for (const f of files) assert.ok(validate(parse(read(f))), `${f}: ${JSON.stringify(validate.errors)}`);
    assert.equal(validate(parse(HOST('      - { source: x, kind: provider, name: X, failCalls: { IoCreateDevice: 12 }, defines: [NDIS630=1] }\n'))), true);
    assert.equal(validate(parse(HOST('      - { source: x, kind: bridge, name: X }\n'))), false);
    assert.equal(validate(parse(`${HOST('')}events:\n  - { at: 1ms, do: ioctl, driver: pc/VETH, code: 0x10, input: "01 02", outputLength: 8 }\n`)), true);
  });

  it('reports bad `source:` drivers at their keys: unknown status, keys for built-ins, missing folder, does-not-build', async () => {
    assert.match((await invalid(HOST('      - { source: examples/protocol, kind: protocol, name: TUNPROT, failCalls: { IoCreateDevice: STATUS_NOPE } }\n')))[0]!, /^5:\d+ hosts\[0\]\.drivers\[1\]\.failCalls\.IoCreateDevice: unknown status STATUS_NOPE/);
    assert.match((await invalid(HOST('      - { builtin: TINYIP, defines: [X=1] }\n')))[0]!, /defines:.*apply to `source:` drivers only/);
    assert.match((await invalid(HOST('      - { source: nowhere, kind: protocol, name: X }\n')))[0]!, /source: nowhere: no such folder/);
    assert.match((await invalid(HOST('      - { source: examples/broken/protocol-header, kind: protocol, name: TUNSTAT }\n')))[0]!, /does not build: examples\/broken\/protocol-header\/tunstat\.c:51/);
  });

  it('filter-blocks.yaml: the IOCTL sets the blocked EtherType; the next probe is dropped and the counters say so', async () => {
    const r = await runText(read('filter-blocks.yaml'), DRIVERS);
    assert.equal(exitCode(r.outcome), 0);
    const completions = ofKind(r.events, 'packet').filter((p) => p.host === 'alice' && p.hop === 'send-complete' && p.to === 'protocol:TINYIP' && /0x88b5/.test(p.summary));
    assert.deepEqual(completions.map((p) => p.status), ['NDIS_STATUS_SUCCESS', 'NDIS_STATUS_FAILURE']);
    assert.ok(logs(r.events).includes('IOCTL 0x12a400 → 0x00000000'));
    // TUNLWF_COUNTERS: 1 module, 4 sends passed (probe, 2 echo requests, ARP), 1 blocked, 3 receives.
    assert.ok(logs(r.events).includes('IOCTL 0x126404 → 0x00000000, 40 byte(s): 01000000000000000400000000000000010000000000000003000000000000000000000000000000'));
  });

  it('protocol-over-mux.yaml: two user drivers on one host; probes are reflected through the MUX', async () => {
    const r = await runText(read('protocol-over-mux.yaml'), DRIVERS);
    assert.equal(exitCode(r.outcome), 0);
    const p = ofKind(r.events, 'packet').filter((e) => e.host === 'alice');
    assert.equal(p.filter((e) => e.hop === 'send' && e.from === 'protocol:TUNPROT' && e.to === 'miniport:mux0').length, 3);
    assert.equal(p.filter((e) => e.hop === 'send' && e.from === 'protocol:TUNMUX' && e.to === 'miniport:eth0' && /0x88b5/.test(e.summary)).length, 3);
    assert.equal(p.filter((e) => e.hop === 'return' && e.from === 'protocol:TUNPROT').length, 3);
    assert.ok(ofKind(r.events, 'return').some((e) => e.api === 'QueryObjectHandler' && e.status === 'NDIS_STATUS_SUCCESS'));
  });

  it('error-path.yaml and open-retry.yaml end the way their headers say', async () => {
    const a = await runText(read('error-path.yaml'), DRIVERS);
    assert.equal(exitCode(a.outcome), 1);
    assert.ok(a.ran.violations.some((v) => v.rule === 'NDIS205' && v.source?.line === 73));
    const b = await runText(read('open-retry.yaml'), DRIVERS);
    assert.equal(b.ran.result.bugcheck?.params[0], '0x16');
  });

  it('ndiswb run --driver: exit 0 for a clean driver, 1 for a faulty one, 2 for bad usage; --print-scenario prints the YAML', () => {
    const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server', 'src', 'cli', 'main.ts'), 'run', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    const ok = cli('--driver', 'examples/protocol', '--quiet');
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /scenario: TUNPROT \(protocol\) - default scenario of ndiswb run --driver/);
    assert.match(ok.stdout, /unmodelled calls: none\nresult: clean\n$/);
    const bad = cli('--driver', 'examples/broken/irql', '--format', 'json');
    assert.equal(bad.status, 1);
    const s = JSON.parse(bad.stdout) as { bugcheck: { code: string }; violations: { rule: string }[]; unmodelled: unknown[] };
    assert.deepEqual([s.bugcheck.code, s.violations.map((v) => v.rule), s.unmodelled], ['0xA', ['NDIS211'], []]);
    const yaml = cli('--driver', 'examples/mux', '--print-scenario');
    assert.equal(yaml.status, 0);
    assert.match(yaml.stdout, /kind: intermediate\n {8}name: TUNMUX\n/);
    const usage = cli('--driver', 'examples/nowhere');
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /--driver examples\/nowhere: no such folder/);
    assert.equal(cli('--driver', 'examples/protocol', 'x.yaml').status, 2);
  });
});
