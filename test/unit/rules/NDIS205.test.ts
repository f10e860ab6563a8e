/**
 * NDIS205 error-path-leak: DriverEntry returns a failure status on a path where an earlier
 * registration succeeded and was not undone. Reported at the `return` the path reaches.
 */
import { describe, it } from 'node:test';
import { expectClean, expectDiagnostics, lineOf } from '../../helpers/ruleTester';
import { protocolDriver, protocolEntry } from '../flow/drivers';

const entry = (register: string): string => protocolEntry({ register, before: 'NDIS_STATUS CreateControlDevice(VOID);\n' });

describe('NDIS205 error-path-leak', () => {
  it('reports the return a goto cleanup chain reaches (the doc example)', async () => {
    const driverC = entry(`    Status = NdisRegisterProtocolDriver(NULL, &PChars, &Globals.ProtocolHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        goto cleanup;
    }
    Status = CreateControlDevice();
    if (Status != NDIS_STATUS_SUCCESS)
    {
        goto cleanup;
    }
cleanup:
    return Status;`);
    await expectDiagnostics('NDIS205', protocolDriver(driverC), [
      { code: 'NDIS205', ...lineOf(driverC, 'return Status;\n}'), severity: 'error', message: 'NdisRegisterProtocolDriver', related: 3 },
    ]);
  });

  it('reports a failure literal returned after registration, and a do/while(FALSE) left with break', async () => {
    const literal = entry(`    Status = NdisRegisterProtocolDriver(NULL, &PChars, &Globals.ProtocolHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        return Status;
    }
    if (CreateControlDevice() != NDIS_STATUS_SUCCESS)
    {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    return STATUS_SUCCESS;`);
    await expectDiagnostics('NDIS205', protocolDriver(literal), [{ code: 'NDIS205', ...lineOf(literal, 'return STATUS_INSUFFICIENT_RESOURCES') }]);
    const doWhile = entry(`    do
    {
        Status = NdisRegisterProtocolDriver(NULL, &PChars, &Globals.ProtocolHandle);
        if (!NT_SUCCESS(Status))
        {
            break;
        }
        Status = CreateControlDevice();
        if (!NT_SUCCESS(Status))
        {
            break;
        }
    } while (FALSE);
    return Status;`);
    await expectDiagnostics('NDIS205', protocolDriver(doWhile), [{ code: 'NDIS205', ...lineOf(doWhile, 'return Status;\n}') }]);
  });

  it('follows a registration made in a helper in another file', async () => {
    const driverC = protocolEntry({
      before: 'NDIS_STATUS CreateControlDevice(VOID);\nNDIS_STATUS RegisterProtocol(PNDIS_PROTOCOL_DRIVER_CHARACTERISTICS Chars);\n',
      register: `    Status = RegisterProtocol(&PChars);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        return Status;
    }
    Status = CreateControlDevice();
    if (Status != NDIS_STATUS_SUCCESS)
    {
        return Status;
    }
    return STATUS_SUCCESS;`,
    });
    const reg = `#include "prot.h"
NDIS_STATUS
RegisterProtocol(PNDIS_PROTOCOL_DRIVER_CHARACTERISTICS Chars)
{
    return NdisRegisterProtocolDriver(NULL, Chars, &Globals.ProtocolHandle);
}
`;
    await expectDiagnostics('NDIS205', protocolDriver(driverC, { extra: { 'reg.c': reg } }), [
      { code: 'NDIS205', file: 'driver.c', ...lineOf(driverC, 'return Status;', 2), message: 'reg.c:5' },
    ]);
  });

  it('accepts goto cleanup labels that deregister, and flag-guarded teardown', async () => {
    const labels = entry(`    Status = NdisRegisterProtocolDriver(NULL, &PChars, &Globals.ProtocolHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        goto cleanup;
    }
    Status = CreateControlDevice();
    if (Status != NDIS_STATUS_SUCCESS)
    {
        goto deregister;
    }
    return NDIS_STATUS_SUCCESS;

deregister:
    NdisDeregisterProtocolDriver(Globals.ProtocolHandle);
    Globals.ProtocolHandle = NULL;
cleanup:
    return Status;`);
    await expectClean('NDIS205', protocolDriver(labels));
    const flag = entry(`    BOOLEAN Registered = FALSE;

    Status = NdisRegisterProtocolDriver(NULL, &PChars, &Globals.ProtocolHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        goto Exit;
    }
    Registered = TRUE;

    Status = CreateControlDevice();
    if (Status != NDIS_STATUS_SUCCESS)
    {
        goto Exit;
    }

Exit:
    if (Status != NDIS_STATUS_SUCCESS)
    {
        if (Registered)
        {
            NdisDeregisterProtocolDriver(Globals.ProtocolHandle);
            Globals.ProtocolHandle = NULL;
        }
    }
    return Status;`);
    await expectClean('NDIS205', protocolDriver(flag));
  });

  it('keeps #if decisions consistent along a path', async () => {
    const driverC = entry(`    Status = NdisRegisterProtocolDriver(NULL, &PChars, &Globals.ProtocolHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        return Status;
    }
#if TUN_CONTROL_DEVICE
    Status = CreateControlDevice();
#endif
    if (Status != NDIS_STATUS_SUCCESS)
    {
#if TUN_CONTROL_DEVICE
        NdisDeregisterProtocolDriver(Globals.ProtocolHandle);
#endif
        return Status;
    }
    return STATUS_SUCCESS;`);
    await expectClean('NDIS205', protocolDriver(driverC));
  });
});
