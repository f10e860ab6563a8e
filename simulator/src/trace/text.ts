/**
 * Compact human-readable rendering of trace events: one line per event (several for a bug
 * check), calls indented by nesting depth per host, time in seconds with nanosecond digits.
 *
 *   0.001000000 alice  protocol:TINYIP        → NdisSendNetBufferLists  [TipSendFrame]
 *   0.001000000 alice    send nbl#7 protocol:TINYIP → filter:TINYLWF@eth0  98B  10.0.0.1 → 10.0.0.2 ICMP echo request
 */
import { formatTimestamp } from '../engine/units';
import type { JsonValue, TraceEvent, TraceSink } from './events';

function kv(o: Readonly<Record<string, JsonValue>> | undefined): string {
  if (!o) return '';
  const parts = Object.entries(o).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return parts.length ? ' ' + parts.join(' ') : '';
}

/** Renders events to lines, tracking call depth per host for indentation. */
export class TextRenderer {
  private readonly depth = new Map<string, number>();

  /** The text for one event (no trailing newline). */
  render(e: TraceEvent): string {
    const d = this.depth.get(e.host) ?? 0;
    const head = `${formatTimestamp(e.t)} ${e.host}`;
    const pad = '  '.repeat(d);
    const src = e.source ? `  (${e.source.file}:${e.source.line})` : '';
    switch (e.kind) {
      case 'call':
        this.depth.set(e.host, d + 1);
        return `${head} ${pad}${e.component} → ${e.api} [${e.function}]${kv(e.args)}${src}`;
      case 'return': {
        const nd = Math.max(0, d - 1);
        this.depth.set(e.host, nd);
        const status = e.status ? ` = ${e.status}` : '';
        return `${head} ${'  '.repeat(nd)}${e.component} ← ${e.api}${status}${kv(e.out)}`;
      }
      case 'state':
        return `${head} ${pad}${e.object} ${e.name}: ${e.from} → ${e.to}`;
      case 'packet':
        return `${head} ${pad}${e.hop} ${e.nbl !== null ? `nbl#${e.nbl} ` : ''}${e.from} → ${e.to} ${e.bytes}B ${e.summary}${e.status ? ` [${e.status}]` : ''}`;
      case 'violation':
        return `${head} ${pad}VIOLATION ${e.rule} (${e.component}): ${e.message}${src}`;
      case 'log':
        return `${head} ${pad}${e.level === 'info' ? '' : e.level.toUpperCase() + ': '}${e.message}`;
      case 'bugcheck':
        return [
          `${head} *** BUG CHECK ${e.code} BUGCODE_NDIS_DRIVER (${e.params.join(', ')})`,
          `    ${e.name}: ${e.reason}`,
          ...e.stack.map((f) => `      at ${f}`),
        ].join('\n');
    }
  }
}

/** Writes rendered lines through `out` (e.g. process.stdout.write). */
export class TextSink implements TraceSink {
  private readonly r = new TextRenderer();
  private lines: string[] = [];
  constructor(private readonly out: (text: string) => void) {}
  write(e: TraceEvent): void {
    this.lines.push(this.r.render(e));
    if (this.lines.length >= 1000) this.flush();
  }
  flush(): void {
    if (this.lines.length) this.out(this.lines.join('\n') + '\n');
    this.lines = [];
  }
  close(): void {
    this.flush();
  }
}
