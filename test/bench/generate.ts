/**
 * Generates a realistic NDIS 6 protocol driver of a given size, deterministically (seeded PRNG):
 * a preamble of driver macros and types, helper functions in the shapes real drivers use (SAL
 * annotations, locals, loops, switch over OIDs, `goto Cleanup` error paths, spin locks, NBL
 * chains), the protocol handlers declared with their role typedefs, and DriverEntry filling and
 * registering NDIS_PROTOCOL_DRIVER_CHARACTERISTICS.
 *
 * The file is self-contained for a C compiler: under `#ifndef NDIS_WORKBENCH_BENCH_NO_TYPES` it
 * declares stand-ins for every <ndis.h> type, macro and DDI it uses, so `gcc -fsyntax-only`
 * compiles it with no headers (the baseline of the `gcc.fsyntax_ms` metric).
 */

/** mulberry32: a small seeded PRNG (same sequence on every run and platform). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GeneratedDriver {
  readonly text: string;
  readonly lines: number;
  /** Name of a helper function in the middle of the file whose body holds EDIT_ANCHOR. */
  readonly editFunction: string;
  /** A unique `Limit = 1` statement in editFunction's body: where the LSP benchmark types. */
  readonly editAnchor: string;
}

/** Stand-ins for the WDK headers (only what the generated code uses). */
const STUB_HEADERS = String.raw`#ifndef NDIS_WORKBENCH_BENCH_NO_TYPES
/*
 * Stand-ins for <ndis.h> so this file compiles on its own (gcc -fsyntax-only, no headers).
 * A real build defines NDIS_WORKBENCH_BENCH_NO_TYPES and includes the WDK headers instead.
 */
#define _In_
#define _In_opt_
#define _Out_
#define _Inout_
#define _Outptr_result_maybenull_
#define _In_reads_bytes_(n)
#define _Out_writes_bytes_to_(n, m)
#define _IRQL_requires_(x)
#define _IRQL_requires_max_(x)
#define _Requires_lock_held_(x)
#define _Requires_lock_not_held_(x)
#define _Must_inspect_result_
#define _Use_decl_annotations_
#define _Function_class_(x)
#define _Success_(x)
#define IN
#define OUT
#define OPTIONAL
#define FALSE 0
#define TRUE 1
#define NULL ((void *)0)
#define PASSIVE_LEVEL 0
#define DISPATCH_LEVEL 2

typedef void VOID;
typedef void *PVOID;
typedef unsigned char UCHAR, *PUCHAR, BOOLEAN;
typedef unsigned short USHORT, WCHAR, *PWCH;
typedef unsigned int ULONG, *PULONG;
typedef int LONG, NTSTATUS, NDIS_STATUS, *PNDIS_STATUS;
typedef unsigned long long ULONG64, ULONG_PTR;
typedef void *NDIS_HANDLE, **PNDIS_HANDLE;
typedef ULONG NDIS_OID, NDIS_PORT_NUMBER;

typedef struct _UNICODE_STRING { USHORT Length; USHORT MaximumLength; PWCH Buffer; } UNICODE_STRING, *PUNICODE_STRING, NDIS_STRING;
typedef struct _LIST_ENTRY { struct _LIST_ENTRY *Flink; struct _LIST_ENTRY *Blink; } LIST_ENTRY, *PLIST_ENTRY;
typedef struct _NDIS_SPIN_LOCK { ULONG_PTR SpinLock; UCHAR OldIrql; } NDIS_SPIN_LOCK, *PNDIS_SPIN_LOCK;
typedef struct _NDIS_OBJECT_HEADER { UCHAR Type; UCHAR Revision; USHORT Size; } NDIS_OBJECT_HEADER;
typedef struct _NET_BUFFER_LIST { struct _NET_BUFFER_LIST *Next; NDIS_STATUS Status; PVOID ProtocolReserved[4]; ULONG DataLength; } NET_BUFFER_LIST, *PNET_BUFFER_LIST;
typedef struct _NDIS_BIND_PARAMETERS { NDIS_OBJECT_HEADER Header; ULONG MtuSize; ULONG64 MaxXmitLinkSpeed; UCHAR CurrentMacAddress[6]; } NDIS_BIND_PARAMETERS, *PNDIS_BIND_PARAMETERS;
typedef struct _NDIS_OID_REQUEST { NDIS_OBJECT_HEADER Header; ULONG RequestType; NDIS_OID Oid; PVOID InformationBuffer; ULONG InformationBufferLength; ULONG BytesWritten; ULONG BytesNeeded; } NDIS_OID_REQUEST, *PNDIS_OID_REQUEST;
typedef struct _NET_PNP_EVENT_NOTIFICATION { NDIS_OBJECT_HEADER Header; NDIS_PORT_NUMBER PortNumber; ULONG NetEvent; PVOID Buffer; ULONG BufferLength; } NET_PNP_EVENT_NOTIFICATION, *PNET_PNP_EVENT_NOTIFICATION;
typedef struct _NDIS_STATUS_INDICATION { NDIS_OBJECT_HEADER Header; NDIS_STATUS StatusCode; PVOID StatusBuffer; ULONG StatusBufferSize; } NDIS_STATUS_INDICATION, *PNDIS_STATUS_INDICATION;
typedef struct _DRIVER_OBJECT { VOID (*DriverUnload)(struct _DRIVER_OBJECT *DriverObject); } DRIVER_OBJECT, *PDRIVER_OBJECT;

typedef VOID (DRIVER_UNLOAD)(PDRIVER_OBJECT DriverObject);
typedef NDIS_STATUS (PROTOCOL_BIND_ADAPTER_EX)(NDIS_HANDLE ProtocolDriverContext, NDIS_HANDLE BindContext, PNDIS_BIND_PARAMETERS BindParameters);
typedef NDIS_STATUS (PROTOCOL_UNBIND_ADAPTER_EX)(NDIS_HANDLE UnbindContext, NDIS_HANDLE ProtocolBindingContext);
typedef VOID (PROTOCOL_OPEN_ADAPTER_COMPLETE_EX)(NDIS_HANDLE ProtocolBindingContext, NDIS_STATUS Status);
typedef VOID (PROTOCOL_CLOSE_ADAPTER_COMPLETE_EX)(NDIS_HANDLE ProtocolBindingContext);
typedef NDIS_STATUS (PROTOCOL_NET_PNP_EVENT)(NDIS_HANDLE ProtocolBindingContext, PNET_PNP_EVENT_NOTIFICATION NetPnPEventNotification);
typedef VOID (PROTOCOL_UNINSTALL)(VOID);
typedef VOID (PROTOCOL_OID_REQUEST_COMPLETE)(NDIS_HANDLE ProtocolBindingContext, PNDIS_OID_REQUEST OidRequest, NDIS_STATUS Status);
typedef VOID (PROTOCOL_STATUS_EX)(NDIS_HANDLE ProtocolBindingContext, PNDIS_STATUS_INDICATION StatusIndication);
typedef VOID (PROTOCOL_RECEIVE_NET_BUFFER_LISTS)(NDIS_HANDLE ProtocolBindingContext, PNET_BUFFER_LIST NetBufferLists, NDIS_PORT_NUMBER PortNumber, ULONG NumberOfNetBufferLists, ULONG ReceiveFlags);
typedef VOID (PROTOCOL_SEND_NET_BUFFER_LISTS_COMPLETE)(NDIS_HANDLE ProtocolBindingContext, PNET_BUFFER_LIST NetBufferList, ULONG SendCompleteFlags);
typedef VOID (PROTOCOL_DIRECT_OID_REQUEST_COMPLETE)(NDIS_HANDLE ProtocolBindingContext, PNDIS_OID_REQUEST OidRequest, NDIS_STATUS Status);
typedef NDIS_STATUS (PROTOCOL_SET_OPTIONS)(NDIS_HANDLE NdisDriverHandle, NDIS_HANDLE DriverContext);

typedef struct _NDIS_PROTOCOL_DRIVER_CHARACTERISTICS {
    NDIS_OBJECT_HEADER Header;
    UCHAR MajorNdisVersion;
    UCHAR MinorNdisVersion;
    UCHAR MajorDriverVersion;
    UCHAR MinorDriverVersion;
    ULONG Flags;
    NDIS_STRING Name;
    PROTOCOL_SET_OPTIONS *SetOptionsHandler;
    PROTOCOL_BIND_ADAPTER_EX *BindAdapterHandlerEx;
    PROTOCOL_UNBIND_ADAPTER_EX *UnbindAdapterHandlerEx;
    PROTOCOL_OPEN_ADAPTER_COMPLETE_EX *OpenAdapterCompleteHandlerEx;
    PROTOCOL_CLOSE_ADAPTER_COMPLETE_EX *CloseAdapterCompleteHandlerEx;
    PROTOCOL_NET_PNP_EVENT *NetPnPEventHandler;
    PROTOCOL_UNINSTALL *UninstallHandler;
    PROTOCOL_OID_REQUEST_COMPLETE *OidRequestCompleteHandler;
    PROTOCOL_STATUS_EX *StatusHandlerEx;
    PROTOCOL_RECEIVE_NET_BUFFER_LISTS *ReceiveNetBufferListsHandler;
    PROTOCOL_SEND_NET_BUFFER_LISTS_COMPLETE *SendNetBufferListsCompleteHandler;
    PROTOCOL_DIRECT_OID_REQUEST_COMPLETE *DirectOidRequestCompleteHandler;
} NDIS_PROTOCOL_DRIVER_CHARACTERISTICS, *PNDIS_PROTOCOL_DRIVER_CHARACTERISTICS;

#define FIELD_OFFSET(t, f) __builtin_offsetof(t, f)
#define RTL_SIZEOF_THROUGH_FIELD(t, f) (FIELD_OFFSET(t, f) + sizeof(((t *)0)->f))
#define NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS 0x95
#define NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2 2
#define NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2 RTL_SIZEOF_THROUGH_FIELD(NDIS_PROTOCOL_DRIVER_CHARACTERISTICS, DirectOidRequestCompleteHandler)
#define NDIS_STATUS_SUCCESS ((NDIS_STATUS)0x00000000L)
#define NDIS_STATUS_PENDING ((NDIS_STATUS)0x00000103L)
#define NDIS_STATUS_FAILURE ((NDIS_STATUS)0xC0000001L)
#define NDIS_STATUS_RESOURCES ((NDIS_STATUS)0xC000009AL)
#define NDIS_STATUS_INVALID_PARAMETER ((NDIS_STATUS)0xC000000DL)
#define NDIS_STATUS_NOT_SUPPORTED ((NDIS_STATUS)0xC00000BBL)
#define NDIS_STATUS_BUFFER_TOO_SHORT ((NDIS_STATUS)0xC0010016L)
#define NDIS_STATUS_MEDIA_CONNECT ((NDIS_STATUS)0x4001000BL)
#define NDIS_STATUS_MEDIA_DISCONNECT ((NDIS_STATUS)0x4001000CL)
#define STATUS_SUCCESS ((NTSTATUS)0x00000000L)
#define NT_SUCCESS(s) (((NTSTATUS)(s)) >= 0)
#define NDIS_RECEIVE_FLAGS_RESOURCES 0x00000002
#define NDIS_RETURN_FLAGS_DISPATCH_LEVEL 0x00000001
#define NDIS_SEND_FLAGS_DISPATCH_LEVEL 0x00000001
#define NDIS_DEFAULT_PORT_NUMBER ((NDIS_PORT_NUMBER)0)
#define NormalPoolPriority 16
#define NetEventPause 13
#define NetEventRestart 14
#define NetEventSetPower 1
#define OID_GEN_MAXIMUM_FRAME_SIZE 0x00010106
#define OID_GEN_LINK_SPEED 0x00010107
#define OID_GEN_CURRENT_PACKET_FILTER 0x0001010E
#define OID_GEN_CURRENT_LOOKAHEAD 0x0001010F
#define OID_GEN_MEDIA_CONNECT_STATUS 0x00010114
#define OID_GEN_XMIT_OK 0x00020101
#define OID_GEN_RCV_OK 0x00020102
#define OID_802_3_CURRENT_ADDRESS 0x01010102
#define NDIS_STRING_CONST(x) { sizeof(L##x) - sizeof(WCHAR), sizeof(L##x), (PWCH)L##x }
#define UNREFERENCED_PARAMETER(P) ((void)(P))
#define ASSERT(e) ((void)0)
#define PAGED_CODE() ((void)0)
#define NET_BUFFER_LIST_NEXT_NBL(n) ((n)->Next)
#define NET_BUFFER_LIST_STATUS(n) ((n)->Status)
#define InitializeListHead(h) ((h)->Flink = (h)->Blink = (h))
#define IsListEmpty(h) ((h)->Flink == (h))
#define CONTAINING_RECORD(a, t, f) ((t *)((PUCHAR)(a) - FIELD_OFFSET(t, f)))
#define NdisZeroMemory(d, n) __builtin_memset((d), 0, (n))
#define NdisMoveMemory(d, s, n) __builtin_memcpy((d), (s), (n))

NDIS_STATUS NdisRegisterProtocolDriver(PVOID ProtocolDriverContext, PNDIS_PROTOCOL_DRIVER_CHARACTERISTICS ProtocolCharacteristics, PNDIS_HANDLE NdisProtocolHandle);
VOID NdisDeregisterProtocolDriver(NDIS_HANDLE NdisProtocolHandle);
VOID NdisAllocateSpinLock(PNDIS_SPIN_LOCK SpinLock);
VOID NdisFreeSpinLock(PNDIS_SPIN_LOCK SpinLock);
VOID NdisAcquireSpinLock(PNDIS_SPIN_LOCK SpinLock);
VOID NdisReleaseSpinLock(PNDIS_SPIN_LOCK SpinLock);
VOID NdisDprAcquireSpinLock(PNDIS_SPIN_LOCK SpinLock);
VOID NdisDprReleaseSpinLock(PNDIS_SPIN_LOCK SpinLock);
PVOID NdisAllocateMemoryWithTagPriority(NDIS_HANDLE NdisHandle, ULONG Length, ULONG Tag, ULONG Priority);
VOID NdisFreeMemory(PVOID VirtualAddress, ULONG Length, ULONG MemoryFlags);
VOID NdisReturnNetBufferLists(NDIS_HANDLE NdisBindingHandle, PNET_BUFFER_LIST NetBufferLists, ULONG ReturnFlags);
VOID NdisSendNetBufferLists(NDIS_HANDLE NdisBindingHandle, PNET_BUFFER_LIST NetBufferLists, NDIS_PORT_NUMBER PortNumber, ULONG SendFlags);
NDIS_STATUS NdisOidRequest(NDIS_HANDLE NdisBindingHandle, PNDIS_OID_REQUEST OidRequest);
#endif /* NDIS_WORKBENCH_BENCH_NO_TYPES */
`;

