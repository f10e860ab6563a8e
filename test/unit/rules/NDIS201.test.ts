/**
 * NDIS201 register-context: driver registration reachable from anything but DriverEntry's call
 * tree (error; warning for NdisIfRegisterProvider). Reported at the registration call.
 */
import { describe, it } from 'node:test';
import { expectClean, expectDiagnostics, lineOf } from '../../helpers/ruleTester';
import { fillProtocol, fillProvider, protocolDriver, protocolEntry, PROVIDER_HANDLERS_C } from '../flow/drivers';

/** A registration helper, and an IOCTL dispatch routine that calls it (wired up in DriverEntry). */
const HELPER = `
static NDIS_STATUS
RegisterProtocol(VOID)
{
    NDIS_PROTOCOL_DRIVER_CHARACTERISTICS PChars;
${fillProtocol('PChars')}
    return NdisRegisterProtocolDriver(NULL, &PChars, &Globals.ProtocolHandle);
}
`;
const IOCTL = `
NTSTATUS
ProtDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    NTSTATUS Status;

    UNREFERENCED_PARAMETER(DeviceObject);
    Status = RegisterProtocol();
    Irp->IoStatus.Status = Status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}
`;

describe('NDIS201 register-context', () => {
  it('reports a registration reached from an IOCTL dispatch routine, through a helper', async () => {
    const driverC = protocolEntry({
      before: HELPER + 'NTSTATUS ProtDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp);\n',
      after: IOCTL,
      register: `    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = ProtDeviceControl;
    return STATUS_SUCCESS;`,
    });
    const at = lineOf(driverC, 'NdisRegisterProtocolDriver(NULL, &PChars, &Globals.ProtocolHandle);\n}');
    await expectDiagnostics('NDIS201', protocolDriver(driverC), [
      { code: 'NDIS201', file: 'driver.c', ...at, severity: 'error', message: 'ProtDeviceControl', related: 3 },
    ]);
  });

  it('reports a registration reached from an NDIS handler defined in another file', async () => {
    const driverC = protocolEntry({ before: HELPER });
    const pnp = `#include "prot.h"
NDIS_STATUS RegisterProtocol(VOID);

_Use_decl_annotations_
NDIS_STATUS
ProtNetPnPEvent(NDIS_HANDLE ProtocolBindingContext, PNET_PNP_EVENT_NOTIFICATION NetPnPEventNotification)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    if (NetPnPEventNotification->NetPnPEvent.NetEvent == NetEventBindsComplete)
    {
        (VOID)RegisterProtocol();
    }
    return NDIS_STATUS_SUCCESS;
}
`;
    const files = protocolDriver(driverC.replace('static NDIS_STATUS\nRegisterProtocol', 'NDIS_STATUS\nRegisterProtocol'), { except: ['ProtNetPnPEvent'], extra: { 'pnp.c': pnp } });
    const at = lineOf(files['driver.c']!, 'NdisRegisterProtocolDriver(NULL, &PChars, &Globals.ProtocolHandle);\n}');
    await expectDiagnostics('NDIS201', files, [{ code: 'NDIS201', file: 'driver.c', ...at, message: 'ProtNetPnPEvent (PROTOCOL_NET_PNP_EVENT)' }]);
  });

  it('is a warning for NdisIfRegisterProvider', async () => {
    const driverC = protocolEntry({
      after: `
NDIS_STATUS
ProtBindAdapter(NDIS_HANDLE ProtocolDriverContext, NDIS_HANDLE BindContext, PNDIS_BIND_PARAMETERS BindParameters)
{
    NDIS_IF_PROVIDER_CHARACTERISTICS Chars;

    UNREFERENCED_PARAMETER(ProtocolDriverContext);
    UNREFERENCED_PARAMETER(BindContext);
    UNREFERENCED_PARAMETER(BindParameters);
${fillProvider('Chars')}
    return NdisIfRegisterProvider(&Chars, NULL, &Globals.ProviderHandle);
}
`,
    });
    const at = lineOf(driverC, 'NdisIfRegisterProvider(');
    await expectDiagnostics('NDIS201', protocolDriver(driverC, { except: ['ProtBindAdapter'], extra: { 'provider.c': PROVIDER_HANDLERS_C } }), [
      { code: 'NDIS201', ...at, severity: 'warning', message: 'ProtBindAdapter' },
    ]);
  });

  it('accepts registration in DriverEntry and in helpers only DriverEntry calls, across files', async () => {
    const reg = `#include "prot.h"
NDIS_STATUS
RegisterProtocol(PNDIS_PROTOCOL_DRIVER_CHARACTERISTICS Chars)
{
    return NdisRegisterProtocolDriver(NULL, Chars, &Globals.ProtocolHandle);
}
`;
    const driverC = protocolEntry({
      before: 'NDIS_STATUS RegisterProtocol(PNDIS_PROTOCOL_DRIVER_CHARACTERISTICS Chars);\n',
      register: `    Status = RegisterProtocol(&PChars);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        return Status;
    }
    return STATUS_SUCCESS;`,
    });
    await expectClean('NDIS201', protocolDriver(driverC, { extra: { 'reg.c': reg } }));
    await expectClean('NDIS201', protocolDriver(protocolEntry()));
  });

  it('does not count a helper nobody calls or whose address nobody takes', async () => {
    await expectClean('NDIS201', protocolDriver(protocolEntry({ before: HELPER })));
  });
});
