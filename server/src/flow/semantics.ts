/**
 * What the interpreter knows about the functions a driver calls: which DDIs create or destroy
 * handles (and where their handle arguments are), which acquire or release spin locks, which only
 * log, and the values of the status constants drivers compare against.
 */
import { catalog } from '../model/catalogView';
import type { HandleKind } from './state';

export interface RegisterModel {
  readonly kind: HandleKind;
  /** Index of the output handle argument. */
  readonly out: number;
  /** The deregistration DDI. */
  readonly undo: string;
  /** Interfaces: provider handle argument and NET_LUID argument. */
  readonly provArg?: number;
  readonly luidArg?: number;
  /** NdisOpenAdapterEx: the protocol handle argument. */
  readonly parentArg?: number;
  /** Can succeed with NDIS_STATUS_PENDING (the handle is valid once the completion ran). */
  readonly pends?: boolean;
}

/** DDIs that produce a handle. */
export const REGISTER: ReadonlyMap<string, RegisterModel> = new Map<string, RegisterModel>([
  ['NdisRegisterProtocolDriver', { kind: 'protocol', out: 2, undo: 'NdisDeregisterProtocolDriver' }],
  ['NdisMRegisterMiniportDriver', { kind: 'miniport', out: 4, undo: 'NdisMDeregisterMiniportDriver' }],
  ['NdisFRegisterFilterDriver', { kind: 'filter', out: 3, undo: 'NdisFDeregisterFilterDriver' }],
  ['NdisIfRegisterProvider', { kind: 'provider', out: 2, undo: 'NdisIfDeregisterProvider' }],
  ['NdisIfRegisterInterface', { kind: 'interface', out: 4, undo: 'NdisIfDeregisterInterface', provArg: 0, luidArg: 1 }],
  ['NdisOpenAdapterEx', { kind: 'binding', out: 4, undo: 'NdisCloseAdapterEx', parentArg: 0, pends: true }],
]);

/** DDIs that end a handle's life: name → handle kind (argument 0). */
export const DEREGISTER: ReadonlyMap<string, HandleKind> = new Map<string, HandleKind>([
  ['NdisDeregisterProtocolDriver', 'protocol'],
  ['NdisMDeregisterMiniportDriver', 'miniport'],
  ['NdisFDeregisterFilterDriver', 'filter'],
  ['NdisIfDeregisterProvider', 'provider'],
  ['NdisIfDeregisterInterface', 'interface'],
  ['NdisCloseAdapterEx', 'binding'],
]);

/** Driver (not provider/interface/binding) registrations: protocol, miniport, filter. */
export const DRIVER_KINDS: ReadonlySet<HandleKind> = new Set<HandleKind>(['protocol', 'miniport', 'filter']);

/** The DDIs whose NDIS_STATUS must be tested (NDIS202). */
export const MUST_TEST: ReadonlySet<string> = new Set([
  'NdisRegisterProtocolDriver', 'NdisMRegisterMiniportDriver', 'NdisFRegisterFilterDriver', 'NdisIfRegisterProvider',
  'NdisIfRegisterInterface', 'NdisIfAllocateNetLuidIndex', 'NdisOpenAdapterEx', 'NdisMSetMiniportAttributes',
]);

/** Calls whose argument is a status test. */
export const STATUS_TESTS: ReadonlyMap<string, 'success' | 'error'> = new Map([
  ['NT_SUCCESS', 'success'],
  ['NDIS_STATUS_SUCCESS_CHECK', 'success'],
  ['NT_ERROR', 'error'],
]);

/** Spin-lock and IRQL-raising calls. */
export const ACQUIRE: ReadonlySet<string> = new Set([
  'NdisAcquireSpinLock', 'NdisDprAcquireSpinLock', 'KeAcquireSpinLock', 'KeAcquireSpinLockAtDpcLevel',
  'KeAcquireSpinLockRaiseToDpc', 'KeAcquireInStackQueuedSpinLock', 'KeAcquireInStackQueuedSpinLockAtDpcLevel',
  'NdisAcquireRWLockRead', 'NdisAcquireRWLockWrite', 'ExAcquireSpinLockExclusive', 'ExAcquireSpinLockShared',
  'ExAcquireSpinLockExclusiveAtDpcLevel', 'ExAcquireSpinLockSharedAtDpcLevel', 'KeRaiseIrqlToDpcLevel',
  'NDIS_RAISE_IRQL_TO_DISPATCH', 'WdfSpinLockAcquire', 'NdisDprAcquireReadWriteLock', 'NdisAcquireReadWriteLock',
]);
export const RELEASE: ReadonlySet<string> = new Set([
  'NdisReleaseSpinLock', 'NdisDprReleaseSpinLock', 'KeReleaseSpinLock', 'KeReleaseSpinLockFromDpcLevel',
  'KeReleaseInStackQueuedSpinLock', 'KeReleaseInStackQueuedSpinLockFromDpcLevel', 'NdisReleaseRWLock',
  'ExReleaseSpinLockExclusive', 'ExReleaseSpinLockShared', 'ExReleaseSpinLockExclusiveFromDpcLevel',
  'ExReleaseSpinLockSharedFromDpcLevel', 'KeLowerIrql', 'NDIS_LOWER_IRQL', 'WdfSpinLockRelease',
  'NdisDprReleaseReadWriteLock', 'NdisReleaseReadWriteLock',
]);
/** `KeRaiseIrql(NewIrql, &Old)`: raises only when NewIrql is DISPATCH_LEVEL or above. */
export const RAISE_IRQL = 'KeRaiseIrql';

