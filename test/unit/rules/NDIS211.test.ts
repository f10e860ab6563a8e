/**
 * NDIS211 irql: a PASSIVE_LEVEL DDI called while a spin lock is held, or reached from a handler
 * whose role runs at DISPATCH_LEVEL. Reported at the call.
 */
import { describe, it } from 'node:test';
import { expectClean, expectDiagnostics, lineOf } from '../../helpers/ruleTester';
import { protocolDriver, protocolEntry } from '../flow/drivers';

const withHandler = (name: string, def: string, after = ''): Record<string, string> =>
  protocolDriver(protocolEntry({ after: def + after }), { except: [name] });

const UNBIND = (body: string): string => `
_Use_decl_annotations_
NDIS_STATUS
ProtUnbindAdapter(NDIS_HANDLE UnbindContext, NDIS_HANDLE ProtocolBindingContext)
{
    PPROT_OPEN Open = (PPROT_OPEN)ProtocolBindingContext;
    BOOLEAN Remove;

    UNREFERENCED_PARAMETER(UnbindContext);
${body}
    return NDIS_STATUS_SUCCESS;
}
`;

describe('NDIS211 irql', () => {
  it('reports a PASSIVE_LEVEL DDI called with a spin lock held (the doc example)', async () => {
    const files = withHandler('ProtUnbindAdapter', UNBIND(`    NdisAcquireSpinLock(&Open->Lock);
    if (Open->IfIndex != 0)
    {
        NdisIfDeleteIfStackEntry(Open->IfIndex, 0);
        Open->IfIndex = 0;
    }
    NdisReleaseSpinLock(&Open->Lock);`));
    await expectDiagnostics('NDIS211', files, [
      { code: 'NDIS211', ...lineOf(files['driver.c']!, 'NdisIfDeleteIfStackEntry('), severity: 'error', message: 'spin lock', related: 2 },
    ]);
  });

  it('follows the lock across helpers (acquired in one, released in another)', async () => {
    const files = withHandler('ProtUnbindAdapter', UNBIND(`    LockOpen(Open);
    NdisWaitEvent(&Open->ClosedEvent, 0);
    UnlockOpen(Open);
    NdisWaitEvent(&Open->ClosedEvent, 0);`), `
static VOID LockOpen(PPROT_OPEN Open) { NdisDprAcquireSpinLock(&Open->Lock); }
static VOID UnlockOpen(PPROT_OPEN Open) { NdisDprReleaseSpinLock(&Open->Lock); }
`).valueOf() as Record<string, string>;
    files['driver.c'] = files['driver.c']!.replace('\n_Use_decl_annotations_\nNDIS_STATUS\nProtUnbindAdapter', '\nstatic VOID LockOpen(PPROT_OPEN Open);\nstatic VOID UnlockOpen(PPROT_OPEN Open);\n\n_Use_decl_annotations_\nNDIS_STATUS\nProtUnbindAdapter');
    await expectDiagnostics('NDIS211', files, [{ code: 'NDIS211', ...lineOf(files['driver.c']!, 'NdisWaitEvent(') }]);
  });

  it('reports a PASSIVE_LEVEL DDI reached from a DISPATCH_LEVEL handler through a helper', async () => {
    const files = withHandler('ProtStatus', `
static VOID
Republish(VOID)
{
    NET_IF_INFORMATION Info;

    NdisZeroMemory(&Info, sizeof(Info));
    if (NdisIfRegisterInterface(Globals.ProviderHandle, Globals.NetLuid, NULL, &Info, &Globals.IfIndex) != NDIS_STATUS_SUCCESS)
    {
        return;
    }
}

_Use_decl_annotations_
VOID
ProtStatus(NDIS_HANDLE ProtocolBindingContext, PNDIS_STATUS_INDICATION StatusIndication)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    if (StatusIndication->StatusCode == NDIS_STATUS_LINK_STATE)
    {
        Republish();
    }
}
`);
    await expectDiagnostics('NDIS211', files, [
      { code: 'NDIS211', ...lineOf(files['driver.c']!, 'NdisIfRegisterInterface('), message: 'ProtStatus (PROTOCOL_STATUS_EX)' },
    ]);
  });

  it('accepts the call after the lock is released (record under the lock, act after it)', async () => {
    await expectClean('NDIS211', withHandler('ProtUnbindAdapter', UNBIND(`    NdisAcquireSpinLock(&Open->Lock);
    Remove = (Open->IfIndex != 0);
    Open->IfIndex = 0;
    NdisReleaseSpinLock(&Open->Lock);
    if (Remove)
    {
        NdisIfDeleteIfStackEntry(Open->IfIndex, 0);
    }`)));
  });
});
