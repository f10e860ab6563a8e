/**
 * NDIS_STATUS values as the model returns them (unsigned 32-bit, from the catalog), plus the
 * status-indication codes and names the trace prints.
 */
import { status, statusByValue } from '../../../common/src/catalog';

function v(name: string): number {
  const s = status(name);
  if (!s) throw new Error(`catalog has no ${name}`);
  return s.value;
}

export type NdisStatus = number;

export const NDIS_STATUS_SUCCESS = v('NDIS_STATUS_SUCCESS');
export const NDIS_STATUS_PENDING = v('NDIS_STATUS_PENDING');
export const NDIS_STATUS_NOT_ACCEPTED = v('NDIS_STATUS_NOT_ACCEPTED');
export const NDIS_STATUS_FAILURE = v('NDIS_STATUS_FAILURE');
export const NDIS_STATUS_RESOURCES = v('NDIS_STATUS_RESOURCES');
export const NDIS_STATUS_INVALID_PARAMETER = v('NDIS_STATUS_INVALID_PARAMETER');
export const NDIS_STATUS_NOT_SUPPORTED = v('NDIS_STATUS_NOT_SUPPORTED');
export const NDIS_STATUS_INVALID_STATE = v('NDIS_STATUS_INVALID_STATE');
export const NDIS_STATUS_DUPLICATE_OBJECTID = v('NDIS_STATUS_DUPLICATE_OBJECTID');
export const NDIS_STATUS_CLOSING = v('NDIS_STATUS_CLOSING');
export const NDIS_STATUS_BAD_VERSION = v('NDIS_STATUS_BAD_VERSION');
export const NDIS_STATUS_BAD_CHARACTERISTICS = v('NDIS_STATUS_BAD_CHARACTERISTICS');
export const NDIS_STATUS_ADAPTER_NOT_FOUND = v('NDIS_STATUS_ADAPTER_NOT_FOUND');
export const NDIS_STATUS_INVALID_LENGTH = v('NDIS_STATUS_INVALID_LENGTH');
export const NDIS_STATUS_BUFFER_TOO_SHORT = v('NDIS_STATUS_BUFFER_TOO_SHORT');
export const NDIS_STATUS_INVALID_OID = v('NDIS_STATUS_INVALID_OID');
export const NDIS_STATUS_UNSUPPORTED_MEDIA = v('NDIS_STATUS_UNSUPPORTED_MEDIA');
export const NDIS_STATUS_PAUSED = v('NDIS_STATUS_PAUSED');
export const NDIS_STATUS_INTERFACE_NOT_FOUND = v('NDIS_STATUS_INTERFACE_NOT_FOUND');
export const NDIS_STATUS_SEND_ABORTED = v('NDIS_STATUS_SEND_ABORTED');
export const NDIS_STATUS_REQUEST_ABORTED = v('NDIS_STATUS_REQUEST_ABORTED');

/** Status-indication codes (NDIS_STATUS_INDICATION.StatusCode), ndis.h values. */
export const NDIS_STATUS_MEDIA_CONNECT = 0x4001000b;
export const NDIS_STATUS_MEDIA_DISCONNECT = 0x4001000c;
export const NDIS_STATUS_LINK_STATE = 0x40010017;

const INDICATION_NAMES = new Map<number, string>([
  [NDIS_STATUS_MEDIA_CONNECT, 'NDIS_STATUS_MEDIA_CONNECT'],
  [NDIS_STATUS_MEDIA_DISCONNECT, 'NDIS_STATUS_MEDIA_DISCONNECT'],
  [NDIS_STATUS_LINK_STATE, 'NDIS_STATUS_LINK_STATE'],
]);

/** The name of a status value ("NDIS_STATUS_PAUSED"), or its hex form when unknown. */
export function statusName(s: number): string {
  return statusByValue(s)?.name ?? INDICATION_NAMES.get(s >>> 0) ?? `0x${(s >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
}

/** NT_SUCCESS: the top bit is clear (PENDING and NOT_ACCEPTED count as success here, as in C). */
export function ntSuccess(s: number): boolean {
  return (s | 0) >= 0;
}