/** Calls with no effect on anything tracked: logging, assertions, annotations. Arguments are not evaluated. */
export function isInert(name: string): boolean {
  return INERT.has(name) || /^(DEBUGP|DBGPRINT|DbgPrint|KdPrint|Trace|TRACE|WPP_|DoTrace|ASSERT|NT_ASSERT|NT_VERIFY|_Analysis_|__analysis_)/.test(name) ||
    /(Trace|TRACE|Debug|DEBUG|Dbg|DBG|_LOG|Log)(Ex)?$/.test(name);
}

const INERT = new Set([
  'UNREFERENCED_PARAMETER', 'UNREFERENCED_LOCAL_VARIABLE', 'PAGED_CODE', 'PAGED_CODE_LOCKED', 'INIT_CODE',
  'ASSERT', 'ASSERTMSG', 'NT_ASSERT', 'NT_ASSERTMSG', 'DBG_UNREFERENCED_PARAMETER', 'DBG_UNREFERENCED_LOCAL_VARIABLE',
  'KeBugCheckEx', 'RtlAssert', 'MUX_ASSERT',
]);

/** Calls that set memory to a fill value: name → index of the fill argument (undefined: always zero). */
export const ZEROING: ReadonlyMap<string, number | undefined> = new Map<string, number | undefined>([
  ['NdisZeroMemory', undefined], ['RtlZeroMemory', undefined], ['RtlSecureZeroMemory', undefined], ['ZeroMemory', undefined],
  ['memset', 1], ['NdisFillMemory', 2], ['RtlFillMemory', 2],
]);

/** Interlocked updates: the target becomes a counter. */
export const INTERLOCKED: ReadonlySet<string> = new Set([
  'InterlockedIncrement', 'InterlockedDecrement', 'InterlockedAdd', 'InterlockedIncrement64', 'InterlockedDecrement64',
  'InterlockedExchangeAdd', 'NdisInterlockedIncrement', 'NdisInterlockedDecrement', 'InterlockedIncrementNoFence',
]);

/** Sources of a NetLuidIndex that count as persisted (their out parameters become unknown values). */
export const LUID_ALLOCATE = 'NdisIfAllocateNetLuidIndex';
export const MAKE_NET_LUID = 'NDIS_MAKE_NET_LUID';

/** NTSTATUS names not in the NDIS catalog. */
const NT_STATUSES = new Map<string, number>([
  ['STATUS_SUCCESS', 0], ['STATUS_PENDING', 0x103], ['STATUS_UNSUCCESSFUL', 0xc0000001],
  ['STATUS_INSUFFICIENT_RESOURCES', 0xc000009a], ['STATUS_NO_MEMORY', 0xc0000017],
  ['STATUS_INVALID_PARAMETER', 0xc000000d], ['STATUS_NOT_SUPPORTED', 0xc00000bb],
  ['STATUS_INVALID_DEVICE_REQUEST', 0xc0000010], ['STATUS_DEVICE_NOT_READY', 0xc00000a3],
  ['STATUS_NOT_FOUND', 0xc0000225], ['STATUS_OBJECT_NAME_NOT_FOUND', 0xc0000034],
  ['STATUS_ACCESS_DENIED', 0xc0000022], ['STATUS_BUFFER_TOO_SMALL', 0xc0000023],
  ['STATUS_INVALID_DEVICE_STATE', 0xc0000184], ['STATUS_DEVICE_REMOVED', 0xc00002b6],
  ['STATUS_CANCELLED', 0xc0000120], ['STATUS_NOT_IMPLEMENTED', 0xc0000002], ['STATUS_TIMEOUT', 0x102],
  ['STATUS_BUFFER_OVERFLOW', 0x80000005], ['STATUS_MORE_PROCESSING_REQUIRED', 0xc0000016],
  ['NDIS_STATUS_BUFFER_TOO_SHORT', 0xc0000023], ['NDIS_STATUS_INVALID_DATA', 0xc0010015],
  ['NDIS_STATUS_INVALID_OID', 0xc0010017], ['NDIS_STATUS_MEDIA_DISCONNECTED', 0xc001000b],
]);

/** The value of a status name (NDIS_STATUS_X, STATUS_X), or undefined. */
export function statusValue(name: string): number | undefined {
  const nt = NT_STATUSES.get(name);
  if (nt !== undefined) return nt;
  const s = catalog.status(name) ?? (name.startsWith('STATUS_') ? catalog.status('NDIS_' + name) : undefined);
  return s?.value;
}

/** Is this 32-bit status value a failure (NT_SUCCESS false)? */
export function isFailure(v: number): boolean {
  return ((v >>> 0) & 0x80000000) !== 0;
}

/** Well-known IRQL constant names. */
export const IRQL_CONSTANTS = new Map<string, number>([
  ['PASSIVE_LEVEL', 0], ['LOW_LEVEL', 0], ['APC_LEVEL', 1], ['DISPATCH_LEVEL', 2], ['HIGH_LEVEL', 15],
]);

/** Roles NDIS may call at DISPATCH_LEVEL (or above). */
export function roleRaisesIrql(roleName: string): boolean {
  const r = catalog.role(roleName);
  return !!r && (r.irql.max === 'DISPATCH_LEVEL' || r.irql.max === 'HIGH_LEVEL');
}

/** A DDI that may only be called at PASSIVE_LEVEL (catalog irql.max === PASSIVE_LEVEL). */
export function isPassiveOnly(name: string): boolean {
  return catalog.ddi(name)?.irql.max === 'PASSIVE_LEVEL';
}

/** Calls to these are "uses" of the handles passed to them (NDIS209). */
export function usesHandles(name: string): boolean {
  return /^Ndis/.test(name) || catalog.ddi(name) !== undefined;
}
