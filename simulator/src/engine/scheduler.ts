/**
 * Discrete-event scheduler on a virtual clock (integer nanoseconds), in the manner of SimScript's
 * simulation.ts: an explicit queue of timed callbacks, dispatched in (time, insertion) order, so
 * two runs with the same inputs dispatch the same callbacks in the same order.
 *
 * The queue is a binary min-heap. Cancelled events stay in the heap and are skipped when they
 * reach the top (cheaper than removal).
 */
import { BudgetExceeded, WallClockGuard } from './budget';

/** A queued callback. `cancelled` events are skipped. */
export interface ScheduledEvent {
  readonly t: number;
  readonly seq: number;
  readonly fn: () => void;
  cancelled: boolean;
}

export class Scheduler {
  /** Current virtual time in ns. Never decreases. */
  now = 0;
  private readonly heap: ScheduledEvent[] = [];
  private seq = 0;
  private live = 0;
  private readonly wall: WallClockGuard;

  constructor(
    private readonly maxVirtualNs = Number.MAX_SAFE_INTEGER,
    maxWallMs = Number.MAX_SAFE_INTEGER,
  ) {
    this.wall = new WallClockGuard(maxWallMs);
  }

  /** Run `fn` at virtual time `t` (clamped to now: the past cannot be scheduled). */
  at(t: number, fn: () => void): ScheduledEvent {
    const ev: ScheduledEvent = { t: t < this.now ? this.now : t, seq: this.seq++, fn, cancelled: false };
    this.push(ev);
    this.live++;
    return ev;
  }

  /** Run `fn` after `delayNs`. */
  after(delayNs: number, fn: () => void): ScheduledEvent {
    return this.at(this.now + delayNs, fn);
  }

  /** Cancel a queued event (no effect once it has run). */
  cancel(ev: ScheduledEvent): void {
    if (!ev.cancelled) {
      ev.cancelled = true;
      this.live--;
    }
  }

  /** Number of live (not cancelled) queued events. */
  get pending(): number {
    return this.live;
  }

  /** Time of the next live event, or undefined when the queue is empty. */
  nextTime(): number | undefined {
    this.dropCancelled();
    return this.heap.length ? this.heap[0]!.t : undefined;
  }

  /**
   * Dispatch the next live event, advancing the clock to its time. Returns false when the queue
   * is empty. Throws BudgetExceeded when the event lies beyond the virtual-time budget or the
   * wall-clock budget is spent.
   */
  step(): boolean {
    this.dropCancelled();
    const ev = this.pop();
    if (!ev) return false;
    if (ev.t > this.maxVirtualNs) {
      this.push(ev); // keep the queue intact for inspection
      throw new BudgetExceeded('virtual-time', this.maxVirtualNs);
    }
    this.wall.tick();
    this.live--;
    ev.cancelled = true; // a ran event cannot be cancelled again
    this.now = ev.t;
    ev.fn();
    return true;
  }

  /** Advance the clock without dispatching (used when a wait times out). */
  advanceTo(t: number): void {
    if (t > this.now) this.now = t;
  }

  private dropCancelled(): void {
    while (this.heap.length && this.heap[0]!.cancelled) this.pop();
  }

  private push(ev: ScheduledEvent): void {
    const h = this.heap;
    let i = h.length;
    h.push(ev);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(ev, h[p]!)) break;
      h[i] = h[p]!;
      i = p;
    }
    h[i] = ev;
  }

  private pop(): ScheduledEvent | undefined {
    const h = this.heap;
    if (!h.length) return undefined;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length) {
      let i = 0;
      const n = h.length;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && before(h[r]!, h[l]!) ? r : l;
        if (!before(h[c]!, last)) break;
        h[i] = h[c]!;
        i = c;
      }
      h[i] = last;
    }
    return top;
  }
}

function before(a: ScheduledEvent, b: ScheduledEvent): boolean {
  return a.t < b.t || (a.t === b.t && a.seq < b.seq);
}
