/**
 * NDIS215 luid-source: the NetLuidIndex of NDIS_MAKE_NET_LUID is a literal, a counter or
 * arithmetic on them. Reported at the NDIS_MAKE_NET_LUID use.
 */
import { describe, it } from 'node:test';
import { expectClean, expectDiagnostics, lineOf } from '../../helpers/ruleTester';
import { publish, providerDriver } from '../flow/providerDriver';

const at = (files: Record<string, string>) => lineOf(files['driver.c']!, 'NDIS_MAKE_NET_LUID(');

describe('NDIS215 luid-source', () => {
  it('reports a literal index, also through a macro', async () => {
    const files = providerDriver({ after: publish('0x100') });
    await expectDiagnostics('NDIS215', files, [{ code: 'NDIS215', ...at(files), severity: 'warning', message: 'literal' }]);
    const macro = providerDriver({ after: '#define MGMT_LUID_INDEX 0x42\n' + publish('MGMT_LUID_INDEX') });
    await expectDiagnostics('NDIS215', macro, [{ code: 'NDIS215', ...at(macro), message: 'literal' }]);
  });

  it('reports counters: InterlockedIncrement of a global, a global incremented, x += 1', async () => {
    for (const [decl, expr] of [
      ['static LONG g_NextLuidIndex = 0;', '(UINT32)InterlockedIncrement(&g_NextLuidIndex)'],
      ['ULONG g_Counter;', 'g_Counter++'],
      ['ULONG g_Counter;', '(g_Counter += 1)'],
    ] as const) {
      const files = providerDriver({ after: decl + '\n' + publish(expr) });
      await expectDiagnostics('NDIS215', files, [{ code: 'NDIS215', ...at(files), message: 'counter' }]);
    }
  });

  it('reports arithmetic on a counter', async () => {
    const files = providerDriver({ after: 'ULONG g_Counter;\n' + publish('0x1000 + g_Counter++') });
    await expectDiagnostics('NDIS215', files, [{ code: 'NDIS215', ...at(files), message: 'computed' }]);
  });

  it('accepts an index from NdisIfAllocateNetLuidIndex, from configuration, or from a stored member', async () => {
    await expectClean('NDIS215', providerDriver());
    const config = publish('Saved->ParameterData.IntegerData').replace('    NET_IF_INFORMATION Info;', `    NET_IF_INFORMATION Info;
    PNDIS_CONFIGURATION_PARAMETER Saved;
    NDIS_STRING Keyword = NDIS_STRING_CONST("LuidIndex");

    NdisReadConfiguration(&Status, &Saved, Globals.DriverObject, &Keyword, NdisParameterInteger);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        return Status;
    }`);
    await expectClean('NDIS215', providerDriver({ after: config }));
    await expectClean('NDIS215', providerDriver({ after: publish('Globals.OpenCount') }));
  });
});
