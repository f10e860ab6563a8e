/** An intermediate driver fixture (miniport edge + protocol edge) for the IM rules' tests. */
import { fillMiniport, fillProtocol, MP_HANDLERS_C, protHandlers, PROT_H } from './drivers';

/** The correct IM DriverEntry body: miniport edge, protocol edge (undo the miniport on failure), associate. */
export const IM_ENTRY = `    Status = NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &MChars, &Globals.MiniportDriverHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        goto cleanup;
    }
    Status = NdisRegisterProtocolDriver(NULL, &PChars, &Globals.ProtocolHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        goto deregister_miniport;
    }
    NdisIMAssociateMiniport(Globals.MiniportDriverHandle, Globals.ProtocolHandle);
    return NDIS_STATUS_SUCCESS;

deregister_miniport:
    NdisMDeregisterMiniportDriver(Globals.MiniportDriverHandle);
    Globals.MiniportDriverHandle = NULL;
cleanup:
    return Status;`;

/** The correct IM unload: protocol edge first, then the miniport edge. */
export const IM_UNLOAD = `    NdisDeregisterProtocolDriver(Globals.ProtocolHandle);
    Globals.ProtocolHandle = NULL;
    NdisMDeregisterMiniportDriver(Globals.MiniportDriverHandle);
    Globals.MiniportDriverHandle = NULL;`;

/** An IM driver's files; driver.c holds MpUnload (MiniportDriverUnload) and DriverEntry. */
export function imDriver(opts: { entry?: string; unload?: string; flags?: string; after?: string; except?: readonly string[] } = {}): Record<string, string> {
  const driverC = `#include "prot.h"

PROT_GLOBALS Globals;
MINIPORT_UNLOAD MpUnload;

_Use_decl_annotations_
VOID
MpUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
${opts.unload ?? IM_UNLOAD}
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NDIS_STATUS Status;
    NDIS_PROTOCOL_DRIVER_CHARACTERISTICS PChars;
    NDIS_MINIPORT_DRIVER_CHARACTERISTICS MChars;

${fillProtocol('PChars')}
${fillMiniport('MChars', opts.flags ?? 'NDIS_INTERMEDIATE_DRIVER')}
${opts.entry ?? IM_ENTRY}
}
${opts.after ?? ''}`;
  return { 'prot.h': PROT_H, 'handlers.c': protHandlers(opts.except ?? []), 'mp.c': MP_HANDLERS_C, 'driver.c': driverC };
}
