/**
 * Messages between the trace viewer (a webview, or the page of an HTML report) and its host (the
 * extension host, or the report's in-page host), in the manner of vscode-hexeditor's
 * shared/protocol.ts: discriminated unions the compiler checks at both ends.
 *
 * The conversation:
 *   1. the webview posts `ready`; the host answers `init` (what the trace is, how many events).
 *   2. the webview posts `setFilter` (no filter = every event); the host answers `view` with the
 *      number of rows of that view, more `view` messages while a filter is still being evaluated.
 *   3. the webview pulls the rows it shows with `getWindow` (at most MAX_WINDOW rows a request);
 *      the host answers `window`. Neither side ever sends the whole history.
 *   4. while a simulation runs, the host posts `grew` at most every LIVE_INTERVAL_MS: the new
 *      totals and the newest rows of the view (at most MAX_TAIL), never more.
 * Rows are positions in the current view; events are named by `i`, their 0-based position in the
 * trace (`seq` is the event's own number from the trace file).
 */

/** Kinds of trace events (docs/trace-format.md). */
export type TraceKindName = 'call' | 'return' | 'state' | 'packet' | 'violation' | 'bugcheck' | 'log';

export const TRACE_KINDS: readonly TraceKindName[] = ['call', 'return', 'state', 'packet', 'violation', 'bugcheck', 'log'];

/** Largest `count` of a getWindow request the host answers in full. */
export const MAX_WINDOW = 512;
/** Most rows a `grew` message carries. */
export const MAX_TAIL = 64;
/** Most hops a `journey` reply carries. */
export const MAX_JOURNEY = 2000;
/** How often (at most) a host posts `grew` while a simulation runs. */
export const LIVE_INTERVAL_MS = 100;

/** A JSON value in `args` / `out`. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [k: string]: JsonValue };

/** One trace event as the JSON Lines trace writes it, every field optional but the common ones. */
export interface TraceEventData {
  readonly seq: number;
  readonly t: number;
  readonly kind: TraceKindName;
  readonly host: string;
  readonly component: string;
  readonly api?: string;
  readonly function?: string;
  readonly args?: Readonly<Record<string, JsonValue>>;
  readonly status?: string;
  readonly out?: Readonly<Record<string, JsonValue>>;
  readonly object?: string;
  readonly name?: string;
  readonly from?: string;
  readonly to?: string;
  readonly nbl?: number | null;
  readonly hop?: string;
  readonly bytes?: number;
  readonly summary?: string;
  readonly rule?: string;
  readonly message?: string;
  readonly level?: string;
  readonly code?: string;
  readonly params?: readonly string[];
  readonly reason?: string;
  readonly stack?: readonly string[];
  readonly source?: { readonly file: string; readonly line: number };
}

/** An event as the host sends it: the event and its position in the trace. */
export interface WireEvent extends TraceEventData {
  readonly i: number;
}

/** What the viewer shows. Every field narrows; an empty filter shows every event. */
export interface TraceFilter {
  /** Kinds to show; absent or empty: all. */
  readonly kinds?: readonly TraceKindName[];
  /** Exact host name. */
  readonly host?: string;
  /** Exact component (`protocol:TINYIP`); packet hops also match on `from` / `to`. */
  readonly component?: string;
  /** Case-insensitive substring of the API (calls and returns), the state object, the hop, the rule, the bug-check code or the log level. */
  readonly api?: string;
  /** Case-insensitive substring of the status (`PENDING`, `NDIS_STATUS_FAILURE`). */
  readonly status?: string;
  /** The NBL: packet hops of it and the calls that allocate, free or pass it. */
  readonly nbl?: number;
  /** Case-insensitive substring of the event's JSON line. */
  readonly text?: string;
}

/** Where a trace came from. */
export type TraceOrigin = 'run' | 'file' | 'report';

/** Export formats. */
export type ExportFormat = 'jsonl' | 'pcapng' | 'html';

/** One stack component seen in the trace, in first-seen order. */
export interface ComponentRef {
  readonly host: string;
  readonly component: string;
}

/** The state of a simulation run (absent for a trace opened from a file). */
export interface RunStatus {
  readonly running: boolean;
  /** 0 clean, 1 bug check or violation, 2 bad scenario or budget stop; absent while running or when stopped. */
  readonly exitCode?: number;
  /** One line for people: "clean", "stopped by you", "budget exceeded: …". */
  readonly message?: string;
  /** Set when the run ended because a budget (events, virtual time, wall time) was exceeded. */
  readonly budget?: string;
}

