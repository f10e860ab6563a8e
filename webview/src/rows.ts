/**
 * The viewer's side of the pulled windows: which rows the current view has, a bounded cache of
 * the events of recently shown rows, and the window requests for rows on screen that are not in
 * it (aligned windows, a few in flight, the newest wishes first). The table and the lanes both
 * read rows from here.
 */
import { MAX_WINDOW, type GrewMessage, type WindowMessage, type WireEvent, type WebviewToHost } from '../../common/src/traceProtocol';

export const WINDOW = 128;
const MAX_CACHED = 24_000;
const MAX_IN_FLIGHT = 4;

export class RowCache {
  viewId = 0;
  rows = 0;
  done = true;
  private readonly cache = new Map<number, WireEvent>();
  private readonly inFlight = new Map<number, number>(); // requestId → window
  private readonly pendingWindows = new Set<number>();
  private wanted: number[] = [];
  private nextRequest = 1;
  /** Called when rows arrive (re-render). */
  onChange: () => void = () => {};

  constructor(private readonly post: (m: WebviewToHost) => void) {
    if (WINDOW > MAX_WINDOW) throw new Error('window larger than the host answers');
  }

  /** A new view: forget everything. */
  reset(viewId: number): void {
    this.viewId = viewId;
    this.rows = 0;
    this.done = false;
    this.cache.clear();
    this.inFlight.clear();
    this.pendingWindows.clear();
    this.wanted = [];
  }

  get(row: number): WireEvent | undefined {
    const e = this.cache.get(row);
    if (e) {
      // refresh its place in the LRU order
      this.cache.delete(row);
      this.cache.set(row, e);
    }
    return e;
  }

  private put(row: number, e: WireEvent): void {
    this.cache.delete(row);
    this.cache.set(row, e);
    if (this.cache.size > MAX_CACHED) {
      let drop = this.cache.size - MAX_CACHED;
      for (const k of this.cache.keys()) {
        if (drop-- <= 0) break;
        this.cache.delete(k);
      }
    }
  }

  /** The rows on screen: request the windows that are missing (visible first). */
  want(first: number, last: number): void {
    const windows: number[] = [];
    const lastRow = Math.min(last, this.rows - 1);
    for (let w = Math.floor(Math.max(0, first) / WINDOW); w * WINDOW <= lastRow; w++) {
      let missing = false;
      for (let r = w * WINDOW; r <= Math.min(lastRow, w * WINDOW + WINDOW - 1); r++) {
        if (!this.cache.has(r)) {
          missing = true;
          break;
        }
      }
      if (missing && !this.pendingWindows.has(w)) windows.push(w);
    }
    this.wanted = windows;
    this.pump();
  }

  private pump(): void {
    while (this.inFlight.size < MAX_IN_FLIGHT && this.wanted.length) {
      const w = this.wanted.shift()!;
      if (this.pendingWindows.has(w)) continue;
      const requestId = this.nextRequest++;
      this.inFlight.set(requestId, w);
      this.pendingWindows.add(w);
      this.post({ type: 'getWindow', requestId, viewId: this.viewId, start: w * WINDOW, count: WINDOW });
    }
  }

  onWindow(m: WindowMessage): void {
    const w = this.inFlight.get(m.requestId);
    if (w === undefined) return;
    this.inFlight.delete(m.requestId);
    this.pendingWindows.delete(w);
    if (m.viewId === this.viewId) {
      m.events.forEach((e, k) => this.put(m.start + k, e));
      this.onChange();
    }
    this.pump();
  }

  onGrew(m: GrewMessage): void {
    if (m.viewId !== this.viewId) return;
    this.rows = m.rows;
    m.tail.forEach((e, k) => this.put(m.tailStart + k, e));
  }

  /** Events of the rows in [first, last] that are cached. */
  cached(first: number, last: number): (WireEvent | undefined)[] {
    const out: (WireEvent | undefined)[] = [];
    for (let r = first; r <= last; r++) out.push(this.cache.get(r));
    return out;
  }
}
