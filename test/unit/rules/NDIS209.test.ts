/**
 * NDIS209 use-after-deregister: a driver, provider, interface or binding handle used after its
 * deregistration (binding: after NdisCloseAdapterEx). Reported at the use.
 */
import { describe, it } from 'node:test';
import { expectClean, expectDiagnostics, lineOf } from '../../helpers/ruleTester';
import { protocolDriver, protocolEntry } from '../flow/drivers';
import { providerDriver } from '../flow/providerDriver';

const unbind = (body: string): Record<string, string> => protocolDriver(protocolEntry({
  after: `
VOID BuildFilterRequest(PPROT_OPEN Open, ULONG Filter);

_Use_decl_annotations_
NDIS_STATUS
ProtUnbindAdapter(NDIS_HANDLE UnbindContext, NDIS_HANDLE ProtocolBindingContext)
{
    PPROT_OPEN Open = (PPROT_OPEN)ProtocolBindingContext;
    NDIS_STATUS Status;

    UNREFERENCED_PARAMETER(UnbindContext);
${body}
    return NDIS_STATUS_SUCCESS;
}
`,
}), { except: ['ProtUnbindAdapter'] });

describe('NDIS209 use-after-deregister', () => {
  it('reports an OID request on a binding after NdisCloseAdapterEx (the doc example), at the handle argument', async () => {
    const files = unbind(`    Status = NdisCloseAdapterEx(Open->BindingHandle);
    if (Status == NDIS_STATUS_PENDING)
    {
        NdisWaitEvent(&Open->ClosedEvent, 0);
    }
    BuildFilterRequest(Open, 0);
    Status = NdisOidRequest(Open->BindingHandle, &Open->FilterRequest);`);
    await expectDiagnostics('NDIS209', files, [
      { code: 'NDIS209', ...lineOf(files['driver.c']!, 'Open->BindingHandle, &Open->FilterRequest'), severity: 'error', message: 'NdisCloseAdapterEx', related: 2 },
    ]);
  });

  it('reports a second deregistration, through a helper, and an ifIndex used after NdisIfDeregisterInterface', async () => {
    const files = protocolDriver(protocolEntry({
      unload: `    NdisDeregisterProtocolDriver(Globals.ProtocolHandle);
    ReleaseProtocol();`,
      before: 'VOID ReleaseProtocol(VOID);\n',
      after: `
VOID ReleaseProtocol(VOID)
{
    NdisDeregisterProtocolDriver(Globals.ProtocolHandle);
}
`,
    }));
    await expectDiagnostics('NDIS209', files, [{ code: 'NDIS209', ...lineOf(files['driver.c']!, 'Globals.ProtocolHandle);\n}') }]);
    const iface = providerDriver({
      unload: `    if (Globals.InterfaceRegistered)
    {
        NdisIfDeregisterInterface(Globals.IfIndex);
        (VOID)NdisIfGetNetLuidFromInterfaceIndex(Globals.IfIndex, &Globals.NetLuid);
    }
    NdisIfDeregisterProvider(Globals.ProviderHandle);
    NdisDeregisterProtocolDriver(Globals.ProtocolHandle);`,
    });
    await expectDiagnostics('NDIS209', iface, [{ code: 'NDIS209', ...lineOf(iface['driver.c']!, 'Globals.IfIndex, &Globals.NetLuid'), message: 'interface' }]);
  });

  it('accepts uses before the close, and a handle reset to NULL and tested after teardown', async () => {
    await expectClean('NDIS209', unbind(`    BuildFilterRequest(Open, 0);
    Status = NdisOidRequest(Open->BindingHandle, &Open->FilterRequest);
    if (Status == NDIS_STATUS_PENDING)
    {
        NdisWaitEvent(&Open->ClosedEvent, 0);
    }
    Status = NdisCloseAdapterEx(Open->BindingHandle);
    Open->BindingHandle = NULL;
    if (Status == NDIS_STATUS_PENDING)
    {
        NdisWaitEvent(&Open->ClosedEvent, 0);
    }`));
    await expectClean('NDIS209', protocolDriver(protocolEntry({
      unload: `    if (Globals.ProtocolHandle != NULL)
    {
        NdisDeregisterProtocolDriver(Globals.ProtocolHandle);
        Globals.ProtocolHandle = NULL;
    }
    if (Globals.ProtocolHandle != NULL)
    {
        NdisDeregisterProtocolDriver(Globals.ProtocolHandle);
    }`,
    })));
  });
});