/** The driver's own preamble (~1 kB): its macros, context types and globals. */
const PREAMBLE = String.raw`
#define TB_TAG                  'bTdN'
#define TB_MAJOR_NDIS_VERSION   6
#define TB_MINOR_NDIS_VERSION   30
#define TB_MAX_FRAME            1514
#define TB_MAX_BLOCK            65536
#define TB_RING_SIZE            64
#define TB_OID_RETRIES          3
#define TB_MIN(a, b)            ((a) < (b) ? (a) : (b))
#define TB_ALIGN(x, a)          (((x) + ((a) - 1)) & ~((a) - 1))
#define TB_IS_BROADCAST(m)      (((m)[0] & (m)[1] & (m)[2] & (m)[3] & (m)[4] & (m)[5]) == 0xFF)

typedef struct _TB_COUNTERS {
    ULONG64             RxBytes;
    ULONG64             TxBytes;
    ULONG               RxFrames;
    ULONG               TxFrames;
    ULONG               Errors;
} TB_COUNTERS, *PTB_COUNTERS;

typedef struct _TB_OPEN {
    LIST_ENTRY          Link;
    NDIS_HANDLE         BindingHandle;
    NDIS_SPIN_LOCK      Lock;
    ULONG               State;
    ULONG               PacketFilter;
    ULONG               Ring[TB_RING_SIZE];
    ULONG               RingHead;
    TB_COUNTERS         Counters;
    UCHAR               MacAddress[6];
    NDIS_OID_REQUEST    Request;
} TB_OPEN, *PTB_OPEN;

typedef struct _TB_GLOBALS {
    NDIS_HANDLE         ProtocolHandle;
    PDRIVER_OBJECT      DriverObject;
    NDIS_SPIN_LOCK      GlobalLock;
    LIST_ENTRY          OpenList;
    ULONG               OpenCount;
} TB_GLOBALS, *PTB_GLOBALS;

TB_GLOBALS Globals;
`;

