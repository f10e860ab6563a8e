/**
 * Part of the virtual ndis.h (see index.ts for the order): DDIs the driver-execution host models
 * beyond the catalog and the other parts — NDIS timer function typedef and revision constants,
 * I/O work items, system up-time, KeBugCheck and the precise time queries.
 */
export const NDIS_EXTRA_H = String.raw`
/* Timers and work items. */
typedef VOID (NDIS_TIMER_FUNCTION)(PVOID SystemSpecific1, PVOID FunctionContext, PVOID SystemSpecific2, PVOID SystemSpecific3);
typedef NDIS_TIMER_FUNCTION *PNDIS_TIMER_FUNCTION;
#define NDIS_TIMER_CHARACTERISTICS_REVISION_1 1
#define NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1 RTL_SIZEOF_THROUGH_FIELD(NDIS_TIMER_CHARACTERISTICS, FunctionContext)
typedef VOID (NDIS_IO_WORKITEM_FUNCTION)(PVOID WorkItemContext, NDIS_HANDLE NdisIoWorkItemHandle);
typedef NDIS_IO_WORKITEM_FUNCTION *NDIS_IO_WORKITEM_ROUTINE;
NDIS_HANDLE NdisAllocateIoWorkItem(NDIS_HANDLE NdisObjectHandle);
VOID NdisQueueIoWorkItem(NDIS_HANDLE NdisIoWorkItemHandle, NDIS_IO_WORKITEM_ROUTINE Routine, PVOID WorkItemContext);
VOID NdisFreeIoWorkItem(NDIS_HANDLE NdisIoWorkItemHandle);

/* Time and failure. */
VOID NdisGetSystemUpTimeEx(PLARGE_INTEGER pSystemUpTime);
ULONG64 KeQueryInterruptTimePrecise(PULONG64 QpcTimeStamp);
VOID KeQuerySystemTimePrecise(PLARGE_INTEGER CurrentTime);
VOID KeBugCheck(ULONG BugCheckCode);
`;
