/**
 * The tracer numbers events (seq), stamps them with virtual time and hands them to the sinks.
 * It also enforces the event budget: the event that would exceed it throws BudgetExceeded.
 */
import { BudgetExceeded } from '../engine/budget';
import type {
  BugCheckEvent, JsonValue, LogLevel, PacketHop, SourceRef, StateObject, TraceEvent, TraceSink,
} from './events';

type Args = Readonly<Record<string, JsonValue>> | undefined;

export class Tracer {
  private seq = 0;
  private readonly sinks: TraceSink[] = [];
  private nCall = 0;
  private nReturn = 0;
  private nState = 0;
  private nPacket = 0;
  private nViolation = 0;
  private nBugcheck = 0;
  private nLog = 0;

  /** Counts by kind, for the run summary. */
  get counts(): Readonly<Record<TraceEvent['kind'], number>> {
    return { call: this.nCall, return: this.nReturn, state: this.nState, packet: this.nPacket, violation: this.nViolation, bugcheck: this.nBugcheck, log: this.nLog };
  }

  constructor(
    private readonly clock: () => number,
    private readonly maxEvents = Number.MAX_SAFE_INTEGER,
  ) {}

  addSink(s: TraceSink): void {
    this.sinks.push(s);
  }

  /** Number of events emitted so far (= the last seq). */
  get events(): number {
    return this.seq;
  }

  private next(): number {
    if (this.seq >= this.maxEvents) throw new BudgetExceeded('events', this.maxEvents);
    return ++this.seq;
  }

  private out(e: TraceEvent): void {
    const sinks = this.sinks;
    for (let i = 0; i < sinks.length; i++) sinks[i]!.write(e);
  }

  call(host: string, component: string, api: string, fn: string, args: Args, source: SourceRef | undefined): void {
    this.nCall++;
    this.out({ seq: this.next(), t: this.clock(), kind: 'call', host, component, api, function: fn, args, source });
  }

  ret(host: string, component: string, api: string, fn: string, status: string | undefined, out: Args, source: SourceRef | undefined): void {
    this.nReturn++;
    this.out({ seq: this.next(), t: this.clock(), kind: 'return', host, component, api, function: fn, status, out, source });
  }

  state(host: string, component: string, object: StateObject, name: string, from: string, to: string): void {
    this.nState++;
    this.out({ seq: this.next(), t: this.clock(), kind: 'state', host, component, object, name, from, to });
  }

  packet(host: string, component: string, nbl: number | null, hop: PacketHop, from: string, to: string, frame: Uint8Array, summary: string, status?: string): void {
    this.nPacket++;
    this.out({ seq: this.next(), t: this.clock(), kind: 'packet', host, component, nbl, hop, from, to, bytes: frame.length, summary, status, frame });
  }

  violation(host: string, component: string, rule: string, message: string, source?: SourceRef): void {
    this.nViolation++;
    this.out({ seq: this.next(), t: this.clock(), kind: 'violation', host, component, rule, message, source });
  }

  /** Bug checks are emitted even when the event budget is spent: they are the run's verdict. */
  bugcheck(e: Omit<BugCheckEvent, 'seq' | 't' | 'kind'>): void {
    this.nBugcheck++;
    this.out({ ...e, seq: ++this.seq, t: this.clock(), kind: 'bugcheck' });
  }

  log(host: string, component: string, level: LogLevel, message: string, force = false): void {
    const seq = force ? ++this.seq : this.next();
    this.nLog++;
    this.out({ seq, t: this.clock(), kind: 'log', host, component, level, message });
  }

  /** Close every sink (flushes files). */
  close(): void {
    for (const s of this.sinks) s.close?.();
  }
}

/** A sink that keeps every event in memory (tests, small runs). */
export class MemorySink implements TraceSink {
  readonly events: TraceEvent[] = [];
  write(e: TraceEvent): void {
    this.events.push(e);
  }
}

/** A sink that keeps only the last `capacity` events (bounded memory for long runs). */
export class RingSink implements TraceSink {
  private readonly buf: TraceEvent[] = [];
  private start = 0;
  constructor(private readonly capacity: number) {}
  write(e: TraceEvent): void {
    if (this.buf.length < this.capacity) this.buf.push(e);
    else {
      this.buf[this.start] = e;
      this.start = (this.start + 1) % this.capacity;
    }
  }
  /** The retained events, oldest first. */
  get events(): TraceEvent[] {
    return [...this.buf.slice(this.start), ...this.buf.slice(0, this.start)];
  }
}
