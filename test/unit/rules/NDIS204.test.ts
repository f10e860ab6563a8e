/**
 * NDIS204 missing-deregister: a registration in place when DriverEntry returns success that no
 * unload routine (WDM DriverUnload, MiniportDriverUnload, ProtocolUninstall) deregisters.
 * Reported at the registration call.
 */
import { describe, it } from 'node:test';
import { expectClean, expectDiagnostics, lineOf } from '../../helpers/ruleTester';
import { fillMiniport, fillProtocol, MP_HANDLERS_C, protHandlers, PROT_H, protocolDriver, protocolEntry } from '../flow/drivers';

/** An IM driver (miniport edge, then protocol edge) with MpUnload as MiniportDriverUnload. */
function imDriver(unload: string): Record<string, string> {
  const driverC = `#include "prot.h"

PROT_GLOBALS Globals;
MINIPORT_UNLOAD MpUnload;

_Use_decl_annotations_
VOID
MpUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
${unload}
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NDIS_STATUS Status;
    NDIS_PROTOCOL_DRIVER_CHARACTERISTICS PChars;
    NDIS_MINIPORT_DRIVER_CHARACTERISTICS MChars;

${fillProtocol('PChars')}
${fillMiniport('MChars')}
    Status = NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &MChars, &Globals.MiniportDriverHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        return Status;
    }
    Status = NdisRegisterProtocolDriver(NULL, &PChars, &Globals.ProtocolHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        NdisMDeregisterMiniportDriver(Globals.MiniportDriverHandle);
        return Status;
    }
    NdisIMAssociateMiniport(Globals.MiniportDriverHandle, Globals.ProtocolHandle);
    return NDIS_STATUS_SUCCESS;
}
`;
  return { 'prot.h': PROT_H, 'handlers.c': protHandlers(), 'mp.c': MP_HANDLERS_C, 'driver.c': driverC };
}

describe('NDIS204 missing-deregister', () => {
  it('reports a protocol whose unload routine does not deregister it', async () => {
    const driverC = protocolEntry({ unload: '    Globals.ProtocolHandle = NULL;' });
    await expectDiagnostics('NDIS204', protocolDriver(driverC), [
      { code: 'NDIS204', ...lineOf(driverC, 'NdisRegisterProtocolDriver('), severity: 'error', message: 'ProtUnload', related: 2 },
    ]);
  });

  it('reports a registration when the driver sets no unload routine at all', async () => {
    const driverC = protocolEntry().replace('    DriverObject->DriverUnload = ProtUnload;\n', '');
    await expectDiagnostics('NDIS204', protocolDriver(driverC), [
      { code: 'NDIS204', ...lineOf(driverC, 'NdisRegisterProtocolDriver('), message: 'sets no unload routine' },
    ]);
  });

  it('needs one deregistration per registration: an IM driver deregistering only its miniport edge', async () => {
    const files = imDriver('    NdisMDeregisterMiniportDriver(Globals.MiniportDriverHandle);');
    await expectDiagnostics('NDIS204', files, [
      { code: 'NDIS204', ...lineOf(files['driver.c']!, 'NdisRegisterProtocolDriver('), message: 'NdisDeregisterProtocolDriver' },
    ]);
  });

  it('accepts deregistration in MiniportDriverUnload through a helper in another file, and NULL-guarded teardown', async () => {
    const files = imDriver('    Teardown();');
    files['teardown.c'] = `#include "prot.h"
VOID
Teardown(VOID)
{
    if (Globals.ProtocolHandle != NULL)
    {
        NdisDeregisterProtocolDriver(Globals.ProtocolHandle);
        Globals.ProtocolHandle = NULL;
    }
    if (Globals.MiniportDriverHandle != NULL)
    {
        NdisMDeregisterMiniportDriver(Globals.MiniportDriverHandle);
        Globals.MiniportDriverHandle = NULL;
    }
}
`;
    files['prot.h'] += 'VOID Teardown(VOID);\n';
    await expectClean('NDIS204', files);
    await expectClean('NDIS204', protocolDriver(protocolEntry()));
  });

  it('accepts deregistration in ProtocolUninstall', async () => {
    const driverC = protocolEntry({ unload: '' })
      .replace('    DriverObject->DriverUnload = ProtUnload;\n', '    PChars.UninstallHandler = ProtUninstall;\n')
      .replace('PROT_GLOBALS Globals;\n', `PROT_GLOBALS Globals;
PROTOCOL_UNINSTALL ProtUninstall;

_Use_decl_annotations_
VOID
ProtUninstall(VOID)
{
    NdisDeregisterProtocolDriver(Globals.ProtocolHandle);
}
`);
    await expectClean('NDIS204', protocolDriver(driverC));
  });
});
