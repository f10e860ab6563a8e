/**
 * The scenario document as YAML gives it (after schema validation): the shape of
 * simulator/schema/scenario.schema.json. Durations and rates are still text or numbers here;
 * compile.ts turns this into a WorldSpec.
 */
import type { FrameSpec } from '../packets/build';

export type Duration = number | string;
export type Rate = number | string;
export type RegistryValues = Readonly<Record<string, string | number>>;

export interface ScenarioDriver {
  readonly builtin?: 'VETH' | 'TINYIP' | 'TINYLWF' | 'TINYMUX';
  readonly source?: string;
  readonly kind?: 'protocol' | 'miniport' | 'filter' | 'intermediate' | 'provider';
  readonly name?: string;
  readonly start?: 'boot' | 'demand';
  readonly bindTo?: readonly string[];
  readonly parameters?: RegistryValues;
  readonly adapterParameters?: Readonly<Record<string, RegistryValues>>;
  /** `source:` drivers: preprocessor definitions instead of the .vcxproj's. */
  readonly defines?: readonly string[];
  /** `source:` drivers: DDI name → the status it fails with. */
  readonly failCalls?: Readonly<Record<string, string | number>>;
}

export interface ScenarioAdapter {
  readonly name: string;
  readonly driver: string;
  readonly virtual?: boolean;
  readonly mac?: string;
  readonly speed?: Rate;
  readonly mtu?: number;
  readonly parameters?: RegistryValues;
}

export interface ScenarioHost {
  readonly name: string;
  readonly ndisVersion?: string;
  readonly drivers: readonly ScenarioDriver[];
  readonly adapters?: readonly ScenarioAdapter[];
  readonly ndis?: { readonly pendOpens?: boolean; readonly pendCloses?: boolean; readonly irqlBugCheck?: boolean };
}

export interface ScenarioWire {
  readonly name: string;
  readonly between?: readonly [string, string];
  readonly loopback?: string;
  readonly latency?: Duration;
  readonly bandwidth?: Rate;
  readonly loss?: number;
  readonly plugged?: boolean;
}

interface Repeat {
  readonly count?: number;
  readonly interval?: Duration;
}

export interface ScenarioTraffic extends Repeat {
  readonly at: Duration;
  readonly ping?: Repeat & { readonly from: string; readonly to: string; readonly size?: number };
  readonly udp?: Repeat & { readonly from: string; readonly to: string; readonly port: number; readonly srcPort?: number; readonly payload?: string };
  readonly inject?: string;
  readonly send?: string;
  readonly frame?: FrameSpec;
  readonly hex?: string;
  readonly pcap?: string;
}

export type EventKind = 'unplug' | 'replug' | 'pause' | 'restart' | 'disable' | 'enable' | 'bind' | 'unbind' | 'load' | 'unload' | 'reboot' | 'oid' | 'query-interface' | 'ioctl';

export interface ScenarioEvent {
  readonly at: Duration;
  readonly do: EventKind;
  readonly wire?: string;
  readonly adapter?: string;
  readonly protocol?: string;
  readonly driver?: string;
  readonly host?: string;
  readonly oid?: string;
  readonly set?: number;
  readonly interface?: string;
  readonly delay?: Duration;
  /** ioctl: the control code, input bytes (hex) and output buffer size. */
  readonly code?: number | string;
  readonly input?: string;
  readonly outputLength?: number;
}

export interface Scenario {
  readonly name?: string;
  readonly description?: string;
  readonly seed?: number;
  readonly ndisVersion?: string;
  readonly hosts: readonly ScenarioHost[];
  readonly wires?: readonly ScenarioWire[];
  readonly traffic?: readonly ScenarioTraffic[];
  readonly events?: readonly ScenarioEvent[];
  readonly stop?: { readonly at?: Duration; readonly events?: number; readonly teardown?: boolean };
  readonly limits?: { readonly maxEvents?: number; readonly maxVirtualTime?: Duration; readonly maxWallTime?: Duration; readonly watchdog?: Duration };
}

/** A problem in a scenario file, with its position (1-based line and column). */
export interface ScenarioError {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly message: string;
}

/** "file:line:col: message". */
export function formatScenarioError(e: ScenarioError): string {
  return `${e.file}:${e.line}:${e.col}: ${e.message}`;
}
