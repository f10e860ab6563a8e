/**
 * Bug check 0x7C BUGCODE_NDIS_DRIVER: values of Parameter 1 (ndis-facts §6.3; names from the
 * debugger reference page "Bug Check 0x7C BUGCODE_NDIS_DRIVER"). 0x15E is the live-dump variant
 * of the same bug check code, not a Parameter 1 value. Values 0x18–0x1A are not documented.
 */
import type { BugCheckParamDef } from './types';

function b(p1: number, name: string, doc: string): BugCheckParamDef {
  return Object.freeze({ p1, name, doc });
}

export const BUGCHECK_0x7C: readonly BugCheckParamDef[] = Object.freeze([
  b(0x01, 'NDIS_BUGCHECK_ALLOCATE_SHARED_MEM_HIGH_IRQL', 'NdisMAllocateSharedMemory was called at raised IRQL.'),
  b(0x02, 'NDIS_BUGCHECK_SHARED_MEM_CORRUPTION', 'A previously allocated shared-memory page was found corrupted.'),
  b(0x03, 'NDIS_BUGCHECK_FREE_INVALID_SHARED_MEM', 'NdisMFreeSharedMemory(Async) was given shared memory that was already freed.'),
  b(0x04, 'NDIS_BUGCHECK_UNLOAD_DRIVER_INVALID_PARAMETER', 'AddDevice was called for a driver NDIS has no registration for (special instrumented NDIS only).'),
  b(0x05, 'NDIS_BUGCHECK_RECVD_PACKET_IN_USE_BAD_STACK_LOCATION', 'NDIS 5 era: an Ethernet driver indicated a packet descriptor the stack still owned (stack-location check).'),
  b(0x06, 'NDIS_BUGCHECK_RECVD_PACKET_IN_USE_BAD_REF_COUNT', 'NDIS 5 era: an Ethernet driver indicated a packet descriptor the stack still owned (reference-count check).'),
  b(0x07, 'FDDI receive packet in use (no symbolic name documented)', 'NDIS 5 era: an FDDI driver indicated a packet descriptor the stack still owned. The debugger page gives no NDIS_BUGCHECK_* name for this value.'),
  b(0x08, 'NDIS_BUGCHECK_HALT_WITHOUT_INTERRUPT_DEREGISTER', 'MiniportHaltEx returned without deregistering the interrupt.'),
  b(0x09, 'NDIS_BUGCHECK_HALT_WITHOUT_CANCEL_TIMER', 'The miniport halted without cancelling all its timers.'),
  b(0x0a, 'NDIS_BUGCHECK_DRIVER_UNLOAD_UNEXPECTED', 'A miniport driver is being unloaded too early.'),
  b(0x0b, 'NDIS_BUGCHECK_INIT_FAILED_WITHOUT_INTERRUPT_DEREGISTER', 'MiniportInitializeEx failed without deregistering its interrupt.'),
  b(0x0c, 'NDIS_BUGCHECK_INIT_FAILED_WITHOUT_CANCEL_TIMER', 'MiniportInitializeEx failed without cancelling all its timers.'),
  b(0x0d, 'NDIS_BUGCHECK_HALT_INIT_WITHOUT_INTERRUPT_DEREGISTER', 'Halt called from the initialize path (after Initialize reported success) left the interrupt registered.'),
  b(0x0e, 'NDIS_BUGCHECK_HALT_INIT_WITHOUT_CANCEL_TIMER', 'Halt called from the initialize path left timers running.'),
  b(0x0f, 'NDIS_BUGCHECK_RESET_COMPLETE_UNEXPECTED', 'NdisMResetComplete was called with no reset pending.'),
  b(0x10, 'NDIS_BUGCHECK_PM_INIT_FAILED_NO_INT_DEREGISTER', 'After resume from low power, initialization failed without deregistering the interrupt.'),
  b(0x11, 'NDIS_BUGCHECK_PM_INIT_FAILED_NO_CANCEL_TIMER', 'After resume from low power, initialization failed without cancelling all timers.'),
  b(0x12, 'NDIS_BUGCHECK_NFILTER_RECVD_PACKET_BAD_REF_COUNT', 'NDIS 5 era: a miniport indicated a packet descriptor the stack still owned.'),
  b(0x13, 'NDIS_BUGCHECK_TFILTER_RECVD_PACKET_BAD_REF_COUNT', 'NDIS 5 era: a Token Ring miniport indicated a packet descriptor the stack still owned.'),
  b(0x14, 'NDIS_BUGCHECK_WAIT_EVENT_HIGH_IRQL', 'NdisWaitEvent was called at an illegal (raised) IRQL.'),
  b(0x15, 'NDIS_BUGCHECK_INVALID_NDIS5_CALL', 'An NDIS 6 miniport called an API reserved for NDIS 5 drivers.'),
  b(0x16, 'NDIS_BUGCHECK_INVALID_OPEN_IN_BIND_CONTEXT', 'A protocol opened an adapter improperly during binding (NdisOpenAdapterEx outside ProtocolBindAdapterEx).'),
  b(0x17, 'NDIS_BUGCHECK_IFPROVIDER_DEREGISTER_UNEXPECTED', 'NdisIfDeregisterProvider was called while the provider still had registered interfaces.'),
  b(0x1b, 'NDIS_BUGCHECK_IF_STACK_TABLE_LOOP', 'NdisIfAddIfStackEntry would have created a cycle in the ifStackTable.'),
  b(0x1c, 'NDIS_BUGCHECK_MINIPORT_FAILED_OID_WHICH_MUST_SUCCEED', 'A miniport failed an OID request that must not fail.'),
  b(0x1d, 'NDIS_BUGCHECK_OID_REQUEST_INVALID_BUFFER', 'A miniport or filter completed an OID with an illegal buffer size (e.g. BytesWritten larger than the buffer).'),
  b(0x1e, 'NDIS_BUGCHECK_REFCOUNT_IMBALANCE', 'An internal NDIS reference count underflowed or its tag did not match.'),
  b(0x1f, 'NDIS_BUGCHECK_ILLEGAL_MINIPORT_STATE_TRANSITION', 'NdisMPauseComplete or NdisMRestartComplete was called with no pause/restart pending.'),
  b(0x20, 'NDIS_BUGCHECK_STATUS_INDICATION_INVALID_BUFFER', 'A miniport or filter made an illegal NDIS_STATUS_INDICATION.'),
  b(0x21, 'NDIS_BUGCHECK_INVALID_OBJECT_HEADER', 'A driver created an invalid NDIS_OBJECT_HEADER.'),
  b(0x22, 'NDIS_BUGCHECK_ILLEGAL_NET_PNP_EVENT', 'A miniport or filter indicated an illegal NET_PNP_EVENT_NOTIFICATION.'),
  b(0x23, 'NDIS_BUGCHECK_PD_ERROR', 'An error in the PacketDirect data path.'),
  b(0x24, 'NDIS_BUGCHECK_UNEXPECTED_FAILURE', 'An internal NDIS operation failed unexpectedly (likely an NDIS.SYS bug).'),
  b(0x25, 'NDIS_BUGCHECK_WATCHDOG', 'A call NDIS made into a driver (pause, PnP event, status, unbind, detach, halt, OID …) took too long.'),
  b(0x26, 'NDIS_BUGCHECK_INVALID_OID_COMPLETION', 'A miniport completed an OID that was not pending on it, e.g. completing the same request twice.'),
  b(0x27, 'NDIS_BUGCHECK_LEAKED_NBL', 'A driver leaked a NET_BUFFER_LIST, typically deregistering or unbinding while it still held NBLs.'),
]);

const BY_P1 = new Map<number, BugCheckParamDef>(BUGCHECK_0x7C.map((x) => [x.p1, x]));

/** The Parameter 1 entry of bug check 0x7C with this value. */
export function bugCheckParam(p1: number): BugCheckParamDef | undefined {
  return BY_P1.get(p1);
}
