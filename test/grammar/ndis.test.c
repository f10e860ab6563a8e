// SYNTAX TEST "source.c" "NDIS injection: DDIs, status codes, role typedefs, SAL annotations"

PROTOCOL_BIND_ADAPTER_EX TunpBindAdapter;
// <------------------------ support.type.role.ndis
//                       ^^^^^^^^^^^^^^^ - support.type.role.ndis

_IRQL_requires_max_(DISPATCH_LEVEL)
// <------------------- storage.modifier.sal.ndis
//                  ^^^^^^^^^^^^^^ constant.language.irql.ndis
_Use_decl_annotations_
// <---------------------- storage.modifier.sal.ndis
NDIS_STATUS
// <----------- - constant.language.status.ndis
TunpBindAdapter(
    _In_ NDIS_HANDLE ProtocolDriverContext,
//  ^^^^ storage.modifier.sal.ndis
    _In_opt_ NDIS_HANDLE BindContext,
//  ^^^^^^^^ storage.modifier.sal.ndis
    _Out_writes_bytes_(Length) PVOID Buffer
//  ^^^^^^^^^^^^^^^^^^ storage.modifier.sal.ndis
    )
{
    NDIS_STATUS Status = NdisRegisterProtocolDriver(NULL, &Chars, &Handle);
//                       ^^^^^^^^^^^^^^^^^^^^^^^^^^ support.function.ddi.ndis
    if (Status != NDIS_STATUS_SUCCESS && Status != NDIS_STATUS_PENDING) {
//                ^^^^^^^^^^^^^^^^^^^ constant.language.status.ndis
//                                                 ^^^^^^^^^^^^^^^^^^^ constant.language.status.ndis
        NdisAllocateMemoryWithTagPriority(Handle, 16, 'tag', NormalPoolPriority);
//      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ support.function.ddi.ndis
        return NDIS_STATUS_RESOURCES;
//             ^^^^^^^^^^^^^^^^^^^^^ constant.language.status.ndis
    }
    // NdisRegisterProtocolDriver NDIS_STATUS_SUCCESS _In_ in a comment stay comment
//     ^^^^^^^^^^^^^^^^^^^^^^^^^^ comment.line.double-slash.c - support.function.ddi.ndis
//                                ^^^^^^^^^^^^^^^^^^^ - constant.language.status.ndis
//                                                    ^^^^ - storage.modifier.sal.ndis
    DbgPrint("NdisMRegisterMiniportDriver NDIS_STATUS_FAILURE");
//            ^^^^^^^^^^^^^^^^^^^^^^^^^^^ string.quoted.double.c - support.function.ddi.ndis
//                                        ^^^^^^^^^^^^^^^^^^^ - constant.language.status.ndis
    NdisDeregisterProtocolDriver(Handle);
//  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ support.function.ddi.ndis
    NdisInitUnicodeString(&Chars.Name, L"TUNPROT");
//  ^^^^^^^^^^^^^^^^^^^^^ support.function.ddi.ndis
    MyNdisHelper(Handle);
//  ^^^^^^^^^^^^ - support.function.ddi.ndis
    _Inner_thing = 1;
//  ^^^^^^^^^^^^ - storage.modifier.sal.ndis
    return Status;
}

MINIPORT_SEND_NET_BUFFER_LISTS MpSend;
// <------------------------------ support.type.role.ndis
FILTER_SET_OPTIONS FilterRegisterOptions;
// <------------------ support.type.role.ndis
DRIVER_UNLOAD TunpUnload;
// <------------- support.type.role.ndis
