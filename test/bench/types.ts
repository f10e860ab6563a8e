/** What a benchmark module reports (test/bench/run.ts prints these as a table or JSON lines). */

/** The value a metric should stay within (inclusive). */
export interface Target {
  readonly max?: number;
  readonly min?: number;
}

export interface Metric {
  /** Dotted name, `<area>.<what>`, e.g. "lsp.edit_to_diagnostics_p95_ms". */
  readonly name: string;
  readonly value: number;
  /** "ms", "lines/s", "x" (a ratio)... */
  readonly unit: string;
  readonly target?: Target;
}

/** A benchmark module: `run()` measures and returns its metrics; it cleans up after itself. */
export interface BenchModule {
  readonly name: string;
  run(): Promise<Metric[]>;
}

export function median(xs: readonly number[]): number {
  return percentile(xs, 50);
}

/** Nearest-rank percentile (p in 0..100) of a non-empty sample. */
export function percentile(xs: readonly number[], p: number): number {
  if (!xs.length) throw new Error('percentile of an empty sample');
  const sorted = [...xs].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export function meets(m: Metric): boolean | undefined {
  if (!m.target) return undefined;
  return (m.target.max === undefined || m.value <= m.target.max) && (m.target.min === undefined || m.value >= m.target.min);
}
