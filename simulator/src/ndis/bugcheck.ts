/**
 * Bug checks end a run the way they end a real machine. BUGCODE_NDIS_DRIVER (0x7C) carries the
 * Parameter 1 values of ndis-facts §6.3, named from the catalog.
 */
import { bugCheckParam } from '../../../common/src/catalog';
import type { BugCheckEvent } from '../trace/events';

export const BUGCODE_NDIS_DRIVER = 0x7c;

/** Parameter 1 values the model raises. */
export const P1 = {
  HALT_WITHOUT_INTERRUPT_DEREGISTER: 0x08,
  HALT_WITHOUT_CANCEL_TIMER: 0x09,
  DRIVER_UNLOAD_UNEXPECTED: 0x0a,
  INVALID_OPEN_IN_BIND_CONTEXT: 0x16,
  IFPROVIDER_DEREGISTER_UNEXPECTED: 0x17,
  IF_STACK_TABLE_LOOP: 0x1b,
  OID_REQUEST_INVALID_BUFFER: 0x1d,
  ILLEGAL_MINIPORT_STATE_TRANSITION: 0x1f,
  INVALID_OBJECT_HEADER: 0x21,
  WATCHDOG: 0x25,
  INVALID_OID_COMPLETION: 0x26,
  LEAKED_NBL: 0x27,
} as const;

/** The symbolic name of a 0x7C Parameter 1 value. */
export function p1Name(p1: number): string {
  return bugCheckParam(p1)?.name ?? `NDIS_BUGCHECK_0x${p1.toString(16)}`;
}

/** Thrown to unwind the whole simulation when a host bug-checks. Drivers must not catch it. */
export class BugCheck extends Error {
  constructor(readonly event: Omit<BugCheckEvent, 'seq' | 't' | 'kind'>) {
    super(`bug check ${event.code} (${event.params.join(', ')}) ${event.name}: ${event.reason}`);
    this.name = 'BugCheck';
  }
}

/** A handle id as a kernel-looking pointer for bug-check parameters (deterministic). */
export function pointerText(id: number): string {
  return '0x' + (0xffffc00000000000n + BigInt(id) * 0x1000n).toString(16);
}

/** A number as a bug-check parameter. */
export function paramText(v: number): string {
  return `0x${(v >>> 0).toString(16)}`;
}
