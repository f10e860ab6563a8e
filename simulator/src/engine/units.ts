/**
 * Units used by scenarios and traces: virtual time in integer nanoseconds, bandwidth in bits per
 * second. Parsers return undefined for text they do not understand so that the scenario loader
 * can report the position of the bad value.
 */

const TIME_UNITS: Readonly<Record<string, number>> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9 };
const RATE_UNITS: Readonly<Record<string, number>> = { bps: 1, kbps: 1e3, mbps: 1e6, gbps: 1e9 };

/** "10us", "1.5ms", "2s", "500ns" or a plain number of nanoseconds → integer ns. */
export function parseDuration(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? Math.round(v) : undefined;
  if (typeof v !== 'string') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ns|us|µs|ms|s)\s*$/.exec(v);
  if (!m) return undefined;
  return Math.round(Number(m[1]) * TIME_UNITS[m[2]!]!);
}

/** "1Gbps", "100Mbps", "10kbps" or a plain number of bits per second. */
export function parseRate(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v > 0 ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?bps)\s*$/i.exec(v);
  if (!m) return undefined;
  const r = Number(m[1]) * RATE_UNITS[m[2]!.toLowerCase()]!;
  return r > 0 ? r : undefined;
}

/** Nanoseconds as the shortest exact text: 1500000 → "1.5ms", 0 → "0s". */
export function formatDuration(ns: number): string {
  if (ns === 0) return '0s';
  for (const [unit, f] of [['s', 1e9], ['ms', 1e6], ['us', 1e3]] as const) {
    if (ns >= f) return `${+(ns / f).toFixed(6)}${unit}`;
  }
  return `${ns}ns`;
}

/** Fixed-width virtual timestamp for text output: seconds with nanosecond digits, "0.001500000". */
export function formatTimestamp(ns: number): string {
  const s = Math.floor(ns / 1e9);
  return `${s}.${String(ns - s * 1e9).padStart(9, '0')}`;
}