const OIDS = [
  'OID_GEN_MAXIMUM_FRAME_SIZE',
  'OID_GEN_LINK_SPEED',
  'OID_GEN_CURRENT_PACKET_FILTER',
  'OID_GEN_CURRENT_LOOKAHEAD',
  'OID_GEN_MEDIA_CONNECT_STATUS',
  'OID_GEN_XMIT_OK',
  'OID_GEN_RCV_OK',
  'OID_802_3_CURRENT_ADDRESS',
];

type Template = (name: string, rnd: () => number, callees: readonly { name: string; kind: string }[]) => string;

const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const int = (rnd: () => number, lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));

/** Helper shapes; each is 25-60 lines. `kind` says how other helpers may call it. */
const TEMPLATES: Record<string, Template> = {
  // Allocation with a goto cleanup chain.
  alloc: (name, rnd) => `_IRQL_requires_max_(DISPATCH_LEVEL)
_Must_inspect_result_
static NDIS_STATUS
${name}(
    _In_ PTB_OPEN Open,
    _In_ ULONG Size,
    _Outptr_result_maybenull_ PVOID *Buffer
    )
{
    NDIS_STATUS Status = NDIS_STATUS_SUCCESS;
    PUCHAR Block = NULL;
    ULONG Rounded;
    ULONG i;

    *Buffer = NULL;
    if (Open == NULL || Size == 0 || Size > TB_MAX_BLOCK)
    {
        Status = NDIS_STATUS_INVALID_PARAMETER;
        goto Cleanup;
    }

    Rounded = TB_ALIGN(Size, ${pick(rnd, [8, 16, 64])});
    Block = (PUCHAR)NdisAllocateMemoryWithTagPriority(Globals.ProtocolHandle, Rounded, TB_TAG, NormalPoolPriority);
    if (Block == NULL)
    {
        Status = NDIS_STATUS_RESOURCES;
        goto Cleanup;
    }

    NdisZeroMemory(Block, Rounded);
    for (i = 0; i < Rounded; i += ${pick(rnd, [4, 8, 16])})
    {
        Block[i] = (UCHAR)(i & 0x${int(rnd, 16, 255).toString(16).toUpperCase()});
    }

    *Buffer = Block;
    Block = NULL;

Cleanup:
    if (Block != NULL)
    {
        NdisFreeMemory(Block, 0, 0);
    }
    return Status;
}
`,
  // Counters under a spin lock, a ring buffer loop.
  stats: (name, rnd) => `_IRQL_requires_max_(DISPATCH_LEVEL)
_Requires_lock_not_held_(Open->Lock)
static VOID
${name}(
    _Inout_ PTB_OPEN Open,
    _In_ ULONG Bytes,
    _In_ BOOLEAN Receive
    )
{
    ULONG i;
    ULONG Slot;

    NdisAcquireSpinLock(&Open->Lock);
    Slot = Open->RingHead;
    for (i = 0; i < TB_RING_SIZE; i++)
    {
        if (Open->Ring[(Slot + i) % TB_RING_SIZE] == 0)
        {
            Open->Ring[(Slot + i) % TB_RING_SIZE] = Bytes + ${int(rnd, 0, 9)};
            Open->RingHead = (Slot + i + 1) % TB_RING_SIZE;
            break;
        }
    }
    if (Receive)
    {
        Open->Counters.RxBytes += Bytes;
        Open->Counters.RxFrames++;
    }
    else
    {
        Open->Counters.TxBytes += Bytes;
        Open->Counters.TxFrames++;
    }
    NdisReleaseSpinLock(&Open->Lock);
}
`,
  // A switch over OIDs.
  query: (name, rnd) => {
    const oids = OIDS.filter(() => rnd() < 0.7);
    if (!oids.length) oids.push(OIDS[0]!);
    const cases = oids
      .map((oid, i) => `    case ${oid}:\n        Value = ${i === 0 ? 'TB_MAX_FRAME' : `Open->Counters.RxFrames + ${int(rnd, 1, 99)}`};\n        break;\n`)
      .join('\n');
    return `_IRQL_requires_max_(DISPATCH_LEVEL)
static NDIS_STATUS
${name}(
    _In_ PTB_OPEN Open,
    _In_ NDIS_OID Oid,
    _Out_writes_bytes_to_(Length, *Written) PVOID Buffer,
    _In_ ULONG Length,
    _Out_ PULONG Written
    )
{
    NDIS_STATUS Status = NDIS_STATUS_SUCCESS;
    ULONG Value = 0;

    *Written = 0;
    switch (Oid)
    {
${cases}
    default:
        Status = NDIS_STATUS_NOT_SUPPORTED;
        break;
    }

    if (Status == NDIS_STATUS_SUCCESS)
    {
        if (Length < sizeof(Value))
        {
            Status = NDIS_STATUS_BUFFER_TOO_SHORT;
        }
        else
        {
            NdisMoveMemory(Buffer, &Value, sizeof(Value));
            *Written = sizeof(Value);
        }
    }
    return Status;
}
`;
  },
  // Arithmetic with while loops.
  checksum: (name, rnd) => `static ULONG
${name}(
    _In_reads_bytes_(Length) const UCHAR *Data,
    _In_ ULONG Length
    )
{
    ULONG Sum = ${int(rnd, 0, 255)};
    ULONG i = 0;
    ULONG Limit = 1;

    while (i + 1 < Length)
    {
        Sum += (ULONG)((Data[i] << 8) | Data[i + 1]);
        i += 2;
    }
    if (i < Length)
    {
        Sum += (ULONG)(Data[i] << 8);
    }
    while ((Sum >> 16) != 0 && Limit < ${int(rnd, 4, 16)})
    {
        Sum = (Sum & 0xFFFF) + (Sum >> 16);
        Limit++;
    }
    return ~Sum & 0xFFFF;
}
`,
  // Walking an NBL chain; calls other helpers.
  nbls: (name, rnd, callees) => {
    const stats = callees.find((c) => c.kind === 'stats');
    const sum = callees.find((c) => c.kind === 'checksum');
    return `_IRQL_requires_max_(DISPATCH_LEVEL)
static ULONG
${name}(
    _In_ PTB_OPEN Open,
    _In_ PNET_BUFFER_LIST NetBufferLists,
    _In_ BOOLEAN Receive
    )
{
    PNET_BUFFER_LIST Nbl;
    PNET_BUFFER_LIST Next;
    ULONG Count = 0;
    ULONG Bytes = 0;

    for (Nbl = NetBufferLists; Nbl != NULL; Nbl = Next)
    {
        Next = NET_BUFFER_LIST_NEXT_NBL(Nbl);
        if (Nbl->DataLength > TB_MAX_FRAME)
        {
            NET_BUFFER_LIST_STATUS(Nbl) = NDIS_STATUS_INVALID_PARAMETER;
            Open->Counters.Errors++;
            continue;
        }
        NET_BUFFER_LIST_STATUS(Nbl) = NDIS_STATUS_SUCCESS;
        Bytes += Nbl->DataLength;
        Count++;
    }
${sum ? `    Bytes ^= ${sum.name}(Open->MacAddress, sizeof(Open->MacAddress)) & 0x${int(rnd, 1, 15)};\n` : ''}${stats ? `    ${stats.name}(Open, Bytes, Receive);\n` : '    UNREFERENCED_PARAMETER(Receive);\n'}    return Count;
}
`;
  },
  // do { ... } while (FALSE) with break, a retry loop, an OID request.
  request: (name, rnd, callees) => {
    const alloc = callees.find((c) => c.kind === 'alloc');
    return `_IRQL_requires_(PASSIVE_LEVEL)
static NDIS_STATUS
${name}(
    _In_ PTB_OPEN Open,
    _In_ NDIS_OID Oid,
    _In_ ULONG Length
    )
{
    NDIS_STATUS Status = NDIS_STATUS_FAILURE;
    PVOID Buffer = NULL;
    ULONG Attempt;

    do
    {
${alloc ? `        Status = ${alloc.name}(Open, Length, &Buffer);\n        if (Status != NDIS_STATUS_SUCCESS)\n        {\n            break;\n        }\n` : '        Buffer = NULL;\n'}
        NdisZeroMemory(&Open->Request, sizeof(Open->Request));
        Open->Request.RequestType = ${int(rnd, 0, 2)};
        Open->Request.Oid = Oid;
        Open->Request.InformationBuffer = Buffer;
        Open->Request.InformationBufferLength = Length;

        for (Attempt = 0; Attempt < TB_OID_RETRIES; Attempt++)
        {
            Status = NdisOidRequest(Open->BindingHandle, &Open->Request);
            if (Status != NDIS_STATUS_RESOURCES)
            {
                break;
            }
        }
    } while (FALSE);

    if (Status != NDIS_STATUS_PENDING && Buffer != NULL)
    {
        NdisFreeMemory(Buffer, 0, 0);
    }
    return Status;
}
`;
  },
};

