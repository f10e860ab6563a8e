/**
 * A persistent string-keyed map for interpreter states: 32 buckets, copied bucket by bucket on
 * write, so a write costs one bucket copy instead of a copy of the whole map. Each map keeps an
 * order-independent 64-bit hash of its entries, updated incrementally, so states get their
 * identity (for merging and memoisation) without serialising and sorting their contents.
 */

const NB = 32;

/** Two independent 32-bit hashes of a string. */
export function hash2(s: string): [number, number] {
  let h1 = 0x811c9dc5;
  let h2 = 0x2545f491;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 16777619);
    h2 = Math.imul(h2 ^ c, 2654435761);
  }
  h1 ^= h1 >>> 15;
  h1 = Math.imul(h1, 0x2c1b3c6d);
  h1 ^= h1 >>> 12;
  h2 ^= h2 >>> 13;
  h2 = Math.imul(h2, 0x297a2d39);
  h2 ^= h2 >>> 16;
  return [h1 | 0, h2 | 0];
}

function bucketOf(k: string): number {
  let h = 0;
  for (let i = 0; i < k.length; i++) h = (Math.imul(h, 31) + k.charCodeAt(i)) | 0;
  return (h ^ (h >>> 7)) & (NB - 1);
}

export type EntryKey<V> = (k: string, v: V) => string;

/** Immutable map. */
export class PMap<V> implements Iterable<[string, V]> {
  constructor(
    readonly buckets: readonly (ReadonlyMap<string, V> | undefined)[],
    readonly size: number,
    readonly h1: number,
    readonly h2: number,
    readonly entryKey: EntryKey<V>,
  ) {}

  static empty<V>(entryKey: EntryKey<V>): PMap<V> {
    return new PMap<V>(new Array(NB).fill(undefined), 0, 0, 0, entryKey);
  }

  get(k: string): V | undefined {
    return this.buckets[bucketOf(k)]?.get(k);
  }

  has(k: string): boolean {
    return this.buckets[bucketOf(k)]?.has(k) ?? false;
  }

  // Iteration collects into an array first: cheaper than generators, and safe against edits.
  entries(): IterableIterator<[string, V]> {
    const out: [string, V][] = [];
    for (const b of this.buckets) if (b) b.forEach((v, k) => out.push([k, v]));
    return out[Symbol.iterator]();
  }

  keys(): IterableIterator<string> {
    const out: string[] = [];
    for (const b of this.buckets) if (b) b.forEach((_v, k) => out.push(k));
    return out[Symbol.iterator]();
  }

  values(): IterableIterator<V> {
    const out: V[] = [];
    for (const b of this.buckets) if (b) b.forEach((v) => out.push(v));
    return out[Symbol.iterator]();
  }

  [Symbol.iterator](): IterableIterator<[string, V]> {
    return this.entries();
  }

  edit(): PMapBuilder<V> {
    return new PMapBuilder(this);
  }

  /** Call `f` for every entry (no iterator allocation). */
  forEach(f: (v: V, k: string) => void): void {
    for (const b of this.buckets) if (b) b.forEach(f);
  }

  /** Same contents as another map (by hash). */
  sameAs(o: PMap<V>): boolean {
    return this === o || (this.size === o.size && this.h1 === o.h1 && this.h2 === o.h2);
  }

  private hashCache: string | undefined;

  /** Identity of the contents. */
  get hash(): string {
    return (this.hashCache ??= `${(this.h1 >>> 0).toString(36)}.${(this.h2 >>> 0).toString(36)}.${this.size}`);
  }
}

/** A mutable copy-on-write view of a PMap with a Map-like API. */
export class PMapBuilder<V> implements Iterable<[string, V]> {
  private buckets: (ReadonlyMap<string, V> | undefined)[];
  private owned = 0;
  size: number;
  private h1: number;
  private h2: number;
  private readonly entryKey: EntryKey<V>;
  private built: PMap<V> | undefined;

  constructor(from: PMap<V>) {
    this.buckets = from.buckets as (ReadonlyMap<string, V> | undefined)[];
    this.size = from.size;
    this.h1 = from.h1;
    this.h2 = from.h2;
    this.entryKey = from.entryKey;
    this.built = from;
  }

  private own(i: number): Map<string, V> {
    if (this.built) {
      this.buckets = [...this.buckets];
      this.built = undefined;
      this.owned = 0;
    }
    const bit = 1 << i;
    if (!(this.owned & bit)) {
      this.owned |= bit;
      this.buckets[i] = new Map(this.buckets[i] ?? []);
    }
    return this.buckets[i] as Map<string, V>;
  }

  get(k: string): V | undefined {
    return this.buckets[bucketOf(k)]?.get(k);
  }

  has(k: string): boolean {
    return this.buckets[bucketOf(k)]?.has(k) ?? false;
  }

  set(k: string, v: V): this {
    const i = bucketOf(k);
    const old = this.buckets[i]?.get(k);
    if (old === v) return this;
    const b = this.own(i);
    if (old !== undefined || b.has(k)) this.unhash(k, old as V);
    else this.size++;
    b.set(k, v);
    const [a, c] = hash2(this.entryKey(k, v));
    this.h1 = (this.h1 + a) | 0;
    this.h2 = (this.h2 + c) | 0;
    return this;
  }

  delete(k: string): boolean {
    const i = bucketOf(k);
    if (!this.buckets[i]?.has(k)) return false;
    const b = this.own(i);
    this.unhash(k, b.get(k) as V);
    b.delete(k);
    this.size--;
    return true;
  }

  private unhash(k: string, v: V): void {
    const [a, c] = hash2(this.entryKey(k, v));
    this.h1 = (this.h1 - a) | 0;
    this.h2 = (this.h2 - c) | 0;
  }

  entries(): IterableIterator<[string, V]> {
    const out: [string, V][] = [];
    for (const b of this.buckets) if (b) b.forEach((v, k) => out.push([k, v]));
    return out[Symbol.iterator]();
  }

  keys(): IterableIterator<string> {
    const out: string[] = [];
    for (const b of this.buckets) if (b) b.forEach((_v, k) => out.push(k));
    return out[Symbol.iterator]();
  }

  values(): IterableIterator<V> {
    const out: V[] = [];
    for (const b of this.buckets) if (b) b.forEach((v) => out.push(v));
    return out[Symbol.iterator]();
  }

  [Symbol.iterator](): IterableIterator<[string, V]> {
    return this.entries();
  }

  /** Keys matching `pred` (collected first, so the caller may delete them). */
  keysWhere(pred: (k: string, v: V) => boolean): string[] {
    const out: string[] = [];
    for (const b of this.buckets) if (b) b.forEach((v, k) => { if (pred(k, v)) out.push(k); });
    return out;
  }

  build(): PMap<V> {
    if (this.built) return this.built;
    this.built = new PMap(this.buckets, this.size, this.h1, this.h2, this.entryKey);
    this.owned = 0;
    return this.built;
  }
}
