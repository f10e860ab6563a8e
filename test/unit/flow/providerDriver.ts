/** A protocol driver that is also an interface provider, for the NdisIf* rules' tests. */
import { fillProvider, protocolDriver, protocolEntry, PROVIDER_HANDLERS_C } from './drivers';

/** DriverEntry body: provider first, then the protocol (whose Bind publishes the interface). */
export const PROVIDER_THEN_PROTOCOL = `    Status = RegisterProvider();
    if (Status != NDIS_STATUS_SUCCESS)
    {
        return Status;
    }
    Status = NdisRegisterProtocolDriver(NULL, &PChars, &Globals.ProtocolHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        NdisIfDeregisterProvider(Globals.ProviderHandle);
        Globals.ProviderHandle = NULL;
        return Status;
    }
    return STATUS_SUCCESS;`;

/** Unload: interface (flag-guarded), provider (NULL-guarded), protocol. */
export const PROVIDER_UNLOAD = `    if (Globals.InterfaceRegistered)
    {
        NdisIfDeregisterInterface(Globals.IfIndex);
        Globals.InterfaceRegistered = FALSE;
    }
    if (Globals.ProviderHandle != NULL)
    {
        NdisIfDeregisterProvider(Globals.ProviderHandle);
        Globals.ProviderHandle = NULL;
    }
    NdisDeregisterProtocolDriver(Globals.ProtocolHandle);`;

/** PublishInterface (called from Bind): registers one interface once, guarded by a flag. `index` is the NetLuidIndex expression. */
export function publish(index = 'Index', guard = true): string {
  return `
NDIS_STATUS
PublishInterface(VOID)
{
    NDIS_STATUS Status;
    UINT32 Index;
    NET_IF_INFORMATION Info;
${guard ? `
    if (Globals.InterfaceRegistered)
    {
        return NDIS_STATUS_SUCCESS;
    }` : ''}
    Status = NdisIfAllocateNetLuidIndex(IF_TYPE_PROP_VIRTUAL, &Index);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        return Status;
    }
    NDIS_MAKE_NET_LUID(&Globals.NetLuid, IF_TYPE_PROP_VIRTUAL, ${index});

    NdisZeroMemory(&Info, sizeof(Info));
    Info.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
    Info.Header.Revision = NDIS_OBJECT_REVISION_1;
    Info.Header.Size = NDIS_SIZEOF_NET_IF_INFORMATION_REVISION_1;
    Status = NdisIfRegisterInterface(Globals.ProviderHandle, Globals.NetLuid, NULL, &Info, &Globals.IfIndex);
    if (Status == NDIS_STATUS_SUCCESS)
    {
        Globals.InterfaceRegistered = TRUE;
    }
    return Status;
}

_Use_decl_annotations_
NDIS_STATUS
ProtBindAdapter(NDIS_HANDLE ProtocolDriverContext, NDIS_HANDLE BindContext, PNDIS_BIND_PARAMETERS BindParameters)
{
    UNREFERENCED_PARAMETER(ProtocolDriverContext);
    UNREFERENCED_PARAMETER(BindContext);
    UNREFERENCED_PARAMETER(BindParameters);
    return PublishInterface();
}
`;
}

/** The provider driver's files. `after` defaults to publish(). */
export function providerDriver(opts: { register?: string; unload?: string; after?: string; before?: string } = {}): Record<string, string> {
  const driverC = protocolEntry({
    register: opts.register ?? PROVIDER_THEN_PROTOCOL,
    unload: opts.unload ?? PROVIDER_UNLOAD,
    before: `
NDIS_STATUS
RegisterProvider(VOID)
{
    NDIS_IF_PROVIDER_CHARACTERISTICS Chars;
${fillProvider('Chars')}
    return NdisIfRegisterProvider(&Chars, NULL, &Globals.ProviderHandle);
}
${opts.before ?? ''}`,
    after: opts.after ?? publish(),
  });
  return protocolDriver(driverC, { except: ['ProtBindAdapter'], extra: { 'provider.c': PROVIDER_HANDLERS_C } });
}
