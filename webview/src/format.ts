/** How events read in the table, the lanes and the details pane. */
import type { JsonValue, TraceEventData } from '../../common/src/traceProtocol';

/** Virtual time: nanoseconds as milliseconds with nanosecond precision ("1.000672 ms"). */
export function formatTime(ns: number): string {
  return `${(ns / 1e6).toFixed(6)} ms`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

function valueText(v: JsonValue): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export function recordText(r: Readonly<Record<string, JsonValue>> | undefined): string {
  if (!r) return '';
  return Object.entries(r).map(([k, v]) => `${k}=${valueText(v)}`).join(' ');
}

/** The "what" column: the API, the state object, the hop, the rule, the bug-check code, the log level. */
export function whatText(e: TraceEventData): string {
  switch (e.kind) {
    case 'call':
    case 'return':
      return e.api ?? '';
    case 'state':
      return `${e.object ?? ''} ${e.name ?? ''}`;
    case 'packet':
      return e.hop ?? '';
    case 'violation':
      return e.rule ?? '';
    case 'bugcheck':
      return `${e.code ?? ''} ${e.name ?? ''}`;
    case 'log':
      return e.level ?? '';
  }
}

/** The "details" column: one line. */
export function detailText(e: TraceEventData): string {
  switch (e.kind) {
    case 'call':
      return `${e.function ?? ''}${e.args ? ` (${recordText(e.args)})` : ''}`;
    case 'return':
      return `${e.function ?? ''}${e.out ? ` → ${recordText(e.out)}` : ''}`;
    case 'state':
      return `${e.from ?? ''} → ${e.to ?? ''}`;
    case 'packet':
      return `${e.from ?? ''} → ${e.to ?? ''}: ${e.summary ?? ''} (${e.bytes ?? 0} B)`;
    case 'violation':
      return e.message ?? '';
    case 'bugcheck':
      return e.reason ?? '';
    case 'log':
      return e.message ?? '';
  }
}

/** A return's status (or out.status), a completion's NBL status, without the NDIS_STATUS_ prefix. */
export function statusText(e: TraceEventData): string {
  const s = e.status ?? (typeof e.out?.status === 'string' ? e.out.status : '');
  return s.replace(/^NDIS_STATUS_/, '');
}

/** "driver.c:42" for a source location. */
export function sourceText(e: TraceEventData): string {
  if (!e.source) return '';
  const base = e.source.file.split(/[\\/]/).pop() ?? e.source.file;
  return `${base}:${e.source.line}`;
}

/** An NBL for display: "#7", "wire" for null, "" for none. */
export function nblText(e: TraceEventData): string {
  if (e.kind === 'packet') return e.nbl === null || e.nbl === undefined ? 'wire' : `#${e.nbl}`;
  const n = (e.args?.nbl ?? e.out?.nbl) as unknown;
  return typeof n === 'number' ? `#${n}` : '';
}

/** The NBL number of an event, if it has one. */
export function nblNumber(e: TraceEventData): number | undefined {
  if (e.kind === 'packet') return typeof e.nbl === 'number' ? e.nbl : undefined;
  const n = (e.args?.nbl ?? e.out?.nbl) as unknown;
  return typeof n === 'number' ? n : undefined;
}

/** A one-line accessible description of an event (aria-label of rows and arrows). */
export function describe(e: TraceEventData): string {
  return `event ${e.seq}, ${e.kind} at ${formatTime(e.t)} on ${e.host}, ${e.component}: ${whatText(e)} ${e.status ?? ''} ${detailText(e)}`.replace(/\s+/g, ' ').trim();
}
