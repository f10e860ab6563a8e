/**
 * NDIS213 unload-order: an IM driver's unload deregisters the miniport edge before the protocol
 * edge. Reported at the NdisMDeregisterMiniportDriver call.
 */
import { describe, it } from 'node:test';
import { expectClean, expectDiagnostics, lineOf } from '../../helpers/ruleTester';
import { imDriver } from '../flow/imDriver';

describe('NDIS213 unload-order', () => {
  it('reports the miniport deregistration that comes first', async () => {
    const files = imDriver({
      unload: `    NdisMDeregisterMiniportDriver(Globals.MiniportDriverHandle);
    Globals.MiniportDriverHandle = NULL;

    NdisDeregisterProtocolDriver(Globals.ProtocolHandle);
    Globals.ProtocolHandle = NULL;`,
    });
    await expectDiagnostics('NDIS213', files, [
      { code: 'NDIS213', ...lineOf(files['driver.c']!, 'NdisMDeregisterMiniportDriver(Globals.MiniportDriverHandle);\n    Globals.MiniportDriverHandle = NULL;\n\n'), severity: 'warning', related: 2 },
    ]);
  });

  it('follows the deregistrations into helpers', async () => {
    const files = imDriver({
      unload: `    StopMiniportEdge();
    StopProtocolEdge();`,
      after: `
VOID StopMiniportEdge(VOID)
{
    NdisMDeregisterMiniportDriver(Globals.MiniportDriverHandle);
}

VOID StopProtocolEdge(VOID)
{
    NdisDeregisterProtocolDriver(Globals.ProtocolHandle);
}
`,
    });
    files['prot.h'] += 'VOID StopMiniportEdge(VOID);\nVOID StopProtocolEdge(VOID);\n';
    await expectDiagnostics('NDIS213', files, [{ code: 'NDIS213', ...lineOf(files['driver.c']!, 'NdisMDeregisterMiniportDriver(Globals.MiniportDriverHandle);\n}') }]);
  });

  it('accepts protocol edge first, and NULL-guarded teardown in that order', async () => {
    await expectClean('NDIS213', imDriver());
    await expectClean('NDIS213', imDriver({
      unload: `    if (Globals.ProtocolHandle != NULL)
    {
        NdisDeregisterProtocolDriver(Globals.ProtocolHandle);
        Globals.ProtocolHandle = NULL;
    }
    if (Globals.MiniportDriverHandle != NULL)
    {
        NdisMDeregisterMiniportDriver(Globals.MiniportDriverHandle);
        Globals.MiniportDriverHandle = NULL;
    }`,
    }));
  });
});
