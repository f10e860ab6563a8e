/**
 * NDIS202 unchecked-status: the NDIS_STATUS of registration/binding calls discarded, overwritten
 * before a test, or stored and never tested on some path. Reported at the call.
 */
import { describe, it } from 'node:test';
import { expectClean, expectDiagnostics, lineOf } from '../../helpers/ruleTester';
import { protocolDriver, protocolEntry } from '../flow/drivers';

/** Helpers appended to the standard protocol driver. */
const ATTRS = (body: string): string => protocolEntry({
  after: `
NDIS_STATUS
SetAttributes(NDIS_HANDLE MiniportAdapterHandle, PNDIS_MINIPORT_ADAPTER_ATTRIBUTES Registration, PNDIS_MINIPORT_ADAPTER_ATTRIBUTES General)
{
    NDIS_STATUS Status;

${body}
}
`,
});

describe('NDIS202 unchecked-status', () => {
  it('reports a discarded registration status, also behind (VOID)', async () => {
    const driverC = protocolEntry({
      register: `    NdisRegisterProtocolDriver(NULL, &PChars, &Globals.ProtocolHandle);
    return STATUS_SUCCESS;`,
      after: `
VOID
AllocateIndex(PUINT32 Index)
{
    (VOID)NdisIfAllocateNetLuidIndex(IF_TYPE_PROP_VIRTUAL, Index);
}
`,
    });
    await expectDiagnostics('NDIS202', protocolDriver(driverC), [
      { code: 'NDIS202', ...lineOf(driverC, 'NdisRegisterProtocolDriver('), severity: 'warning', message: 'discarded' },
      { code: 'NDIS202', ...lineOf(driverC, 'NdisIfAllocateNetLuidIndex('), message: 'NdisIfAllocateNetLuidIndex' },
    ]);
  });

  it('reports a status overwritten by the next call before any test (the doc example)', async () => {
    const driverC = ATTRS(`    Status = NdisMSetMiniportAttributes(MiniportAdapterHandle, Registration);
    Status = NdisMSetMiniportAttributes(MiniportAdapterHandle, General);
    return Status;`);
    await expectDiagnostics('NDIS202', protocolDriver(driverC), [
      { code: 'NDIS202', ...lineOf(driverC, 'NdisMSetMiniportAttributes(MiniportAdapterHandle, Registration)'), message: 'overwritten', related: 1 },
    ]);
  });

  it('reports a status stored and never tested on one path only', async () => {
    const driverC = ATTRS(`    Status = NdisMSetMiniportAttributes(MiniportAdapterHandle, Registration);
    if (General == NULL)
    {
        return NDIS_STATUS_SUCCESS;
    }
    if (Status != NDIS_STATUS_SUCCESS)
    {
        return Status;
    }
    return NDIS_STATUS_SUCCESS;`);
    await expectDiagnostics('NDIS202', protocolDriver(driverC), [
      { code: 'NDIS202', ...lineOf(driverC, 'NdisMSetMiniportAttributes('), message: 'never tested' },
    ]);
  });

  it('accepts a status tested with !=, NT_SUCCESS, == PENDING, returned, or tested in a helper', async () => {
    const driverC = ATTRS(`    Status = NdisMSetMiniportAttributes(MiniportAdapterHandle, Registration);
    if (!NT_SUCCESS(Status))
    {
        return Status;
    }
    Status = NdisMSetMiniportAttributes(MiniportAdapterHandle, General);
    if (Status == NDIS_STATUS_PENDING)
    {
        return NDIS_STATUS_FAILURE;
    }
    Status = NdisMSetMiniportAttributes(MiniportAdapterHandle, General);
    Status = CheckStatus(Status);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        return Status;
    }
    return NdisMSetMiniportAttributes(MiniportAdapterHandle, General);`).replace('\nNDIS_STATUS\nSetAttributes', `
static NDIS_STATUS
CheckStatus(NDIS_STATUS Status)
{
    return NT_SUCCESS(Status) ? NDIS_STATUS_SUCCESS : NDIS_STATUS_FAILURE;
}

NDIS_STATUS
SetAttributes`);
    await expectClean('NDIS202', protocolDriver(driverC));
  });

  it('accepts return NdisRegisterX(...) from DriverEntry and statuses tested in if conditions directly', async () => {
    const driverC = protocolEntry({
      register: '    return NdisRegisterProtocolDriver(NULL, &PChars, &Globals.ProtocolHandle);',
      after: `
NDIS_STATUS
OpenIt(NDIS_HANDLE BindContext, PNDIS_OPEN_PARAMETERS Params, PPROT_OPEN Open)
{
    if (NdisOpenAdapterEx(Globals.ProtocolHandle, Open, Params, BindContext, &Open->BindingHandle) != NDIS_STATUS_SUCCESS)
    {
        return NDIS_STATUS_FAILURE;
    }
    return NDIS_STATUS_SUCCESS;
}
`,
    });
    await expectClean('NDIS202', protocolDriver(driverC));
  });
});
