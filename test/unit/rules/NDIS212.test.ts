/**
 * NDIS212 open-outside-bind: NdisOpenAdapterEx reachable from outside ProtocolBindAdapterEx's call
 * tree. Reported at the call.
 */
import { describe, it } from 'node:test';
import { expectClean, expectDiagnostics, lineOf } from '../../helpers/ruleTester';
import { protocolDriver, protocolEntry } from '../flow/drivers';

const OPEN_BY_NAME = `
NDIS_STATUS
OpenByName(PPROT_OPEN Open, PNDIS_STRING AdapterName, NDIS_HANDLE BindContext)
{
    NDIS_OPEN_PARAMETERS OpenParams;

    NdisZeroMemory(&OpenParams, sizeof(OpenParams));
    OpenParams.AdapterName = AdapterName;
    return NdisOpenAdapterEx(Globals.ProtocolHandle, Open, &OpenParams, BindContext, &Open->BindingHandle);
}
`;
const BIND = `
_Use_decl_annotations_
NDIS_STATUS
ProtBindAdapter(NDIS_HANDLE ProtocolDriverContext, NDIS_HANDLE BindContext, PNDIS_BIND_PARAMETERS BindParameters)
{
    UNREFERENCED_PARAMETER(ProtocolDriverContext);
    return OpenByName(AllocateOpen(), BindParameters->AdapterName, BindContext);
}
`;

describe('NDIS212 open-outside-bind', () => {
  it('reports an open reached from an IOCTL dispatch routine (the doc example), even when Bind shares the helper', async () => {
    const driverC = protocolEntry({
      before: 'NTSTATUS ProtDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp);\n',
      register: `    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = ProtDeviceControl;
    Status = NdisRegisterProtocolDriver(NULL, &PChars, &Globals.ProtocolHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        return Status;
    }
    return STATUS_SUCCESS;`,
      after: OPEN_BY_NAME + BIND + `
NTSTATUS
ProtDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return OpenByName((PPROT_OPEN)Irp->AssociatedIrp.SystemBuffer, NULL, NULL);
}
`,
    });
    await expectDiagnostics('NDIS212', protocolDriver(driverC, { except: ['ProtBindAdapter'] }), [
      { code: 'NDIS212', ...lineOf(driverC, 'NdisOpenAdapterEx('), severity: 'error', message: 'ProtDeviceControl', related: 3 },
    ]);
  });

  it('reports an open from another NDIS handler in another file', async () => {
    const driverC = protocolEntry({ after: OPEN_BY_NAME });
    const pnp = `#include "prot.h"
NDIS_STATUS OpenByName(PPROT_OPEN Open, PNDIS_STRING AdapterName, NDIS_HANDLE BindContext);

_Use_decl_annotations_
NDIS_STATUS
ProtNetPnPEvent(NDIS_HANDLE ProtocolBindingContext, PNET_PNP_EVENT_NOTIFICATION NetPnPEventNotification)
{
    UNREFERENCED_PARAMETER(NetPnPEventNotification);
    return OpenByName((PPROT_OPEN)ProtocolBindingContext, NULL, NULL);
}
`;
    await expectDiagnostics('NDIS212', protocolDriver(driverC, { except: ['ProtNetPnPEvent'], extra: { 'pnp.c': pnp } }), [
      { code: 'NDIS212', file: 'driver.c', ...lineOf(driverC, 'NdisOpenAdapterEx('), message: 'ProtNetPnPEvent (PROTOCOL_NET_PNP_EVENT)' },
    ]);
  });

  it('accepts opens only Bind reaches, through helpers', async () => {
    const driverC = protocolEntry({ after: OPEN_BY_NAME + BIND });
    await expectClean('NDIS212', protocolDriver(driverC, { except: ['ProtBindAdapter'] }));
  });
});