const KINDS = Object.keys(TEMPLATES);

/** The protocol handlers and DriverEntry (fixed text around generated helper calls). */
function handlers(calls: { nbls?: string; request?: string; stats?: string }): string {
  return `
DRIVER_UNLOAD TbUnload;
PROTOCOL_BIND_ADAPTER_EX TbBindAdapter;
PROTOCOL_UNBIND_ADAPTER_EX TbUnbindAdapter;
PROTOCOL_OPEN_ADAPTER_COMPLETE_EX TbOpenAdapterComplete;
PROTOCOL_CLOSE_ADAPTER_COMPLETE_EX TbCloseAdapterComplete;
PROTOCOL_NET_PNP_EVENT TbNetPnPEvent;
PROTOCOL_OID_REQUEST_COMPLETE TbOidRequestComplete;
PROTOCOL_STATUS_EX TbStatus;
PROTOCOL_RECEIVE_NET_BUFFER_LISTS TbReceiveNetBufferLists;
PROTOCOL_SEND_NET_BUFFER_LISTS_COMPLETE TbSendNetBufferListsComplete;

_Use_decl_annotations_
NDIS_STATUS
TbBindAdapter(
    NDIS_HANDLE ProtocolDriverContext,
    NDIS_HANDLE BindContext,
    PNDIS_BIND_PARAMETERS BindParameters
    )
{
    PTB_OPEN Open;

    UNREFERENCED_PARAMETER(ProtocolDriverContext);
    UNREFERENCED_PARAMETER(BindContext);

    Open = (PTB_OPEN)NdisAllocateMemoryWithTagPriority(Globals.ProtocolHandle, sizeof(TB_OPEN), TB_TAG, NormalPoolPriority);
    if (Open == NULL)
    {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(Open, sizeof(TB_OPEN));
    NdisAllocateSpinLock(&Open->Lock);
    NdisMoveMemory(Open->MacAddress, BindParameters->CurrentMacAddress, sizeof(Open->MacAddress));

    NdisAcquireSpinLock(&Globals.GlobalLock);
    Globals.OpenCount++;
    NdisReleaseSpinLock(&Globals.GlobalLock);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
TbUnbindAdapter(
    NDIS_HANDLE UnbindContext,
    NDIS_HANDLE ProtocolBindingContext
    )
{
    PTB_OPEN Open = (PTB_OPEN)ProtocolBindingContext;

    UNREFERENCED_PARAMETER(UnbindContext);
    NdisAcquireSpinLock(&Globals.GlobalLock);
    Globals.OpenCount--;
    NdisReleaseSpinLock(&Globals.GlobalLock);
    NdisFreeSpinLock(&Open->Lock);
    NdisFreeMemory(Open, sizeof(TB_OPEN), 0);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
TbOpenAdapterComplete(
    NDIS_HANDLE ProtocolBindingContext,
    NDIS_STATUS Status
    )
{
    PTB_OPEN Open = (PTB_OPEN)ProtocolBindingContext;

    Open->State = (Status == NDIS_STATUS_SUCCESS) ? 1 : 0;
}

_Use_decl_annotations_
VOID
TbCloseAdapterComplete(
    NDIS_HANDLE ProtocolBindingContext
    )
{
    PTB_OPEN Open = (PTB_OPEN)ProtocolBindingContext;

    Open->State = 0;
}

_Use_decl_annotations_
NDIS_STATUS
TbNetPnPEvent(
    NDIS_HANDLE ProtocolBindingContext,
    PNET_PNP_EVENT_NOTIFICATION NetPnPEventNotification
    )
{
    PTB_OPEN Open = (PTB_OPEN)ProtocolBindingContext;
    NDIS_STATUS Status = NDIS_STATUS_SUCCESS;

    switch (NetPnPEventNotification->NetEvent)
    {
    case NetEventPause:
        if (Open != NULL)
        {
            Open->State = 2;
        }
        break;

    case NetEventRestart:
        if (Open != NULL)
        {
            Open->State = 1;
        }
        break;

    case NetEventSetPower:
    default:
        break;
    }
    return Status;
}

_Use_decl_annotations_
VOID
TbOidRequestComplete(
    NDIS_HANDLE ProtocolBindingContext,
    PNDIS_OID_REQUEST OidRequest,
    NDIS_STATUS Status
    )
{
    PTB_OPEN Open = (PTB_OPEN)ProtocolBindingContext;

    if (Status == NDIS_STATUS_SUCCESS && OidRequest->Oid == OID_GEN_CURRENT_PACKET_FILTER)
    {
        Open->PacketFilter = *(PULONG)OidRequest->InformationBuffer;
    }
}

_Use_decl_annotations_
VOID
TbStatus(
    NDIS_HANDLE ProtocolBindingContext,
    PNDIS_STATUS_INDICATION StatusIndication
    )
{
    PTB_OPEN Open = (PTB_OPEN)ProtocolBindingContext;

    if (StatusIndication->StatusCode == NDIS_STATUS_MEDIA_DISCONNECT)
    {
        Open->State = 3;
    }
    else if (StatusIndication->StatusCode == NDIS_STATUS_MEDIA_CONNECT)
    {
        Open->State = 1;
    }
}

_Use_decl_annotations_
VOID
TbReceiveNetBufferLists(
    NDIS_HANDLE ProtocolBindingContext,
    PNET_BUFFER_LIST NetBufferLists,
    NDIS_PORT_NUMBER PortNumber,
    ULONG NumberOfNetBufferLists,
    ULONG ReceiveFlags
    )
{
    PTB_OPEN Open = (PTB_OPEN)ProtocolBindingContext;

    UNREFERENCED_PARAMETER(PortNumber);
    UNREFERENCED_PARAMETER(NumberOfNetBufferLists);
${calls.nbls ? `    (VOID)${calls.nbls}(Open, NetBufferLists, TRUE);\n` : ''}    if ((ReceiveFlags & NDIS_RECEIVE_FLAGS_RESOURCES) == 0)
    {
        NdisReturnNetBufferLists(Open->BindingHandle, NetBufferLists, NDIS_RETURN_FLAGS_DISPATCH_LEVEL);
    }
}

_Use_decl_annotations_
VOID
TbSendNetBufferListsComplete(
    NDIS_HANDLE ProtocolBindingContext,
    PNET_BUFFER_LIST NetBufferList,
    ULONG SendCompleteFlags
    )
{
    PTB_OPEN Open = (PTB_OPEN)ProtocolBindingContext;

    UNREFERENCED_PARAMETER(SendCompleteFlags);
${calls.nbls ? `    (VOID)${calls.nbls}(Open, NetBufferList, FALSE);\n` : '    UNREFERENCED_PARAMETER(NetBufferList);\n'}}

_Use_decl_annotations_
VOID
TbUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    if (Globals.ProtocolHandle != NULL)
    {
        NdisDeregisterProtocolDriver(Globals.ProtocolHandle);
        Globals.ProtocolHandle = NULL;
    }
    NdisFreeSpinLock(&Globals.GlobalLock);
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NDIS_STATUS Status;
    NDIS_PROTOCOL_DRIVER_CHARACTERISTICS ProtocolChars;
    NDIS_STRING ProtocolName = NDIS_STRING_CONST("TBENCH");

    UNREFERENCED_PARAMETER(RegistryPath);

    NdisZeroMemory(&Globals, sizeof(Globals));
    Globals.DriverObject = DriverObject;
    NdisAllocateSpinLock(&Globals.GlobalLock);
    InitializeListHead(&Globals.OpenList);

    NdisZeroMemory(&ProtocolChars, sizeof(ProtocolChars));
    ProtocolChars.Header.Type = NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS;
    ProtocolChars.Header.Revision = NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;
    ProtocolChars.Header.Size = NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;
    ProtocolChars.MajorNdisVersion = TB_MAJOR_NDIS_VERSION;
    ProtocolChars.MinorNdisVersion = TB_MINOR_NDIS_VERSION;
    ProtocolChars.MajorDriverVersion = 1;
    ProtocolChars.MinorDriverVersion = 0;
    ProtocolChars.Flags = 0;
    ProtocolChars.Name = ProtocolName;
    ProtocolChars.BindAdapterHandlerEx = TbBindAdapter;
    ProtocolChars.UnbindAdapterHandlerEx = TbUnbindAdapter;
    ProtocolChars.OpenAdapterCompleteHandlerEx = TbOpenAdapterComplete;
    ProtocolChars.CloseAdapterCompleteHandlerEx = TbCloseAdapterComplete;
    ProtocolChars.NetPnPEventHandler = TbNetPnPEvent;
    ProtocolChars.OidRequestCompleteHandler = TbOidRequestComplete;
    ProtocolChars.StatusHandlerEx = TbStatus;
    ProtocolChars.ReceiveNetBufferListsHandler = TbReceiveNetBufferLists;
    ProtocolChars.SendNetBufferListsCompleteHandler = TbSendNetBufferListsComplete;

    DriverObject->DriverUnload = TbUnload;

    Status = NdisRegisterProtocolDriver(&Globals, &ProtocolChars, &Globals.ProtocolHandle);
    if (Status != NDIS_STATUS_SUCCESS)
    {
        goto Cleanup;
    }
${calls.request ? `    (VOID)${calls.request};\n` : ''}    return STATUS_SUCCESS;

Cleanup:
    NdisFreeSpinLock(&Globals.GlobalLock);
    return Status;
}
`;
}