/** Everything the viewer needs to know about the trace besides its events. */
export interface TraceMeta {
  readonly title: string;
  readonly origin: TraceOrigin;
  /** The trace file (JSON Lines) behind the viewer, for restoring it after a reload. */
  readonly traceFile?: string;
  readonly pcapngFile?: string;
  /** Events in the trace so far. */
  readonly total: number;
  readonly components: readonly ComponentRef[];
  /** Packet frames (hex dump, decode) are available. */
  readonly hasFrames: boolean;
  /** Formats the host can export. */
  readonly exports: readonly ExportFormat[];
  readonly run?: RunStatus;
  /** Counts by kind. */
  readonly counts: Readonly<Partial<Record<TraceKindName, number>>>;
  /** The trace was cut at this many events in the viewer (the file has them all). */
  readonly truncatedAt?: number;
}

/** A node of the stack topology, as !ndiskd.netreport would draw it. */
export interface TopologyAdapter {
  readonly name: string;
  readonly state: string;
  readonly driver?: string;
  readonly ifIndex?: number;
  readonly netLuid?: string;
  readonly virtual: boolean;
  /** Filter modules, top (nearest the protocols) first. */
  readonly filters: readonly { readonly name: string; readonly driver: string; readonly state: string; readonly ifIndex?: number }[];
  /** Protocol bindings on top of this adapter. */
  readonly bindings: readonly { readonly protocol: string; readonly state: string }[];
  /** Wires plugged into this adapter's NIC. */
  readonly wires: readonly string[];
}

export interface TopologyHost {
  readonly name: string;
  readonly state: string;
  readonly drivers: readonly { readonly name: string; readonly state: string; readonly kinds: readonly string[] }[];
  readonly adapters: readonly TopologyAdapter[];
  readonly interfaces: readonly { readonly ifIndex: number; readonly name?: string; readonly netLuid?: string; readonly provider: string; readonly state: string }[];
  readonly netLuidIndexes: readonly { readonly driver: string; readonly ifType?: number; readonly index: number }[];
}

export interface Topology {
  readonly hosts: readonly TopologyHost[];
  readonly wires: readonly { readonly name: string; readonly ends: readonly string[] }[];
}

// ---------------------------------------------------------------- webview → host

/** The webview is loaded and listening; the host answers `init`. Sent again after every reload. */
export interface ReadyMessage {
  readonly type: 'ready';
}

/** Show the events matching `filter`; the host answers `view` (with this requestId as viewId). */
export interface SetFilterMessage {
  readonly type: 'setFilter';
  readonly viewId: number;
  readonly filter: TraceFilter;
}

/** Rows [start, start + count) of view `viewId`; count at most MAX_WINDOW. The host answers `window`. */
export interface GetWindowMessage {
  readonly type: 'getWindow';
  readonly requestId: number;
  readonly viewId: number;
  readonly start: number;
  readonly count: number;
}

/** The frame (bytes) of packet event `i`; the host answers `frame`. */
export interface GetFrameMessage {
  readonly type: 'getFrame';
  readonly requestId: number;
  readonly i: number;
}

/** The next (direction 1) or previous (-1) row of the view after `fromRow` whose event is of kind `kind`; the host answers `found`. */
export interface FindMessage {
  readonly type: 'find';
  readonly requestId: number;
  readonly viewId: number;
  readonly fromRow: number;
  readonly direction: 1 | -1;
  readonly kind: 'violation' | 'bugcheck';
}

/** The row of event `i` in view `viewId` (-1 when the view does not show it); the host answers `found`. */
export interface RowOfMessage {
  readonly type: 'rowOf';
  readonly requestId: number;
  readonly viewId: number;
  readonly i: number;
}

/** Every hop of NBL `nbl` (at most MAX_JOURNEY events); the host answers `journey`. */
export interface JourneyMessage {
  readonly type: 'journey';
  readonly requestId: number;
  readonly nbl: number;
}

/**
 * The stack topology as the trace shows it: just after event `at`, or at the last moment the
 * most things were up (`'running'`: the stack at its fullest, before a teardown), or the end of
 * the trace so far (absent). The host answers `topology`.
 */
export interface GetTopologyMessage {
  readonly type: 'getTopology';
  readonly requestId: number;
  readonly at?: number | 'running';
}

/** Open a driver source file at a 1-based line in the editor. */
export interface OpenSourceMessage {
  readonly type: 'openSource';
  readonly file: string;
  readonly line: number;
}

