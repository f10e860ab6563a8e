/**
 * The run budget: how many trace events, how much virtual time and how much wall-clock time one
 * run may use. A scenario that never stops, or a driver that floods the stack, ends with a
 * BudgetExceeded naming the limit instead of hanging the process or the extension host.
 */
import { formatDuration } from './units';

export type BudgetKind = 'events' | 'virtual-time' | 'wall-time';

export interface BudgetLimits {
  /** Maximum number of trace events (seq values) in one run. */
  readonly maxEvents: number;
  /** Maximum virtual time in ns. */
  readonly maxVirtualNs: number;
  /** Maximum wall-clock time in ms. */
  readonly maxWallMs: number;
}

/** Defaults: generous for real scenarios, small enough that a runaway run ends within a minute. */
export const DEFAULT_BUDGET: BudgetLimits = Object.freeze({
  maxEvents: 5_000_000,
  maxVirtualNs: 3600e9,
  maxWallMs: 60_000,
});

/** Thrown (and caught by the run loop) when a limit is reached. */
export class BudgetExceeded extends Error {
  constructor(
    readonly kind: BudgetKind,
    readonly limit: number,
  ) {
    super(`${describe(kind, limit)} exceeded`);
    this.name = 'BudgetExceeded';
  }
}

function describe(kind: BudgetKind, limit: number): string {
  if (kind === 'events') return `event budget of ${limit} events`;
  if (kind === 'virtual-time') return `virtual-time budget of ${formatDuration(limit)}`;
  return `wall-time budget of ${limit} ms`;
}

/** Wall-clock guard: checked every `every` calls so that reading the clock stays cheap. */
export class WallClockGuard {
  private readonly deadline: number;
  private countdown: number;

  constructor(
    private readonly maxWallMs: number,
    private readonly every = 256,
  ) {
    this.deadline = performance.now() + maxWallMs;
    this.countdown = every;
  }

  /** Throws BudgetExceeded('wall-time') once the deadline has passed. */
  tick(): void {
    if (--this.countdown > 0) return;
    this.countdown = this.every;
    if (performance.now() > this.deadline) throw new BudgetExceeded('wall-time', this.maxWallMs);
  }
}
