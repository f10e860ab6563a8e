/**
 * The broken example drivers fail at run time the way real NDIS fails them, at the line the
 * static rule names (examples/broken/expected.json): runtime violations carry the rule id, and
 * where NDIS bug-checks the run ends in that bug check. Some defects only show on a particular
 * path; the scenario then takes it (fault injection with `failCalls:`, pended opens, pended OIDs).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { exitCode } from '../../../simulator/src/run/run';
import { runScenario } from '../../../simulator/src/run/run';
import { createUserDriverLoader } from '../../../simulator/src/user';
import { cParser } from '../exec/helpers';
import { defaultFor, ROOT, runText, violationsAt, type UserRun } from './helpers';

interface Expected {
  readonly file: string;
  readonly line: number;
  readonly code: string;
}
const EXPECTED = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', 'broken', 'expected.json'), 'utf8')) as Expected[];

/** "RULE file:line" of the expected.json entry for a rule in a broken example file. */
function at(file: string, code: string): string {
  const e = EXPECTED.find((x) => x.file.endsWith(file) && x.code === code);
  assert.ok(e, `${code} in ${file} is not in expected.json`);
  return `${code} ${e.file}:${e.line}`;
}

function bugcheck(r: UserRun): string {
  const b = r.ran.result.bugcheck;
  return b ? `${b.code} ${b.params[0]}` : 'none';
}

const run = (folder: string, edit: (text: string) => string = (t) => t): Promise<UserRun> => runText(edit(defaultFor(folder)));

/** Add keys to the `source:` driver entry of a default scenario. */
const driverKeys = (keys: string) => (t: string): string => t.replace(/(- \{ source: [^\n]*), name: ([A-Z0-9_.-]+) \}/, `$1, name: $2, ${keys} }`);

