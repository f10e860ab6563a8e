/**
 * NDIS_STATUS values (ndis-facts §5.8 plus a few more literal values from ndis.h).
 *
 * NDIS_STATUS is a signed 32-bit int declared `_Return_type_success_(return >= 0)`: like
 * NT_SUCCESS, any value with the top bit clear counts as success. So NDIS_STATUS_PENDING
 * (0x103) and NDIS_STATUS_NOT_ACCEPTED (0x00010003) pass an NT_SUCCESS test even though PENDING
 * means "not finished yet" and NOT_ACCEPTED means "refused"; callers have to compare against
 * the specific values. Values here are unsigned (0xC0010005, not -1073676283); statusByValue
 * accepts either form.
 */
import type { StatusDef } from './types';

function s(name: string, value: number, doc: string, verified = true): StatusDef {
  return Object.freeze({ name, value: value >>> 0, verified, doc });
}

const ALL_STATUSES: readonly StatusDef[] = [
  s('NDIS_STATUS_SUCCESS', 0x00000000, 'The operation succeeded (STATUS_SUCCESS).'),
  s('NDIS_STATUS_PENDING', 0x00000103, 'The operation will complete later through the matching completion handler or NdisXxxComplete call (STATUS_PENDING). Counts as success for NT_SUCCESS, so check for it explicitly.'),
  s('NDIS_STATUS_NOT_RECOGNIZED', 0x00010001, 'The request was not recognised.'),
  s('NDIS_STATUS_NOT_COPIED', 0x00010002, 'The data was not copied.'),
  s('NDIS_STATUS_NOT_ACCEPTED', 0x00010003, 'Refused, e.g. NdisIMInitializeDeviceInstanceEx on a device instance that is already initialised, or OIDs after surprise removal. Note the success-class value.'),
  s('NDIS_STATUS_BUFFER_OVERFLOW', 0x80000005, 'The buffer was too small (STATUS_BUFFER_OVERFLOW); a warning-class value.'),
  s('NDIS_STATUS_FAILURE', 0xc0000001, 'Generic failure (STATUS_UNSUCCESSFUL).'),
  s('NDIS_STATUS_INVALID_PARAMETER', 0xc000000d, 'A parameter, or a member of a structure passed in, is invalid (STATUS_INVALID_PARAMETER).'),
  s('NDIS_STATUS_INVALID_DEVICE_REQUEST', 0xc0000010, 'The request is not valid for this device (STATUS_INVALID_DEVICE_REQUEST).'),
  s('NDIS_STATUS_RESOURCES', 0xc000009a, 'Out of memory or another resource (STATUS_INSUFFICIENT_RESOURCES).'),
  s('NDIS_STATUS_NOT_SUPPORTED', 0xc00000bb, 'Not supported (STATUS_NOT_SUPPORTED); e.g. an unsupported header version given to NdisIfRegisterProvider.'),
  s('NDIS_STATUS_INVALID_STATE', 0xc0000184, 'The device is not in a state that allows the request (STATUS_INVALID_DEVICE_STATE).'),
  s('NDIS_STATUS_DUPLICATE_OBJECTID', 0xc000022a, 'NdisIfRegisterInterface: an interface with the same NET_LUID is already registered. Only the docs name this status; the value is a guess (NTSTATUS STATUS_DUPLICATE_OBJECTID), not found in km/ndis.h or shared/ndis/status.h.', false),
  s('NDIS_STATUS_CLOSING', 0xc0010002, 'The binding or adapter is closing.'),
  s('NDIS_STATUS_BAD_VERSION', 0xc0010004, 'MajorNdisVersion/MinorNdisVersion (or an attribute Header.Revision) is not acceptable.'),
  s('NDIS_STATUS_BAD_CHARACTERISTICS', 0xc0010005, 'A member of the characteristics structure is invalid, including a Header revision/size that does not fit the declared NDIS version.'),
  s('NDIS_STATUS_ADAPTER_NOT_FOUND', 0xc0010006, 'NdisOpenAdapterEx: no adapter with that AdapterName.'),
  s('NDIS_STATUS_OPEN_FAILED', 0xc0010007, 'The open failed.'),
  s('NDIS_STATUS_DEVICE_FAILED', 0xc0010008, 'The device failed.'),
  s('NDIS_STATUS_REQUEST_ABORTED', 0xc001000c, 'A request was aborted. Not the same value as NDIS_STATUS_SEND_ABORTED.'),
  s('NDIS_STATUS_RESET_IN_PROGRESS', 0xc001000d, 'The adapter is resetting; valid per-NBL send status.'),
  s('NDIS_STATUS_INVALID_PACKET', 0xc001000f, 'The packet is invalid.'),
  s('NDIS_STATUS_INVALID_LENGTH', 0xc0010014, 'Wrong buffer length for the OID, or an NBL of invalid length.'),
  s('NDIS_STATUS_INVALID_DATA', 0xc0010015, 'The data supplied with a request is invalid.'),
  s('NDIS_STATUS_BUFFER_TOO_SHORT', 0xc0010016, 'The buffer supplied with a request is too short.'),
  s('NDIS_STATUS_INVALID_OID', 0xc0010017, 'The OID is invalid or not recognised.'),
  s('NDIS_STATUS_ADAPTER_REMOVED', 0xc0010018, 'The adapter has been removed.'),
  s('NDIS_STATUS_UNSUPPORTED_MEDIA', 0xc0010019, 'NdisOpenAdapterEx: no medium in MediumArray is supported by the adapter.'),
  s('NDIS_STATUS_SEND_ABORTED', 0xc023000c, 'Per-NBL status for sends cancelled by CancelSend (= STATUS_NDIS_REQUEST_ABORTED; differs from NDIS_STATUS_REQUEST_ABORTED).'),
  s('NDIS_STATUS_PAUSED', 0xc023002a, 'The binding or module is paused; the status for sends completed while Paused/Pausing/Restarting.'),
  s('NDIS_STATUS_INTERFACE_NOT_FOUND', 0xc023002b, 'NdisIfGetInterfaceIndexFromNetLuid / NdisIfGetNetLuidFromInterfaceIndex: the interface is not registered.'),
  s('NDIS_STATUS_UNSUPPORTED_REVISION', 0xc023002c, 'A structure revision is not supported.'),
];

/** Every status, keyed by name. */
export const STATUSES: ReadonlyMap<string, StatusDef> = new Map(ALL_STATUSES.map((x) => [x.name, x]));

/** The status list in declaration order. */
export const STATUS_LIST: readonly StatusDef[] = Object.freeze(ALL_STATUSES);

const BY_VALUE = new Map<number, StatusDef>(ALL_STATUSES.map((x) => [x.value, x]));

/** Look up a status by name. */
export function status(name: string): StatusDef | undefined {
  return STATUSES.get(name);
}

/** Look up a status by value; signed (-1073676283) and unsigned (0xC0010005) forms both work. */
export function statusByValue(v: number): StatusDef | undefined {
  return BY_VALUE.get(v >>> 0);
}