/**
 * A driver of about `lines` lines (at least the fixed parts). Same `seed` and `lines`, same text.
 */
export function generateDriver(opts: { lines?: number; seed?: number } = {}): GeneratedDriver {
  const target = opts.lines ?? 20_000;
  const rnd = mulberry32(opts.seed ?? 0x4e444953);
  const head = `/*
 * tbench.c: a generated NDIS 6.30 protocol driver (NDIS Workbench benchmark input).
 * Deterministic output of test/bench/generate.ts; do not edit.
 */
${STUB_HEADERS}${PREAMBLE}`;
  const tailEstimate = handlers({ nbls: 'X', request: 'X', stats: 'X' }).split('\n').length;
  const countLines = (s: string): number => s.split('\n').length - 1;
  let lines = countLines(head);
  const helpers: { name: string; kind: string; text: string }[] = [];
  let i = 0;
  while (lines + tailEstimate < target) {
    // Rotate through the shapes, with random order inside each round so neighbours vary.
    const kind = i < KINDS.length ? KINDS[i]! : pick(rnd, KINDS);
    const name = `Tb${kind[0]!.toUpperCase()}${kind.slice(1)}${String(i).padStart(4, '0')}`;
    const callees = helpers.slice(-12).filter((h) => h.kind !== kind);
    const text = TEMPLATES[kind]!(name, rnd, callees) + '\n';
    helpers.push({ name, kind, text });
    lines += countLines(text);
    i++;
  }
  const last = (kind: string): string | undefined => [...helpers].reverse().find((h) => h.kind === kind)?.name;
  const request = last('request');
  const tail = handlers({
    nbls: last('nbls'),
    stats: last('stats'),
    request: request ? `${request}((PTB_OPEN)Globals.OpenList.Flink, OID_GEN_CURRENT_LOOKAHEAD, sizeof(ULONG))` : undefined,
  });
  // The edit target: a checksum helper near the middle of the file.
  const middle = helpers.slice(Math.floor(helpers.length / 2)).find((h) => h.kind === 'checksum') ?? helpers.find((h) => h.kind === 'checksum')!;
  const text = head + '\n' + helpers.map((h) => h.text).join('') + tail;
  return { text, lines: countLines(text), editFunction: middle.name, editAnchor: 'ULONG Limit = 1;' };
}

/** The offset of the edit anchor inside the edit function's body. */
export function editOffset(d: GeneratedDriver): number {
  const fn = d.text.indexOf(`\n${d.editFunction}(`);
  if (fn < 0) throw new Error(`${d.editFunction} not found`);
  const at = d.text.indexOf(d.editAnchor, fn);
  if (at < 0) throw new Error(`${d.editAnchor} not found in ${d.editFunction}`);
  return at + d.editAnchor.indexOf('1');
}
