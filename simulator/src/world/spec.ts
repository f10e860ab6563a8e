/**
 * What a run is made of, after a scenario has been read and checked: hosts with their driver
 * images, adapters and registry, wires, timed actions, the stop condition. The scenario compiler
 * (scenario/compile.ts) produces it; tests may build one directly.
 */
import type { AdapterSpec } from '../ndis/blocks';
import type { DriverImage } from '../ndis/driverImage';
import type { ConfigValue } from '../ndis/types';
import type { World } from './world';

export interface NicSpec {
  readonly adapter: string;
  readonly mac: Uint8Array;
  readonly speedBps: number;
  readonly mtu: number;
}

/** A driver as installed on a host: how to create its image, and whether it loads at boot. */
export interface DriverSpec {
  readonly serviceName: string;
  readonly roles: DriverImage['roles'];
  /** `boot`: loaded at every boot, in list order; `demand`: only by a `load` event. */
  readonly start: 'boot' | 'demand';
  /** A fresh image (fresh driver globals), as loading the .sys file again gives. */
  create(): DriverImage;
}

export interface HostSpec {
  readonly name: string;
  /** MinorNdisVersion of the machine's NDIS (e.g. 89 for 6.89). */
  readonly ndisMinor: number;
  /** Installed drivers in load order. */
  readonly drivers: readonly DriverSpec[];
  readonly adapters: readonly AdapterSpec[];
  readonly nics: readonly NicSpec[];
  readonly registry: ReadonlyMap<string, ReadonlyMap<string, ConfigValue>>;
  readonly bindTo: ReadonlyMap<string, ReadonlySet<string>>;
  readonly pendOpens: boolean;
  readonly pendCloses: boolean;
}

export interface WireEnd {
  readonly host: string;
  readonly adapter: string;
}

export interface WireSpec {
  readonly name: string;
  readonly a: WireEnd;
  /** null: a loopback plug on `a`. */
  readonly b: WireEnd | null;
  readonly latencyNs: number;
  readonly bandwidthBps: number;
  /** Probability that a frame is lost (0..1), drawn from the seeded PRNG. */
  readonly loss: number;
  readonly plugged: boolean;
}

/** Something to do at a virtual time. */
export interface TimedAction {
  readonly at: number;
  readonly label: string;
  run(world: World): void;
}

export interface StopSpec {
  /** Stop at this virtual time (ns). Without it the run stops when nothing is left to do. */
  readonly at?: number;
  /** Stop cleanly after this many trace events. */
  readonly events?: number;
  /** Unload every driver when stopping (finds leaks the way NDIS does at unbind/halt). */
  readonly teardown: boolean;
}

export interface WorldSpec {
  readonly seed: number;
  readonly hosts: readonly HostSpec[];
  readonly wires: readonly WireSpec[];
  readonly actions: readonly TimedAction[];
  readonly stop: StopSpec;
  /** How long NDIS waits for a driver completion before bug check 0x7C/0x25 (ns). */
  readonly watchdogNs: number;
}