describe('user drivers: the broken examples fail the way NDIS fails them', () => {
  it('error-path: a bind that pends after a synchronous open (NDIS202) ends in the NDIS watchdog, 0x7C/0x25', async () => {
    const r = await run('examples/broken/error-path');
    assert.deepEqual(violationsAt(r.events), [at('tunctl.c', 'NDIS202')]);
    assert.equal(bugcheck(r), '0x7C 0x25');
    assert.match(r.ran.result.bugcheck!.reason, /did not complete NdisCompleteBindAdapterEx/);
    assert.equal(exitCode(r.outcome), 1);
  });

  it('error-path: DriverEntry failing with the protocol still registered is NDIS205 at the return', async () => {
    const r = await run('examples/broken/error-path', driverKeys('failCalls: { IoCreateDevice: STATUS_OBJECT_NAME_COLLISION }'));
    assert.ok(violationsAt(r.events).includes(at('tunctl.c', 'NDIS205')), violationsAt(r.events).join('\n'));
    assert.deepEqual(r.ran.driverFailures, ['TUNCTL on dut: DriverEntry returned STATUS_OBJECT_NAME_COLLISION']);
    assert.equal(exitCode(r.outcome), 1);
  });

  it('filter-revision: NdisFRegisterFilterDriver rejects revision 2 with NDIS 6.80 (NDIS102): DriverEntry fails', async () => {
    const r = await run('examples/broken/filter-revision');
    assert.deepEqual(r.ran.driverFailures, ['TUNCAP on dut: DriverEntry returned NDIS_STATUS_BAD_CHARACTERISTICS']);
    assert.ok(r.events.some((e) => e.kind === 'return' && e.api === 'NdisFRegisterFilterDriver' && e.status === 'NDIS_STATUS_BAD_CHARACTERISTICS'));
    assert.equal(exitCode(r.outcome), 1);
  });

  it('filter-unload: NdisFDeregisterFilterDriver from FilterDetach (NDIS214) deadlocks: 0x7C/0x25 with the detach on the stack', async () => {
    const r = await run('examples/broken/filter-unload');
    assert.deepEqual(violationsAt(r.events), [at('tunqos.c', 'NDIS214')]);
    assert.equal(bugcheck(r), '0x7C 0x25');
    assert.match(r.ran.result.bugcheck!.stack[0]!, /^TUNQOS!QosDetach \(examples\/broken\/filter-unload\/tunqos\.c:\d+\)$/);
  });

  it('filter-unload: an unload routine that never deregisters the filter is NDIS204 at the registration', async () => {
    const r = await run('examples/broken/filter-unload', driverKeys('bindTo: []'));
    assert.ok(violationsAt(r.events).includes(at('tunqos.c', 'NDIS204')), violationsAt(r.events).join('\n'));
    assert.ok(r.ran.violations.some((v) => v.rule === 'unload-without-deregister'));
  });

  it('im-order: protocol edge before the miniport edge (NDIS206), miniport edge deregistered first (NDIS213)', async () => {
    const r = await run('examples/broken/im-order');
    const v = violationsAt(r.events);
    assert.ok(v.includes(at('tunim.c', 'NDIS206')), v.join('\n'));
    assert.ok(v.includes(at('tunim.c', 'NDIS213')), v.join('\n'));
  });

  it('irql: NdisFSetAttributes under a spin lock is NDIS211 and bug check 0xA IRQL_NOT_LESS_OR_EQUAL', async () => {
    const r = await run('examples/broken/irql');
    assert.deepEqual(violationsAt(r.events), [at('tunshape.c', 'NDIS211').replace(/:\d+$/, `:${EXPECTED.find((e) => e.file.endsWith('tunshape.c'))!.line}`)]);
    assert.equal(bugcheck(r), '0xA 0x0');
    assert.equal(r.ran.result.bugcheck!.name, 'IRQL_NOT_LESS_OR_EQUAL');
  });

  it('irql: without the bug check, a pended OID completion at DISPATCH_LEVEL reaches NdisFRestartComplete (NDIS211 again)', async () => {
    const r = await run('examples/broken/irql', (t) =>
      t.replace('mac: "02:00:00:00:00:01" }', 'mac: "02:00:00:00:00:01", parameters: { PendOids: 1 } }').replace('  - name: peer', '    ndis: { irqlBugCheck: false }\n  - name: peer'));
    const lines = EXPECTED.filter((e) => e.file.endsWith('tunshape.c')).map((e) => `NDIS211 ${e.file}:${e.line}`);
    const v = violationsAt(r.events);
    for (const l of lines) assert.ok(v.includes(l), `${l} missing from\n${v.join('\n')}`);
    assert.equal(r.ran.result.bugcheck, undefined);
  });

  it('miniport-handlers: reserved driver flags and missing handlers make NdisMRegisterMiniportDriver fail', async () => {
    const r = await run('examples/broken/miniport-handlers');
    assert.deepEqual(r.ran.driverFailures, ['TUNVNIC on dut: DriverEntry returned NDIS_STATUS_BAD_CHARACTERISTICS']);
  });

  it('protocol-binding: a handle used after NdisDeregisterProtocolDriver is NDIS209', async () => {
    const r = await run('examples/broken/protocol-binding');
    assert.deepEqual(violationsAt(r.events), [at('tunmedia.c', 'NDIS209')]);
  });

  it('protocol-binding: the open retried from ProtocolOpenAdapterCompleteEx is NDIS212 and bug check 0x7C/0x16', async () => {
    const r = await run('examples/broken/protocol-binding', (t) =>
      driverKeys('failCalls: { NdisOpenAdapterEx: NDIS_STATUS_RESOURCES }')(t).replace('  - name: peer', '    ndis: { pendOpens: true }\n  - name: peer'));
    assert.deepEqual(violationsAt(r.events), [at('tunmedia.c', 'NDIS212')]);
    assert.equal(bugcheck(r), '0x7C 0x16');
  });

  it('protocol-handle: the registration handle kept in a local (NDIS203) reaches NdisOpenAdapterEx as NULL', async () => {
    const r = await run('examples/broken/protocol-handle');
    assert.equal(violationsAt(r.events)[0], at('tunlog.c', 'NDIS203'));
    assert.ok(r.ran.violations.some((v) => v.rule === 'invalid-handle' && /NdisOpenAdapterEx: NdisProtocolHandle is NULL/.test(v.message)));
  });

  it('protocol-header: a member protocols do not have (NDIS108) does not build, so nothing runs', async () => {
    const parser = await cParser();
    const o = runScenario({ text: defaultFor('examples/broken/protocol-header'), file: 't.yaml', dir: ROOT, userDriverLoader: createUserDriverLoader({ parser, displayName: (p) => path.relative(ROOT, p) }) });
    assert.equal(o.kind, 'invalid');
    assert.match(o.kind === 'invalid' ? o.errors[0]!.message : '', /does not build: examples\/broken\/protocol-header\/tunstat\.c:51: .*no member StatusHandler/);
    // The scenario's unbind/unload events name TUNSTAT; they are not reported again.
    assert.equal(o.kind === 'invalid' ? o.errors.length : 0, 1);
    assert.equal(exitCode(o), 2);
  });

  it('provider-order: NdisIfRegisterInterface before NdisIfRegisterProvider (NDIS207) with a made-up NET_LUID index (NDIS215)', async () => {
    const r = await run('examples/broken/provider-order');
    const call = at('tunifp.c', 'NDIS207').split(' ')[1];
    assert.deepEqual(violationsAt(r.events).filter((v) => v.startsWith('NDIS2')), [`NDIS207 ${call}`, `NDIS215 ${call}`]);
    assert.deepEqual(r.ran.driverFailures, ['TUNIFP on dut: DriverEntry returned NDIS_STATUS_INVALID_PARAMETER']);
  });

  it('provider-teardown: the second interface with the same NET_LUID is NDIS210 (NDIS_STATUS_DUPLICATE_OBJECTID)', async () => {
    const r = await run('examples/broken/provider-teardown');
    assert.deepEqual(violationsAt(r.events), [at('tunteam.c', 'NDIS210')]);
    assert.deepEqual(r.ran.driverFailures, ['TUNTEAM on dut: DriverEntry returned NDIS_STATUS_DUPLICATE_OBJECTID']);
  });

  it('inf-identity: a ServiceName and UniqueName the INF does not install (NDIS113, NDIS114): the filter never attaches', async () => {
    const r = await run('examples/broken/inf-identity');
    assert.deepEqual(violationsAt(r.events).sort(), [at('tunmon.c', 'NDIS113'), at('tunmon.c', 'NDIS114')].sort());
    assert.ok(!r.events.some((e) => e.kind === 'call' && e.api === 'AttachHandler' && e.component.startsWith('filter:TUNMONITOR')));
  });

  it('register-context: a protocol registered from ProtocolNetPnPEvent(NetEventBindsComplete) is NDIS201', async () => {
    const r = await run('examples/broken/register-context');
    assert.deepEqual(violationsAt(r.events), [at('tunpair.c', 'NDIS201')]);
  });
});
