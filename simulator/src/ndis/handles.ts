/**
 * Handle checks shared by the DDIs: is this NdisHandle a live block of the expected kind on
 * this host? A bad handle is a violation (a real machine would usually crash somewhere less
 * helpful), and the DDI then fails or does nothing.
 */
import type { NdisHost } from './host';
import type { NdisHandle } from './types';

type Ctor<T> = abstract new (...args: never[]) => T;

/** `h` as a block of class `cls`, or undefined after reporting a violation. */
export function block<T>(host: NdisHost, h: NdisHandle | null | undefined, cls: Ctor<T>, api: string, what: string): T | undefined {
  if (h instanceof cls) return h;
  host.violation('invalid-handle', `${api}: ${what} is ${h === null || h === undefined ? 'NULL' : `a ${h.handleType} handle`}, not a valid ${what}`);
  return undefined;
}
