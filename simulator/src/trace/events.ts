/**
 * Trace events: the public contract of a simulator run (docs/trace-format.md). Every call,
 * return, state change, packet hop, violation, bug check and log line is one event; the JSON
 * Lines trace has one event per line with the fields below, in this order.
 */

export type TraceKind = 'call' | 'return' | 'state' | 'packet' | 'violation' | 'bugcheck' | 'log';

/** A place in the user's driver source (set when driver code is involved and its location is known). */
export interface SourceRef {
  readonly file: string;
  readonly line: number;
}

/** A JSON value in `args` / `out`. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [k: string]: JsonValue };

interface EventBase {
  /** Strictly increasing from 1 within a run. */
  readonly seq: number;
  /** Virtual time in ns; never decreases. */
  readonly t: number;
  readonly kind: TraceKind;
  /** The simulated machine. */
  readonly host: string;
  /**
   * Who is involved: `ndis`, `driver:<SERVICE>` (DriverEntry, unload), `miniport:<adapter>`,
   * `protocol:<SERVICE>`, `filter:<SERVICE>@<adapter>`, `provider:<SERVICE>`, `wire:<name>`.
   */
  readonly component: string;
  /** Driver source location, when driver code is involved and known. */
  readonly source?: SourceRef;
}

/** A call: driver→NDIS (`api` is the DDI) or NDIS→driver (`api` is the characteristics member). */
export interface CallEvent extends EventBase {
  readonly kind: 'call';
  readonly api: string;
  /** The driver function: the caller of a DDI, or the handler NDIS calls. */
  readonly function: string;
  /** Selected arguments, decoded (adapter names, OIDs, flags). */
  readonly args?: Readonly<Record<string, JsonValue>>;
}

/** The matching return. `status` is the NDIS_STATUS name when the function returns one. */
export interface ReturnEvent extends EventBase {
  readonly kind: 'return';
  readonly api: string;
  readonly function: string;
  readonly status?: string;
  /** Output values, e.g. {"ifIndex": 3}. */
  readonly out?: Readonly<Record<string, JsonValue>>;
}

export type StateObject = 'driver' | 'adapter' | 'binding' | 'filter-module' | 'interface' | 'link' | 'host';

/** A state-machine transition of an adapter, binding, filter module, interface, link or host. */
export interface StateEvent extends EventBase {
  readonly kind: 'state';
  readonly object: StateObject;
  /** Which one: adapter name, "TINYIP@eth0", interface ifIndex... */
  readonly name: string;
  readonly from: string;
  readonly to: string;
}

export type PacketHop = 'send' | 'send-complete' | 'indicate' | 'return';

/** One NBL (or one frame on a wire) moving from one component to the next. */
export interface PacketEvent extends EventBase {
  readonly kind: 'packet';
  /** NBL id; null for a frame on a wire, which no NBL carries. */
  readonly nbl: number | null;
  readonly hop: PacketHop;
  readonly from: string;
  readonly to: string;
  /** Frame length in bytes. */
  readonly bytes: number;
  /** One-line decode of the frame. */
  readonly summary: string;
  /** NBL->Status on send-complete. */
  readonly status?: string;
  /** The frame itself: for pcapng, never serialised to JSON. */
  readonly frame?: Uint8Array;
}

/** A rule broken without a bug check (the run continues; exit status 1). */
export interface ViolationEvent extends EventBase {
  readonly kind: 'violation';
  readonly rule: string;
  readonly message: string;
}

/** The run ended in a bug check, as a real machine would. */
export interface BugCheckEvent extends EventBase {
  readonly kind: 'bugcheck';
  readonly code: string;
  /** Parameters 1-4 as hex strings ("0x17"). */
  readonly params: readonly [string, string, string, string];
  /** Symbolic name of parameter 1, e.g. NDIS_BUGCHECK_IFPROVIDER_DEREGISTER_UNEXPECTED. */
  readonly name: string;
  readonly reason: string;
  /** Call stack at the bug check, innermost first, "component!function". */
  readonly stack: readonly string[];
}

export type LogLevel = 'info' | 'warn' | 'error';

export interface LogEvent extends EventBase {
  readonly kind: 'log';
  readonly level: LogLevel;
  readonly message: string;
}

export type TraceEvent = CallEvent | ReturnEvent | StateEvent | PacketEvent | ViolationEvent | BugCheckEvent | LogEvent;

/** Something that consumes trace events as they happen. */
export interface TraceSink {
  write(e: TraceEvent): void;
  /** Flush and release resources; called once at the end of the run. */
  close?(): void;
}
