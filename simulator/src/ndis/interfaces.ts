/**
 * The interface table (ndis-facts §4): NET_LUID → ifIndex, provider ownership, and the
 * ifStackTable. It is empty after every boot; NET_LUID indices live in the PersistentStore.
 * ifIndex values are non-zero, at most 24 bits, unique among registered interfaces, and drawn
 * from the seeded PRNG, so they are not stable across re-registration or reboot (§4.3).
 */
import type { Prng } from '../engine/prng';
import type { IfEntry } from './blocks';
import type { NetLuid } from './types';

const MAX_IFINDEX = 0xffffff;

export function luidKey(l: NetLuid): string {
  return `${l.IfType}:${l.NetLuidIndex}`;
}

export class InterfaceTable {
  readonly byIndex = new Map<number, IfEntry>();
  readonly byLuid = new Map<string, IfEntry>();
  /** ifStackTable edges: higher → set of lower. */
  readonly stack = new Map<number, Set<number>>();
  private cursor: number;

  constructor(private readonly prng: Prng) {
    this.cursor = 1 + prng.int(16);
  }

  /** A fresh ifIndex: the cursor moves forward by 1–4, wrapping below 2^24, skipping used ones. */
  allocateIfIndex(): number {
    for (let tries = 0; tries < MAX_IFINDEX; tries++) {
      this.cursor += 1 + this.prng.int(4);
      if (this.cursor > MAX_IFINDEX) this.cursor = 1 + this.prng.int(16);
      if (!this.byIndex.has(this.cursor)) return this.cursor;
    }
    throw new Error('ifIndex space exhausted');
  }

  add(e: IfEntry): void {
    this.byIndex.set(e.ifIndex, e);
    this.byLuid.set(luidKey(e.luid), e);
  }

  remove(e: IfEntry): void {
    this.byIndex.delete(e.ifIndex);
    this.byLuid.delete(luidKey(e.luid));
    this.stack.delete(e.ifIndex);
    for (const lows of this.stack.values()) lows.delete(e.ifIndex);
  }

  /** True when adding higher → lower would close a cycle. */
  wouldLoop(higher: number, lower: number): boolean {
    if (higher === lower) return true;
    const seen = new Set<number>();
    const todo = [lower];
    while (todo.length) {
      const n = todo.pop()!;
      if (n === higher) return true;
      if (seen.has(n)) continue;
      seen.add(n);
      for (const m of this.stack.get(n) ?? []) todo.push(m);
    }
    return false;
  }

  addStackEntry(higher: number, lower: number): void {
    let s = this.stack.get(higher);
    if (!s) this.stack.set(higher, (s = new Set()));
    s.add(lower);
  }
}
