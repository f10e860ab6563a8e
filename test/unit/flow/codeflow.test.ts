/**
 * The path to a whole-driver finding: related information on the diagnostic (LSP) and a SARIF
 * codeFlow with the same steps (`ndiswb check --format sarif`).
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatSarif } from '../../../server/src/cli/format';
import { analyse } from '../../helpers/ruleTester';
import { protocolDriver, protocolEntry } from './drivers';

const LEAK = protocolEntry({
  before: 'NDIS_STATUS CreateControlDevice(VOID);\n',
  register: `    Status = NdisRegisterProtocolDriver(NULL, &PChars, &Globals.ProtocolHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        goto cleanup;
    }
    Status = CreateControlDevice();
    if (Status != NDIS_STATUS_SUCCESS)
    {
        goto cleanup;
    }
cleanup:
    return Status;`,
});

describe('finding paths', () => {
  it('NDIS205 explains the path: registered, the branch that fails, the return', async () => {
    const r = await analyse(protocolDriver(LEAK));
    const d = r.diagnostics.find((x) => x.code === 'NDIS205');
    assert.ok(d, 'NDIS205 reported');
    const steps = d.flow!.map((f) => f.message);
    const registered = steps.findIndex((m) => m === 'NdisRegisterProtocolDriver succeeds here');
    const fails = steps.findIndex((m) => m === '`Status != NDIS_STATUS_SUCCESS` is true here');
    const jumps = steps.findIndex((m) => m === 'jumps to cleanup');
    const last = steps[steps.length - 1]!;
    assert.ok(registered >= 0 && fails > registered && jumps > fails, steps.join(' | '));
    assert.match(last, /without NdisDeregisterProtocolDriver/);
    // The same steps are the related information an editor shows.
    for (const m of steps) assert.ok(d.related.some((x) => x.message === m), m);
  });

  it('SARIF results carry the path as a codeFlow with 1-based regions', async () => {
    const r = await analyse(protocolDriver(LEAK));
    const d = r.diagnostics.find((x) => x.code === 'NDIS205')!;
    const sarif = JSON.parse(formatSarif([d], '/'));
    const result = sarif.runs[0].results[0];
    const locations = result.codeFlows[0].threadFlows[0].locations;
    assert.equal(locations.length, d.flow!.length);
    const lastStep = d.flow![d.flow!.length - 1]!;
    const lastLoc = locations[locations.length - 1].location;
    assert.equal(lastLoc.message.text, lastStep.message);
    assert.equal(lastLoc.physicalLocation.region.startLine, lastStep.start.line + 1);
    assert.equal(lastLoc.physicalLocation.region.startColumn, lastStep.start.character + 1);
    // Findings without a path have no codeFlows.
    const plain = JSON.parse(formatSarif([{ ...d, flow: undefined }], '/'));
    assert.equal(plain.runs[0].results[0].codeFlows, undefined);
  });
});
