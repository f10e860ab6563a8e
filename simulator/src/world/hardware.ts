/**
 * Simulated hardware: a NIC per physical adapter (the VirtualDevice its miniport drives: TX and
 * RX rings, an interrupt line, a link) and wires between NICs (latency, bandwidth, loss, cable
 * state) or a loopback plug. Frames crossing a wire are `packet` events from `miniport:<a>` to
 * `wire:<w>` (send) and from `wire:<w>` to `miniport:<b>` (indicate), with nbl null.
 */
import type { Prng } from '../engine/prng';
import type { Scheduler } from '../engine/scheduler';
import type { Tracer } from '../trace/tracer';
import { shareSummary, summarizeFrame } from '../packets/decode';
import { DeviceInterrupt, type VirtualDevice } from '../ndis/types';

const RX_RING = 256;
const INTERRUPT_LATENCY_NS = 500;

/** What a NIC needs from the world. */
export interface NicEnv {
  readonly sched: Scheduler;
  readonly tracer: Tracer;
  readonly prng: Prng;
  /** Deliver the interrupt to the host's NDIS (ISR + DPC of the adapter's miniport). */
  interrupt(host: string, adapter: string): void;
}

export class Wire {
  plugged = true;
  /** Trace component name. */
  readonly component: string;
  constructor(
    readonly name: string,
    readonly a: Nic,
    readonly b: Nic | null,
    readonly latencyNs: number,
    readonly bandwidthBps: number,
    readonly loss: number,
  ) {
    this.component = `wire:${name}`;
  }
  peer(n: Nic): Nic | null {
    return this.b === null ? this.a : n === this.a ? this.b : this.a;
  }
}

export class Nic implements VirtualDevice {
  wire: Wire | null = null;
  private rx: Uint8Array[] = [];
  private txDone: unknown[] = [];
  private cause = 0;
  private enabled = false;
  private irqQueued = false;
  private txBusyUntil = 0;
  /** Incremented by reset(): work scheduled before a power cycle is dropped. */
  private epoch = 0;
  /** Frames dropped because the RX ring was full or interrupts were off. */
  dropped = 0;

  constructor(
    private readonly env: NicEnv,
    readonly host: string,
    readonly adapter: string,
    readonly PermanentAddress: Uint8Array,
    readonly LinkSpeed: number,
    readonly Mtu: number,
  ) {
    this.component = `miniport:${adapter}`;
  }

  /** Trace component name. */
  readonly component: string;

  get linkUp(): boolean {
    return this.wire !== null && this.wire.plugged;
  }

  transmit(frame: Uint8Array, cookie: unknown): void {
    const s = this.env.sched;
    const w = this.wire;
    const bps = w ? Math.min(w.bandwidthBps, this.LinkSpeed) : this.LinkSpeed;
    // 20 bytes of preamble, SFD and inter-frame gap per frame.
    const serialize = Math.ceil(((Math.max(frame.length, 60) + 24) * 8 * 1e9) / bps);
    const done = Math.max(s.now, this.txBusyUntil) + serialize;
    this.txBusyUntil = done;
    const copy = frame.slice();
    shareSummary(frame, copy);
    const epoch = this.epoch;
    s.at(done, () => {
      if (epoch !== this.epoch) return;
      this.txDone.push(cookie);
      this.raise(DeviceInterrupt.TX);
      if (!w || !w.plugged) return;
      this.env.tracer.packet(this.host, this.component, null, 'send', this.component, w.component, copy, summarizeFrame(copy));
      if (w.loss > 0 && this.env.prng.chance(w.loss)) return;
      const peer = w.peer(this);
      if (peer) s.at(done + w.latencyNs, () => peer.arrive(copy, w.component));
    });
  }

  /** A frame reaches this NIC from `from` (a wire, or a scenario injection). */
  arrive(frame: Uint8Array, from: string): void {
    if (from.startsWith('wire:') && (!this.wire || !this.wire.plugged)) return; // unplugged while in flight
    this.env.tracer.packet(this.host, from, null, 'indicate', from, this.component, frame, summarizeFrame(frame));
    if (!this.enabled || this.rx.length >= RX_RING) {
      this.dropped++;
      return;
    }
    this.rx.push(frame);
    this.raise(DeviceInterrupt.RX);
  }

  /** The cable state changed (plug/unplug of the wire). */
  linkChanged(): void {
    this.raise(DeviceInterrupt.LINK);
  }

  takeReceived(): Uint8Array[] {
    const r = this.rx;
    this.rx = [];
    return r;
  }

  takeTransmitCompletions(): unknown[] {
    const r = this.txDone;
    this.txDone = [];
    return r;
  }

  readInterruptCause(): number {
    const c = this.cause;
    this.cause = 0;
    return c;
  }

  setInterruptsEnabled(on: boolean): void {
    this.enabled = on;
    if (on && this.cause) this.queueIrq();
  }

  /** Power cycle (reboot): rings and pending causes are lost. */
  reset(): void {
    this.rx = [];
    this.txDone = [];
    this.cause = 0;
    this.enabled = false;
    this.irqQueued = false;
    this.txBusyUntil = 0;
    this.epoch++;
  }

  private raise(bit: number): void {
    this.cause |= bit;
    if (this.enabled) this.queueIrq();
  }

  private queueIrq(): void {
    if (this.irqQueued) return;
    this.irqQueued = true;
    const epoch = this.epoch;
    this.env.sched.after(INTERRUPT_LATENCY_NS, () => {
      if (epoch !== this.epoch) return;
      this.irqQueued = false;
      if (this.enabled && this.cause) this.env.interrupt(this.host, this.adapter);
    });
  }
}
