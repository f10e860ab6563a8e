/**
 * NDIS214 deregister-in-callback: a driver deregistration reachable from a handler NDIS invokes.
 * Unload routines are exempt. Reported at the call.
 */
import { describe, it } from 'node:test';
import { expectClean, expectDiagnostics, lineOf } from '../../helpers/ruleTester';
import { protocolDriver, protocolEntry } from '../flow/drivers';
import { imDriver } from '../flow/imDriver';

describe('NDIS214 deregister-in-callback', () => {
  it('reports "last binding gone, so deregister" in the unbind handler', async () => {
    const driverC = protocolEntry({
      after: `
_Use_decl_annotations_
NDIS_STATUS
ProtUnbindAdapter(NDIS_HANDLE UnbindContext, NDIS_HANDLE ProtocolBindingContext)
{
    UNREFERENCED_PARAMETER(UnbindContext);
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    if (InterlockedDecrement((PLONG)&Globals.OpenCount) == 0)
    {
        NdisDeregisterProtocolDriver(Globals.ProtocolHandle);
        Globals.ProtocolHandle = NULL;
    }
    return NDIS_STATUS_SUCCESS;
}
`,
    });
    await expectDiagnostics('NDIS214', protocolDriver(driverC, { except: ['ProtUnbindAdapter'] }), [
      { code: 'NDIS214', ...lineOf(driverC, 'NdisDeregisterProtocolDriver(Globals.ProtocolHandle);', 2), severity: 'error', message: 'ProtUnbindAdapter (PROTOCOL_UNBIND_ADAPTER_EX)', related: 2 },
    ]);
  });

  it('reports a teardown helper shared by the unload routine and MiniportHaltEx (other file)', async () => {
    const files = imDriver({ unload: '    Teardown();' });
    files['mp.c'] = files['mp.c']!.replace(`VOID MpHalt(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(HaltAction);
}`, `VOID MpHalt(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    if (HaltAction == NdisHaltDeviceDisabled)
    {
        Teardown();
    }
}`);
    files['teardown.c'] = `#include "prot.h"
VOID
Teardown(VOID)
{
    NdisDeregisterProtocolDriver(Globals.ProtocolHandle);
    NdisMDeregisterMiniportDriver(Globals.MiniportDriverHandle);
}
`;
    files['prot.h'] += 'VOID Teardown(VOID);\n';
    await expectDiagnostics('NDIS214', files, [
      { code: 'NDIS214', file: 'teardown.c', ...lineOf(files['teardown.c'], 'NdisDeregisterProtocolDriver('), message: 'MpHalt (MINIPORT_HALT)' },
      { code: 'NDIS214', file: 'teardown.c', ...lineOf(files['teardown.c'], 'NdisMDeregisterMiniportDriver('), message: 'MpHalt' },
    ]);
  });

  it('accepts deregistration in the unload routines (WDM DriverUnload, MiniportDriverUnload)', async () => {
    await expectClean('NDIS214', protocolDriver(protocolEntry()));
    await expectClean('NDIS214', imDriver());
  });
});
