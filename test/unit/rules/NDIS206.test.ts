/**
 * NDIS206 im-registration: protocol edge before miniport edge; NdisIMAssociateMiniport missing or
 * before the registrations; both edges + NdisIMInitializeDeviceInstanceEx without
 * NDIS_INTERMEDIATE_DRIVER. Reported at the offending call.
 */
import { describe, it } from 'node:test';
import { expectClean, expectDiagnostics, lineOf } from '../../helpers/ruleTester';
import { IM_ENTRY, imDriver } from '../flow/imDriver';
import { protocolDriver, protocolEntry } from '../flow/drivers';

/** A Bind handler that starts a virtual miniport (what makes the driver an IM driver). */
const BIND = `
NDIS_STATUS
ProtBindAdapter(NDIS_HANDLE ProtocolDriverContext, NDIS_HANDLE BindContext, PNDIS_BIND_PARAMETERS BindParameters)
{
    UNREFERENCED_PARAMETER(ProtocolDriverContext);
    UNREFERENCED_PARAMETER(BindContext);
    return NdisIMInitializeDeviceInstanceEx(Globals.MiniportDriverHandle, &BindParameters->AdapterName, NULL);
}
`;

describe('NDIS206 im-registration', () => {
  it('reports the protocol edge first, no association and a missing NDIS_INTERMEDIATE_DRIVER (the doc example)', async () => {
    const files = imDriver({
      flags: '0',
      after: BIND,
      except: ['ProtBindAdapter'],
      entry: `    Status = NdisRegisterProtocolDriver(NULL, &PChars, &Globals.ProtocolHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        goto cleanup;
    }
    Status = NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &MChars, &Globals.MiniportDriverHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        goto deregister_protocol;
    }
    return NDIS_STATUS_SUCCESS;

deregister_protocol:
    NdisDeregisterProtocolDriver(Globals.ProtocolHandle);
cleanup:
    return Status;`,
    });
    const c = files['driver.c']!;
    await expectDiagnostics('NDIS206', files, [
      { code: 'NDIS206', ...lineOf(c, 'NdisRegisterProtocolDriver('), severity: 'error', message: 'protocol edge is registered before' },
      { code: 'NDIS206', ...lineOf(c, 'NdisMRegisterMiniportDriver('), message: 'NdisIMAssociateMiniport' },
      { code: 'NDIS206', ...lineOf(c, 'NdisMRegisterMiniportDriver('), message: 'NDIS_INTERMEDIATE_DRIVER' },
    ]);
  });

  it('reports NdisIMAssociateMiniport called before the registrations', async () => {
    const entry = '    NdisIMAssociateMiniport(Globals.MiniportDriverHandle, Globals.ProtocolHandle);\n' + IM_ENTRY;
    const files = imDriver({ entry });
    await expectDiagnostics('NDIS206', files, [
      { code: 'NDIS206', ...lineOf(files['driver.c']!, 'NdisIMAssociateMiniport('), message: 'before both' },
    ]);
  });

  it('accepts the documented sequence, and a plain protocol driver', async () => {
    await expectClean('NDIS206', imDriver({ after: BIND, except: ['ProtBindAdapter'] }));
    await expectClean('NDIS206', protocolDriver(protocolEntry()));
  });
});
