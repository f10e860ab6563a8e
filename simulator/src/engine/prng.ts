/**
 * Seeded pseudo-random numbers (mulberry32, as in SimScript's random.ts): 32 bits of state, fast,
 * and the same sequence for the same seed on every platform. Every random choice the simulator
 * makes (wire loss, jitter, ifIndex allocation) draws from one of these, never from Math.random,
 * so a run is reproducible from its seed.
 */
export class Prng {
  private state: number;

  /** `seed` is any integer; it is reduced to 32 bits. */
  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** The next 32-bit unsigned integer. */
  nextU32(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  /** An integer in [0, n) for n >= 1. */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [lo, hi] (inclusive). */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return p > 0 && this.next() < p;
  }

  /** An independent generator derived from this one (for a component that needs its own stream). */
  fork(): Prng {
    return new Prng(this.nextU32());
  }
}
