/**
 * NDIS203 handle-lifetime: a registration's output handle written to an automatic variable that
 * is not copied to storage outliving the function. Reported at the handle argument.
 */
import { describe, it } from 'node:test';
import { expectClean, expectDiagnostics, lineOf } from '../../helpers/ruleTester';
import { fillProtocol, protocolDriver, protocolEntry } from '../flow/drivers';

const register = (body: string): string => protocolEntry({
  before: `
static NDIS_STATUS
RegisterProtocol(VOID)
{
    NDIS_PROTOCOL_DRIVER_CHARACTERISTICS PChars;
    NDIS_HANDLE ProtocolHandle = NULL;
    NDIS_STATUS Status;

${fillProtocol('PChars')}
${body}
}
`,
  register: `    Status = RegisterProtocol();
    if (Status != NDIS_STATUS_SUCCESS)
    {
        return Status;
    }
    return STATUS_SUCCESS;`,
});

describe('NDIS203 handle-lifetime', () => {
  it('reports a handle left in a local (the doc example), at the handle argument', async () => {
    const driverC = register(`    Status = NdisRegisterProtocolDriver(NULL, &PChars, &ProtocolHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        DbgPrint("failed");
    }
    return Status;`);
    await expectDiagnostics('NDIS203', protocolDriver(driverC), [
      { code: 'NDIS203', ...lineOf(driverC, '&ProtocolHandle'), severity: 'error', message: 'ProtocolHandle' },
    ]);
  });

  it('reports a local copied only into another local', async () => {
    const driverC = register(`    NDIS_HANDLE Copy;

    Status = NdisRegisterProtocolDriver(NULL, &PChars, &ProtocolHandle);
    if (Status == NDIS_STATUS_SUCCESS)
    {
        Copy = ProtocolHandle;
    }
    return Status;`);
    await expectDiagnostics('NDIS203', protocolDriver(driverC), [{ code: 'NDIS203', ...lineOf(driverC, '&ProtocolHandle') }]);
  });

  it('accepts a local copied to a global, written through an output parameter, or returned', async () => {
    const copied = register(`    Status = NdisRegisterProtocolDriver(NULL, &PChars, &ProtocolHandle);
    if (Status == NDIS_STATUS_SUCCESS)
    {
        Globals.ProtocolHandle = ProtocolHandle;
    }
    return Status;`);
    await expectClean('NDIS203', protocolDriver(copied));
    const outParam = protocolEntry({
      before: `
static NDIS_STATUS
RegisterInto(PNDIS_HANDLE Out)
{
    NDIS_PROTOCOL_DRIVER_CHARACTERISTICS PChars;
    NDIS_HANDLE Handle;
    NDIS_STATUS Status;

${fillProtocol('PChars')}
    Status = NdisRegisterProtocolDriver(NULL, &PChars, &Handle);
    if (Status == NDIS_STATUS_SUCCESS)
    {
        *Out = Handle;
    }
    return Status;
}
`,
      register: `    Status = RegisterInto(&Globals.ProtocolHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        return Status;
    }
    return STATUS_SUCCESS;`,
    });
    await expectClean('NDIS203', protocolDriver(outParam));
  });

  it('accepts a handle stored through a pointer parameter, even in a function analysed on its own', async () => {
    const driverC = protocolEntry({
      after: `
NDIS_STATUS
RegisterInto(PPROT_GLOBALS G)
{
    NDIS_PROTOCOL_DRIVER_CHARACTERISTICS PChars;
${fillProtocol('PChars')}
    return NdisRegisterProtocolDriver(NULL, &PChars, &G->ProtocolHandle);
}
`,
    });
    await expectClean('NDIS203', protocolDriver(driverC));
  });

  it('accepts a local that is deregistered before the function returns, and a global out argument', async () => {
    const undone = register(`    Status = NdisRegisterProtocolDriver(NULL, &PChars, &ProtocolHandle);
    if (Status == NDIS_STATUS_SUCCESS)
    {
        NdisDeregisterProtocolDriver(ProtocolHandle);
    }
    return NDIS_STATUS_FAILURE;`);
    await expectClean('NDIS203', protocolDriver(undone));
    await expectClean('NDIS203', protocolDriver(protocolEntry()));
  });
});
