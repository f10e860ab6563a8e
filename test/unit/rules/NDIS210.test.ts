/**
 * NDIS210 duplicate-registration: the same driver/provider registered twice without
 * deregistration, or the same NET_LUID registered twice. Reported at the second call.
 */
import { describe, it } from 'node:test';
import { expectClean, expectDiagnostics, lineOf } from '../../helpers/ruleTester';
import { fillMiniport } from '../flow/drivers';
import { IM_ENTRY, IM_UNLOAD, imDriver } from '../flow/imDriver';
import { publish, providerDriver } from '../flow/providerDriver';

describe('NDIS210 duplicate-registration', () => {
  it('reports the same NET_LUID registered again by every Bind (no registered flag)', async () => {
    const files = providerDriver({ after: publish('Index', false).replace(/    Status = NdisIfAllocateNetLuidIndex[\s\S]*?Index\);\n\n/, '') });
    await expectDiagnostics('NDIS210', files, [
      { code: 'NDIS210', ...lineOf(files['driver.c']!, 'NdisIfRegisterInterface('), severity: 'error', message: 'NET_LUID', related: 2 },
    ]);
  });

  it('reports the same protocol registered twice in DriverEntry', async () => {
    const entry = IM_ENTRY.replace('    NdisIMAssociateMiniport', `    Status = NdisRegisterProtocolDriver(NULL, &PChars, &Globals.ProtocolHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        goto deregister_miniport;
    }
    NdisIMAssociateMiniport`);
    const files = imDriver({ entry });
    await expectDiagnostics('NDIS210', files, [
      { code: 'NDIS210', ...lineOf(files['driver.c']!, 'NdisRegisterProtocolDriver(', 2), message: 'protocol driver' },
    ]);
  });

  it('accepts a combined miniport + IM driver registering two miniports (with and without NDIS_INTERMEDIATE_DRIVER)', async () => {
    const entry = `    NDIS_MINIPORT_DRIVER_CHARACTERISTICS PhysChars;
${fillMiniport('PhysChars', '0')}
    Status = NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &PhysChars, &Globals.DriverObject);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        return Status;
    }
` + IM_ENTRY.replace('cleanup:\n    return Status;', 'cleanup:\n    NdisMDeregisterMiniportDriver(Globals.DriverObject);\n    return Status;');
    await expectClean('NDIS210', imDriver({ entry, unload: IM_UNLOAD + '\n    NdisMDeregisterMiniportDriver(Globals.DriverObject);' }));
  });

  it('accepts an interface registered once behind its registered flag, and two different protocol drivers', async () => {
    await expectClean('NDIS210', providerDriver());
    const entry = IM_ENTRY.replace('    NdisIMAssociateMiniport', `    Status = NdisRegisterProtocolDriver(NULL, &PChars, &Globals.ProviderHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        goto deregister_miniport;
    }
    NdisIMAssociateMiniport`);
    await expectClean('NDIS210', imDriver({ entry, unload: IM_UNLOAD + '\n    NdisDeregisterProtocolDriver(Globals.ProviderHandle);' }));
  });
});
