/**
 * NDIS207 interface-without-provider: NdisIfRegisterInterface with a provider handle that is
 * not registered on some path (failed, registered later, deregistered). Reported at the call.
 */
import { describe, it } from 'node:test';
import { expectClean, expectDiagnostics, lineOf } from '../../helpers/ruleTester';
import { providerDriver } from '../flow/providerDriver';

describe('NDIS207 interface-without-provider', () => {
  it('reports a Bind that can run before DriverEntry registers the provider', async () => {
    const files = providerDriver({
      register: `    Status = NdisRegisterProtocolDriver(NULL, &PChars, &Globals.ProtocolHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        return Status;
    }
    Status = RegisterProvider();
    if (Status != NDIS_STATUS_SUCCESS)
    {
        NdisDeregisterProtocolDriver(Globals.ProtocolHandle);
        return Status;
    }
    return STATUS_SUCCESS;`,
    });
    await expectDiagnostics('NDIS207', files, [
      { code: 'NDIS207', ...lineOf(files['driver.c']!, 'NdisIfRegisterInterface('), severity: 'error', message: 'before DriverEntry registers the provider', related: 2 },
    ]);
  });

  it('reports DriverEntry continuing after NdisIfRegisterProvider failed', async () => {
    const files = providerDriver({
      register: `    Status = RegisterProvider();
    if (Status != NDIS_STATUS_SUCCESS)
    {
        Globals.ProviderHandle = NULL;
    }
    Status = NdisRegisterProtocolDriver(NULL, &PChars, &Globals.ProtocolHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        if (Globals.ProviderHandle != NULL)
        {
            NdisIfDeregisterProvider(Globals.ProviderHandle);
        }
        return Status;
    }
    return STATUS_SUCCESS;`,
    });
    await expectDiagnostics('NDIS207', files, [
      { code: 'NDIS207', ...lineOf(files['driver.c']!, 'NdisIfRegisterInterface('), message: 'NdisIfRegisterProvider failed' },
    ]);
  });

  it('reports an interface registered after the provider was deregistered', async () => {
    const files = providerDriver({
      unload: `    NdisIfDeregisterProvider(Globals.ProviderHandle);
    (VOID)PublishInterface();
    NdisDeregisterProtocolDriver(Globals.ProtocolHandle);`,
      before: 'NDIS_STATUS PublishInterface(VOID);\n',
    });
    await expectDiagnostics('NDIS207', files, [
      { code: 'NDIS207', ...lineOf(files['driver.c']!, 'NdisIfRegisterInterface('), message: 'after NdisIfDeregisterProvider' },
    ]);
  });

  it('accepts the provider registered before the protocol edge', async () => {
    await expectClean('NDIS207', providerDriver());
  });
});