/** Export the trace (the host asks where to save it). */
export interface ExportMessage {
  readonly type: 'export';
  readonly format: ExportFormat;
}

/** Stop the running simulation. */
export interface StopMessage {
  readonly type: 'stop';
}

export type WebviewToHost =
  | ReadyMessage
  | SetFilterMessage
  | GetWindowMessage
  | GetFrameMessage
  | FindMessage
  | RowOfMessage
  | JourneyMessage
  | GetTopologyMessage
  | OpenSourceMessage
  | ExportMessage
  | StopMessage;

// ---------------------------------------------------------------- host → webview

/** Answer to `ready`: the trace's description. The bug check, if the trace has one, comes with it. */
export interface InitMessage {
  readonly type: 'init';
  readonly meta: TraceMeta;
  readonly bugcheck?: WireEvent;
}

/** The description changed (run status, components, counts) outside a `grew`. */
export interface MetaMessage {
  readonly type: 'meta';
  readonly meta: TraceMeta;
}

/** Rows of view `viewId` so far; `done` once the filter has been evaluated over every event. */
export interface ViewMessage {
  readonly type: 'view';
  readonly viewId: number;
  readonly rows: number;
  readonly done: boolean;
}

/** Answer to `getWindow`: `events[k]` is row `start + k`. */
export interface WindowMessage {
  readonly type: 'window';
  readonly requestId: number;
  readonly viewId: number;
  readonly start: number;
  readonly events: readonly WireEvent[];
}

/** Live growth (batched): the new totals and the newest rows of the view. */
export interface GrewMessage {
  readonly type: 'grew';
  readonly meta: TraceMeta;
  readonly viewId: number;
  readonly rows: number;
  /** The last rows of the view: `tail[k]` is row `tailStart + k` (at most MAX_TAIL). */
  readonly tailStart: number;
  readonly tail: readonly WireEvent[];
}

/** Answer to `getFrame`. `frame` is absent when the trace has no bytes for that event. */
export interface FrameMessage {
  readonly type: 'frame';
  readonly requestId: number;
  readonly i: number;
  readonly frame?: Uint8Array;
  /** Why there is no frame. */
  readonly reason?: string;
}

/** Answer to `find` and `rowOf`: the row (-1: none) and its event. */
export interface FoundMessage {
  readonly type: 'found';
  readonly requestId: number;
  readonly row: number;
  readonly i: number;
}

/** Answer to `journey`: the NBL's events in trace order. */
export interface JourneyReplyMessage {
  readonly type: 'journey';
  readonly requestId: number;
  readonly nbl: number;
  readonly events: readonly WireEvent[];
  readonly truncated: boolean;
}

/** Answer to `getTopology` (requestId 0: the latest topology while a run goes on). */
export interface TopologyMessage {
  readonly type: 'topology';
  readonly requestId: number;
  readonly topology: Topology;
  /** The event it is the topology after; absent: the end of the trace so far. */
  readonly at?: number;
}

/** The run ended in a bug check (always the last event). */
export interface BugcheckMessage {
  readonly type: 'bugcheck';
  readonly event: WireEvent;
}

/** Something the user should read (an export written, a frame missing). */
export interface NoticeMessage {
  readonly type: 'notice';
  readonly level: 'info' | 'error';
  readonly message: string;
}

export type HostToWebview =
  | InitMessage
  | MetaMessage
  | ViewMessage
  | WindowMessage
  | GrewMessage
  | FrameMessage
  | FoundMessage
  | JourneyReplyMessage
  | TopologyMessage
  | BugcheckMessage
  | NoticeMessage;

/** What the webview keeps with getState/setState (and the serializer gets back after a reload). */
export interface TraceViewState {
  readonly traceFile?: string;
  readonly pcapngFile?: string;
  readonly title?: string;
  readonly tab?: 'events' | 'lanes' | 'topology';
  readonly filter?: TraceFilter;
  readonly follow?: boolean;
  readonly selected?: number;
  readonly topRow?: number;
  readonly nbl?: number;
}

/** True for an object that has the shape of a webview → host message (the host checks before dispatching). */
export function isWebviewMessage(m: unknown): m is WebviewToHost {
  if (!m || typeof m !== 'object') return false;
  const t = (m as { type?: unknown }).type;
  return typeof t === 'string' && WEBVIEW_MESSAGE_TYPES.has(t);
}

const WEBVIEW_MESSAGE_TYPES = new Set(['ready', 'setFilter', 'getWindow', 'getFrame', 'find', 'rowOf', 'journey', 'getTopology', 'openSource', 'export', 'stop']);
