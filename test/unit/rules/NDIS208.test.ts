/**
 * NDIS208 provider-teardown-order: NdisIfDeregisterProvider while an interface of that provider
 * may still be registered. Reported at the NdisIfDeregisterProvider call.
 */
import { describe, it } from 'node:test';
import { expectClean, expectDiagnostics, lineOf } from '../../helpers/ruleTester';
import { providerDriver } from '../flow/providerDriver';

describe('NDIS208 provider-teardown-order', () => {
  it('reports the provider deregistered before its interface (the doc example)', async () => {
    const files = providerDriver({
      unload: `    NdisIfDeregisterProvider(Globals.ProviderHandle);
    Globals.ProviderHandle = NULL;

    if (Globals.InterfaceRegistered)
    {
        NdisIfDeregisterInterface(Globals.IfIndex);
        Globals.InterfaceRegistered = FALSE;
    }
    NdisDeregisterProtocolDriver(Globals.ProtocolHandle);`,
    });
    await expectDiagnostics('NDIS208', files, [
      { code: 'NDIS208', ...lineOf(files['driver.c']!, 'NdisIfDeregisterProvider(Globals.ProviderHandle);\n    Globals.ProviderHandle = NULL;\n\n'), severity: 'error', message: '0x17', related: 2 },
    ]);
  });

  it('reports an interface that is never deregistered, with the provider deregistered in a helper in another file', async () => {
    const files = providerDriver({ unload: '    StopProvider();\n    NdisDeregisterProtocolDriver(Globals.ProtocolHandle);', before: 'VOID StopProvider(VOID);\n' });
    files['stop.c'] = `#include "prot.h"
VOID
StopProvider(VOID)
{
    NdisIfDeregisterProvider(Globals.ProviderHandle);
}
`;
    await expectDiagnostics('NDIS208', files, [{ code: 'NDIS208', file: 'stop.c', ...lineOf(files['stop.c'], 'NdisIfDeregisterProvider(') }]);
  });

  it('accepts interfaces first (flag-guarded), then the provider', async () => {
    await expectClean('NDIS208', providerDriver());
  });
});
